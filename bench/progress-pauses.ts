/**
 * Pauses in a copy's progress, from samples of the target's total end offset: the "no
 * 5-second window without progress while there is lag". Pure.
 */

export interface ProgressSample {
  /** Seconds since the mirror started. */
  at: number;
  /** Sum of the target's end offsets. */
  total: number;
}

export interface ProgressPauses {
  /** Whole windows of `windowSeconds`, from the first record on the target to the last, in which the total did not move. */
  pausedWindows: number;
  /** The longest time between two moves of the total, from the first record on. */
  longestPauseSeconds: number;
}

/**
 * `samples` in time order. Only the time between the first record on the target and the last move
 * counts: before, the mirror starts; after, the copy is whole (the lag is 0) and only being confirmed.
 */
export function progressPauses(samples: readonly ProgressSample[], windowSeconds = 5): ProgressPauses {
  const first = samples.findIndex((s) => s.total > 0);
  if (first < 0) return { pausedWindows: 0, longestPauseSeconds: 0 };
  const moves = [samples[first]!.at];
  for (let i = first + 1; i < samples.length; i++) if (samples[i]!.total !== samples[i - 1]!.total) moves.push(samples[i]!.at);
  let longestPauseSeconds = 0;
  for (let i = 1; i < moves.length; i++) longestPauseSeconds = Math.max(longestPauseSeconds, moves[i]! - moves[i - 1]!);
  // A window without progress holds no move strictly after its start and at or before its end.
  let pausedWindows = 0;
  const last = moves.at(-1)!;
  let m = 1;
  for (let start = moves[0]!; start + windowSeconds <= last; start += windowSeconds) {
    while (m < moves.length && moves[m]! <= start) m++;
    if (m >= moves.length || moves[m]! > start + windowSeconds) pausedWindows++;
  }
  return { pausedWindows, longestPauseSeconds };
}
