import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AclBinding } from '../../../src/kafka/kafka-client.port.ts';
import type { KafkaCluster } from '../../helpers/kafka/kafka-cluster.ts';
import { adminClientConfig } from '../../helpers/kafka/kafka-tools.ts';
import { waitFor } from '../../helpers/processes.ts';
import { projectRoot, runSubdir } from '../../helpers/run-dir.ts';
import { adminOf } from '../../helpers/sync/sync-job.ts';
import { testBlocks } from '../guide/guide-blocks.ts';
import { guidePath, runBlock } from '../guide/guide-shell.ts';

/** Whose grants, for which job, over which topic prefix: the variables docs/acls.md's block uses. */
export interface Grantee {
  /** A SASL user of both clusters. */
  username: string;
  /** `<namespace>.<name>` of the MirrorJob. */
  jobId: string;
  /** The prefix the mirrored topics share. */
  topicPrefix: string;
}

export type Side = 'source' | 'target';

/** The grants one principal holds, per cluster, as the brokers list them (one binding per operation). */
export type Grants = Record<Side, AclBinding[]>;

const ACLS_DOC = join(projectRoot, 'docs', 'acls.md');

/**
 * Runs docs/acls.md's ```sh test block, the reader's own commands (Kafka's kafka-acls), for `who`;
 * then returns what the brokers hold for that principal. The block is the one source of truth: the
 * test derives every other grant set from what it made.
 */
export async function grantAsDocumented(source: KafkaCluster, target: KafkaCluster, who: Grantee): Promise<Grants> {
  const blocks = testBlocks(readFileSync(ACLS_DOC, 'utf8'));
  if (blocks.length !== 1) throw new Error(`docs/acls.md should hold exactly one \`sh test\` block, found ${blocks.length}`);
  const work = runSubdir('least-privilege', who.username);
  await runBlock(blocks[0]!, {
    PATH: guidePath(join(work, 'bin')),
    HOME: process.env.HOME ?? work,
    WORK: work,
    SOURCE_BOOTSTRAP: source.bootstrap,
    TARGET_BOOTSTRAP: target.bootstrap,
    SOURCE_CLIENT_PROPERTIES: adminClientConfig(source),
    TARGET_CLIENT_PROPERTIES: adminClientConfig(target),
    PRINCIPAL: `User:${who.username}`,
    JOB_ID: who.jobId,
    TOPICS: who.topicPrefix,
  }, 180_000);
  const [onSource, onTarget] = await Promise.all([grantsOf(source, who.username), grantsOf(target, who.username)]);
  return { source: onSource, target: onTarget };
}

async function grantsOf(cluster: KafkaCluster, username: string): Promise<AclBinding[]> {
  const admin = adminOf(cluster, 'lp-grants');
  try {
    return await admin.describeAcls({ principal: `User:${username}` });
  } finally {
    await admin.close();
  }
}

/** One grant, as a test names it: the binding's resource and operation on one side. */
export interface GrantRef {
  side: Side;
  resourceType: AclBinding['resourceType'];
  /** The resource's name for a grantee (its job id and topic prefix put in). */
  resourceName: (who: Grantee) => string;
  operation: AclBinding['operation'];
  /**
   * An operation the removed one implies (Kafka: Read, Write and Alter imply Describe; AlterConfigs
   * implies DescribeConfigs), granted in its place: only what the removed operation adds goes missing.
   */
  keep?: AclBinding['operation'];
}

/**
 * The documented grants made for `from`, rewritten for `to` (its principal and job id; both share the
 * topic prefix), less the grants in `without` (or with their `keep` operation instead). Throws when one of those is not among the documented
 * grants: a case that removes nothing would prove nothing.
 */
export function derivedGrants(documented: Grants, from: Grantee, to: Grantee, without: readonly GrantRef[] = []): Grants {
  if (from.topicPrefix !== to.topicPrefix) throw new Error('derived grants keep the topic prefix');
  // The job's topics and transactional ids: __kafka-mirror.<jobId>. and kafka-mirror.<jobId>.
  const rename = (name: string): string => name.replace(`.${from.jobId}.`, `.${to.jobId}.`);
  const derive = (side: Side): AclBinding[] => {
    const all = documented[side].map((b) => ({ ...b, principal: `User:${to.username}`, resourceName: rename(b.resourceName) }));
    for (const ref of without.filter((r) => r.side === side)) {
      const index = all.findIndex((b) => b.resourceType === ref.resourceType && b.operation === ref.operation && b.resourceName === ref.resourceName(to));
      if (index < 0) throw new Error(`docs/acls.md grants no ${ref.operation} on ${ref.resourceType} ${ref.resourceName(to)} on the ${side}`);
      const [removed] = all.splice(index, 1);
      if (ref.keep) all.push({ ...removed!, operation: ref.keep });
    }
    return all;
  };
  return { source: derive('source'), target: derive('target') };
}

/** Creates `grants` as the admin and waits until each cluster lists them (KRaft serves ACLs from a cache). */
export async function grant(source: KafkaCluster, target: KafkaCluster, grants: Grants): Promise<void> {
  await Promise.all(([['source', source], ['target', target]] as const).map(async ([side, cluster]) => {
    const admin = adminOf(cluster, 'lp-grants');
    try {
      await admin.createAcls(grants[side]);
      const principal = grants[side][0]?.principal;
      // Granting what a principal already holds is allowed (a test may add back one grant it left out).
      const key = (b: AclBinding) => `${b.resourceType} ${b.patternType} ${b.resourceName} ${b.operation} ${b.permission} ${b.host}`;
      const listed = async () => new Set((await admin.describeAcls({ principal })).map(key));
      await waitFor(`the ${side} to list the grants`, async () => {
        const held = await listed();
        return grants[side].every((b) => held.has(key(b))) ? true : undefined;
      }, { timeoutMs: 60_000 });
    } finally {
      await admin.close();
    }
  }));
}
