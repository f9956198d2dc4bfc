import { compileNamePattern, matchesNameFilter, namePatternError } from '../../../src/api/name-pattern.ts';

describe('topic and group patterns', () => {
  it('match whole names, as MirrorMaker 2 does', () => {
    expect(compileNamePattern('projects.*').test('projects.orders')).toBe(true);
    expect(compileNamePattern('projects.*').test('old-projects.orders')).toBe(false);
    expect(compileNamePattern('orders').test('orders-v2')).toBe(false);
    expect(compileNamePattern('a|b').test('ab')).toBe(false);
  });

  it('filter with include then exclude', () => {
    expect(matchesNameFilter('projects.orders', ['projects.*'], ['.*\\.tmp'])).toBe(true);
    expect(matchesNameFilter('projects.a.tmp', ['projects.*'], ['.*\\.tmp'])).toBe(false);
    expect(matchesNameFilter('anything', [], [])).toBe(false);
  });

  it('accept Java habits that JavaScript also reads, explain the ones it cannot', () => {
    expect(namePatternError('[\\w-]+')).toBeUndefined();
    expect(namePatternError('projects.(*')).toBe('"projects.(*" is not a valid regular expression: Nothing to repeat');
  });
});
