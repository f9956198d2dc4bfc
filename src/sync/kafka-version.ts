import type { ApiVersionRange } from '../kafka/index.ts';

/**
 * Kafka tells clients no version number, only the request versions it serves (ApiVersions). Each
 * marker below is a fact of a release that every later release keeps, so the newest marker a broker
 * shows is a LOWER BOUND of its version. That is the safe direction for the planner's compatibility
 * table: a config introduced later than the bound is skipped and reported rather than refused; the
 * removals it knows happen at 4.0, which the 4.0 marker catches exactly.
 *
 * Checked against the ApiVersions of 2.6.0, 3.9.1 and 4.1.2 brokers (test clusters); the KIPs name
 * the release of each other marker.
 */
interface VersionMarker {
  version: string;
  shows: (apis: ReadonlyMap<number, ApiVersionRange>) => boolean;
  why: string;
}

const PRODUCE = 0;
const FETCH = 1;

const MARKERS: readonly VersionMarker[] = [
  { version: '4.0', shows: (a) => (a.get(FETCH)?.minVersion ?? 0) >= 4, why: 'KIP-896 removed Fetch v0-v3 (4.1.2: Fetch 4-18)' },
  { version: '3.9', shows: (a) => a.has(80), why: 'KIP-853 AddRaftVoter, api key 80 (3.9.1 shows it)' },
  { version: '3.8', shows: (a) => (a.get(PRODUCE)?.maxVersion ?? 0) >= 11, why: 'KIP-890 Produce v11 (3.9.1: Produce 0-11)' },
  { version: '3.7', shows: (a) => (a.get(PRODUCE)?.maxVersion ?? 0) >= 10, why: 'KIP-951 Produce v10' },
  { version: '3.0', shows: (a) => a.has(65), why: 'KIP-664 DescribeTransactions, api key 65' },
  { version: '2.8', shows: (a) => a.has(60), why: 'KIP-700 DescribeCluster, api key 60' },
  { version: '2.7', shows: (a) => a.has(50), why: 'KIP-554 DescribeUserScramCredentials, api key 50' },
  { version: '2.6', shows: (a) => a.has(48), why: 'KIP-546 DescribeClientQuotas, api key 48 (2.6.0 shows 0-49)' },
];

/** "major.minor" the cluster is at least, or undefined when it predates 2.6 or says nothing. */
export function guessKafkaVersion(apis: readonly ApiVersionRange[]): string | undefined {
  if (apis.length === 0) return undefined;
  const byKey = new Map(apis.map((a) => [a.apiKey, a]));
  return MARKERS.find((m) => m.shows(byKey))?.version;
}
