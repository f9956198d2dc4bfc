/** Where a worker spent its time, by data-path step, from kafka_mirror_step_duration_seconds on its /metrics. */
export interface StepTime {
  step: string;
  /** Seconds spent in the step over the worker's life. */
  seconds: number;
  /** Times the step ran. */
  count: number;
}

const SERIES = /^kafka_mirror_step_duration_seconds_(sum|count)\{[^}]*step="([^"]+)"[^}]*\} (\S+)$/;

/** Reads the step histogram's sums and counts out of Prometheus text. */
export function stepTimes(metrics: string): StepTime[] {
  const steps = new Map<string, StepTime>();
  for (const line of metrics.split('\n')) {
    const m = SERIES.exec(line);
    if (!m) continue;
    const [, kind, step, value] = m;
    const entry = steps.get(step!) ?? { step: step!, seconds: 0, count: 0 };
    if (kind === 'sum') entry.seconds = Number(value);
    else entry.count = Number(value);
    steps.set(step!, entry);
  }
  return [...steps.values()];
}
