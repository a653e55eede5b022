/** One JSON log line a function printed, as Logs Insights would hold it. */
export interface LogRecord {
  /** `/aws/lambda/<function_name>`. */
  readonly logGroup: string;
  /** The line as printed: `@message`. */
  readonly message: string;
  /** Its JSON fields. */
  readonly fields: Readonly<Record<string, unknown>>;
  /** Epoch ms: the line's own `timestamp` when it has one, else when it was received. */
  readonly timestamp: number;
}

/**
 * The most recent JSON log lines of each function, for the preview's Logs Insights widgets. A line
 * belongs to the log group of its `function_name` field (every line `withObservability` writes has
 * one); other lines, and EMF lines (metrics, shown by the metric widgets), are not kept. Oldest
 * lines go first once `capacity` is reached.
 */
export class LogBuffer {
  readonly #records: LogRecord[] = [];
  readonly #capacity: number;
  readonly #now: () => number;

  /** @param capacity lines kept over all functions @default 2000 */
  public constructor(options: { readonly capacity?: number; readonly now?: () => number } = {}) {
    this.#capacity = options.capacity ?? 2000;
    this.#now = options.now ?? Date.now;
  }

  /** Keeps the line if it is a function's JSON log line; returns whether it did. */
  public add(line: string): boolean {
    if (!line.startsWith('{')) return false;
    let fields: unknown;
    try {
      fields = JSON.parse(line);
    } catch {
      return false;
    }
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return false;
    const record = fields as Record<string, unknown>;
    const functionName = record['function_name'];
    if (typeof functionName !== 'string' || '_aws' in record) return false;
    const stamped = typeof record['timestamp'] === 'string' ? Date.parse(record['timestamp']) : NaN;
    this.#records.push({ logGroup: `/aws/lambda/${functionName}`, message: line, fields: record, timestamp: Number.isFinite(stamped) ? stamped : this.#now() });
    if (this.#records.length > this.#capacity) this.#records.shift();
    return true;
  }

  /** The lines of these log groups, oldest first. */
  public records(logGroups: readonly string[]): LogRecord[] {
    const wanted = new Set(logGroups);
    return this.#records.filter((record) => wanted.has(record.logGroup));
  }
}
