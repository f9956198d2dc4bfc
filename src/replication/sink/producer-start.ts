import { setTimeout as sleep } from 'node:timers/promises';
import { errorName, isAuthorizationError } from '../../kafka/index.ts';
import type { Logger } from '../../runtime/logger.ts';
import type { CheckpointStore } from '../checkpoints/checkpoints.store.ts';
import type { Refusals } from './refusals.ts';
import type { TargetWriter } from './target.writer.ts';

const ANNOUNCE_ATTEMPTS = 5;

export interface ProducerStart {
  writer: TargetWriter;
  refusals: Refusals;
  store: CheckpointStore;
  logger: Logger;
  exactlyOnce: boolean;
  /** The cluster the job's records come from, announced with the producer id. */
  sourceClusterId: string;
}

/**
 * Takes the transactional id (or a producer id) and announces it. The job's topic was perhaps created
 * a moment ago and its leader does not take writes yet (CI saw the announcement refused under load,
 * right after the topic's creation): a refused announcement is tried again with a fresh producer id,
 * since the writer's sequence for the partition moved on with the refused batch.
 */
export async function startProducer(p: ProducerStart): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await p.refusals.initWriter();
    const refused = await announce(p);
    if (refused === undefined) return;
    if (attempt === ANNOUNCE_ATTEMPTS) throw new Error(`could not announce the producer id: ${refused}`);
    p.logger.warn({ refused, attempt }, 'the target refused the producer announcement; trying again');
    await sleep(500 * attempt);
  }
}

/**
 * Tells reverse jobs which producer id our batches carry and where their records come from, before
 * any batch with that id is visible (its own transaction in ExactlyOnce). Returns why the target
 * refused it, if it did; a missing permission is thrown (waiting cannot help it).
 */
async function announce({ writer, refusals, store, exactlyOnce, sourceClusterId }: ProducerStart): Promise<string | undefined> {
  const batch = store.producerBatch(writer.producer!.producerId, sourceClusterId);
  if (exactlyOnce) await writer.addToTransaction([{ topic: batch.topic, partition: batch.partition }]).catch((err: unknown) => refusals.failOnDeniedPartitions(err, []));
  const [outcome] = await writer.write([batch]);
  if (!outcome) return 'no outcome';
  if (!outcome.ok && isAuthorizationError(outcome.errorCode)) throw refusals.ownTopicsDenied(outcome.errorCode);
  if (!outcome.ok) return `${errorName(outcome.errorCode)}${outcome.message ? ` (${outcome.message})` : ''}`;
  if (exactlyOnce) await writer.commit();
  return undefined;
}
