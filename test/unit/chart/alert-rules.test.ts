import { execFile } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { alertRules, exprOf } from '../../../scripts/dashboards/alert-rules.ts';
import { runSubdir } from '../../helpers/run-dir.ts';
import { writeRenderedRules } from './rendered-rules.ts';

const run = promisify(execFile);
const promtool = (args: string[], cwd: string) => run('promtool', args, { cwd, timeout: 60_000 }).catch((err: { stdout?: string; stderr?: string }) => {
  throw new Error(`promtool ${args.join(' ')} failed:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
});

describe('the alert rules, as the chart renders them', () => {
  let dir: string;

  beforeAll(async () => {
    dir = runSubdir('chart-rules', String(process.pid));
    await writeRenderedRules(dir);
    copyFileSync(join(import.meta.dirname, 'alert-rules.promtool.yaml'), join(dir, 'alert-rules.promtool.yaml'));
  });

  it('pass promtool check rules', async () => {
    const { stdout } = await promtool(['check', 'rules', 'kafka-mirror.rules.yaml'], dir);
    expect(stdout).toContain(`SUCCESS: ${alertRules.length} rules found`);
  });

  it('pass promtool test rules (alert-rules.promtool.yaml)', async () => {
    const { stdout } = await promtool(['test', 'rules', 'alert-rules.promtool.yaml'], dir);
    expect(stdout).toContain('SUCCESS');
  });

  it('each make their expression from their signal, so the signal evaluated on Prometheus is what the alert judges', () => {
    for (const rule of alertRules) expect(exprOf(rule).startsWith(`${rule.signal} `)).toBe(true);
  });
});
