import type { AclBinding } from './cluster-snapshot.ts';

// Plans are compared deep-equal between passes, so every list is sorted by code units: localeCompare
// would make the order depend on the process locale.

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts a copy by the string `key` gives each element. */
export function sortedBy<T>(items: Iterable<T>, key: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareStrings(key(a), key(b)));
}

/** Sorts a copy by the first differing key of a tuple of keys (numbers compare as numbers). */
export function sortedByKeys<T>(items: Iterable<T>, keys: (item: T) => readonly (string | number)[]): T[] {
  return [...items].sort((a, b) => {
    const ka = keys(a);
    const kb = keys(b);
    for (let i = 0; i < ka.length; i += 1) {
      const x = ka[i] ?? '';
      const y = kb[i] ?? '';
      const order = typeof x === 'number' && typeof y === 'number' ? x - y : compareStrings(String(x), String(y));
      if (order !== 0) return order;
    }
    return 0;
  });
}

/** One string per binding, field order fixed: identity for sets and the sort order of ACL lists. */
export function aclKey(acl: AclBinding): string {
  return JSON.stringify([acl.resourceType, acl.patternType, acl.resourceName, acl.principal, acl.host, acl.operation, acl.permission]);
}

/** Distinct bindings (by every field), sorted; copies, so callers may hand them on. */
export function distinctAcls(acls: Iterable<AclBinding>): AclBinding[] {
  const byKey = new Map<string, AclBinding>();
  for (const acl of acls) byKey.set(aclKey(acl), { ...acl });
  return sortedBy(byKey.values(), aclKey);
}
