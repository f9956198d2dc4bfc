import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { validateMirrorJob } from '../../../src/api/index.ts';
import { parseJavaProperties } from '../../../src/cli/mm2/java-properties.ts';
import { projectRoot, runSubdir } from '../../helpers/run-dir.ts';
import { runCli } from './cli-harness.ts';

const fixture = join(projectRoot, 'test/fixtures/seed-mm2.properties');
const keys = [...new Set(parseJavaProperties(readFileSync(fixture, 'utf8')).map((e) => e.key))];

describe('kafka-mirror import-mm2 on the seed write-up\'s mm2.properties', () => {
  it('prints a valid MirrorJob and its Secrets to stdout, and the report of every setting to stderr', async () => {
    const result = await runCli(['import-mm2', fixture]);
    expect(result.code).toBe(0);
    const docs = parseAllDocuments(result.stdout).map((d) => d.toJS() as { kind: string; stringData?: Record<string, string> });
    expect(docs.map((d) => d.kind)).toEqual(['MirrorJob', 'Secret', 'Secret']);
    expect(validateMirrorJob(docs[0]).ok).toBe(true);
    for (const key of keys) expect(result.stderr).toContain(key);
    expect(result.stderr).toContain('33 settings: 19 mapped, 2 to check, 12 not needed, 0 without an equivalent');
    // ACL sync asked for: a CHECK that says what the imported mode does and what a migration wants.
    expect(result.stderr).toMatch(/^\s*38\s+sync\.topic\.acls\.enabled\s+CHECK\s+spec\.acls\.mode\s+mode MirrorMaker2Compatible .*A migration \(clients move to the target\) wants Full/m);
    expect(result.stderr).not.toContain('admin-pwd');
  });

  it('with -o writes the MirrorJob and an owner-only Secrets file; the password is only in the Secrets file', async () => {
    const dir = runSubdir('cli-tests', `import-${Date.now()}`);
    const result = await runCli(['import-mm2', fixture, '-o', dir, '--namespace', 'kafka']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`wrote ${join(dir, 'event-center-connector.mirrorjob.yaml')} and ${join(dir, 'event-center-connector.secrets.yaml')}`);
    expect(readdirSync(dir).sort()).toEqual(['event-center-connector.mirrorjob.yaml', 'event-center-connector.secrets.yaml']);
    const job = readFileSync(join(dir, 'event-center-connector.mirrorjob.yaml'), 'utf8');
    expect(job).toContain('replication.policy.class (line 55): CHECK');
    expect(job).toContain('sync.topic.acls.enabled (line 38): CHECK: mode MirrorMaker2Compatible');
    expect(job).not.toContain('admin-pwd');
    expect(result.stdout).not.toContain('admin-pwd');
    const secrets = join(dir, 'event-center-connector.secrets.yaml');
    expect(readFileSync(secrets, 'utf8')).toContain('password: admin-pwd');
    expect(statSync(secrets).mode & 0o077).toBe(0);
  });

  it('refuses a file that is not a MirrorMaker 2 config', async () => {
    const result = await runCli(['import-mm2', join(projectRoot, 'package.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^kafka-mirror: this is not a MirrorMaker 2 config/);
  });
});
