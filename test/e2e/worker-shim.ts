/**
 * What the process kubelet runs for the image `kafka-mirror-operator:*`: the image's ENTRYPOINT
 * (`node src/main.ts`), after one adjustment the process kubelet cannot make itself.
 *
 * The worker reads Secrets as `$KMO_SECRETS_DIR/<secret>/<key>`; in a Pod each Secret is a volume
 * mounted at `<secrets dir>/<secret>`. The process kubelet rewrites mount paths in env values, but
 * KMO_SECRETS_DIR is the parent of several mounts, not a mount, so it stays a path that does not
 * exist here. This shim lays out `<pod>/secrets/<secret>` as links to the Secret volumes (named by
 * the same function the operator builds the Pod with) and points KMO_SECRETS_DIR there.
 * It goes away once the process kubelet serves nested mounts (asked of test/helpers).
 */
import { mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { MirrorJob } from '../../src/api/index.ts';
import { WORKER_SECRETS_DIR, WorkerEnv } from '../../src/worker/worker-contract.ts';
import { secretVolumes } from '../../operator/referenced-secrets.ts';

const jobFile = process.env[WorkerEnv.jobFile] ?? '';
const volumesDir = dirname(dirname(jobFile)); // <pod>/volumes/<job volume>/job.json
const job = JSON.parse(readFileSync(jobFile, 'utf8')) as MirrorJob;
const view = join(dirname(volumesDir), 'secrets');
rmSync(view, { recursive: true, force: true });
mkdirSync(view, { recursive: true });
for (const volume of secretVolumes(job, WORKER_SECRETS_DIR)) symlinkSync(join(volumesDir, volume.volumeName), join(view, volume.secretName));
process.env[WorkerEnv.secretsDir] = view;
await import('../../src/main.ts');
