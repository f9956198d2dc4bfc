/** The bench's command line: the data set's shape, how many runs, which sections. */
import { Command, InvalidArgumentError, Option } from 'commander';
import type { JobsShape } from './jobs/jobs-results.ts';
import type { WidthShape } from './width/width-layout.ts';

export const SECTIONS = ['ceiling', 'mm2', 'ours', 'workers', 'width', 'latency', 'scale', 'jobs'] as const;
export type Section = (typeof SECTIONS)[number];
export const CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
export type Codec = (typeof CODECS)[number];

export interface DataSetShape {
  topics: number;
  /** Partitions of each topic. */
  partitions: number;
  recordSize: number;
  /** Records of each topic (the whole set divided evenly). */
  recordsPerTopic: number;
  codec: Codec;
}

export interface BenchOptions {
  dataSet: DataSetShape;
  runs: number;
  latencySeconds: number;
  scale: { topics: number; partitions: number };
  /** The seed's-width set (bench/width). */
  width: WidthShape;
  /** The many-jobs section (bench/jobs). */
  jobs: JobsShape;
  /** The workers section: one job copying the 64-partition set with each of these worker counts. */
  workerCounts: number[];
  sections: Section[];
  quick: boolean;
  outDir: string;
  /** Keep the run folder (Kafka data, configs, logs) even when every section succeeded. */
  keepRun: boolean;
  /** Only rewrite results.md from this results.json (after a change to the report), measuring nothing. */
  renderFrom?: string;
}

export const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
};

/** `--quick`: a few hundred MB, a seed's-width set of 150 MB, shorter latency probes and 20 jobs, still a median of 3. */
const QUICK = { sizeMb: 300, widthSizeMb: 150, latencySeconds: 15, jobs: 20 };

export function parseBenchOptions(argv: string[]): BenchOptions {
  const program = new Command('mirror-bench')
    .description('Our worker against Apache MirrorMaker 2 and the machine\'s copy ceiling (Kafka 4.1.2 -> 4.1.2); writes docs/benchmarks/results.{md,json}')
    .option('--topics <n>', 'topics in the data set', positiveInt, 1)
    .option('--partitions <n>', 'partitions per topic', positiveInt, 64)
    .option('--record-size <bytes>', 'record value size', positiveInt, 1024)
    .option('--size-mb <mb>', 'data set size in MB (10^6 bytes of record values)', positiveInt)
    .addOption(new Option('--codec <codec>', 'compression of the preloaded batches').choices(CODECS).default('none'))
    .option('--runs <n>', 'runs per copy scenario (the median is reported)', positiveInt, 3)
    .option('--latency-seconds <s>', 'how long each latency probe produces', positiveInt)
    .option('--scale-topics <n>', 'topics of the metadata-scale section', positiveInt, 360)
    .option('--scale-partitions <n>', 'partitions of the metadata-scale section, spread over its topics', positiveInt, 2_000)
    .option('--width-topics <n>', 'topics of the seed\'s-width set', positiveInt, 360)
    .option('--width-partitions <n>', 'partitions of the seed\'s-width set, spread over its topics', positiveInt, 2_000)
    .option('--width-size-mb <mb>', 'record value MB written to the seed\'s-width set (values of 100..500 B)', positiveInt)
    .option('--jobs <n>', 'MirrorJobs of the many-jobs section (default 100)', positiveInt)
    .option('--worker-counts <list>', 'worker counts of the workers section, comma-separated', (v) => v.split(',').map(positiveInt), [1, 2, 4])
    .option('--only <sections>', `comma-separated subset of ${SECTIONS.join(',')}`, (v) => v.split(',').map((s) => {
      if (!(SECTIONS as readonly string[]).includes(s)) throw new InvalidArgumentError(`unknown section ${s}`);
      return s as Section;
    }))
    .option('--quick', `preset: ${QUICK.sizeMb} MB, ${QUICK.latencySeconds} s latency probes`, false)
    .option('--out <dir>', 'where results.md and results.json go', 'docs/benchmarks')
    .option('--keep-run', 'keep the run folder under .run/ (data and logs) after a successful run', false)
    .option('--render-from <results.json>', 'measure nothing: rewrite results.md in --out from an earlier results.json')
    .parse(argv, { from: 'user' });
  const o = program.opts<{ topics: number; partitions: number; recordSize: number; sizeMb?: number; codec: Codec; runs: number; latencySeconds?: number; scaleTopics: number; scalePartitions: number; widthTopics: number; widthPartitions: number; widthSizeMb?: number; jobs?: number; workerCounts: number[]; only?: Section[]; quick: boolean; out: string; keepRun: boolean; renderFrom?: string }>();
  const sizeMb = o.sizeMb ?? (o.quick ? QUICK.sizeMb : 2_000);
  if (o.scalePartitions < o.scaleTopics) throw new InvalidArgumentError('--scale-partitions must be at least --scale-topics');
  if (o.widthPartitions < o.widthTopics) throw new InvalidArgumentError('--width-partitions must be at least --width-topics');
  return {
    dataSet: { topics: o.topics, partitions: o.partitions, recordSize: o.recordSize, recordsPerTopic: Math.floor((sizeMb * 1e6) / o.recordSize / o.topics), codec: o.codec },
    runs: o.runs,
    latencySeconds: o.latencySeconds ?? (o.quick ? QUICK.latencySeconds : 30),
    scale: { topics: o.scaleTopics, partitions: o.scalePartitions },
    width: { topics: o.widthTopics, partitions: o.widthPartitions, sizeMb: o.widthSizeMb ?? (o.quick ? QUICK.widthSizeMb : 1_000) },
    jobs: { jobs: o.jobs ?? (o.quick ? QUICK.jobs : 100), partitions: 2, recordsPerJob: 1_000 },
    workerCounts: o.workerCounts,
    sections: o.only ?? [...SECTIONS],
    quick: o.quick,
    outDir: o.out,
    keepRun: o.keepRun,
    ...(o.renderFrom ? { renderFrom: o.renderFrom } : {}),
  };
}

/** Total records and value bytes of a data set. */
export const dataSetTotals = (d: DataSetShape): { records: number; bytes: number } => ({ records: d.recordsPerTopic * d.topics, bytes: d.recordsPerTopic * d.topics * d.recordSize });
