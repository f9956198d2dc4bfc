/**
 * Evidence that an ExactlyOnce run really wrote transactionally: the transactional ids the target's
 * coordinator knows (Kafka's own TransactionsCommand), compared before and after the run, and the
 * commit markers the run left (target end offsets beyond the records copied).
 */
import type { KafkaCluster } from '../test/helpers/kafka/kafka-cluster.ts';
import { adminClientConfig, kafkaTool } from '../test/helpers/kafka/kafka-tools.ts';

/** Every transactional id the target's transaction coordinator lists. */
export async function transactionalIds(target: KafkaCluster): Promise<Set<string>> {
  const out = await kafkaTool(target, 'org.apache.kafka.tools.TransactionsCommand', ['--bootstrap-server', target.bootstrap, '--command-config', adminClientConfig(target), 'list']);
  // A header line "TransactionalId Coordinator ProducerId TransactionState", then one row per id.
  const rows = out.split('\n').map((l) => l.trim().split(/\s+/)).filter((cols) => cols.length >= 4);
  return new Set(rows.filter((cols) => cols[0] !== 'TransactionalId').map((cols) => cols[0]!));
}

export interface TransactionEvidence {
  /** Transactional ids that appeared during the run. */
  newTransactionalIds: string[];
  /** Target offsets beyond the source's: commit markers on a transactional copy, duplicates on a plain one. */
  extraTargetOffsets: number;
}

export const newIds = (before: ReadonlySet<string>, after: ReadonlySet<string>): string[] => [...after].filter((id) => !before.has(id)).sort();
