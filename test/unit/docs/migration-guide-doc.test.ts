import { readFileSync } from 'node:fs';
import { ConditionReason, ConditionType } from '../../../src/api/conditions.ts';
import { testBlocks } from '../../integration/guide/guide-blocks.ts';

const guide = readFileSync(new URL('../../../docs/migration-guide.md', import.meta.url), 'utf8');
const troubleshooting = guide.slice(guide.indexOf('## 8. Troubleshooting'));

describe('docs/migration-guide.md', () => {
  it('tells what to do for every condition type and reason a MirrorJob can show', () => {
    const missing = [...Object.values(ConditionType), ...Object.values(ConditionReason)].filter((name) => !new RegExp(`\\b${name}\\b`).test(troubleshooting));
    expect(missing).toEqual([]);
  });

  it('has every step of the migration in a tested block, in the order a reader follows them', () => {
    const scripts = testBlocks(guide).map((b) => b.script);
    const steps = ['kafka-mirror import-mm2', 'kafka-mirror plan', 'helm install', 'kubectl apply -f', 'get mj', 'describe mj', 'kafka-mirror verify', '"cutover":true', '--for=condition=CutoverReady', 'kafka-consumer-groups.sh --bootstrap-server "$TARGET_BOOTSTRAP"', 'delete mj'];
    const at = steps.map((step) => scripts.findIndex((s) => s.includes(step)));
    expect(Object.fromEntries(steps.map((s, i) => [s, at[i]! >= 0]))).toEqual(Object.fromEntries(steps.map((s) => [s, true])));
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  it('extracts only blocks marked `sh test`, with the line of their fence', () => {
    const blocks = testBlocks('text\n```sh test\necho one\n```\n```sh\necho shown only\n```\n```bash test\necho two\necho three\n```\n');
    expect(blocks).toEqual([{ line: 2, script: 'echo one' }, { line: 8, script: 'echo two\necho three' }]);
  });
});
