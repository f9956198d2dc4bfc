import type { ClusterConnection, MirrorJob } from '../../api/index.ts';
import { resolveClusterAccess } from '../../session/cluster-access.ts';
import { jobIdOf } from '../../job/job-identity.ts';
import type { SecretReader } from '../../session/secret-reader.ts';
import { type ClusterAccess, ClusterLink, type KafkaAdmin, PlatformaticAdmin } from '../../kafka/index.ts';
import { explainKafkaError } from '../cli-error.ts';
import type { ClusterContext } from '../cli-error.ts';

/** One side of the job, opened: the admin port, the data path's link, and what errors should name. */
export interface OpenCluster {
  admin: KafkaAdmin;
  link: ClusterLink;
  context: ClusterContext;
}

export interface JobClusters {
  source: OpenCluster;
  target: OpenCluster;
  close(): Promise<void>;
}

function contextOf(side: ClusterContext['side'], access: ClusterAccess): ClusterContext {
  return { side, bootstrapServers: access.bootstrapServers, ...(access.sasl ? { username: access.sasl.username } : {}), ...(access.tls?.cert ? { clientCert: access.tls.cert } : {}) };
}

async function openCluster(side: ClusterContext['side'], connection: ClusterConnection, secrets: SecretReader, clientId: string): Promise<OpenCluster> {
  const access = await resolveClusterAccess(connection, secrets);
  const context = contextOf(side, access);
  const admin = new PlatformaticAdmin({ ...access, clientId, requestTimeoutMs: 15_000 });
  const link = new ClusterLink(access, clientId);
  try {
    // One cheap request first, so a wrong address or password fails here with a plain message
    // instead of deep inside a sync or a fetch.
    await admin.listTopics();
  } catch (err) {
    await Promise.allSettled([admin.close(), link.close()]);
    throw explainKafkaError(err, context, 'connecting');
  }
  return { admin, link, context };
}

/** Opens and checks both clusters of the job; the caller closes them (also on error). */
export async function openJobClusters(job: MirrorJob, secrets: SecretReader, purpose: string): Promise<JobClusters> {
  const id = `kafka-mirror-cli-${purpose}-${jobIdOf(job)}`;
  const source = await openCluster('source', job.spec.source, secrets, `${id}-source`);
  let target: OpenCluster;
  try {
    target = await openCluster('target', job.spec.target, secrets, `${id}-target`);
  } catch (err) {
    await Promise.allSettled([source.admin.close(), source.link.close()]);
    throw err;
  }
  return {
    source,
    target,
    async close() {
      await Promise.allSettled([source.admin.close(), source.link.close(), target.admin.close(), target.link.close()]);
    },
  };
}

/** Runs `call`, turning a Kafka failure into a message about this cluster. */
export async function onCluster<T>(cluster: OpenCluster, doing: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw explainKafkaError(err, cluster.context, doing);
  }
}
