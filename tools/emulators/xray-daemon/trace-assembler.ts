import type { ReceivedDocument, SegmentDocument } from './segment-document';

/** One (sub)segment in a reassembled trace. */
export interface TraceNode {
  readonly id: string;
  /** The parent's id as sent, even when that parent (the Lambda facade) never arrives. */
  readonly parentId: string | undefined;
  /** The document as received, without `subsegments`: those are in `children`. */
  readonly document: SegmentDocument;
  /** Ordered by `start_time`, then by arrival. */
  readonly children: readonly TraceNode[];
}

/** All documents received for one trace id, as a forest. */
export interface AssembledTrace {
  readonly traceId: string;
  /** Nodes whose parent was not received (in Lambda: the children of the facade segment), by `start_time`. */
  readonly roots: readonly TraceNode[];
  /** How many (sub)segments the trace holds, nested ones included. */
  readonly nodeCount: number;
  /** Earliest `start_time`, epoch seconds. */
  readonly startTime: number;
  /** Latest `end_time`, epoch seconds; undefined when no node has ended. */
  readonly endTime: number | undefined;
  /** True while any node is still `in_progress`. */
  readonly inProgress: boolean;
}

interface StoredNode {
  readonly document: SegmentDocument;
  readonly parentId: string | undefined;
  /** Arrival order, so equal start times still sort the same way every run. */
  readonly seq: number;
}

/**
 * Collects X-Ray documents by trace id and links them into trees by `parent_id` → `id`, whatever order
 * they arrive in. Pure: no clock, no I/O; deciding when a trace is finished is the caller's job.
 *
 * In Lambda mode the SDK streams every subsegment on its own as it closes (children before parents, the
 * parent without the children already sent), so linking cannot rely on nesting alone. Nested
 * `subsegments` in a received document are kept too.
 *
 * A document whose id was already received replaces the earlier one unless the earlier one is complete and
 * the new one is `in_progress` (UDP may reorder them).
 *
 * @example
 * ```ts
 * const assembler = new TraceAssembler();
 * for (const packet of packets) assembler.add(parseDaemonPacket(packet));
 * for (const id of assembler.traceIds()) console.log(renderTraceTree(assembler.build(id)!));
 * ```
 */
export class TraceAssembler {
  readonly #traces = new Map<string, Map<string, StoredNode>>();
  #seq = 0;

  /** Adds one received document (and the subsegments nested in it); returns its trace id. */
  public add(document: ReceivedDocument): string {
    const traceId = document.trace_id;
    let nodes = this.#traces.get(traceId);
    if (nodes === undefined) {
      nodes = new Map();
      this.#traces.set(traceId, nodes);
    }
    this.#store(nodes, document, document.parent_id);
    return traceId;
  }

  /** Trace ids with at least one document, in first-arrival order. */
  public traceIds(): string[] {
    return [...this.#traces.keys()];
  }

  /** Whether any document has been received for this trace id. */
  public has(traceId: string): boolean {
    return this.#traces.has(traceId);
  }

  /** True when some node of the trace is still `in_progress` (false for an unknown trace). */
  public isInProgress(traceId: string): boolean {
    const nodes = this.#traces.get(traceId);
    return nodes !== undefined && [...nodes.values()].some((node) => node.document.in_progress === true);
  }

  /** The trace as it stands now, or undefined for an unknown trace id. */
  public build(traceId: string): AssembledTrace | undefined {
    const nodes = this.#traces.get(traceId);
    return nodes === undefined ? undefined : link(traceId, nodes);
  }

  /** Forgets a trace, so a later document with its id starts afresh. */
  public delete(traceId: string): void {
    this.#traces.delete(traceId);
  }

  #store(nodes: Map<string, StoredNode>, document: SegmentDocument, parentId: string | undefined): void {
    const { subsegments, ...own } = document;
    const existing = nodes.get(document.id);
    const staleUpdate = existing !== undefined && existing.document.in_progress !== true && own.in_progress === true;
    if (!staleUpdate) {
      nodes.set(document.id, { document: own, parentId: parentId ?? existing?.parentId, seq: existing?.seq ?? this.#seq++ });
    }
    for (const child of subsegments ?? []) this.#store(nodes, child, document.id);
  }
}

/**
 * Reassembles a batch of documents in one go: one trace per trace id, in first-arrival order.
 * @example
 * ```ts
 * const [trace] = assembleTraces(packets.map(parseDaemonPacket));
 * ```
 */
export function assembleTraces(documents: readonly ReceivedDocument[]): AssembledTrace[] {
  const assembler = new TraceAssembler();
  for (const document of documents) assembler.add(document);
  return assembler.traceIds().map((id) => assembler.build(id) as AssembledTrace);
}

function link(traceId: string, nodes: ReadonlyMap<string, StoredNode>): AssembledTrace {
  const childrenOf = new Map<string, StoredNode[]>();
  const roots: StoredNode[] = [];
  for (const node of nodes.values()) {
    const parentKnown = node.parentId !== undefined && node.parentId !== node.document.id && nodes.has(node.parentId);
    if (parentKnown) {
      const siblings = childrenOf.get(node.parentId as string) ?? [];
      siblings.push(node);
      childrenOf.set(node.parentId as string, siblings);
    } else {
      roots.push(node);
    }
  }

  const visited = new Set<string>();
  const toTree = (node: StoredNode): TraceNode => {
    visited.add(node.document.id);
    const children = sorted(childrenOf.get(node.document.id) ?? [])
      .filter((child) => !visited.has(child.document.id))
      .map(toTree);
    return { id: node.document.id, parentId: node.parentId, document: node.document, children };
  };
  const trees = sorted(roots).map(toTree);
  // Nodes whose parent chain loops never reach a root; show them rather than drop them silently.
  for (const node of sorted([...nodes.values()])) {
    if (!visited.has(node.document.id)) trees.push(toTree(node));
  }

  let startTime = Infinity;
  let endTime: number | undefined;
  let inProgress = false;
  for (const { document: doc } of nodes.values()) {
    startTime = Math.min(startTime, doc.start_time);
    if (typeof doc.end_time === 'number') endTime = Math.max(endTime ?? doc.end_time, doc.end_time);
    inProgress ||= doc.in_progress === true;
  }
  return { traceId, roots: trees, nodeCount: nodes.size, startTime, endTime, inProgress };
}

function sorted(nodes: readonly StoredNode[]): StoredNode[] {
  return [...nodes].sort((a, b) => a.document.start_time - b.document.start_time || a.seq - b.seq);
}
