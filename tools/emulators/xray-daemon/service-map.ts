import type { SegmentDocument } from './segment-document';
import type { AssembledTrace, TraceNode } from './trace-assembler';

/** What a service map node stands for. */
export const ServiceMapNodeKind = {
  /** The implicit caller of every function (API Gateway, a test, a user). */
  client: 'client',
  /** A handler: one Lambda function of a service. */
  function: 'function',
  /** An AWS service called through the SDK (`namespace: 'aws'`), per DynamoDB table. */
  aws: 'aws',
  /** Any other downstream call (`namespace: 'remote'`), by name. */
  remote: 'remote',
} as const;
export type ServiceMapNodeKind = (typeof ServiceMapNodeKind)[keyof typeof ServiceMapNodeKind];

/** One caller or callee. */
export interface ServiceMapNode {
  /** `client`, `orders createOrder`, `DynamoDB periscope-orders-dev-orders`, `SSM`, `api.example.com`. */
  readonly name: string;
  readonly kind: ServiceMapNodeKind;
  /** Calls it received (0 for the client). */
  readonly calls: number;
  /** Share (0–1) of end-to-end time spent in it rather than in calls it made; overlapping calls split the overlap. */
  readonly timeShare: number;
  /** Calls to it that failed (fault or throttle) while no call it made failed: failures that start here. */
  readonly ownFailures: number;
  /** `ownFailures / calls`, 0 for no calls. */
  readonly ownFailureRate: number;
}

/** Latency of completed calls on an edge, milliseconds, nearest-rank percentiles. */
export interface LatencySummary {
  readonly p50: number;
  readonly p99: number;
  /** Calls with an end time (in-progress ones have no duration). */
  readonly samples: number;
}

/** Calls from one node to another, classified as X-Ray does: throttles are errors too. */
export interface ServiceMapEdge {
  readonly from: string;
  readonly to: string;
  readonly calls: number;
  /** Client errors (4xx, or the `error`/`throttle` flag), throttles included. */
  readonly errors: number;
  /** Server errors (5xx, or the `fault` flag without a 4xx status). */
  readonly faults: number;
  /** Throttled (429, or the `throttle` flag). */
  readonly throttles: number;
  readonly errorRate: number;
  readonly faultRate: number;
  readonly throttleRate: number;
  /** Undefined when no call on the edge completed. */
  readonly latency: LatencySummary | undefined;
}

/** The node to look at first, and why. */
export interface ServiceMapBottleneck {
  readonly node: string;
  /** Which rule chose it: see {@link buildServiceMap}. */
  readonly rule: 'failures' | 'latency';
  /** One line, e.g. `61.2% of end-to-end time; p99 48 ms over 120 calls`. */
  readonly why: string;
}

/** Who calls whom across a set of traces, how often, how fast and how well. */
export interface ServiceMap {
  readonly traceCount: number;
  /** Client, then functions, then AWS services, then remote calls; by name within each. */
  readonly nodes: readonly ServiceMapNode[];
  /** Ordered like their callers, then their callees. */
  readonly edges: readonly ServiceMapEdge[];
  /** Undefined when no call failed on its own and none has a duration. */
  readonly bottleneck: ServiceMapBottleneck | undefined;
}

/** Options for {@link buildServiceMap}. */
export interface ServiceMapOptions {
  /** Name of the implicit caller. @default 'client' */
  readonly clientName?: string;
  /** Own failure rate (0–1) from which a node is the bottleneck for its failures rather than its time. @default 0.01 */
  readonly failureRateThreshold?: number;
  /** Names the function of a root (sub)segment; return undefined to use the default rule. @default the rule in {@link buildServiceMap} */
  readonly functionName?: (document: SegmentDocument) => string | undefined;
}

/**
 * The caller of a downstream call made outside any handler subsegment, in a trace without one. (In a trace
 * with one, such a call is the first handler's: the facade segment that would say whose it is is never sent.)
 */
export const UNKNOWN_FUNCTION = 'unknown function';

interface Outcome {
  readonly failure: 'ok' | 'error' | 'fault';
  readonly throttle: boolean;
}

interface Call {
  readonly from: string;
  readonly to: string;
  readonly kind: ServiceMapNodeKind;
  readonly document: SegmentDocument;
  readonly outcome: Outcome;
  readonly durationMs: number | undefined;
  /** The downstream calls made within it. */
  readonly inner: readonly Call[];
}

interface NodeTally {
  readonly kind: ServiceMapNodeKind;
  calls: number;
  ownFaults: number;
  ownThrottles: number;
  selfMs: number;
  readonly durations: number[];
}

const failed = (call: Call): boolean => call.outcome.failure === 'fault' || call.outcome.throttle;

