import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { OPERATOR_COMMAND, WORKER_COMMAND } from '../../../src/worker/worker-contract.ts';
import { buildWorkerStatefulSet } from '../../../operator/worker-statefulset.builder.ts';
import { projectRoot } from '../../helpers/run-dir.ts';
import { nodeBinary } from '../../helpers/kube/binaries.ts';
import { aValidatedJob } from './operator-fixtures.ts';

const run = promisify(execFile);
const dockerfile = readFileSync(join(projectRoot, 'Dockerfile'), 'utf8');
const instruction = (name: string): string[] => [...dockerfile.matchAll(new RegExp(`^${name}\\s+(.+)$`, 'gm'))].map((m) => m[1] ?? '');

describe('the Dockerfile', () => {
  const entrypoint = JSON.parse(instruction('ENTRYPOINT').at(-1) ?? '[]') as string[];

  it('has an exec-form ENTRYPOINT running node on main.ts, which the image contains', () => {
    expect(entrypoint).toEqual(['node', 'main.ts']);
    expect(instruction('COPY')).toEqual(expect.arrayContaining(['src ./src', 'operator ./operator', 'package.json main.ts ./']));
    expect(existsSync(join(projectRoot, entrypoint[1] ?? ''))).toBe(true);
  });

  it('builds from Node 24 slim and runs as a numeric non-root user', () => {
    expect(instruction('FROM').every((from) => from.startsWith('node:24-slim'))).toBe(true);
    expect(instruction('USER').at(-1)).toMatch(/^[1-9]\d*(:\d+)?$/);
  });

  it('serves the worker and operator arguments, and the worker Pods rely on the ENTRYPOINT', async () => {
    const main = readFileSync(join(projectRoot, entrypoint[1] ?? ''), 'utf8');
    for (const args of [WORKER_COMMAND, OPERATOR_COMMAND]) expect(main).toContain(`case '${args[0]}':`);
    const container = buildWorkerStatefulSet(aValidatedJob(), { image: 'kafka-mirror-operator:0.1.0', revision: 1, configHash: 'x' }).spec?.template.spec?.containers[0];
    expect(container?.command).toBeUndefined();
    expect(container?.args).toEqual(WORKER_COMMAND);
    // Any other argument is refused with the usage, so a typo in a manifest fails loudly.
    await expect(run(nodeBinary, [join(projectRoot, 'main.ts'), 'nonsense'], { cwd: projectRoot })).rejects.toMatchObject({ code: 1 });
  });
});
