/** The server.properties and logging config of a one-node test cluster, by Kafka version. Pure. */

export interface BrokerLayout {
  version: string;
  port: number;
  /** KRaft controller port, or the ZooKeeper client port for 2.x. */
  controlPort: number;
  dataDir: string;
  sasl?: SaslUsers;
  /** PLAIN when omitted (the SASL clusters of the older tests). */
  saslMechanism?: SaslMechanism;
  /** Also accept PLAIN for the same users beside a SCRAM mechanism (see `kcatMechanism`). */
  alsoPlain?: boolean;
  tls?: BrokerTls;
  /**
   * KRaft only: this node is a broker alone, with this node id, that joins the quorum of the cluster's
   * first node (its controller at `controlPort`) instead of being that node.
   */
  joinAsBroker?: number;
}

export type SaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

/** The broker's PKCS12 stores; `mutual` makes it require a client certificate. */
export interface BrokerTls {
  keystoreFile: string;
  truststoreFile: string;
  storePassword: string;
  mutual: boolean;
}

/** SASL/PLAIN users of a test cluster; `admin` is the super user the brokers use between themselves. */
export interface SaslUsers {
  admin: { username: string; password: string };
  users: Record<string, string>;
}

export const isZooKeeperEra = (version: string): boolean => Number(version.split('.')[0]) < 3;

export function brokerProperties(b: BrokerLayout): string {
  const listener = securityProtocol(b);
  const common = [
    `log.dirs=${b.dataDir}/kafka`,
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=1',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
    'num.network.threads=2',
    'num.io.threads=2',
    'num.partitions=1',
    'default.replication.factor=1',
    // Tests write records with old timestamps; time retention would delete them mid-test. A test
    // about retention sets retention.ms on its own topic.
    'log.retention.ms=-1',
    // Compaction tests need the cleaner to look often.
    'log.cleaner.backoff.ms=500',
    // Tests delete topics; let them go at once.
    'log.segment.delete.delay.ms=1000',
    'file.delete.delay.ms=1000',
  ];
  const zk = isZooKeeperEra(b.version);
  const kraftListeners = [
    `controller.quorum.voters=1@127.0.0.1:${b.controlPort}`,
    `advertised.listeners=${listener}://127.0.0.1:${b.port}`,
    `inter.broker.listener.name=${listener}`,
    'controller.listener.names=CONTROLLER',
    `listener.security.protocol.map=CONTROLLER:PLAINTEXT,${listener}:${listener}`,
  ];
  const mode = zk
    ? [
        'broker.id=0',
        `zookeeper.connect=127.0.0.1:${b.controlPort}`,
        `listeners=${listener}://127.0.0.1:${b.port}`,
        `advertised.listeners=${listener}://127.0.0.1:${b.port}`,
        `inter.broker.listener.name=${listener}`,
      ]
    : b.joinAsBroker !== undefined
      ? ['process.roles=broker', `node.id=${b.joinAsBroker}`, `listeners=${listener}://127.0.0.1:${b.port}`, ...kraftListeners]
      : ['process.roles=broker,controller', 'node.id=1', `listeners=${listener}://127.0.0.1:${b.port},CONTROLLER://127.0.0.1:${b.controlPort}`, ...kraftListeners];
  return [...mode, ...common, ...(b.tls ? tlsProperties(b.tls, listener) : []), ...(b.sasl ? saslProperties(b.version, b.sasl, b.saslMechanism ?? 'PLAIN', listener, b.alsoPlain ?? false) : [])].join('\n') + '\n';
}

/** Kafka's security.protocol (also the listener's name) for a layout. */
export const securityProtocol = (b: Pick<BrokerLayout, 'sasl' | 'tls'>): string => `${b.sasl ? 'SASL_' : ''}${b.tls ? 'SSL' : 'PLAINTEXT'}`;

