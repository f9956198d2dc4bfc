/**
 * Condition types and reasons of a MirrorJob, as named constants so that the operator, the CLI,
 * tests and `kubectl wait --for=condition=...` users all spell them the same way.
 */
export const ConditionType = {
  /** Summary: True when the job runs as specified and nothing needs attention. */
  Ready: 'Ready',
  /** The operator or worker reached and authenticated to the source cluster. */
  SourceConnected: 'SourceConnected',
  /** The operator or worker reached and authenticated to the target cluster. */
  TargetConnected: 'TargetConnected',
  /** Every matched source topic exists on the target with at least as many partitions. */
  TopicsInSync: 'TopicsInSync',
  /** Target topic configs equal the source's, less the excluded ones. */
  ConfigsInSync: 'ConfigsInSync',
  /** Target ACLs of mirrored resources match the source's under the chosen ACL mode. */
  AclsInSync: 'AclsInSync',
  /** Matched groups' translated offsets are written on the target. */
  GroupOffsetsInSync: 'GroupOffsetsInSync',
  /** The desired number of workers is running and ready. */
  WorkersReady: 'WorkersReady',
  /** Every mirrored partition is copied up to the source's end offset (lag zero when last measured). */
  CaughtUp: 'CaughtUp',
  /** Cutover requested, lag drained to zero and final group offsets written: clients may move. */
  CutoverReady: 'CutoverReady',
  /** Some partition stopped copying (e.g. the target refused a record); the message names it. */
  Degraded: 'Degraded',
} as const;
export type ConditionType = (typeof ConditionType)[keyof typeof ConditionType];

/** The order in which conditions are listed in status: the summary first, then the flow of a job. */
export const CONDITION_TYPE_ORDER: readonly string[] = Object.values(ConditionType);

export const ConditionStatus = {
  /** The condition holds. */
  True: 'True',
  /** The condition does not hold. */
  False: 'False',
  /** Not known yet, or the check itself failed (the message says where to look). */
  Unknown: 'Unknown',
} as const;
export type ConditionStatus = (typeof ConditionStatus)[keyof typeof ConditionStatus];

export const ConditionReason = {
  /** Everything this condition covers is as the spec asks. */
  Reconciled: 'Reconciled',
  /** The cluster answered and accepted the credentials. */
  Connected: 'Connected',
  /** No bootstrap server could be reached within the timeout. */
  ConnectionFailed: 'ConnectionFailed',
  /** The cluster refused the TLS handshake or SASL credentials. */
  AuthenticationFailed: 'AuthenticationFailed',
  /** The broker's TLS certificate failed verification: another CA signed it, it expired, or the address is not in it. */
  CertificateNotTrusted: 'CertificateNotTrusted',
  /** A referenced Secret, or a key in it, does not exist. */
  SecretNotFound: 'SecretNotFound',
  /** Source and target agree; nothing left to change. */
  InSync: 'InSync',
  /** Changes were found and are being applied. */
  Syncing: 'Syncing',
  /** Some changes were refused by the target; the message counts and names them. */
  SyncFailed: 'SyncFailed',
  /** The target differs in a way the job will not fix by itself (e.g. more partitions than the source). */
  Conflict: 'Conflict',
  /** This kind of sync is turned off in the spec. */
  SyncDisabled: 'SyncDisabled',
  /** All desired workers are ready. */
  WorkersReady: 'WorkersReady',
  /** Workers are being created or rolled and are not all ready yet. */
  WorkersStarting: 'WorkersStarting',
  /** Some workers stopped being ready after having started. */
  WorkersUnavailable: 'WorkersUnavailable',
  /** Lag is zero on every mirrored partition. */
  CaughtUp: 'CaughtUp',
  /** Some partitions still have records to copy. */
  Lagging: 'Lagging',
  /** spec.cutover is false. */
  CutoverNotRequested: 'CutoverNotRequested',
  /** Cutover requested; the remaining records and final offsets are being copied. */
  Draining: 'Draining',
  /** Cutover requested and complete. */
  CutoverComplete: 'CutoverComplete',
  /** The target refused a record (too large, timestamp out of range); that partition is stopped. */
  RecordRejected: 'RecordRejected',
  /** The job may not read a source topic or write a target topic; that partition is stopped. */
  PermissionDenied: 'PermissionDenied',
  /** A worker of the current revision stopped copying: superseded by a newer generation, or fenced. */
  WorkerIdle: 'WorkerIdle',
  /** spec.paused is true; nothing is copied or synced. */
  Paused: 'Paused',
  /** The spec breaks a rule; the job waits for the spec to change. The message names the field. */
  InvalidSpec: 'InvalidSpec',
  /** An unexpected error; details are in the operator or worker logs, never a stack here. */
  InternalError: 'InternalError',
} as const;
export type ConditionReason = (typeof ConditionReason)[keyof typeof ConditionReason];
