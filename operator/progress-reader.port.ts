import type { MirrorJob } from '../src/api/index.ts';
import type { SecretReader } from '../src/session/secret-reader.ts';
import type { JobProgress as MeasuredProgress } from '../src/lag/job-progress.reader.ts';

export type { MeasuredProgress };

/** Why a cluster could not be read; the names are condition reasons (src/api/conditions.ts). */
export type UnreachableReason = 'ConnectionFailed' | 'AuthenticationFailed' | 'CertificateNotTrusted' | 'SecretNotFound';

/** Whether one cluster answered. Messages name servers, Secrets and keys, never a secret value. */
export type ClusterReach = { connected: true } | { connected: false; reason: UnreachableReason; message: string };

/**
 * What the operator needs from Kafka to write status: each cluster's reachability and, when both
 * answered, how far the copy is (src/lag: source end offsets against the job's checkpoints on
 * the target), so it stays true while workers are down.
 */
export interface JobProgress {
  source: ClusterReach;
  target: ClusterReach;
  measured?: MeasuredProgress;
}

/**
 * The port; job-progress.adapter.ts implements it on src/lag/job-progress.reader.ts, keeping what it
 * can of a job from one read to the next.
 */
export interface ProgressReader {
  /** Resolves (never rejects) for unreachable clusters, within ~20 s, so status says so within 30 s. */
  read(job: MirrorJob, secrets: SecretReader): Promise<JobProgress>;
  /** The job (by "namespace/name") is gone: what was kept for it goes. */
  forget(key: string): void;
  /** Every job but these is gone. */
  retain(keys: ReadonlySet<string>): void;
  /** The controller stops: everything kept goes. */
  close(): void;
}