/**
 * Builds the service map of a set of traces (e.g. `collector.traces()`): one node per caller and callee,
 * one edge per caller → callee pair. Pure: same traces in, same map out.
 *
 * Nodes. Every root (sub)segment that is not a downstream call is a function called by the client. In
 * Lambda that is the `## <handler>` subsegment (the facade segment is never sent), named
 * `<Service annotation> <function>`, where the function is the export of `## handlers/orders/handler.createOrder`
 * (`createOrder`), the file when the export is `handler` (`slack-notifier`), or the `Route` annotation when the
 * handler is just `## handler` (no `_HANDLER`). A (sub)segment with `namespace: 'aws'` is an AWS service,
 * `DynamoDB <table_name>` when it names a table; `namespace: 'remote'` is a remote call by name. Other
 * subsegments are local work: their calls belong to the enclosing node.
 *
 * Outcomes. The HTTP status decides when it is 4xx (error; throttle too on 429 or the `throttle` flag) or 5xx
 * (fault); otherwise the flags do. Status first because the X-Ray SDK also sets `fault` on every AWS call
 * that throws: a throttled PutItem arrives with status 400 and `error`, `throttle` and `fault` all set.
 *
 * Bottleneck, in two steps:
 * 1. Failures: among nodes whose own failure rate (faults and throttles not explained by a failing call they
 *    made, over calls received) reaches `failureRateThreshold`, the highest rate; ties go to more failures.
 * 2. Otherwise latency: the node with the largest share of end-to-end time (the summed durations of the
 *    traces' roots) spent in it and not in calls it made, so a slow table beats the handler waiting for it;
 *    overlapping calls share the time they overlap. Ties go to the higher p99.
 *
 * @example
 * ```ts
 * const map = buildServiceMap(collector.traces());
 * console.log(renderServiceMap(map));
 * // client → orders createOrder  120 calls  0.0% errors  0.8% faults  p50 12 ms  p99 48 ms
 * // orders createOrder → DynamoDB periscope-orders-dev-orders  120 calls  0.0% errors  0.8% faults  p50 6.1 ms  p99 31 ms
 * // bottleneck: DynamoDB periscope-orders-dev-orders (61.2% of end-to-end time; p99 31 ms over 120 calls)
 * ```
 */
export function buildServiceMap(traces: readonly AssembledTrace[], options: ServiceMapOptions = {}): ServiceMap {
  const clientName = options.clientName ?? 'client';
  const threshold = options.failureRateThreshold ?? 0.01;
  if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`failureRateThreshold must be a rate from 0 to 1, got ${threshold}`);
  const nameFunction = (doc: SegmentDocument): string => options.functionName?.(doc) ?? defaultFunctionName(doc);

  const nodes = new Map<string, NodeTally>();
  const edges = new Map<string, { from: string; to: string; calls: number; errors: number; faults: number; throttles: number; durations: number[] }>();
  const nodeOf = (name: string, kind: ServiceMapNodeKind) => {
    const node = nodes.get(name) ?? { kind, calls: 0, ownFaults: 0, ownThrottles: 0, selfMs: 0, durations: [] };
    nodes.set(name, node);
    return node;
  };
  let endToEndMs = 0;

  const count = (call: Call, weight: number): void => {
    nodeOf(call.from, call.from === clientName ? 'client' : 'function');
    const key = `${call.from}\u0000${call.to}`;
    const edge = edges.get(key) ?? { from: call.from, to: call.to, calls: 0, errors: 0, faults: 0, throttles: 0, durations: [] };
    edges.set(key, edge);
    edge.calls += 1;
    if (call.outcome.failure === 'error') edge.errors += 1;
    if (call.outcome.failure === 'fault') edge.faults += 1;
    if (call.outcome.throttle) edge.throttles += 1;
    const node = nodeOf(call.to, call.kind);
    node.calls += 1;
    if (failed(call) && !call.inner.some(failed)) {
      if (call.outcome.throttle) node.ownThrottles += 1;
      else node.ownFaults += 1;
    }
    if (call.durationMs !== undefined) {
      edge.durations.push(call.durationMs);
      node.durations.push(call.durationMs);
    }
    const split = splitTime(call);
    node.selfMs += weight * split.selfMs;
    for (const [index, inner] of call.inner.entries()) count(inner, weight * (split.weights[index] ?? 0));
  };

  for (const trace of traces) {
    for (const call of callsOf(trace, clientName, nameFunction)) {
      endToEndMs += call.durationMs ?? 0;
      count(call, 1);
    }
  }

  const rank: Record<ServiceMapNodeKind, number> = { client: 0, function: 1, aws: 2, remote: 3 };
  const ordered = [...nodes].sort(([a, x], [b, y]) => rank[x.kind] - rank[y.kind] || (a < b ? -1 : a > b ? 1 : 0));
  const position = new Map(ordered.map(([name], index) => [name, index]));
  const mapNodes: ServiceMapNode[] = ordered.map(([name, node]) => ({
    name,
    kind: node.kind,
    calls: node.calls,
    timeShare: endToEndMs > 0 ? node.selfMs / endToEndMs : 0,
    ownFailures: node.ownFaults + node.ownThrottles,
    ownFailureRate: node.calls > 0 ? (node.ownFaults + node.ownThrottles) / node.calls : 0,
  }));
  const mapEdges: ServiceMapEdge[] = [...edges.values()]
    .sort((a, b) => (position.get(a.from) ?? 0) - (position.get(b.from) ?? 0) || (position.get(a.to) ?? 0) - (position.get(b.to) ?? 0))
    .map(({ durations, ...edge }) => ({
      ...edge,
      errorRate: edge.errors / edge.calls,
      faultRate: edge.faults / edge.calls,
      throttleRate: edge.throttles / edge.calls,
      latency: summarise(durations),
    }));
  return { traceCount: traces.length, nodes: mapNodes, edges: mapEdges, bottleneck: bottleneckOf(mapNodes, nodes, threshold) };
}

