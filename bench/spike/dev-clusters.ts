/** Development helper: starts the spike clusters and leaves them up (SPIKE_CLUSTERS=<file>), or stops them (`stop`). */
import { stopAllProcesses } from '../../test/helpers/processes.ts';
import { startSpikeClusters } from './spike-clusters.ts';

if (process.argv[2] === 'stop') {
  console.log('stopped', await stopAllProcesses());
} else {
  const c = await startSpikeClusters();
  console.log(JSON.stringify({ runDir: process.env.KMO_RUN_DIR, legacy: c.legacy.bootstrap, source: c.source.bootstrap, target: c.target.bootstrap }));
}
