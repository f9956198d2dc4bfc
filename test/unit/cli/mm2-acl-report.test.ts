import { readFileSync } from 'node:fs';
import { mm2HeaderComment, renderMm2Report } from '../../../src/cli/format/mm2-report.ts';
import { importMm2 } from '../../../src/cli/mm2/mm2-to-mirrorjob.ts';

const seed = readFileSync(new URL('../../fixtures/seed-mm2.properties', import.meta.url), 'utf8');
const base = ['clusters = a, b', 'a.bootstrap.servers = a:9092', 'b.bootstrap.servers = b:9092', 'a->b.enabled = true'];
const aclLine = (report: string) => report.split('\n').find((l) => l.includes('sync.topic.acls.enabled'));

describe('import-mm2 report on ACL sync (issue #19, finding 5)', () => {
  it('marks the seed file\'s sync.topic.acls.enabled=true CHECK: what each mode means, and that a migration wants Full', () => {
    const { settings, job } = importMm2(seed);
    expect((job as { spec: { acls: unknown } }).spec.acls).toEqual({ sync: true, mode: 'MirrorMaker2Compatible' });
    const acl = settings.find((s) => s.key === 'sync.topic.acls.enabled');
    expect(acl).toMatchObject({ disposition: 'review', field: 'spec.acls.mode' });
    expect(acl!.note).toMatch(/MirrorMaker2Compatible .*ALLOW WRITE dropped, ALLOW ALL made READ.*no group ACLs/);
    expect(acl!.note).toMatch(/mode Full: topic and group ACLs as they are, ALLOW and DENY, every operation/);
    expect(acl!.note).toContain('A migration (clients move to the target) wants Full: set spec.acls.mode: Full');
    // This file moves groups (sync.group.offsets.enabled=true): the note says what that means here.
    expect(acl!.note).toContain('this file moves consumer groups');

    const line = aclLine(renderMm2Report(settings));
    expect(line).toMatch(/^\s*\d+\s+sync\.topic\.acls\.enabled\s+CHECK\s+spec\.acls\.mode\s+mode MirrorMaker2Compatible/);
    expect(mm2HeaderComment('mm2.properties', settings)).toMatch(/sync\.topic\.acls\.enabled \(line \d+\): CHECK: mode MirrorMaker2Compatible/);
  });

  it('says nothing of groups for a file that does not move them, and fits the mode to its prefix naming', () => {
    const { settings } = importMm2([...base, 'sync.topic.acls.enabled = true'].join('\n'));
    const note = settings.find((s) => s.key === 'sync.topic.acls.enabled')!.note;
    expect(note).not.toContain('consumer groups');
    expect(note).toContain('prefix naming');
  });

  it('maps ACL sync turned off without a CHECK', () => {
    const { settings } = importMm2([...base, 'sync.topic.acls.enabled = false'].join('\n'));
    expect(settings.find((s) => s.key === 'sync.topic.acls.enabled')).toMatchObject({ disposition: 'mapped', field: 'spec.acls.sync' });
    expect(aclLine(renderMm2Report(settings))).not.toContain('CHECK');
  });
});
