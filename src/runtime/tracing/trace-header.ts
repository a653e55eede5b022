/** The X-Ray trace context Lambda hands an invocation in `_X_AMZN_TRACE_ID`. */
export interface TraceContext {
  /** `1-<8 hex epoch>-<24 hex>`. */
  readonly traceId: string;
  /** The (facade) segment the invocation's subsegments hang from. */
  readonly parentId: string;
  /** Whether X-Ray sampled this invocation: only sampled invocations send anything. */
  readonly sampled: boolean;
}

const TRACE_ID = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;
const SEGMENT_ID = /^[0-9a-f]{16}$/;

/**
 * Reads a trace header (`Root=1-…;Parent=…;Sampled=1`, fields in any order, extra fields ignored).
 *
 * @returns the context, or `undefined` when the header is missing or names no valid root and parent
 * @example
 * ```ts
 * parseTraceHeader('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1');
 * // { traceId: '1-5759e988-bd862e3fe1be46a994272793', parentId: '53995c3f42cd8ad8', sampled: true }
 * ```
 */
export function parseTraceHeader(header: string | undefined): TraceContext | undefined {
  if (!header) return undefined;
  let traceId: string | undefined;
  let parentId: string | undefined;
  let sampled = false;
  for (const part of header.split(';')) {
    const equals = part.indexOf('=');
    if (equals < 0) continue;
    const key = part.slice(0, equals).trim();
    const value = part.slice(equals + 1).trim();
    if (key === 'Root') traceId = value;
    else if (key === 'Parent') parentId = value;
    else if (key === 'Sampled') sampled = value === '1';
  }
  if (traceId === undefined || parentId === undefined || !TRACE_ID.test(traceId) || !SEGMENT_ID.test(parentId)) return undefined;
  return { traceId, parentId, sampled };
}

/**
 * The trace id a trace header names (`Root=`), even one without a `Parent` (SQS's `AWSTraceHeader`
 * may hold only a root), or `undefined` when it names no valid one.
 * @example
 * ```ts
 * traceRootOf('Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1'); // '1-5759e988-bd862e3fe1be46a994272793'
 * ```
 */
export function traceRootOf(header: string | undefined): string | undefined {
  const root = header
    ?.split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith('Root='))
    ?.slice('Root='.length);
  return root !== undefined && TRACE_ID.test(root) ? root : undefined;
}

/** The header that continues a sampled trace from `parentId`, as X-Ray writes it (`X-Amzn-Trace-Id`, `AWSTraceHeader`, PutEvents' `TraceHeader`). */
export function sampledTraceHeader(traceId: string, parentId: string): string {
  return `Root=${traceId};Parent=${parentId};Sampled=1`;
}
