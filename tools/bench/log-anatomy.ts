/**
 * What a request's stdout is made of, from the lines it wrote: bytes as CloudWatch Logs ingests
 * them, EMF blobs and the metric series they create, and which fields cost the most bytes.
 */
import { FigureError, mean } from './figures';

/** The bytes a line costs as written: its UTF-8 bytes and the newline that ends it. */
export const lineBytes = (line: string): number => Buffer.byteLength(line, 'utf8') + 1;

interface EmfDirective {
  readonly Namespace: string;
  readonly Dimensions: readonly (readonly string[])[];
  readonly Metrics: readonly { readonly Name: string }[];
}

const parseObject = (line: string): Record<string, unknown> | undefined => {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

const directivesOf = (record: Record<string, unknown>): readonly EmfDirective[] | undefined => {
  const aws = record['_aws'] as { CloudWatchMetrics?: unknown } | undefined;
  return Array.isArray(aws?.CloudWatchMetrics) ? (aws.CloudWatchMetrics as EmfDirective[]) : undefined;
};

/** Whether a line is an Embedded Metric Format blob (a JSON object with `_aws.CloudWatchMetrics`). */
export const isEmfLine = (line: string): boolean => {
  const record = parseObject(line);
  return record !== undefined && directivesOf(record) !== undefined;
};

/**
 * The CloudWatch metrics an EMF line puts data into, one key per namespace, dimension set (names and
 * the line's values) and metric name: `Periscope/Orders|currency=EUR,service=orders|OrderValue`.
 * Each distinct key is one billed custom metric. Empty for a line that is not EMF.
 */
export function emfSeriesOf(line: string): string[] {
  const record = parseObject(line);
  const directives = record === undefined ? undefined : directivesOf(record);
  if (record === undefined || directives === undefined) return [];
  return directives.flatMap((directive) =>
    directive.Dimensions.flatMap((dimensionSet) => {
      const dimensions = [...dimensionSet]
        .sort()
        .map((name) => `${name}=${String(record[name])}`)
        .join(',');
      return directive.Metrics.map((metric) => `${directive.Namespace}|${dimensions}|${metric.Name}`);
    }),
  );
}

/** What one kind of request writes, averaged over its requests. */
export interface RequestOutput {
  /** Bytes written (lines with their newlines). */
  readonly bytes: number;
  readonly lines: number;
  /** EMF blobs among the lines. */
  readonly emfBlobs: number;
}

/**
 * Averages what each request wrote.
 * @param requests - each request's lines, as captured
 * @throws {FigureError} when there are no requests
 */
export function averageOutput(requests: readonly (readonly string[])[]): RequestOutput {
  if (requests.length === 0) throw new FigureError('no requests to average the output of');
  return {
    bytes: mean(requests.map((lines) => lines.reduce((sum, line) => sum + lineBytes(line), 0))),
    lines: mean(requests.map((lines) => lines.length)),
    emfBlobs: mean(requests.map((lines) => lines.filter(isEmfLine).length)),
  };
}

/** A part of the output and the bytes it costs per request. */
export interface OutputPart {
  readonly part: string;
  readonly bytes: number;
}

/**
 * What a line is, for a breakdown: `EMF OrderValue,OrderCreated`, `log "request completed"`, or
 * `text` for a line that is not a JSON object.
 */
export function lineKindOf(line: string): string {
  const record = parseObject(line);
  if (record === undefined) return 'text';
  const directives = directivesOf(record);
  if (directives !== undefined) return `EMF ${directives.flatMap((d) => d.Metrics.map((m) => m.Name)).join(',')}`;
  return typeof record['message'] === 'string' ? `log "${record['message']}"` : 'JSON line';
}

/**
 * Bytes per request by line kind (see {@link lineKindOf}), heaviest first: which lines cost the most.
 * @throws {FigureError} when there are no requests
 */
export function bytesByLineKind(requests: readonly (readonly string[])[]): OutputPart[] {
  return perRequest(requests, (line) => [{ part: lineKindOf(line), bytes: lineBytes(line) }]);
}

/**
 * Bytes per request by top-level JSON field (`"name":value,`), over every JSON line, heaviest first:
 * which fields cost the most. An EMF blob's `_aws` metadata is the field `_aws`; a line's braces and
 * newline are `{}\n`; a line that is not JSON counts whole as `(text)`.
 * @throws {FigureError} when there are no requests
 */
export function bytesByField(requests: readonly (readonly string[])[]): OutputPart[] {
  return perRequest(requests, (line) => {
    const record = parseObject(line);
    if (record === undefined) return [{ part: '(text)', bytes: lineBytes(line) }];
    const fields = Object.entries(record).map(([name, value]) => ({ part: name, bytes: Buffer.byteLength(`${JSON.stringify(name)}:${JSON.stringify(value)}`, 'utf8') }));
    const commas = Math.max(0, fields.length - 1);
    // What the fields do not account for: braces, commas and the newline (so the parts sum to the line).
    return [...fields, { part: '{}\\n', bytes: lineBytes(line) - fields.reduce((sum, field) => sum + field.bytes, 0) - commas }, { part: ',', bytes: commas }];
  });
}

function perRequest(requests: readonly (readonly string[])[], partsOf: (line: string) => OutputPart[]): OutputPart[] {
  if (requests.length === 0) throw new FigureError('no requests to break the output of down');
  const totals = new Map<string, number>();
  for (const lines of requests) {
    for (const line of lines) for (const { part, bytes } of partsOf(line)) totals.set(part, (totals.get(part) ?? 0) + bytes);
  }
  return [...totals].map(([part, bytes]) => ({ part, bytes: bytes / requests.length })).sort((a, b) => b.bytes - a.bytes || a.part.localeCompare(b.part));
}
