import { readFileSync, writeFileSync } from 'node:fs';
import { validateMirrorJob, type MirrorJob } from '../../../src/api/index.ts';
import { PlatformaticAdmin } from '../../../src/kafka/platformatic-admin.adapter.ts';
import { ClusterLink } from '../../../src/kafka/cluster-link.ts';
import { silentLogger } from '../../../src/runtime/logger.ts';
import { MetadataSync, type MetadataSyncDeps } from '../../../src/sync/metadata-sync.ts';
import { accessOf } from '../kafka/access.ts';
import type { KafkaCluster } from '../kafka/kafka-cluster.ts';
import { writeJobFiles, type JobFiles } from '../replication/worker-process.ts';

/** Spec fields a sync test sets beside the topics (naming, configs, acls, groups, syncIntervalSeconds). */
export type SpecExtras = Record<string, unknown>;

const connectionOf = (cluster: KafkaCluster, secretName: string) => ({
  bootstrapServers: [cluster.bootstrap],
  ...(cluster.sasl ? { sasl: { mechanism: 'PLAIN', credentialsSecretRef: { name: secretName } } } : {}),
});

/** A validated MirrorJob mirroring `include` (patterns) from `source` to `target`, defaults applied. */
export function aSyncJob(name: string, source: KafkaCluster, target: KafkaCluster, include: string[], extras: SpecExtras = {}): MirrorJob {
  const result = validateMirrorJob({
    apiVersion: 'kafkamirror.io/v1alpha1',
    kind: 'MirrorJob',
    metadata: { name, namespace: 'test' },
    spec: { source: connectionOf(source, 'source-credentials'), target: connectionOf(target, 'target-credentials'), topics: { include }, ...extras },
  });
  if (!result.ok) throw new Error(`invalid test job: ${JSON.stringify(result.errors)}`);
  return result.job;
}

/** A MetadataSync in the test process, with its own connections. */
export interface RunningSync {
  sync: MetadataSync;
  close(): Promise<void>;
}

export function startSync(job: MirrorJob, source: KafkaCluster, target: KafkaCluster, extras: Pick<MetadataSyncDeps, 'offsetIndex' | 'metrics'> = {}): RunningSync {
  const sourceAdmin = new PlatformaticAdmin({ ...accessOf(source), clientId: 'test-sync-source' });
  const targetAdmin = new PlatformaticAdmin({ ...accessOf(target), clientId: 'test-sync-target' });
  const targetLink = new ClusterLink(accessOf(target), 'test-sync-target-link');
  const sync = new MetadataSync(job, { source: sourceAdmin, target: targetAdmin, targetLink, logger: silentLogger, ...extras });
  return {
    sync,
    close: async () => {
      await Promise.allSettled([sourceAdmin.close(), targetAdmin.close(), targetLink.close()]);
    },
  };
}

/** Job files for worker processes (worker-process.ts), with extra spec fields merged in; `options` pick the login (the admin's by default) and delivery. */
export function writeSyncJobFiles(name: string, source: KafkaCluster, target: KafkaCluster, topics: string[], extras: SpecExtras = {}, options: Omit<Parameters<typeof writeJobFiles>[3], 'topics'> = {}): JobFiles {
  const files = writeJobFiles(name, source, target, { ...options, topics });
  const job = JSON.parse(readFileSync(files.jobFile, 'utf8')) as { spec: Record<string, unknown> };
  job.spec = { ...job.spec, ...extras };
  writeFileSync(files.jobFile, JSON.stringify(job, null, 2));
  return files;
}

/** An admin port on a test cluster as its admin user; close it after use. */
export const adminOf = (cluster: KafkaCluster, clientId = 'test-admin'): PlatformaticAdmin => new PlatformaticAdmin({ ...accessOf(cluster), clientId });
