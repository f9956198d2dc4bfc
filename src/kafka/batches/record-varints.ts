/**
 * Kafka's signed varints (zigzag, then 7 bits a byte) for numbers up to 2^53, written into a buffer
 * sized beforehand and read through a cursor: records are encoded and re-numbered with no object per field.
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

/** Where the next read starts; each read moves it past what it read. */
export interface Cursor {
  at: number;
}

/** Reads a signed varint (or varlong) at `cursor`. */
export function readVarInt(buf: Buffer, cursor: Cursor): number {
  let z = 0;
  let scale = 1;
  for (;;) {
    const byte = buf[cursor.at++];
    if (byte === undefined) throw new RangeError('a varint runs past the end of its buffer');
    z += (byte & 0x7f) * scale;
    if (byte < 0x80) break;
    scale *= 0x80;
  }
  return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
}
