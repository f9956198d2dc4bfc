import { configFateOnTarget, parseKafkaVersion, TOPIC_CONFIG_COMPATIBILITY } from '../../../src/planner/config-compatibility.ts';

describe('config compatibility table', () => {
  it('reads major.minor from broker version strings', () => {
    expect(parseKafkaVersion('3.9.1')).toEqual([3, 9]);
    expect(parseKafkaVersion('4.0.0-SNAPSHOT')).toEqual([4, 0]);
    expect(parseKafkaVersion('10.2')).toEqual([10, 2]);
    expect(parseKafkaVersion('unknown')).toBeUndefined();
    expect(parseKafkaVersion(undefined)).toBeUndefined();
  });

  it('keeps configs it does not list, whatever the version', () => {
    expect(configFateOnTarget('retention.ms', undefined)).toEqual({ kind: 'Keep' });
    expect(configFateOnTarget('retention.ms', '2.6.0')).toEqual({ kind: 'Keep' });
  });

  it.each([
    ['message.format.version', '3.9.1', 'Keep'],
    ['message.format.version', '4.0.0', 'Skip'],
    ['message.timestamp.difference.max.ms', '3.6.0', 'Keep'],
    ['message.timestamp.difference.max.ms', '4.1.2', 'Map'],
    ['message.timestamp.before.max.ms', '3.5.1', 'Skip'],
    ['message.timestamp.before.max.ms', '3.6.0', 'Keep'],
    ['message.downconversion.enable', '4.1.2', 'Keep'],
    ['remote.log.copy.disable', '3.8.0', 'Skip'],
    ['remote.log.copy.disable', '3.9.0', 'Keep'],
  ])('%s on Kafka %s: %s', (name, version, kind) => {
    expect(configFateOnTarget(name, version).kind).toBe(kind);
  });

  it('lists each config once', () => {
    const names = TOPIC_CONFIG_COMPATIBILITY.map((entry) => entry.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
