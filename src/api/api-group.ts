/** Names under which the MirrorJob resource is served; the CRD, the operator and the CLI share them. */
export const API_GROUP = 'kafkamirror.io';
export const API_VERSION = 'v1alpha1';
/** The `apiVersion` field every MirrorJob manifest carries. */
export const MIRRORJOB_API_VERSION = `${API_GROUP}/${API_VERSION}` as const;
export const MIRRORJOB_KIND = 'MirrorJob';
export const MIRRORJOB_PLURAL = 'mirrorjobs';
export const MIRRORJOB_SINGULAR = 'mirrorjob';
export const MIRRORJOB_SHORT_NAMES: readonly string[] = ['mj'];
/** `kubectl get kafka` lists MirrorJobs together with any other Kafka resource in the category. */
export const MIRRORJOB_CATEGORIES: readonly string[] = ['kafka'];
