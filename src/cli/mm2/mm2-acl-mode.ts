/**
 * What `spec.acls.mode` means for an imported MirrorMaker 2 file that asks for ACL sync. The import
 * keeps MirrorMaker 2's rules (MirrorMaker2Compatible), which suit a read-only copy; a migration, where
 * clients move to the target, wants Full. The report marks the line CHECK and says so (issue #19).
 */
export function aclModeNote(file: { syncOffsets: boolean; naming: 'Identity' | 'Prefix' }): string {
  const mm2 = 'mode MirrorMaker2Compatible (set by the import, MirrorMaker 2\'s rules): literal topic ACLs only, ALLOW WRITE dropped, ALLOW ALL made READ, DENY kept, no group ACLs; clients may read the copy but not write to it (a disaster-recovery copy)';
  const full = 'mode Full: topic and group ACLs as they are, ALLOW and DENY, every operation, prefixed ones too';
  const forThisFile = [
    ...(file.syncOffsets ? ['this file moves consumer groups (sync.group.offsets.enabled), whose consumers would find no group ACL on the target under MirrorMaker2Compatible'] : []),
    ...(file.naming === 'Prefix' ? ['its prefix naming (DefaultReplicationPolicy) makes a renamed copy, the disaster-recovery case MirrorMaker2Compatible is for'] : []),
  ];
  return `${mm2}. ${full}. A migration (clients move to the target) wants Full: set spec.acls.mode: Full${forThisFile.length > 0 ? `; ${forThisFile.join('; ')}` : ''}`;
}
