import type { Writable } from 'node:stream';
import { createLogUpdate } from 'log-update';

/** Where progress goes: a live block redrawn in place (a terminal) or one line now and then (a pipe, a log). */
export interface ProgressDisplay {
  /** Shows the latest state; a terminal redraws at once, a pipe only every `plainEveryMs`. */
  update(frame: string[], line: string, force?: boolean): void;
  /** A log line printed above the live block, so logs and progress do not overwrite each other. */
  log(text: string): void;
  /** Leaves the last frame on screen and restores the cursor. */
  close(finalText: string): void;
}

/** A live block redrawn in place by log-update; log lines persist above it in the scrollback. */
export function terminalDisplay(out: Writable & { columns?: number }): ProgressDisplay {
  const render = createLogUpdate(out as NodeJS.WriteStream);
  let last: string[] = [];
  return {
    update(frame) {
      last = frame;
      render(frame.join('\n'));
    },
    log: (text) => render.persist(text),
    close(finalText) {
      render(last.join('\n'));
      render.done();
      out.write(`${finalText}\n`);
    },
  };
}

/** Plain lines for pipes and CI logs: one every `everyMs`, and whenever forced (phase changes). */
export function plainDisplay(out: Writable, log: Writable, everyMs = 5_000, now: () => number = Date.now): ProgressDisplay {
  let lastAt = 0;
  return {
    update(_frame, line, force = false) {
      if (!force && now() - lastAt < everyMs) return;
      lastAt = now();
      out.write(`${line}\n`);
    },
    log: (text) => void log.write(`${text}\n`),
    close: (finalText) => void out.write(`${finalText}\n`),
  };
}
