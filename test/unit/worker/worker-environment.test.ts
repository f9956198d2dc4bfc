import { workerEnvironment } from '../../../src/worker/worker-environment.ts';
import { WORKER_METRICS_PORT, WORKER_SECRETS_DIR } from '../../../src/worker/worker-contract.ts';

describe('workerEnvironment', () => {
  const base = { KMO_JOB_FILE: '/etc/job.json', KMO_REVISION: '1764900000000' };

  it('types what the Pod sets and fills in the contract defaults', () => {
    expect(workerEnvironment({ ...base, HOSTNAME: 'orders-worker-3' })).toEqual({
      jobFile: '/etc/job.json', revision: 1_764_900_000_000, secretsDir: WORKER_SECRETS_DIR, workerIndex: 3,
      metricsPort: WORKER_METRICS_PORT, podIp: undefined, logLevel: 'info',
    });
  });

  it('prefers KMO_WORKER_INDEX to the Pod name, and takes the port, address and log level given', () => {
    const env = workerEnvironment({ ...base, HOSTNAME: 'orders-worker-3', KMO_WORKER_INDEX: '0', KMO_METRICS_PORT: '0', POD_IP: '10.0.0.7', LOG_LEVEL: 'debug' });
    expect(env).toMatchObject({ workerIndex: 0, metricsPort: 0, podIp: '10.0.0.7', logLevel: 'debug' });
  });

  it.each([
    [{}, /KMO_JOB_FILE is not set.*KMO_REVISION is not set/],
    [{ ...base, KMO_REVISION: 'abc', HOSTNAME: 'w-0' }, /KMO_REVISION must be a whole number \(got "abc"\)/],
    [{ ...base, KMO_METRICS_PORT: '99999', HOSTNAME: 'w-0' }, /KMO_METRICS_PORT must be between 0 and 65535/],
    [{ ...base, LOG_LEVEL: 'loud', HOSTNAME: 'w-0' }, /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent \(got "loud"\)/],
    [{ ...base, HOSTNAME: 'laptop' }, /KMO_WORKER_INDEX is not set, and HOSTNAME does not end in -<ordinal>/],
  ])('refuses %j naming the variable', (env, message) => {
    expect(() => workerEnvironment(env)).toThrow(message);
  });
});
