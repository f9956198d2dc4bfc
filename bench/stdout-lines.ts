/** A child's output as whole lines, each with the moment its chunk arrived (a latency probe's clock). */
import type { Readable } from 'node:stream';

export function onLines(stream: Readable, onLine: (line: string, arrivedAt: number) => void): void {
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const now = Date.now();
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) onLine(line, now);
  });
}
