import { compressionsAlgorithmsByBitmask } from '@platformatic/kafka';

/** The library's implementation of a batch's compression codec (attributes & 0x07). */
function algorithmOf(codec: number): (typeof compressionsAlgorithmsByBitmask)[number] {
  const algorithm = compressionsAlgorithmsByBitmask[codec];
  if (!algorithm) throw new Error(`unsupported compression codec ${codec}`);
  return algorithm;
}

export const compress = (codec: number, data: Buffer): Buffer => (codec === 0 ? data : algorithmOf(codec).compressSync(data));

export const decompress = (codec: number, data: Buffer): Buffer => (codec === 0 ? data : algorithmOf(codec).decompressSync(data));
