/** Apache MirrorMaker 2 under test: `org.apache.kafka.connect.mirror.MirrorMaker` in dedicated mode, from Kafka's own jars. */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { loggingConfig } from '../test/helpers/kafka/broker-config.ts';
import type { KafkaCluster } from '../test/helpers/kafka/kafka-cluster.ts';
import { freePort } from '../test/helpers/ports.ts';
import { isAlive } from '../test/helpers/processes.ts';
import { runSubdir } from '../test/helpers/run-dir.ts';
import { startJava } from '../test/helpers/kafka/java-process.ts';
import { defineMirror, shortDelivery, type Delivery, type MirrorUnderTest } from './mirror.ts';
import { mm2DefaultProperties, mm2Properties } from './mm2-properties.ts';

/** MirrorMaker's launcher script gives it -Xmx2G; 1 GiB is plenty for one flow and leaves the brokers room. */
const MM2_HEAP = '1g';

/**
 * `settings: 'defaults'` runs MirrorMaker 2 as a new user would (AtLeastOnce, tasks.max=2, its own
 * defaults otherwise: the steady-state bench); `'bench'` with the throughput bench's tuning.
 */
export function mirrorMaker2(source: KafkaCluster, target: KafkaCluster, delivery: Delivery, codec: string, settings: 'bench' | 'defaults' = 'bench'): MirrorUnderTest {
  return defineMirror('mm2', delivery, async (include, runId) => {
    const dir = runSubdir('mm2', `${shortDelivery(delivery)}-${runId}`);
    const exactlyOnce = delivery === 'ExactlyOnce';
    const props = join(dir, 'mm2.properties');
    const flow = { sourceAlias: `src${shortDelivery(delivery)}${runId.replace(/[^a-z0-9]/gi, '')}`, sourceBootstrap: source.bootstrap, targetBootstrap: target.bootstrap, topics: include };
    if (settings === 'defaults' && exactlyOnce) throw new Error('MirrorMaker 2 with its defaults is AtLeastOnce');
    writeFileSync(props, settings === 'defaults'
      ? mm2DefaultProperties({ ...flow, tasksMax: 2 })
      : mm2Properties({ ...flow, tasksMax: cpus().length, codec, exactlyOnce, ...(exactlyOnce ? { restPort: await freePort() } : {}) }));
    const logging = loggingConfig(target.version, join(dir, 'mm2.log'));
    const loggingFile = join(dir, logging.file);
    writeFileSync(loggingFile, logging.content);
    const jvm = startJava(target.version, `mm2-${shortDelivery(delivery)}`, 'org.apache.kafka.connect.mirror.MirrorMaker', [props], { heap: MM2_HEAP, jvmFlags: [logging.jvmFlag(loggingFile)] });
    return {
      pids: () => [jvm.pid],
      alive: () => isAlive(jvm.pid),
      logFile: join(dir, 'mm2.log'),
      stop: () => jvm.stop(),
    };
  });
}
