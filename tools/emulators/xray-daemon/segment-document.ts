/**
 * The X-Ray segment document as the X-Ray SDK sends it to the daemon, and a parser for one UDP datagram.
 * Only the fields Periscope reads are typed; everything else the SDK sends is kept as received.
 * @see https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html
 */

import type { AnnotationValue } from '../../../src/runtime/tracing';

export type { AnnotationValue };

/** The `aws` block the SDK's `captureAWSv3Client` adds to an AWS call subsegment. */
export interface AwsCallData {
  /** The API operation, e.g. `PutItem`. */
  readonly operation?: string;
  /** The DynamoDB table, when the operation names one. */
  readonly table_name?: string;
  readonly region?: string;
  readonly request_id?: string;
  readonly retries?: number;
  readonly [field: string]: unknown;
}

/** The `http` block of a (sub)segment. */
export interface HttpData {
  readonly request?: { readonly method?: string; readonly url?: string; readonly [field: string]: unknown };
  readonly response?: { readonly status?: number; readonly content_length?: number; readonly [field: string]: unknown };
}

/** One exception recorded in a `cause`. */
export interface CapturedException {
  readonly id?: string;
  readonly message?: string;
  readonly type?: string;
  readonly remote?: boolean;
  readonly [field: string]: unknown;
}

/** Why a (sub)segment failed; `id` alone points at the subsegment that recorded the exception. */
export interface Cause {
  readonly id?: string;
  readonly working_directory?: string;
  readonly exceptions?: readonly CapturedException[];
}

/**
 * A segment or subsegment document. Top-level documents always carry `trace_id`; subsegments nested in
 * another document's `subsegments` do not, and take their trace from the document that holds them.
 */
export interface SegmentDocument {
  readonly trace_id?: string;
  readonly id: string;
  readonly name: string;
  /** Epoch seconds, fractional. */
  readonly start_time: number;
  /** Epoch seconds, fractional; absent while `in_progress`. */
  readonly end_time?: number;
  readonly in_progress?: boolean;
  /** `"subsegment"` on a subsegment sent on its own. */
  readonly type?: string;
  /** The enclosing (sub)segment's id, on a subsegment sent on its own. */
  readonly parent_id?: string;
  /** `"aws"` for an AWS SDK call, `"remote"` for other downstream calls. */
  readonly namespace?: string;
  readonly origin?: string;
  readonly error?: boolean;
  readonly fault?: boolean;
  readonly throttle?: boolean;
  readonly cause?: Cause;
  readonly annotations?: Readonly<Record<string, AnnotationValue>>;
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly aws?: AwsCallData;
  readonly http?: HttpData;
  readonly subsegments?: readonly SegmentDocument[];
  readonly [field: string]: unknown;
}

/** A top-level document as received from the wire: its trace id is known. */
export type ReceivedDocument = SegmentDocument & { readonly trace_id: string };

/** Thrown when a datagram is not an X-Ray daemon packet; the message says what is wrong with it. */
export class XRayPacketError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'XRayPacketError';
  }
}

/**
 * Parses one UDP datagram as the X-Ray SDK sends it: the header `{"format":"json","version":1}`,
 * a newline, then one segment or subsegment document.
 *
 * @throws {XRayPacketError} when the header is missing or unsupported, the body is not JSON, or the
 * document lacks `trace_id`, `id`, `name` or `start_time` (also checked on nested subsegments, but for `trace_id`).
 * @example
 * ```ts
 * const doc = parseDaemonPacket(Buffer.from('{"format":"json","version":1}\n{"trace_id":"1-…","id":"…","name":"## handler","start_time":1}'));
 * doc.trace_id; // '1-…'
 * ```
 */
export function parseDaemonPacket(buf: Buffer): ReceivedDocument {
  const text = buf.toString('utf8');
  const newline = text.indexOf('\n');
  if (newline < 0) {
    throw new XRayPacketError(`X-Ray packet has no header line (expected {"format":"json","version":1} then a newline): ${excerpt(text)}`);
  }
  checkHeader(text.slice(0, newline));

  const body = text.slice(newline + 1).trim();
  if (body === '') {
    throw new XRayPacketError('X-Ray packet has a header but no segment document after it');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new XRayPacketError(`X-Ray segment document is not valid JSON: ${excerpt(body)}`, { cause: error });
  }
  if (!isRecord(parsed)) {
    throw new XRayPacketError(`X-Ray segment document must be a JSON object: ${excerpt(body)}`);
  }
  if (typeof parsed.trace_id !== 'string' || parsed.trace_id === '') {
    throw new XRayPacketError(`X-Ray segment document has no trace_id: ${excerpt(body)}`);
  }
  checkDocument(parsed, 'document');
  return parsed as ReceivedDocument;
}

function checkHeader(line: string): void {
  let header: unknown;
  try {
    header = JSON.parse(line);
  } catch (error) {
    throw new XRayPacketError(`X-Ray packet header is not JSON: ${excerpt(line)}`, { cause: error });
  }
  // Other SDKs format the header with spaces, so compare the values, not the text.
  if (!isRecord(header) || header.format !== 'json' || header.version !== 1) {
    throw new XRayPacketError(`X-Ray packet header is not {"format":"json","version":1}: ${excerpt(line)}`);
  }
}

function checkDocument(doc: Record<string, unknown>, where: string): void {
  if (typeof doc.id !== 'string' || doc.id === '') {
    throw new XRayPacketError(`X-Ray ${where} has no id: ${excerpt(JSON.stringify(doc))}`);
  }
  if (typeof doc.name !== 'string') {
    throw new XRayPacketError(`X-Ray ${where} ${doc.id} has no name`);
  }
  if (typeof doc.start_time !== 'number' || !Number.isFinite(doc.start_time)) {
    throw new XRayPacketError(`X-Ray ${where} ${doc.id} (${doc.name}) has no numeric start_time`);
  }
  if (doc.end_time !== undefined && typeof doc.end_time !== 'number') {
    throw new XRayPacketError(`X-Ray ${where} ${doc.id} (${doc.name}) has a non-numeric end_time`);
  }
  if (doc.subsegments === undefined) return;
  if (!Array.isArray(doc.subsegments)) {
    throw new XRayPacketError(`X-Ray ${where} ${doc.id} (${doc.name}) has subsegments that are not an array`);
  }
  for (const child of doc.subsegments as unknown[]) {
    if (!isRecord(child)) {
      throw new XRayPacketError(`X-Ray ${where} ${doc.id} (${doc.name}) has a subsegment that is not an object`);
    }
    checkDocument(child, `subsegment of ${doc.id}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Enough of the bad input to recognise it, without flooding the terminal with a 64 KB datagram. */
function excerpt(text: string): string {
  const max = 120;
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}
