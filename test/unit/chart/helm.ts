import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { chartDir } from '../../../scripts/dashboards/chart-paths.ts';
import { kubeBinary } from '../../helpers/kube/binaries.ts';

const run = promisify(execFile);

/** The real helm (scripts/install-kube.sh); resolves with stdout, rejects with stderr in the message. */
export async function helm(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  try {
    const { stdout } = await run(kubeBinary('helm'), args, { env: { ...process.env, HELM_CACHE_HOME: '/tmp/kmo-helm-cache', HELM_CONFIG_HOME: '/tmp/kmo-helm-config', HELM_DATA_HOME: '/tmp/kmo-helm-data', ...env }, maxBuffer: 32 * 1024 * 1024, timeout: 300_000 });
    return stdout;
  } catch (err) {
    throw new Error(`helm ${args.join(' ')} failed: ${(err as { stderr?: string }).stderr ?? String(err)}`, { cause: err });
  }
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

/** `--set` pairs as helm arguments. */
export const sets = (values: Record<string, string | number | boolean>): string[] => Object.entries(values).flatMap(([k, v]) => ['--set', `${k}=${v}`]);

/** `helm template` of the chart, parsed. The monitoring API is declared so its templates can render. */
export async function renderChart(values: Record<string, string | number | boolean> = {}, extra: string[] = []): Promise<K8sObject[]> {
  const out = await helm(['template', 'kmo', chartDir, '--namespace', 'kmo-system', '--api-versions', 'monitoring.coreos.com/v1', ...sets(values), ...extra]);
  return parseAllDocuments(out)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((d): d is K8sObject => d !== null);
}

export const ofKind = (objects: K8sObject[], kind: string): K8sObject[] => objects.filter((o) => o.kind === kind);

export function only(objects: K8sObject[], kind: string): K8sObject {
  const found = ofKind(objects, kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, got ${found.length}`);
  return found[0] as K8sObject;
}
