/** Where a process spent its time, by step, from a histogram with a `step` label on its /metrics (a worker's kafka_mirror_step_duration_seconds by default). */
export interface StepTime {
  step: string;
  /** Seconds spent in the step over the worker's life. */
  seconds: number;
  /** Times the step ran. */
  count: number;
}

/** Reads the step histogram's sums and counts out of Prometheus text. */
export function stepTimes(metrics: string, histogram = 'kafka_mirror_step_duration_seconds'): StepTime[] {
  const series = new RegExp(`^${histogram}_(sum|count)\\{[^}]*step="([^"]+)"[^}]*\\} (\\S+)$`);
  const steps = new Map<string, StepTime>();
  for (const line of metrics.split('\n')) {
    const m = series.exec(line);
    if (!m) continue;
    const [, kind, step, value] = m;
    const entry = steps.get(step!) ?? { step: step!, seconds: 0, count: 0 };
    if (kind === 'sum') entry.seconds = Number(value);
    else entry.count = Number(value);
    steps.set(step!, entry);
  }
  return [...steps.values()];
}

/** What `after` adds to `before`, step by step. */
export const stepTimesBetween = (before: StepTime[], after: StepTime[]): StepTime[] =>
  after.map((a) => {
    const b = before.find((s) => s.step === a.step);
    return { step: a.step, seconds: a.seconds - (b?.seconds ?? 0), count: a.count - (b?.count ?? 0) };
  });
