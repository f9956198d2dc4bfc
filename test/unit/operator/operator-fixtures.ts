import { validateMirrorJob, type MirrorJob, type MirrorJobSpecInput } from '../../../src/api/index.ts';
import { aMirrorJob } from '../api/mirrorjob.builder.ts';

/** A validated MirrorJob as read from the API server (uid and generation set). */
export function aValidatedJob(spec: Partial<MirrorJobSpecInput> = {}, name = 'orders-mirror'): MirrorJob {
  const manifest = aMirrorJob(spec, name);
  const result = validateMirrorJob({ ...manifest, metadata: { name, namespace: 'team-a', uid: 'uid-1234', generation: 3 } });
  if (!result.ok) throw new Error(`fixture is invalid: ${JSON.stringify(result.errors)}`);
  return result.job;
}

/** A clock the test moves by hand: timers fire only in advance(). */
export class ManualClock {
  #now = 1_000_000;
  #timers: Array<{ at: number; callback: () => void; id: number }> = [];
  #nextId = 1;

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#nextId++;
    this.#timers.push({ at: this.#now + ms, callback, id });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers = this.#timers.filter((t) => t.id !== handle);
  }

  /** Moves time forward, firing due timers in order, letting promises settle between them. */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      await settle();
      const next = this.#timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.#timers = this.#timers.filter((t) => t !== next);
      this.#now = next.at;
      next.callback();
    }
    this.#now = end;
    await settle();
  }

  get pending(): number {
    return this.#timers.length;
  }
}

export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}
