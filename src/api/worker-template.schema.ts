import { z } from 'zod';

// The Kubernetes sub-objects are passed to the worker Pods as written and validated by the API
// server when the StatefulSet is applied; copying their full schemas here would tie the CRD to one
// Kubernetes version. The generated CRD marks them x-kubernetes-preserve-unknown-fields.
const kubernetesObject = z.record(z.string(), z.unknown());
const stringMap = z.record(z.string(), z.string());

export const workerTemplateSchema = z.strictObject({
  resources: kubernetesObject
    .optional()
    .describe('Compute resources of each worker container (a core/v1 ResourceRequirements: requests, limits). When omitted, none are set.'),
  heapMiB: z
    .number()
    .int()
    .min(64)
    .max(65_536)
    .optional()
    .describe('Upper bound of each worker\'s JavaScript heap in MiB (node --max-old-space-size). When omitted, 128: at 2,000 partitions a worker holds about 45 MiB and a bulk copy peaks near 56 MiB, and without a bound V8 lets the heap grow to several times what it holds. Raise it when a worker\'s log ends in "Reached heap limit"; keep a workerTemplate.resources memory limit at least 200 MiB above it (a bulk copy of 2,000 partitions measured 180 MiB of code and Buffers beside the heap).'),
  nodeSelector: stringMap
    .optional()
    .describe('Node labels a worker Pod\'s node must carry (Pod spec nodeSelector). When omitted, any node.'),
  tolerations: z
    .array(kubernetesObject.describe('One core/v1 Toleration.'))
    .optional()
    .describe('Taints the worker Pods tolerate (Pod spec tolerations). When omitted, none.'),
  affinity: kubernetesObject
    .optional()
    .describe('Node and Pod (anti-)affinity of the worker Pods (a core/v1 Affinity). When omitted, none.'),
  annotations: stringMap
    .optional()
    .describe('Annotations added to the worker Pods, e.g. for a service mesh or log collector. When omitted, only the operator\'s own.'),
  serviceAccountName: z
    .string()
    .min(1)
    .max(253)
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 'a ServiceAccount name is a DNS subdomain')
    .optional()
    .describe('ServiceAccount the worker Pods run as. When omitted, the namespace\'s default ServiceAccount.'),
});

export type WorkerTemplate = z.output<typeof workerTemplateSchema>;
