import type { GroupReport } from '../../../src/planner/plan.ts';
import { firstNotSynced, groupStanding } from '../../../src/sync/group-standing.ts';

const report = (group: string, outcome: GroupReport['outcome'], detail = '', untranslated?: number): GroupReport => ({ group, outcome, detail, ...(untranslated ? { untranslated } : {}) });

describe('groupStanding: a group counts as synced only when every committed offset of it is on the target', () => {
  const groups = [
    report('written', 'Synced', '2 partition(s) to set'),
    report('equal', 'UpToDate'),
    report('further', 'AlreadyAhead', 'already ahead: orders-0: target at 9, translated 5'),
    report('partial', 'Synced', '1 partition(s) to set; not yet translatable: empty-0: NotYetMirrored (source offset 0)', 1),
    report('late', 'NotYetTranslatable', 'not yet translatable: orders-0: BeforeMirroredRange (source offset 3)', 1),
    report('busy', 'SkippedActiveOnTarget', '2 active member(s) on the target'),
  ];

  it('after a pass wrote the offsets: written, equal and further are synced; the rest say why, sorted by group', () => {
    const standing = groupStanding({ groups, refused: new Map([['written', 'UNKNOWN_MEMBER_ID: refused']]), unreadable: [{ group: 'secret', code: 'GROUP_AUTHORIZATION_FAILED' }], mode: 'applied' });
    expect(standing).toEqual({
      matched: 7,
      synced: 2,
      ahead: 1,
      notSynced: [
        { group: 'busy', reason: 'SkippedActiveOnTarget: 2 active member(s) on the target' },
        { group: 'late', reason: 'NotYetTranslatable: not yet translatable: orders-0: BeforeMirroredRange (source offset 3)' },
        { group: 'partial', reason: 'NotYetTranslatable: 1 partition(s) to set; not yet translatable: empty-0: NotYetMirrored (source offset 0)' },
        { group: 'secret', reason: 'GROUP_AUTHORIZATION_FAILED: the job may not describe this group on the source' },
        { group: 'written', reason: 'UNKNOWN_MEMBER_ID: refused' },
      ],
    });
  });

  it('from a plan nothing wrote (kafka-mirror status), offsets still to write are not on the target yet', () => {
    const standing = groupStanding({ groups: [report('written', 'Synced', '2 partition(s) to set'), report('equal', 'UpToDate')], mode: 'planned' });
    expect(standing.synced).toBe(1);
    expect(standing.notSynced).toEqual([{ group: 'written', reason: 'OffsetsNotWrittenYet: 2 partition(s) to set (the next sync pass writes them)' }]);
  });

  it('names the first few, cut short, and counts the rest', () => {
    const many = Array.from({ length: 5 }, (_, i) => ({ group: `g${i}`, reason: 'x'.repeat(200) }));
    const text = firstNotSynced(many, 2, 20);
    expect(text).toBe(`g0: ${'x'.repeat(17)}...; g1: ${'x'.repeat(17)}...; and 3 more`);
  });
});
