/** A fenced block of a Markdown guide that a test runs: ```sh test ... ```. */
export interface GuideBlock {
  /** 1-based line of the opening fence, so a failure points at the guide's text. */
  line: number;
  script: string;
}

const OPEN = /^```(?:sh|bash)\s+test\s*$/;

/**
 * The blocks marked for testing, in document order. Blocks without the `test` mark are shown to the
 * reader only (commands that need a Prometheus Operator, a rollback that would undo the migration).
 */
export function testBlocks(markdown: string): GuideBlock[] {
  const lines = markdown.split('\n');
  const blocks: GuideBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!OPEN.test(lines[i] ?? '')) continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith('```'));
    if (end < 0) throw new Error(`the block at line ${i + 1} is never closed`);
    blocks.push({ line: i + 1, script: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return blocks;
}
