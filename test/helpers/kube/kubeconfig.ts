import { writeFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';

/** Who a kubeconfig speaks as: a bearer token against the test API server. */
export interface TokenCredentials {
  server: string;
  user: string;
  token: string;
}

/**
 * Writes a kubeconfig for kubectl, helm and @kubernetes/client-node alike. The API server's serving
 * certificate is self-signed at start-up, hence insecure-skip-tls-verify; this is loopback only.
 */
export function writeKubeconfig(file: string, creds: TokenCredentials): string {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kmo-test', cluster: { server: creds.server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: creds.user, user: { token: creds.token } }],
    contexts: [{ name: 'kmo-test', context: { cluster: 'kmo-test', user: creds.user } }],
    'current-context': 'kmo-test',
  };
  writeFileSync(file, stringify(config), { mode: 0o600 });
  return file;
}

/** A client configuration loaded from a kubeconfig file. */
export function loadKubeConfig(file: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(file);
  return kc;
}
