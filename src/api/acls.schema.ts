import { z } from 'zod';

export const ACL_SYNC_MODES = ['MirrorMaker2Compatible', 'Full'] as const;
export type AclSyncMode = (typeof ACL_SYNC_MODES)[number];

export const aclsSchema = z.strictObject({
  sync: z.boolean().default(true).describe('Copy ACLs of mirrored topics to the target and keep them in sync. Default: true.'),
  mode: z
    .enum(ACL_SYNC_MODES)
    .default('MirrorMaker2Compatible')
    .describe(
      'Which ACLs are copied. MirrorMaker2Compatible follows MirrorMaker 2: literal topic ACLs, ALLOW WRITE dropped, ALLOW ALL made READ, DENY kept, no group ACLs, so the target copy stays read-only for clients (disaster recovery). Full copies topic and consumer-group ACLs as they are, ALLOW and DENY, every operation, so clients can move to the target (migration). Resource names follow the topic naming policy. Default: MirrorMaker2Compatible.',
    ),
});

export type AclsSync = z.output<typeof aclsSchema>;
