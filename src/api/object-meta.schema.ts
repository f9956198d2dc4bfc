import { z } from 'zod';

/**
 * The parts of metav1.ObjectMeta this project reads. Loose on purpose: the API server adds fields
 * (managedFields, finalizers, ownerReferences, ...) that are not ours to refuse.
 */
export const objectMetaSchema = z.looseObject({
  name: z.string().min(1, 'a MirrorJob needs metadata.name').max(253).describe('Name of the MirrorJob, unique in its namespace.'),
  namespace: z.string().optional().describe('Namespace of the MirrorJob; its Secrets are looked up here.'),
  uid: z.string().optional().describe('Unique id set by the API server.'),
  generation: z.int().min(0).optional().describe('Incremented by the API server on every spec change.'),
  resourceVersion: z.string().optional().describe('Version of the stored object, for optimistic concurrency.'),
  labels: z.record(z.string(), z.string()).optional().describe('Labels of the MirrorJob.'),
  annotations: z.record(z.string(), z.string()).optional().describe('Annotations of the MirrorJob.'),
  creationTimestamp: z.string().optional().describe('When the MirrorJob was created (RFC 3339).'),
  deletionTimestamp: z.string().optional().describe('When deletion was requested (RFC 3339); absent while the job lives.'),
});

export type ObjectMeta = z.output<typeof objectMetaSchema>;
