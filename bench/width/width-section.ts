/**
 * The seed's width in bulk (issue #20): hundreds of small topics, some compacted with gaps, some
 * transactional with aborts, mixed codecs. Each mirror makes the target topics itself (its first
 * metadata sync is in its time), then copies the set; MirrorMaker 2 runs beside ours.
 */
import type { KafkaCluster } from '../../test/helpers/kafka/kafka-cluster.ts';
import type { ClusterAdmin } from '../cluster-admin.ts';
import { copyScenarios } from '../copy-section.ts';
import type { MirrorUnderTest } from '../mirror.ts';
import type { WidthResult } from '../results.ts';
import type { WidthShape } from './width-layout.ts';
import { preloadWidth } from './width-preload.ts';

export async function widthSection(shape: WidthShape, runs: number, clusters: { source: KafkaCluster; target: KafkaCluster; sourceAdmin: ClusterAdmin; targetAdmin: ClusterAdmin }, mirrors: MirrorUnderTest[], log: (message: string) => void): Promise<WidthResult> {
  const data = await preloadWidth(clusters.source, clusters.sourceAdmin, shape, log);
  const kinds = { plain: 0, compacted: 0, transactional: 0 };
  for (const t of data.layout) kinds[t.kind]++;
  log(`width set: ${data.layout.length} topics (${kinds.plain} plain, ${kinds.compacted} compacted, ${kinds.transactional} transactional), ${data.records} records readable of ${Object.values(data.written).reduce((a, b) => a + b, 0)} written, ${Math.round(data.bytes / 1e6)} MB, preloaded in ${data.preloadSeconds.toFixed(1)} s`);
  try {
    const copy = await copyScenarios(mirrors, { target: clusters.target, targetAdmin: clusters.targetAdmin, data, mirrorCreatesTopics: true, include: ['width-.*'] }, runs, 'width', log);
    return { shape, kinds, written: data.written, records: data.records, bytes: data.bytes, preloadSeconds: data.preloadSeconds, copy };
  } finally {
    // The later sections need neither the disk nor the brokers' attention these topics take.
    const names = data.layout.map((t) => t.name);
    await Promise.all([clusters.sourceAdmin.deleteTopics(names), clusters.targetAdmin.deleteTopics(names)]);
  }
}
