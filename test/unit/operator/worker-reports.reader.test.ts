import type { V1Pod } from '@kubernetes/client-node';
import { readWorkerReports, statusUrlOf } from '../../../operator/worker-reports.reader.ts';
import { REVISION } from './worker-reports.fixtures.ts';

const aPod = (name: string, status: V1Pod['status'], deleting = false): V1Pod => ({
  metadata: { name, ...(deleting && { deletionTimestamp: new Date() }) },
  spec: { containers: [{ name: 'worker', ports: [{ name: 'metrics', containerPort: 9400 }] }] },
  status,
});
const running = (ip: string) => ({ phase: 'Running', podIP: ip });

describe('readWorkerReports', () => {
  it('asks every running Pod, ready or not, and lists those that did not answer', async () => {
    const pods = [
      aPod('w-0', running('127.3.0.1')),
      aPod('w-1', running('127.3.0.2')),
      aPod('w-2', { phase: 'Pending' }),
      aPod('w-3', running('127.3.0.4'), true),
      aPod('w-4', running('127.3.0.5')),
    ];
    const asked: string[] = [];
    const fetchStatus = async (url: string): Promise<unknown> => {
      asked.push(url);
      if (url.includes('127.3.0.2')) throw new Error('connect ECONNREFUSED');
      if (url.includes('127.3.0.5')) return { not: 'a report' };
      return { ready: false, detail: { state: 'Idle', reason: 'superseded', worker: 0, revision: REVISION, stopped: [] } };
    };
    const read = await readWorkerReports(pods, fetchStatus);
    expect(asked.sort()).toEqual(['http://127.3.0.1:9400/status', 'http://127.3.0.2:9400/status', 'http://127.3.0.5:9400/status']);
    expect(read).toEqual({ reports: [{ pod: 'w-0', ready: false, state: 'Idle', reason: 'superseded', worker: 0, revision: REVISION, stopped: [] }], unread: ['w-1', 'w-4'] });
  });

  it('brackets an IPv6 Pod address', () => {
    expect(statusUrlOf(aPod('w-0', running('fd00::5')))).toBe('http://[fd00::5]:9400/status');
  });
});
