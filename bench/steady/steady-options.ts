/** `npm run bench:steady`'s command line: the trickle's shape, how long, which mirrors. */
import { Command, InvalidArgumentError } from 'commander';
import { positiveInt } from '../bench-options.ts';

export const STEADY_MIRRORS = ['ours-eos', 'ours-alo', 'mm2'] as const;
export type SteadyMirror = (typeof STEADY_MIRRORS)[number];

export interface SteadyOptions {
  topics: number;
  /** Partitions of each topic. */
  partitions: number;
  /** Records per second over all partitions, round-robin. */
  rate: number;
  recordSize: number;
  /** How long the producer writes. */
  seconds: number;
  /** Left out of latency, CPU and RSS figures at the start: the mirrors start, MM2 takes its time. */
  warmUpSeconds: number;
  mirrors: SteadyMirror[];
  quick: boolean;
  outDir: string;
  keepRun: boolean;
  renderFrom?: string;
}

/** `--quick`: 5 minutes, the first minute left out: the 300 s, for day-to-day. */
const QUICK = { minutes: 5, warmUpSeconds: 60 };
const DEFAULTS = { minutes: 30, warmUpSeconds: 120 };

export function parseSteadyOptions(argv: string[]): SteadyOptions {
  const program = new Command('steady-state')
    .description('A long trickle over many partitions: our worker (ExactlyOnce, AtLeastOnce) and MirrorMaker 2 side by side on one producer stream; writes docs/benchmarks/steady-state.{md,json}')
    .option('--topics <n>', 'topics', positiveInt, 10)
    .option('--partitions <n>', 'partitions per topic', positiveInt, 200)
    .option('--rate <records/s>', 'records per second over all partitions, round-robin', positiveInt, 2_000)
    .option('--record-size <bytes>', 'record value size', positiveInt, 256)
    .option('--minutes <n>', `how long the producer writes (default ${DEFAULTS.minutes}, --quick ${QUICK.minutes})`, positiveInt)
    .option('--warm-up-seconds <s>', `left out of latency, CPU and RSS at the start (default ${DEFAULTS.warmUpSeconds}, --quick ${QUICK.warmUpSeconds})`, positiveInt)
    .option('--mirrors <list>', `comma-separated subset of ${STEADY_MIRRORS.join(',')}`, (v) => v.split(',').map((m) => {
      if (!(STEADY_MIRRORS as readonly string[]).includes(m)) throw new InvalidArgumentError(`unknown mirror ${m}`);
      return m as SteadyMirror;
    }))
    .option('--quick', `preset: ${QUICK.minutes} minutes, ${QUICK.warmUpSeconds} s warm-up`, false)
    .option('--out <dir>', 'where steady-state.md and steady-state.json go', 'docs/benchmarks')
    .option('--keep-run', 'keep the run folder under .run/ (data and logs) after a successful run', false)
    .option('--render-from <steady-state.json>', 'measure nothing: rewrite steady-state.md in --out from an earlier steady-state.json')
    .parse(argv, { from: 'user' });
  const o = program.opts<{ topics: number; partitions: number; rate: number; recordSize: number; minutes?: number; warmUpSeconds?: number; mirrors?: SteadyMirror[]; quick: boolean; out: string; keepRun: boolean; renderFrom?: string }>();
  const preset = o.quick ? QUICK : DEFAULTS;
  const seconds = (o.minutes ?? preset.minutes) * 60;
  const warmUpSeconds = o.warmUpSeconds ?? preset.warmUpSeconds;
  if (warmUpSeconds * 2 > seconds) throw new InvalidArgumentError('--warm-up-seconds must leave at least half of the run measured');
  return {
    topics: o.topics,
    partitions: o.partitions,
    rate: o.rate,
    recordSize: o.recordSize,
    seconds,
    warmUpSeconds,
    mirrors: o.mirrors ?? [...STEADY_MIRRORS],
    quick: o.quick,
    outDir: o.out,
    keepRun: o.keepRun,
    ...(o.renderFrom ? { renderFrom: o.renderFrom } : {}),
  };
}