function bottleneckOf(nodes: readonly ServiceMapNode[], tallies: ReadonlyMap<string, NodeTally>, threshold: number): ServiceMapBottleneck | undefined {
  const called = nodes.filter((node) => node.calls > 0);
  const worst = called.filter((node) => node.ownFailures > 0 && node.ownFailureRate >= threshold).sort((a, b) => b.ownFailureRate - a.ownFailureRate || b.ownFailures - a.ownFailures)[0];
  if (worst !== undefined) {
    const tally = tallies.get(worst.name);
    const kinds = [tally?.ownFaults ? plural(tally.ownFaults, 'fault') : '', tally?.ownThrottles ? `${tally.ownThrottles} throttled` : ''].filter(Boolean);
    return { node: worst.name, rule: 'failures', why: `own failure rate ${percent(worst.ownFailureRate)}: ${worst.ownFailures} of ${worst.calls} calls, ${kinds.join(', ')}` };
  }
  const p99 = (name: string): number => summarise(tallies.get(name)?.durations ?? [])?.p99 ?? 0;
  const slowest = [...called].sort((a, b) => b.timeShare - a.timeShare || p99(b.name) - p99(a.name))[0];
  if (slowest === undefined || slowest.timeShare <= 0) return undefined;
  return { node: slowest.name, rule: 'latency', why: `${percent(slowest.timeShare)} of end-to-end time; p99 ${ms(p99(slowest.name))} over ${plural(slowest.calls, 'call')}` };
}

/** The calls of one trace: the client's calls to its functions, and calls made outside any handler subsegment. */
function callsOf(trace: AssembledTrace, clientName: string, nameFunction: (doc: SegmentDocument) => string): Call[] {
  const entry = trace.roots.find((root) => downstreamOf(root.document) === undefined);
  const outsideCaller = entry === undefined ? UNKNOWN_FUNCTION : nameFunction(entry.document);
  return trace.roots.map((root) => {
    const downstream = downstreamOf(root.document);
    return downstream === undefined ? callOf(clientName, { name: nameFunction(root.document), kind: 'function' }, root) : callOf(outsideCaller, downstream, root);
  });
}

function callOf(from: string, to: { readonly name: string; readonly kind: ServiceMapNodeKind }, node: TraceNode): Call {
  const inner: Call[] = [];
  const collect = (parent: TraceNode): void => {
    for (const child of parent.children) {
      const downstream = downstreamOf(child.document);
      if (downstream === undefined) collect(child);
      else inner.push(callOf(to.name, downstream, child));
    }
  };
  collect(node);
  const doc = node.document;
  const durationMs = doc.in_progress !== true && typeof doc.end_time === 'number' ? Math.max(0, (doc.end_time - doc.start_time) * 1000) : undefined;
  return { from, to: to.name, kind: to.kind, document: doc, outcome: outcomeOf(doc), durationMs, inner };
}

function downstreamOf(doc: SegmentDocument): { readonly name: string; readonly kind: ServiceMapNodeKind } | undefined {
  if (doc.namespace === 'remote') return { name: doc.name, kind: 'remote' };
  if (doc.namespace !== 'aws') return undefined;
  const table = doc.aws?.table_name;
  return { name: typeof table === 'string' && table !== '' ? `${doc.name} ${table}` : doc.name, kind: 'aws' };
}

