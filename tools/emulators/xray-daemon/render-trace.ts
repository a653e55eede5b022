import type { SegmentDocument } from './segment-document';
import type { AssembledTrace, TraceNode } from './trace-assembler';

/** How to render a trace. */
export interface RenderTraceOptions {
  /** Adds ANSI colours (red faults and errors, yellow throttles, dim timings). Off by default. */
  readonly color?: boolean;
}

interface Paint {
  readonly dim: (text: string) => string;
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly cyan: (text: string) => string;
}

const plain: Paint = { dim: (t) => t, red: (t) => t, yellow: (t) => t, cyan: (t) => t };
const ansi = (code: number) => (text: string) => `\u001b[${code}m${text}\u001b[0m`;
const colored: Paint = { dim: ansi(2), red: ansi(31), yellow: ansi(33), cyan: ansi(36) };

/**
 * Renders one trace as a tree, one line per (sub)segment: name (plus the AWS operation), duration,
 * DynamoDB table, a non-2xx HTTP status, error/fault/throttle flags with the first exception message,
 * and annotations. Deterministic: the same trace always gives the same text.
 *
 * @example
 * ```ts
 * console.log(renderTraceTree(trace));
 * // trace 1-6740a1b2-3c4d5e6f7a8b9c0d1e2f3a4b  (2 segments, 38.9 ms)
 * // └─ ## handlers/orders/handler.createOrder  38.9 ms  [annotations: Service=orders Outcome=success]
 * //    └─ DynamoDB PutItem  12.3 ms  table=periscope-orders-dev
 * ```
 */
export function renderTraceTree(trace: AssembledTrace, options: RenderTraceOptions = {}): string {
  const paint = options.color === true ? colored : plain;
  const count = `${trace.nodeCount} segment${trace.nodeCount === 1 ? '' : 's'}`;
  const timing = trace.inProgress ? 'in progress' : trace.endTime === undefined ? 'no end time' : formatMs(trace.endTime - trace.startTime);
  const lines = [`trace ${trace.traceId}  ${paint.dim(`(${count}, ${timing})`)}`];
  renderChildren(trace.roots, '', paint, lines);
  return lines.join('\n');
}

function renderChildren(nodes: readonly TraceNode[], indent: string, paint: Paint, lines: string[]): void {
  nodes.forEach((node, index) => {
    const last = index === nodes.length - 1;
    lines.push(`${indent}${paint.dim(last ? '└─ ' : '├─ ')}${describe(node.document, paint)}`);
    renderChildren(node.children, `${indent}${paint.dim(last ? '   ' : '│  ')}`, paint, lines);
  });
}

function describe(doc: SegmentDocument, paint: Paint): string {
  const operation = typeof doc.aws?.operation === 'string' && doc.aws.operation !== '' ? ` ${doc.aws.operation}` : '';
  const parts = [oneLine(`${doc.name}${operation}`), paint.dim(duration(doc))];

  if (typeof doc.aws?.table_name === 'string') parts.push(`table=${oneLine(doc.aws.table_name)}`);
  const status = doc.http?.response?.status;
  // Every successful AWS call carries status 200; only the unusual ones are worth a glance.
  if (typeof status === 'number' && (status < 200 || status >= 300)) parts.push(`status=${status}`);

  const failure = flags(doc);
  if (failure !== undefined) parts.push(doc.throttle === true && doc.fault !== true && doc.error !== true ? paint.yellow(failure) : paint.red(failure));

  const annotations = Object.entries(doc.annotations ?? {});
  if (annotations.length > 0) {
    parts.push(paint.cyan(`[annotations: ${annotations.map(([key, value]) => `${key}=${oneLine(String(value))}`).join(' ')}]`));
  }
  return parts.join('  ');
}

function duration(doc: SegmentDocument): string {
  if (doc.in_progress === true) return 'in progress';
  if (typeof doc.end_time !== 'number') return 'no end time';
  return formatMs(doc.end_time - doc.start_time);
}

function flags(doc: SegmentDocument): string | undefined {
  const names = (['fault', 'error', 'throttle'] as const).filter((flag) => doc[flag] === true);
  const message = doc.cause?.exceptions?.[0]?.message;
  if (names.length === 0 && message === undefined) return undefined;
  const label = names.length > 0 ? names.join(', ') : 'exception';
  return message === undefined ? `[${label}]` : `[${label}: ${oneLine(String(message))}]`;
}

/** X-Ray times are epoch seconds as floats; one decimal of a millisecond is as precise as they honestly are. */
function formatMs(seconds: number): string {
  return `${(seconds * 1000).toFixed(1)} ms`;
}

/** A value with a newline in it would break the tree. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ');
}
