import { crc32c, Reader } from '@platformatic/kafka';

/**
 * CRC-32C of `bytes` (a view, often into a fetch response) without copying it. The library's native
 * crc32c copies a Buffer argument into a new Uint8Array before hashing, which for forwarded batches
 * doubled the bytes allocated per round; a one-piece DynamicBuffer (what Reader.from wraps a Buffer in)
 * reaches the native code as it is, and the WebAssembly fallback copies either way.
 */
export function batchCrc(bytes: Buffer): number {
  return crc32c(Reader.from(bytes).buffer) >>> 0;
}
