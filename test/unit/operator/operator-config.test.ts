import { operatorConfigFromEnv, OPERATOR_METRICS_PORT } from '../../../operator/operator-config.ts';

describe('operatorConfigFromEnv', () => {
  it('reads the chart\'s variables, an empty value counting as unset', () => {
    const config = operatorConfigFromEnv({ KMO_WORKER_IMAGE: 'registry/kmo:1', KMO_WATCH_NAMESPACE: '', KMO_LEASE_NAMESPACE: 'ops', KMO_LEADER_ELECTION: 'false', KMO_RESYNC_SECONDS: '5', POD_NAME: 'op-1', LOG_LEVEL: 'warn' });
    expect(config).toMatchObject({ workerImage: 'registry/kmo:1', watchNamespace: undefined, leaseNamespace: 'ops', leaderElection: false, resyncMs: 5000, metricsPort: OPERATOR_METRICS_PORT, logLevel: 'warn' });
    expect(config.identity).toMatch(/^op-1_[0-9a-f]{8}$/);
  });

  it('refuses a wrong value naming the variable', () => {
    expect(() => operatorConfigFromEnv({ KMO_RESYNC_SECONDS: '0', KMO_LEADER_ELECTION: 'maybe' })).toThrow(/KMO_LEADER_ELECTION must be true or false \(got "maybe"\); KMO_RESYNC_SECONDS must be at least 1/);
  });
});
