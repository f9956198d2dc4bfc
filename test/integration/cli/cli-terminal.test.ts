import { execFileSync } from 'node:child_process';
import { sourceKafka, targetKafka, uniqueTopic } from '../../helpers/kafka/clusters.ts';
import { createTopicWithTool } from '../../helpers/kafka/kafka-tools.ts';
import { produceRecords } from '../../helpers/kafka/produce.ts';
import { projectRoot } from '../../helpers/run-dir.ts';
import { cliMain, jobArgs, writeJob } from './cli-harness.ts';

const hasTmux = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v tmux'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/**
 * The live display in a real terminal: tmux gives the CLI a pseudo-terminal of a known size, and
 * capture-pane shows the screen as a person would see it (escape codes applied, not raw bytes).
 * A private tmux socket keeps this test away from anyone else's tmux.
 */
(hasTmux ? it : it.skip)('run on a terminal draws the live progress block in place and ends at caught up', async () => {
  const [source, target] = await Promise.all([sourceKafka(), targetKafka()]);
  const topic = uniqueTopic('cli-tty');
  await createTopicWithTool(source, topic, 3);
  await produceRecords(source, topic, Array.from({ length: 3_000 }, (_, i) => ({ partition: i % 3, key: `k${i}`, value: `v${i}` })));
  const files = writeJob(source, target, [topic]);
  const socket = `kmo-cli-test-${process.pid}-${Date.now()}`;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  const command = [process.execPath, cliMain, 'run', ...jobArgs(files), '--until-caught-up'].map(quote).join(' ');
  tmux('new-session', '-d', '-x', '120', '-y', '40', '-c', projectRoot, `${command}; echo EXIT=$?; sleep 120`);
  try {
    const screens: string[] = [];
    const deadline = Date.now() + 90_000;
    for (;;) {
      const screen = tmux('capture-pane', '-p');
      screens.push(screen);
      if (screen.includes('EXIT=') || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const last = screens.at(-1)!;
    expect(last).toContain('EXIT=0');
    // Redrawn in place: one header and one bar on the final screen, not a scrolled list of frames.
    expect(last.match(/kafka-mirror run cli-[\w-]+: /g)).toHaveLength(1);
    expect(last).toMatch(/kafka-mirror run cli-[\w-]+: caught up/);
    expect(last).toContain('[##############################] 100%');
    expect(last).toContain('topics      1 matched, 1 on the target');
    expect(last).toContain('partitions  3 of 3 caught up');
    expect(last).toMatch(/records {5}3,000 copied .* lag 0 {3}ETA 0s/);
    expect(last).toMatch(/caught up: 3,000 records copied in \d+s; 1 topic, 3\/3 partitions caught up, lag 0/);
    // The block was live before the end: some earlier screen showed it while the job was still starting or copying.
    expect(screens.some((s) => /kafka-mirror run cli-[\w-]+: (starting|copying)/.test(s))).toBe(true);
  } finally {
    tmux('kill-server');
  }
});
