import type { MirrorJob } from '../api/index.ts';

/** The job's identity on the target: its internal topics and transactional ids are named after it. */
export const jobIdOf = (job: Pick<MirrorJob, 'metadata'>): string => (job.metadata.namespace ? `${job.metadata.namespace}.${job.metadata.name}` : job.metadata.name);
