import { setTimeout as sleep } from 'node:timers/promises';
import { MirrorError } from '../errors/mirror-error.ts';
import type { ClusterLink } from '../kafka/index.ts';
import type { CheckpointStore } from './checkpoints/checkpoints.store.ts';
import type { GenerationRecord } from './checkpoints/progress-records.ts';
import { transactionalIdOf, type ReplicationConfig } from './replication-config.ts';
import { TargetWriter } from './sink/target.writer.ts';

/** This worker belongs to an older configuration than the one in force; it must stop. */
export class SupersededError extends MirrorError {
  constructor(own: number, current: number) {
    super(`worker of revision ${own} is superseded by revision ${current}; stopping`, { reason: 'Superseded', retriable: false });
  }
}

/**
 * Fencing across reassignment (the way Kafka Connect's exactly-once source connectors do it, KIP-618):
 * transactional ids carry the configuration revision, and before any worker of a new revision copies a
 * record, every id of the previous revision is fenced (InitProducerId bumps its epoch, so a zombie's
 * next write or commit fails).
 *
 * Worker 0 leads: it commits {revision, state: Fencing}, fences the previous revision's ids, then
 * commits {state: Active}; the other workers wait for Active. The record is committed before the
 * fencing, so an old worker that re-initialises its id after being fenced reads the newer revision
 * and stops (see `checkCurrent`) instead of copying beside the new workers.
 */
export async function enterGeneration(config: ReplicationConfig, link: ClusterLink, store: CheckpointStore, writer: TargetWriter, signal: AbortSignal): Promise<void> {
  for (;;) {
    const { generation } = await store.read();
    if (generation && generation.revision > config.revision) throw new SupersededError(config.revision, generation.revision);
    if (generation?.revision === config.revision && generation.state === 'Active') return;
    if (config.workerIndex === 0) {
      await lead(config, link, store, writer, generation);
      return;
    }
    if (signal.aborted) throw new Error('stopped while waiting for worker 0 to start the generation');
    await sleep(500);
  }
}

async function lead(config: ReplicationConfig, link: ClusterLink, store: CheckpointStore, writer: TargetWriter, current: GenerationRecord | undefined): Promise<void> {
  const previous = current?.revision === config.revision ? current.previous : current && { revision: current.revision, workerCount: current.workerCount };
  const mine = (state: GenerationRecord['state']): GenerationRecord => ({ revision: config.revision, workerCount: config.workerCount, state, ...(previous ? { previous } : {}) });
  await writeInTransaction(store, writer, mine('Fencing'));
  const toFence = [previous, current?.state === 'Fencing' && current.revision !== config.revision ? current.previous : undefined].filter((g) => g !== undefined);
  for (const g of toFence) {
    for (let i = 0; i < g.workerCount; i++) {
      if (g.revision === config.revision) continue;
      await new TargetWriter(link, transactionalIdOf(config.jobId, g.revision, i)).init();
    }
  }
  await writeInTransaction(store, writer, mine('Active'));
}

async function writeInTransaction(store: CheckpointStore, writer: TargetWriter, g: GenerationRecord): Promise<void> {
  const batch = store.generationBatch(g);
  await writer.addToTransaction([{ topic: batch.topic, partition: batch.partition }]);
  const [outcome] = await writer.write([batch]);
  if (!outcome?.ok) throw new Error(`could not write the generation record: ${outcome && !outcome.ok ? outcome.message : 'no outcome'}`);
  await writer.commit();
}

/** After (re)initialising its transactional id, a worker makes sure its revision is still the one in force. */
export async function checkCurrent(config: ReplicationConfig, store: CheckpointStore): Promise<void> {
  const { generation } = await store.read();
  if (generation && generation.revision > config.revision) throw new SupersededError(config.revision, generation.revision);
}
