/** ACL vocabulary: the port's names <-> Kafka's numeric codes as @platformatic/kafka exports them. */
import { AclOperations, AclPermissionTypes, ResourcePatternTypes, ResourceTypes, type Acl, type AclFilter as LibraryAclFilter } from '@platformatic/kafka';
import type { AclBinding, AclFilter, AclOperation, AclPatternType, AclPermission, AclResourceType } from './kafka-client.port.ts';

const resourceTypes: Record<AclResourceType, number> = {
  Topic: ResourceTypes.TOPIC, Group: ResourceTypes.GROUP, Cluster: ResourceTypes.CLUSTER, TransactionalId: ResourceTypes.TRANSACTIONAL_ID,
};
const patternTypes: Record<AclPatternType, number> = { Literal: ResourcePatternTypes.LITERAL, Prefixed: ResourcePatternTypes.PREFIXED };
const operations: Record<AclOperation, number> = {
  All: AclOperations.ALL, Read: AclOperations.READ, Write: AclOperations.WRITE, Create: AclOperations.CREATE, Delete: AclOperations.DELETE,
  Alter: AclOperations.ALTER, Describe: AclOperations.DESCRIBE, ClusterAction: AclOperations.CLUSTER_ACTION,
  DescribeConfigs: AclOperations.DESCRIBE_CONFIGS, AlterConfigs: AclOperations.ALTER_CONFIGS, IdempotentWrite: AclOperations.IDEMPOTENT_WRITE,
};
const permissions: Record<AclPermission, number> = { Allow: AclPermissionTypes.ALLOW, Deny: AclPermissionTypes.DENY };

const invert = <K extends string>(m: Record<K, number>): Map<number, K> => new Map(Object.entries(m).map(([k, v]) => [v as number, k as K]));
const resourceTypeNames = invert(resourceTypes);
const patternTypeNames = invert(patternTypes);
const operationNames = invert(operations);
const permissionNames = invert(permissions);

function named<K>(map: Map<number, K>, code: number, what: string): K {
  const name = map.get(code);
  if (name === undefined) throw new Error(`unknown ACL ${what} code ${code}`);
  return name;
}

export function toLibraryAcl(b: AclBinding): Acl {
  return {
    resourceType: resourceTypes[b.resourceType] as Acl['resourceType'],
    resourceName: b.resourceName,
    resourcePatternType: patternTypes[b.patternType] as Acl['resourcePatternType'],
    principal: b.principal,
    host: b.host,
    operation: operations[b.operation] as Acl['operation'],
    permissionType: permissions[b.permission] as Acl['permissionType'],
  };
}

/** Absent filter fields become Kafka's ANY (or null for names). */
export function toLibraryFilter(f: AclFilter): LibraryAclFilter {
  return {
    resourceType: (f.resourceType ? resourceTypes[f.resourceType] : ResourceTypes.ANY) as Acl['resourceType'],
    resourceName: f.resourceName ?? null,
    resourcePatternType: (f.patternType ? patternTypes[f.patternType] : ResourcePatternTypes.ANY) as Acl['resourcePatternType'],
    principal: f.principal ?? null,
    host: f.host ?? null,
    operation: (f.operation ? operations[f.operation] : AclOperations.ANY) as Acl['operation'],
    permissionType: (f.permission ? permissions[f.permission] : AclPermissionTypes.ANY) as Acl['permissionType'],
  };
}

export function fromLibraryAcl(a: Acl): AclBinding {
  return {
    resourceType: named(resourceTypeNames, a.resourceType, 'resource type'),
    resourceName: a.resourceName,
    patternType: named(patternTypeNames, a.resourcePatternType, 'pattern type'),
    principal: a.principal,
    host: a.host,
    operation: named(operationNames, a.operation, 'operation'),
    permission: named(permissionNames, a.permissionType, 'permission'),
  };
}
