/**
 * The "Completed request" lines Kafka's request logger writes at DEBUG (one per request, naming its
 * API and the client id), counted by who sent them. Pure.
 */

/** Requests by API name, for one group of clients. */
export type RequestsByApi = Record<string, number>;

const API = /"requestApiKeyName":"([A-Z_]+)"/;
const CLIENT = /"clientId":"([^"]*)"/;

/**
 * Counts the "Completed request" lines among `lines` by the group `groupOf` puts each client id in
 * (undefined leaves the request out, e.g. the tool that switched the log on).
 */
export async function countRequests(lines: Iterable<string> | AsyncIterable<string>, groupOf: (clientId: string) => string | undefined): Promise<Map<string, RequestsByApi>> {
  const counts = new Map<string, RequestsByApi>();
  for await (const line of lines) {
    if (!line.includes('Completed request:')) continue;
    const api = API.exec(line)?.[1];
    const clientId = CLIENT.exec(line)?.[1];
    const group = clientId === undefined ? undefined : groupOf(clientId);
    if (api === undefined || group === undefined) continue;
    const byApi = counts.get(group) ?? {};
    byApi[api] = (byApi[api] ?? 0) + 1;
    counts.set(group, byApi);
  }
  return counts;
}

export const totalRequests = (byApi: RequestsByApi | undefined): number => Object.values(byApi ?? {}).reduce((a, b) => a + b, 0);

/**
 * Whose request it was, by client id: the operator's (operator/job-progress.adapter.ts), a worker's
 * metadata sync (`<job>-sync-<cluster>`) or a worker's data path. Other clients (the broker itself,
 * the tool that switches the log on) are left out.
 */
export function clientGroup(clientId: string): RequestGroup | undefined {
  if (clientId.startsWith('kafka-mirror-operator-')) return 'operator';
  if (!clientId.startsWith('kafka-mirror-')) return undefined;
  return /-sync-[^-]+$/.test(clientId) ? 'sync' : 'workers';
}

export type RequestGroup = 'operator' | 'sync' | 'workers';
