/**
 * Kafka's signed varints (zigzag, then 7 bits a byte) for numbers up to 2^53, written into a buffer
 * sized beforehand: records are encoded in one pass with no object per field.
 */

const zigzag = (value: number): number => (value >= 0 ? 2 * value : -2 * value - 1);

/** Bytes of `value` as a signed varint. */
export function varIntSize(value: number): number {
  let n = 1;
  for (let z = zigzag(value); z >= 0x80; z = Math.floor(z / 0x80)) n++;
  return n;
}

/** Writes `value` as a signed varint at `at`; returns the offset after it. */
export function writeVarInt(buf: Buffer, value: number, at: number): number {
  let z = zigzag(value);
  while (z >= 0x80) {
    buf[at++] = (z % 0x80) | 0x80;
    z = Math.floor(z / 0x80);
  }
  buf[at++] = z;
  return at;
}

/** Bytes of a length-prefixed field (-1 for null). */
export const varBytesSize = (value: Buffer | null): number => (value === null ? 1 : varIntSize(value.length) + value.length);

/** Writes a length-prefixed field (-1 for null); returns the offset after it. */
export function writeVarBytes(buf: Buffer, value: Buffer | null, at: number): number {
  if (value === null) return writeVarInt(buf, -1, at);
  const after = writeVarInt(buf, value.length, at);
  return after + value.copy(buf, after);
}