function defaultFunctionName(doc: SegmentDocument): string {
  const service = doc.annotations?.Service;
  const route = doc.annotations?.Route;
  let name = doc.name;
  if (name.startsWith('## ')) {
    const handler = name.slice(3);
    const dot = handler.lastIndexOf('.');
    const exported = handler.slice(dot + 1);
    const file = handler.slice(0, Math.max(dot, 0)).split('/').pop() ?? '';
    if (handler === 'handler') name = typeof route === 'string' ? route : 'handler';
    else name = exported === 'handler' && file !== '' ? file : exported;
  }
  return typeof service === 'string' && service !== '' && service !== name ? `${service} ${name}` : name;
}

function outcomeOf(doc: SegmentDocument): Outcome {
  const status = doc.http?.response?.status;
  if (typeof status === 'number' && status >= 500) return { failure: 'fault', throttle: false };
  if (typeof status === 'number' && status >= 400) return { failure: 'error', throttle: status === 429 || doc.throttle === true };
  if (doc.fault === true) return { failure: 'fault', throttle: false };
  if (doc.error === true || doc.throttle === true) return { failure: 'error', throttle: doc.throttle === true };
  return { failure: 'ok', throttle: false };
}

/**
 * How a call's time divides between the call itself (while none of its own calls runs) and the calls it made:
 * each instant several of them overlap is split evenly among them, so node times add up to the end-to-end
 * time. `weights[i]` is the fraction of inner call i's time that counts (1 unless it overlaps another).
 */
function splitTime(call: Call): { readonly selfMs: number; readonly weights: readonly number[] } {
  const { start_time: start, end_time: end } = call.document;
  if (call.durationMs === undefined || end === undefined) return { selfMs: 0, weights: call.inner.map(() => 0) };
  const spans = call.inner.map(({ document }): [number, number] => [Math.max(start, document.start_time), Math.min(end, document.end_time ?? end)]);
  const cuts = [...new Set(spans.flat())].filter((t) => t >= start && t <= end).sort((a, b) => a - b);
  const shares = spans.map(() => 0);
  let covered = 0;
  for (let i = 0; i + 1 < cuts.length; i += 1) {
    const [from, to] = [cuts[i] as number, cuts[i + 1] as number];
    const running = spans.flatMap(([a, b], index) => (a <= from && b >= to ? [index] : []));
    if (running.length === 0) continue;
    covered += to - from;
    for (const index of running) shares[index] = (shares[index] ?? 0) + (to - from) / running.length;
  }
  const weights = spans.map(([a, b], index) => (b > a ? (shares[index] ?? 0) / (b - a) : 0));
  return { selfMs: Math.max(0, call.durationMs - covered * 1000), weights };
}

/** Nearest-rank percentiles: the smallest value with at least p% of the values at or below it. */
function summarise(durations: readonly number[]): LatencySummary | undefined {
  if (durations.length === 0) return undefined;
  const sorted = [...durations].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] as number;
  return { p50: at(50), p99: at(99), samples: sorted.length };
}

/** How to render a service map. */
export interface RenderServiceMapOptions {
  /** ANSI colours: red faults, yellow throttles, dim latencies. @default false */
  readonly color?: boolean;
}

/**
 * Renders a service map as text: one line per edge, then the bottleneck. Deterministic.
 * @example
 * ```ts
 * console.log(renderServiceMap(buildServiceMap(collector.traces())));
 * // client → orders createOrder  120 calls  0.0% errors  0.8% faults  p50 12 ms  p99 48 ms
 * // bottleneck: DynamoDB periscope-orders-dev-orders (61.2% of end-to-end time; p99 31 ms over 120 calls)
 * ```
 */
export function renderServiceMap(map: ServiceMap, options: RenderServiceMapOptions = {}): string {
  const paint = (code: number) => (text: string) => (options.color === true ? `\u001b[${code}m${text}\u001b[0m` : text);
  const [red, yellow, dim] = [paint(31), paint(33), paint(2)];
  const lines = map.edges.map((edge) => {
    const faults = `${percent(edge.faultRate)} faults`;
    const parts = [`${edge.from} → ${edge.to}`, plural(edge.calls, 'call'), `${percent(edge.errorRate)} errors`, edge.faults > 0 ? red(faults) : faults];
    if (edge.throttles > 0) parts.push(yellow(`${percent(edge.throttleRate)} throttled`));
    parts.push(dim(edge.latency === undefined ? 'no timings' : `p50 ${ms(edge.latency.p50)}  p99 ${ms(edge.latency.p99)}`));
    return parts.join('  ');
  });
  if (lines.length === 0) lines.push(`no calls in ${plural(map.traceCount, 'trace')}`);
  lines.push(map.bottleneck === undefined ? 'bottleneck: none' : `bottleneck: ${red(map.bottleneck.node)} (${map.bottleneck.why})`);
  return lines.join('\n');
}

const percent = (rate: number): string => `${(rate * 100).toFixed(1)}%`;
/** Under 10 ms a tenth of a millisecond still tells calls apart; above, it is noise. */
const ms = (value: number): string => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;
