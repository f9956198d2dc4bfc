/**
 * Turns the JSON Schema zod writes into a *structural* OpenAPI v3 schema, the only kind a
 * CustomResourceDefinition accepts (https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#specifying-a-structural-schema):
 * every node has a type, no $ref, no `additionalProperties` next to `properties`, no `const`, and
 * anyOf/oneOf only as pure value checks. Anything this file cannot translate faithfully throws, so
 * a schema change that the API server would refuse fails `generate-crds` instead of `kubectl apply`.
 */
export type JsonSchema = { [keyword: string]: unknown };

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

// Keywords a CRD schema node may carry as they are (apiextensions/v1 JSONSchemaProps).
const KEPT = new Set([
  'description', 'type', 'format', 'title', 'default', 'enum', 'nullable', 'example',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', 'minProperties', 'maxProperties',
  'x-kubernetes-validations', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type', 'x-kubernetes-int-or-string', 'x-kubernetes-embedded-resource',
]);
// Keywords that carry nothing the API server needs; zod still enforces what they said.
const DROPPED = new Set(['$schema', '$id', 'id', '$comment', 'propertyNames']);

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(path: string, what: string): never {
  throw new Error(`cannot make a structural CRD schema at ${path || '(root)'}: ${what}`);
}

/** The structural equivalent of a zod-generated JSON Schema node (and its children). */
export function toStructuralSchema(node: JsonSchema, path = ''): JsonSchema {
  const source = mergeNullableUnion(node, path);
  const out: JsonSchema = {};
  for (const [keyword, value] of Object.entries(source)) {
    if (KEPT.has(keyword)) out[keyword] = value;
    else if (keyword === 'const') out.enum = [value];
    else if (keyword === '_prefault') out.default = value;
    else if (keyword === 'required') {
      if (Array.isArray(value) && value.length > 0) out.required = value;
    } else if (keyword === 'properties' || keyword === 'additionalProperties' || keyword === 'items') continue;
    else if (!DROPPED.has(keyword)) fail(path, `unsupported keyword "${keyword}"`);
  }
  translateChildren(source, out, path);
  normaliseInteger(out);
  // The API server checks date-time itself; zod's long RFC 3339 regex adds nothing but RE2 risk.
  if (out.format === 'date-time') delete out.pattern;
  if (out.type === undefined && out['x-kubernetes-preserve-unknown-fields'] !== true && out['x-kubernetes-int-or-string'] !== true) {
    fail(path, 'every node needs a type');
  }
  return out;
}

function translateChildren(source: JsonSchema, out: JsonSchema, path: string): void {
  const properties = isSchema(source.properties) ? source.properties : {};
  const names = Object.keys(properties);
  if (names.length > 0) {
    out.properties = Object.fromEntries(
      names.map((name) => [name, toStructuralSchema(properties[name] as JsonSchema, `${path}.${name}`)]),
    );
  }
  const extra = source.additionalProperties;
  if (extra !== undefined && extra !== false) {
    // Pruning removes unknown fields anyway, so additionalProperties:false is simply dropped.
    const anything = extra === true || (isSchema(extra) && Object.keys(extra).length === 0);
    if (names.length > 0) fail(path, 'properties and additionalProperties cannot be combined');
    if (anything) out['x-kubernetes-preserve-unknown-fields'] = true;
    else if (isSchema(extra)) out.additionalProperties = toStructuralSchema(extra, `${path}.*`);
  }
  if (source.items !== undefined) {
    if (!isSchema(source.items)) fail(path, 'tuple items are not structural');
    out.items = toStructuralSchema(source.items, `${path}[]`);
  }
}

/** `anyOf: [X, {type: null}]` is how some targets spell nullable; the API server wants `nullable: true`. */
function mergeNullableUnion(node: JsonSchema, path: string): JsonSchema {
  const union = node.anyOf ?? node.oneOf;
  if (node.allOf !== undefined || node.not !== undefined) fail(path, 'allOf/not are not translated');
  if (union === undefined) return node;
  if (!Array.isArray(union)) fail(path, 'anyOf/oneOf must be a list');
  const branches = union.filter(isSchema);
  const nonNull = branches.filter((branch) => branch.type !== 'null' && !(branch.nullable === true && Object.keys(branch).length === 1));
  if (nonNull.length !== 1 || branches.length !== union.length) {
    fail(path, 'unions other than "X or null" have no structural form; use an enum or a discriminating field');
  }
  const { anyOf: _anyOf, oneOf: _oneOf, ...rest } = node;
  return { ...nonNull[0], ...rest, nullable: true };
}

/**
 * zod writes integer ranges as JavaScript's safe-integer or int32 bounds; Kubernetes tools expect
 * `format: int64` / `int32` instead (kubectl explain, client generators). Counts in status fit in
 * 2^53, the limit up to which JavaScript reads them exactly.
 */
function normaliseInteger(out: JsonSchema): void {
  if (out.type !== 'integer') return;
  const fitsInt32 = typeof out.maximum === 'number' && out.maximum <= INT32_MAX && (typeof out.minimum !== 'number' || out.minimum >= INT32_MIN);
  out.format ??= fitsInt32 ? 'int32' : 'int64';
  if (out.maximum === Number.MAX_SAFE_INTEGER || out.maximum === INT32_MAX) delete out.maximum;
  if (out.minimum === -Number.MAX_SAFE_INTEGER || out.minimum === INT32_MIN) delete out.minimum;
}