function tlsProperties(tls: BrokerTls, listener: string): string[] {
  return [
    'ssl.keystore.type=PKCS12',
    `ssl.keystore.location=${tls.keystoreFile}`,
    `ssl.keystore.password=${tls.storePassword}`,
    `ssl.key.password=${tls.storePassword}`,
    'ssl.truststore.type=PKCS12',
    `ssl.truststore.location=${tls.truststoreFile}`,
    `ssl.truststore.password=${tls.storePassword}`,
    // Brokers talk to themselves over this listener and present their own certificate when it is required.
    `ssl.client.auth=${tls.mutual ? 'required' : 'none'}`,
    // A SASL_SSL listener ignores the plain ssl.client.auth (KIP-684); only the listener-prefixed one applies.
    `listener.name.${listener.toLowerCase()}.ssl.client.auth=${tls.mutual ? 'required' : 'none'}`,
  ];
}

function saslProperties(version: string, sasl: SaslUsers, mechanism: SaslMechanism, listener: string, alsoPlain: boolean): string[] {
  const users = { [sasl.admin.username]: sasl.admin.password, ...sasl.users };
  const jaasUsers = Object.entries(users)
    .map(([u, p]) => `user_${u}="${p}"`)
    .join(' ');
  const jaasKey = (m: SaslMechanism) => `listener.name.${listener.toLowerCase()}.${m.toLowerCase()}.sasl.jaas.config`;
  const plain = `${jaasKey('PLAIN')}=org.apache.kafka.common.security.plain.PlainLoginModule required username="${sasl.admin.username}" password="${sasl.admin.password}" ${jaasUsers};`;
  // SCRAM users live in the cluster's metadata (created by the harness); PLAIN users in the JAAS line.
  const scram = `${jaasKey(mechanism)}=org.apache.kafka.common.security.scram.ScramLoginModule required username="${sasl.admin.username}" password="${sasl.admin.password}";`;
  const mechanisms = mechanism === 'PLAIN' ? [plain] : alsoPlain ? [scram, plain] : [scram];
  return [
    `sasl.enabled.mechanisms=${mechanism}${mechanism !== 'PLAIN' && alsoPlain ? ',PLAIN' : ''}`,
    `sasl.mechanism.inter.broker.protocol=${mechanism}`,
    ...mechanisms,
    `authorizer.class.name=${isZooKeeperEra(version) ? 'kafka.security.authorizer.AclAuthorizer' : 'org.apache.kafka.metadata.authorizer.StandardAuthorizer'}`,
    // ANONYMOUS is the KRaft controller listener (plaintext, loopback only).
    `super.users=User:${sasl.admin.username};User:ANONYMOUS`,
    'allow.everyone.if.no.acl.found=false',
  ];
}

export function zooKeeperProperties(dataDir: string, port: number): string {
  return [`dataDir=${dataDir}/zookeeper`, `clientPort=${port}`, 'clientPortAddress=127.0.0.1', 'admin.enableServer=false', 'maxClientCnxns=0'].join('\n') + '\n';
}

/** Logging config: log4j 2 for Kafka 4.x, log4j 1 (reload4j) before. Everything to one file. */
export function loggingConfig(version: string, logFile: string): { file: string; content: string; jvmFlag: (path: string) => string } {
  if (Number(version.split('.')[0]) >= 4) {
    return {
      file: 'log4j2.properties',
      content: [
        'appender.file.type=File',
        'appender.file.name=file',
        `appender.file.fileName=${logFile}`,
        'appender.file.layout.type=PatternLayout',
        'appender.file.layout.pattern=[%d] %p %m (%c)%n',
        'rootLogger.level=INFO',
        'rootLogger.appenderRef.file.ref=file',
        'logger.kafka.name=kafka',
        'logger.kafka.level=INFO',
      ].join('\n') + '\n',
      jvmFlag: (path) => `-Dlog4j2.configurationFile=${path}`,
    };
  }
  return {
    file: 'log4j.properties',
    content: [
      'log4j.rootLogger=INFO, file',
      'log4j.appender.file=org.apache.log4j.FileAppender',
      `log4j.appender.file.File=${logFile}`,
      'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
    ].join('\n') + '\n',
    jvmFlag: (path) => `-Dlog4j.configuration=file:${path}`,
  };
}
