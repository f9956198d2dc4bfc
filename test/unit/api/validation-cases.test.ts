import { validateMirrorJob } from '../../../src/api/validate-mirrorjob.ts';
import { validationCases } from './validation-cases.ts';

describe('the shared validation cases, through zod', () => {
  it('has unique names, so a failing case is easy to find', () => {
    const names = validationCases.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(validationCases.filter((c) => c.expected.valid).map((c) => [c.name, c] as const))('accepts %s', (_name, c) => {
    const result = validateMirrorJob(c.manifest);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it.each(validationCases.flatMap((c) => (c.expected.valid ? [] : [[c.name, c.expected.path, c] as const])))(
    'refuses %s at %s',
    (_name, path, c) => {
      const result = validateMirrorJob(c.manifest);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors.map((e) => e.path)).toContain(path);
      for (const error of result.errors) expect(error.message.length).toBeGreaterThan(5);
    },
  );
});
