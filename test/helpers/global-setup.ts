import { runDir } from './run-dir.ts';

/** Gives the whole run one folder; shared services start lazily in the workers that need them. */
export default function globalSetup(): void {
  delete process.env.KMO_RUN_DIR;
  const dir = runDir();
  console.log(`\ntest run folder (logs of every broker and process): ${dir}`);
}
