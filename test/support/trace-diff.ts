import type { AssembledTrace, SegmentDocument, TraceNode } from '../../tools/emulators/xray-daemon';

/** One place where two traces of the same request disagree. */
export interface TraceDifference {
  /**
   * Subsegment names from the root down, joined by ` › ` (a repeated name among siblings gets its
   * position, `DynamoDB[2]`), then the field (`aws.retries`, `cause.exceptions[0].type`). A
   * subsegment only one side has is one difference, without a field.
   */
  readonly path: string;
  /** The left trace's value (for a missing subsegment: its fields); `undefined` when it has none. */
  readonly left: unknown;
  readonly right: unknown;
}

/** Fields that say where and when, never what: they differ between any two runs. */
const IDENTITY_FIELDS = /^(id|parent_id|trace_id|start_time|end_time|type)$/;

/**
 * What is kept of a field that differs by nature between two runs of the same request, by field path:
 * the placeholder says it is there. `type` goes too: a subsegment sent on its own says `subsegment`,
 * one carried inside its parent's document does not, and which of the two happens is transport.
 */
const BY_NATURE: readonly (readonly [RegExp, string])[] = [
  [/^cause\.working_directory$/, '<working directory>'],
  [/^cause\.id$/, '<id of the subsegment that recorded the exception>'],
  [/^cause\.exceptions\[\d+\]\.id$/, '<exception id>'],
  [/^cause\.exceptions\[\d+\]\.stack\[\d+\]\.path$/, '<path>'],
  [/^cause\.exceptions\[\d+\]\.stack\[\d+\]\.line$/, '<line>'],
  [/^aws\.request_id$/, '<request id>'],
  [/^aws\.message_id$/, '<message id>'],
];

/**
 * The fields of one (sub)segment document as `path → value` (`aws.table_name`, `annotations.Route`,
 * `cause.exceptions[0].stack[3].label`), without its subsegments and with ids, times and what else
 * differs by nature replaced (see {@link BY_NATURE}). An empty object or array is kept as `{}` / `[]`.
 */
export function comparableFields(document: SegmentDocument): Record<string, unknown> {
  const { subsegments: _nested, ...own } = document;
  const fields: Record<string, unknown> = {};
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value) && value.length > 0) {
      for (const [index, item] of value.entries()) visit(item, `${path}[${index}]`);
    } else if (typeof value === 'object' && value !== null && Object.keys(value).length > 0) {
      for (const [key, item] of Object.entries(value)) visit(item, path === '' ? key : `${path}.${key}`);
    } else if (!IDENTITY_FIELDS.test(path)) {
      const placeholder = BY_NATURE.find(([pattern]) => pattern.test(path))?.[1];
      fields[path] = placeholder !== undefined && value !== undefined && value !== null && value !== '' ? placeholder : value;
    }
  };
  visit(own, '');
  return fields;
}

/** Children by a name unique among their siblings: `DynamoDB`, then `DynamoDB[2]` for the second. */
function byName(nodes: readonly TraceNode[]): Map<string, TraceNode> {
  const named = new Map<string, TraceNode>();
  const seen = new Map<string, number>();
  for (const node of nodes) {
    const count = (seen.get(node.document.name) ?? 0) + 1;
    seen.set(node.document.name, count);
    named.set(count === 1 ? node.document.name : `${node.document.name}[${count}]`, node);
  }
  return named;
}

/**
 * Every difference between two traces of the same request, subsegment by subsegment (matched by
 * name and position among siblings of that name) and field by field (see {@link comparableFields}).
 * @example
 * ```ts
 * expect(compareTraces(leanTrace, powertoolsTrace)).toEqual([]);
 * ```
 */
export function compareTraces(left: AssembledTrace, right: AssembledTrace): TraceDifference[] {
  const differences: TraceDifference[] = [];
  const compareLevel = (lefts: readonly TraceNode[], rights: readonly TraceNode[], at: string): void => {
    const leftByName = byName(lefts);
    const rightByName = byName(rights);
    for (const name of new Set([...leftByName.keys(), ...rightByName.keys()])) {
      const path = at === '' ? name : `${at} › ${name}`;
      const l = leftByName.get(name);
      const r = rightByName.get(name);
      if (l === undefined || r === undefined) {
        differences.push({ path, left: l && comparableFields(l.document), right: r && comparableFields(r.document) });
        continue;
      }
      const lf = comparableFields(l.document);
      const rf = comparableFields(r.document);
      for (const field of new Set([...Object.keys(lf), ...Object.keys(rf)])) {
        if (JSON.stringify(lf[field]) !== JSON.stringify(rf[field])) differences.push({ path: `${path} › ${field}`, left: lf[field], right: rf[field] });
      }
      compareLevel(l.children, r.children, path);
    }
  };
  compareLevel(left.roots, right.roots, '');
  return differences;
}
