import { annotationValue, maskedError } from './annotations';
import type { AnnotationValue, HandlerSpan } from './periscope-tracer';
import type { SegmentSink } from './segment-emitter';
import { newSegmentId } from './segment-ids';

export type { AnnotationValue } from './periscope-tracer';

/** One frame of a recorded exception's stack, as X-Ray shows it. */
interface StackFrame {
  readonly path: string;
  readonly line: number;
  readonly label: string;
}

/** An exception in a subsegment's `cause`, in the X-Ray SDK's shape. */
interface RecordedException {
  readonly id: string;
  readonly message: string;
  readonly type: string;
  readonly remote: boolean;
  readonly stack: readonly StackFrame[];
}

/** A subsegment as X-Ray reads it; field names are X-Ray's. One sent on its own says where it belongs. */
interface SubsegmentDocument {
  id: string;
  name: string;
  start_time: number;
  end_time?: number;
  type?: 'subsegment';
  parent_id?: string;
  trace_id?: string;
  subsegments?: SubsegmentDocument[];
  namespace?: 'aws' | 'remote';
  annotations?: Record<string, AnnotationValue>;
  metadata?: Record<string, Record<string, unknown>>;
  aws?: Record<string, unknown>;
  http?: { request?: { method: string; url: string }; response?: { status?: number; content_length?: number } };
  error?: true;
  throttle?: true;
  fault?: true;
  cause?: { working_directory: string; exceptions: RecordedException[] };
}

/** Children a span carries inside its own document before it sends the next ones on their own. */
export const MAX_NESTED_SUBSEGMENTS = 50;

/** X-Ray keeps this many frames of a stack; the rest is noise in a trace. */
const MAX_STACK_FRAMES = 10;

/**
 * One X-Ray subsegment of a sampled invocation: the handler, or a call it makes. The handler's is
 * sent when it ends, with `parent_id` (Lambda's facade segment, which is never sent) and `trace_id`;
 * a call that ends first travels inside it, in `subsegments`, so an invocation costs one datagram.
 * A call that ends after its parent, or beyond {@link MAX_NESTED_SUBSEGMENTS}, is sent on its own
 * with its parent's id, as the X-Ray SDK streams subsegments.
 */
export class Span implements HandlerSpan {
  /** The subsegment id: the `Parent` a downstream call's trace header names. */
  public readonly id: string;
  /** The trace it belongs to. */
  public readonly traceId: string;
  readonly #document: SubsegmentDocument;
  readonly #sink: SegmentSink;
  readonly #parent: Span | undefined;
  readonly #parentId: string;
  #ended = false;

  public constructor(sink: SegmentSink, name: string, traceId: string, parentId: string, parent?: Span) {
    this.id = newSegmentId();
    this.traceId = traceId;
    this.#sink = sink;
    this.#parent = parent;
    this.#parentId = parentId;
    this.#document = { id: this.id, name, start_time: Date.now() / 1000 };
  }

  /** Starts a subsegment of this one (a downstream call). */
  public child(name: string): Span {
    return new Span(this.#sink, name, this.traceId, this.id, this);
  }

  /** Adds a searchable annotation, as {@link annotationValue} allows it (invalid keys and values left out, strings masked). */
  public annotate(key: string, value: AnnotationValue): void {
    const sent = annotationValue(key, value);
    if (sent === undefined) return;
    this.#document.annotations ??= {};
    this.#document.annotations[key] = sent;
  }

  /** Adds `value` to the subsegment's metadata under `namespace` and `key`, as the X-Ray SDK's `addMetadata` does. */
  public recordMetadata(namespace: string, key: string, value: unknown): void {
    this.#document.metadata ??= {};
    this.#document.metadata[namespace] ??= {};
    this.#document.metadata[namespace][key] = value;
  }

  /** Marks the subsegment as an AWS call and records what X-Ray shows for one (operation, table, request id). */
  public recordAwsCall(aws: Record<string, unknown>, httpStatus: number | undefined, contentLength: number | undefined): void {
    this.#document.namespace = 'aws';
    this.#document.aws = aws;
    if (httpStatus !== undefined || contentLength !== undefined) {
      this.#document.http = { response: { ...(httpStatus === undefined ? {} : { status: httpStatus }), ...(contentLength === undefined ? {} : { content_length: contentLength }) } };
    }
  }

  /** Marks the subsegment as a call to another service over HTTP (`namespace: "remote"`) and records its request and, once answered, its status. */
  public recordHttpCall(method: string, url: string, status: number | undefined): void {
    this.#document.namespace = 'remote';
    this.#document.http = { request: { method, url }, ...(status === undefined ? {} : { response: { status } }) };
  }

  /** A client error (4xx): the `error` flag, and `throttle` too when the call was throttled. */
  public flagError(throttled = false): void {
    this.#document.error = true;
    if (throttled) this.#document.throttle = true;
  }

  /** A server error (5xx or no answer): the `fault` flag. */
  public flagFault(): void {
    this.#document.fault = true;
  }

  /**
   * Records an exception in the subsegment's `cause` (type, message, top of the stack); `remote`
   * when it came back from the service called. Sets no flag: callers decide error or fault.
   */
  public recordException(error: unknown, remote = false): void {
    this.#document.cause ??= { working_directory: process.cwd(), exceptions: [] };
    this.#document.cause.exceptions.push(toRecordedException(error, remote));
  }

  /** Ends the subsegment and sends it, or hands it to its parent to carry; later calls do nothing. */
  public end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#document.end_time = Date.now() / 1000;
    // biome-ignore lint/complexity/useOptionalChain: an optional chain cannot reach a private member (TS18030)
    if (this.#parent !== undefined && this.#parent.#adopt(this.#document)) return;
    this.#sink.send({ ...this.#document, type: 'subsegment', parent_id: this.#parentId, trace_id: this.traceId });
  }

  /** Keeps an ended child's document in this one's `subsegments`, unless this one is already sent or full. */
  #adopt(child: SubsegmentDocument): boolean {
    if (this.#ended) return false;
    this.#document.subsegments ??= [];
    if (this.#document.subsegments.length >= MAX_NESTED_SUBSEGMENTS) return false;
    this.#document.subsegments.push(child);
    return true;
  }
}

function toRecordedException(error: unknown, remote: boolean): RecordedException {
  const { name, message, stack } = maskedError(error);
  return { id: newSegmentId(), message, type: name, remote, stack: stackFrames(stack) };
}

/** `    at label (path:line:column)` lines → frames, as the X-Ray SDK reads them. */
function stackFrames(stack: string | undefined): StackFrame[] {
  if (!stack) return [];
  return stack
    .split('\n')
    .slice(1, MAX_STACK_FRAMES + 1)
    .map((raw) => {
      const line = raw.trim().replace(/^at /, '');
      const open = line.lastIndexOf(' (');
      // `label (location)`, `async location` (an awaited call, which the X-Ray SDK labels `async`) or a bare location
      const awaited = open < 0 && line.startsWith('async ');
      const label = open >= 0 ? line.slice(0, open) : awaited ? 'async' : 'anonymous';
      // path:line:column, where the path may hold colons itself (file:///…)
      const location = open >= 0 ? line.slice(open + 2, -1) : awaited ? line.slice('async '.length) : line;
      const column = location.lastIndexOf(':');
      const lineAt = location.lastIndexOf(':', column - 1);
      if (lineAt <= 0) return { path: location, line: 0, label };
      return { path: location.slice(0, lineAt), line: Number.parseInt(location.slice(lineAt + 1, column), 10) || 0, label };
    });
}
