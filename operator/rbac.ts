import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { V1ClusterRole, V1Role } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';

/** operator/rbac/operator-role.yaml: the one place the operator's permissions are written. */
export const OPERATOR_RBAC_FILE = join(import.meta.dirname, 'rbac', 'operator-role.yaml');

/** The ClusterRole (per managed namespace) and the Role (leader election) the operator needs. */
export function operatorRbac(file = OPERATOR_RBAC_FILE): { clusterRole: V1ClusterRole; leaderElectionRole: V1Role } {
  const documents = parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => doc.toJS() as { kind?: string });
  const clusterRole = documents.find((d) => d.kind === 'ClusterRole') as V1ClusterRole | undefined;
  const leaderElectionRole = documents.find((d) => d.kind === 'Role') as V1Role | undefined;
  if (!clusterRole || !leaderElectionRole) throw new Error(`${file} must hold one ClusterRole and one Role`);
  return { clusterRole, leaderElectionRole };
}
