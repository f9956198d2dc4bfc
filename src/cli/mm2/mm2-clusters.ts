import { CliError, ExitCode } from '../cli-error.ts';
import type { SecretManifest } from '../input/secrets.ts';
import { parseJaasConfig } from './jaas-config.ts';
import { splitList } from './mm2-settings.ts';

/** Reads MirrorMaker 2 settings and remembers which lines went where. */
export interface SettingsCursor {
  /** The value of the first key present, marking it as carried over into `field`. */
  take(keys: readonly string[], field: string, note?: string): string | undefined;
  /** Marks a key as needing no equivalent (e.g. a JAAS line whose contents went to a Secret). */
  consume(key: string, field: string, note: string, disposition?: 'mapped' | 'review' | 'not-needed' | 'no-equivalent'): void;
  /** The first of `keys` the file has. */
  present(keys: readonly string[]): string | undefined;
}

export interface ImportedCluster {
  /** The MirrorJob's spec.source or spec.target, in the form a person writes. */
  connection: Record<string, unknown>;
  secret?: SecretManifest;
}

const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'];

/** A Kubernetes object name from an alias: "Event_Center" -> "event-center". */
export const kubeName = (text: string): string =>
  text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'cluster';

/** Aliases must fit the MirrorJob's alias pattern; MirrorMaker 2 allows more, so unfit ones are left out. */
const fitsAlias = (alias: string): boolean => /^[a-zA-Z0-9]([a-zA-Z0-9._-]*[a-zA-Z0-9])?$/.test(alias) && alias.length <= 63;

/**
 * One cluster's connection from its settings. `prefixes` are where its client settings live: the
 * alias ("event-center.") and, as MirrorMaker 2 allows, the unprefixed defaults for every cluster.
 * The JAAS password goes into the Secret manifest and nowhere else.
 */
export function importCluster(side: 'source' | 'target', alias: string, prefixes: readonly string[], settings: SettingsCursor, namespace?: string): ImportedCluster {
  const field = `spec.${side}`;
  const keys = (name: string) => prefixes.map((p) => `${p}${name}`);
  const servers = settings.take(keys('bootstrap.servers'), `${field}.bootstrapServers`);
  if (servers === undefined) throw new CliError(`no bootstrap.servers for the ${side} cluster "${alias}" (expected ${keys('bootstrap.servers')[0]})`, ExitCode.badInput);
  const connection: Record<string, unknown> = {
    ...(fitsAlias(alias) ? { alias } : {}),
    bootstrapServers: splitList(servers),
  };
  const protocol = (settings.take(keys('security.protocol'), `${field}.tls / ${field}.sasl`) ?? 'PLAINTEXT').toUpperCase();
  if (!['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'].includes(protocol)) {
    throw new CliError(`${keys('security.protocol')[0]}: unknown security protocol ${protocol} (PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL)`, ExitCode.badInput);
  }
  if (protocol.endsWith('SSL')) connection.tls = {};
  // Without SASL in the protocol, Kafka ignores the sasl.* settings; so does the importer (they are listed).
  if (!protocol.startsWith('SASL')) return { connection };
  const jaasKey = keys('sasl.jaas.config');
  const jaasText = settings.take(jaasKey, `Secret ${kubeName(alias)}-credentials`, 'username and password moved to the Secret manifest');
  const mechanismText = settings.take(keys('sasl.mechanism'), `${field}.sasl.mechanism`);

  const login = jaasText === undefined ? undefined : parseJaasConfig(jaasText);
  if (jaasText !== undefined && login === undefined) throw new CliError(`${jaasKey[0]} is not a JAAS line this importer can read (the value is not shown: it may hold a password)`, ExitCode.badInput);
  const mechanism = (mechanismText ?? (login?.family === 'PLAIN' ? 'PLAIN' : login?.family === 'SCRAM' ? 'SCRAM-SHA-512' : 'GSSAPI')).toUpperCase();
  if (!SASL_MECHANISMS.includes(mechanism)) {
    throw new CliError(`the ${side} cluster "${alias}" uses SASL mechanism ${mechanism}; a MirrorJob supports ${SASL_MECHANISMS.join(', ')}`, ExitCode.badInput);
  }
  const secretName = `${kubeName(alias)}-credentials`;
  const username = login?.options.username;
  const password = login?.options.password;
  const secret: SecretManifest & Record<string, unknown> = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: secretName, ...(namespace ? { namespace } : {}) },
    type: 'Opaque',
    stringData: { username: username ?? 'REPLACE-WITH-USERNAME', password: password ?? 'REPLACE-WITH-PASSWORD' },
  };
  connection.sasl = { mechanism, credentialsSecretRef: { name: secretName } };
  return { connection, secret };
}
