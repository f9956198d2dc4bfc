import type { Writable } from 'node:stream';

/** Where progress goes: a live block redrawn in place (a terminal) or one line now and then (a pipe, a log). */
export interface ProgressDisplay {
  /** Shows the latest state; a terminal redraws at once, a pipe only every `plainEveryMs`. */
  update(frame: string[], line: string, force?: boolean): void;
  /** A log line printed above the live block, so logs and progress do not overwrite each other. */
  log(text: string): void;
  /** Leaves the last frame on screen and restores the cursor. */
  close(finalText: string): void;
}

const ESC = '\u001b[';
// Cursor to column 1 of the line `n` lines up; erase from the cursor to the end of the screen.
const up = (n: number) => (n > 0 ? `${ESC}${n}F` : '\r');
const ERASE_DOWN = `${ESC}0J`;
const HIDE_CURSOR = `${ESC}?25l`;
const SHOW_CURSOR = `${ESC}?25h`;

/**
 * A small ANSI renderer (no progress library is installed; see the CLI's README notes): the block
 * is redrawn by moving the cursor up over the previous frame and erasing below. Lines are cut to
 * the terminal width, because a wrapped line would make the cursor arithmetic wrong.
 */
export function terminalDisplay(out: Writable & { columns?: number }): ProgressDisplay {
  let drawn = 0;
  let last: string[] = [];
  const fit = (line: string) => line.slice(0, Math.max(20, (out.columns ?? 100) - 1));
  const draw = (frame: string[]) => {
    out.write(`${up(drawn)}${ERASE_DOWN}${frame.map(fit).join('\n')}\n`);
    drawn = frame.length;
    last = frame;
  };
  out.write(HIDE_CURSOR);
  return {
    update: (frame) => draw(frame),
    log(text) {
      out.write(`${up(drawn)}${ERASE_DOWN}${text}\n`);
      drawn = 0;
      draw(last);
    },
    close(finalText) {
      draw(last);
      out.write(`${finalText}\n${SHOW_CURSOR}`);
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
