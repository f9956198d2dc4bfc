import { isMap, isScalar, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';

/** One documented value of values.yaml. */
export interface ValueDoc {
  key: string;
  default: string;
  description: string;
}

const DOC_MARK = /^\s*--\s?/;

/** The `# -- ...` comment above a key, joined into one line; undefined when the key has none. */
function docComment(comment: string | null | undefined): string | undefined {
  if (!comment) return undefined;
  // The comment may hold earlier text (a file header); the doc is the part from its last `--` on.
  const lines = comment.split('\n');
  const start = lines.map((l) => DOC_MARK.test(l)).lastIndexOf(true);
  if (start < 0) return undefined;
  return lines
    .slice(start)
    .map((l, i) => (i === 0 ? l.replace(DOC_MARK, '') : l).trim())
    .join(' ')
    .trim();
}

const defaultOf = (node: unknown): string => JSON.stringify((node as Node | null)?.toJSON?.() ?? (isScalar(node) ? node.value : null));

/**
 * Every documented value of values.yaml (cert-manager's `# --` convention): a key with a `# --`
 * comment is one row (its whole subtree is its default); a map without one is walked into; any other
 * key is undocumented, which throws, so that every value has a comment.
 */
export function documentedValues(valuesYaml: string): ValueDoc[] {
  const doc = parseDocument(valuesYaml);
  const rows: ValueDoc[] = [];
  const walk = (map: YAMLMap, prefix: string, inherited: string | null | undefined): void => {
    map.items.forEach((pair: Pair, index) => {
      const keyNode = pair.key as Node;
      const key = `${prefix}${String(isScalar(keyNode) ? keyNode.value : keyNode)}`;
      // The yaml library puts a comment above the first key of a map on the map (or the document).
      const comment = keyNode.commentBefore ?? (index === 0 ? inherited : undefined);
      const description = docComment(comment);
      if (description) rows.push({ key, default: defaultOf(pair.value), description });
      else if (isMap(pair.value) && pair.value.items.length > 0) walk(pair.value, `${key}.`, pair.value.commentBefore);
      else throw new Error(`values.yaml: ${key} has no "# --" comment`);
    });
  };
  if (!isMap(doc.contents)) throw new Error('values.yaml is not a map');
  walk(doc.contents, '', doc.contents.commentBefore ?? doc.commentBefore);
  return rows;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** The README's values table. */
export function valuesTable(valuesYaml: string): string {
  const rows = documentedValues(valuesYaml).map((r) => `| \`${r.key}\` | \`${cell(r.default)}\` | ${cell(r.description)} |`);
  return ['| Key | Default | Description |', '|---|---|---|', ...rows].join('\n');
}
