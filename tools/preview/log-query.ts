import type { LogBuffer, LogRecord } from './log-buffer';

/** Thrown for a Logs Insights query, or part of one, that the local runner does not understand. */
export class LogQueryError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LogQueryError';
  }
}

/** What a log widget shows. */
export interface LogTable {
  readonly logGroups: readonly string[];
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Why the rows are not exactly what Logs Insights would return. */
  readonly notes: readonly string[];
}

type Predicate = (record: LogRecord) => boolean;

interface ParsedQuery {
  readonly logGroups: string[];
  readonly fields?: string[];
  readonly predicates: Predicate[];
  readonly sort?: { readonly field: string; readonly descending: boolean };
  readonly limit?: number;
  /** Commands the local runner does not run (`stats`, `parse`...). */
  readonly unsupported: string[];
}

/** Rows shown when the query has no `limit`, and at most. */
const MAX_ROWS = 100;

/** Splits on `|` outside quotes and outside a `/regex/` that follows `like`. */
function splitCommands(query: string): string[] {
  const commands: string[] = [];
  let current = '';
  let closer: string | undefined;
  for (let i = 0; i < query.length; i += 1) {
    const c = query[i] as string;
    if (closer !== undefined) {
      if (c === '\\') {
        i += 1;
        current += query[i] === undefined ? c : c + query[i];
      } else {
        if (c === closer) closer = undefined;
        current += c;
      }
      continue;
    }
    if (c === '"' || c === "'") closer = c;
    else if (c === '/' && /\blike\s*$/i.test(current)) closer = '/';
    if (c === '|' && closer === undefined) {
      commands.push(current.trim());
      current = '';
    } else current += c;
  }
  commands.push(current.trim());
  return commands.filter((command) => command !== '');
}

/** A field of a record: `@message`, `@timestamp`, `@log`, or a JSON field, dotted for nesting (`error.name`). */
function fieldOf(record: LogRecord, name: string): unknown {
  if (name === '@message') return record.message;
  if (name === '@timestamp') return record.timestamp;
  if (name === '@log') return record.logGroup;
  let value: unknown = record.fields;
  for (const part of name.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

const TOKEN = /\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|\/((?:[^/\\]|\\.)*)\/|(-?\d+(?:\.\d+)?)(?![\w.])|(!=|<=|>=|=|<|>|\(|\)|,)|([@\w.]+))/y;
type Token = { kind: 'string' | 'regex' | 'number' | 'op' | 'word'; text: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const match = TOKEN.exec(text);
    if (match === null) throw new LogQueryError(`cannot read "${text.slice(TOKEN.lastIndex).trim()}" in filter "${text}"`);
    const [, dq, sq, regex, number, op, word] = match;
    if (dq !== undefined || sq !== undefined) tokens.push({ kind: 'string', text: (dq ?? sq ?? '').replace(/\\(.)/g, '$1') });
    else if (regex !== undefined) tokens.push({ kind: 'regex', text: regex });
    else if (number !== undefined) tokens.push({ kind: 'number', text: number });
    else if (op !== undefined) tokens.push({ kind: 'op', text: op });
    else tokens.push({ kind: 'word', text: word as string });
  }
  return tokens;
}

function compare(op: string, actual: unknown, expected: string | number): boolean {
  if (actual === undefined || actual === null) return op === '!=';
  const numeric = typeof expected === 'number' && Number.isFinite(Number(actual));
  const [a, b] = numeric ? [Number(actual), expected as number] : [String(actual), String(expected)];
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

/** A regex as Logs Insights writes it; `(?i)` at the start makes it case-insensitive. */
function regexOf(source: string): RegExp {
  const insensitive = source.startsWith('(?i)');
  return new RegExp(insensitive ? source.slice(4) : source, insensitive ? 'i' : '');
}

/** `filter` expressions: comparisons, `like`, `not like`, `ispresent()`, joined by `and`/`or`/`not` with parentheses. */
function parseFilter(text: string): Predicate {
  const tokens = tokenize(text);
  let at = 0;
  const word = (value: string): boolean => tokens[at]?.kind === 'word' && tokens[at]?.text.toLowerCase() === value;
  const op = (value: string): boolean => tokens[at]?.kind === 'op' && tokens[at]?.text === value;
  const fail = (): never => {
    throw new LogQueryError(`filter "${text}" uses ${tokens[at] === undefined ? 'an incomplete expression' : `"${tokens[at]?.text}"`}, which the local runner does not support`);
  };

  const atom = (): Predicate => {
    if (word('not')) {
      at += 1;
      const inner = atom();
      return (r) => !inner(r);
    }
    if (op('(')) {
      at += 1;
      const inner = or();
      if (!op(')')) fail();
      at += 1;
      return inner;
    }
    if (word('ispresent') && tokens[at + 1]?.text === '(' && tokens[at + 2]?.kind === 'word' && tokens[at + 3]?.text === ')') {
      const field = tokens[at + 2]?.text as string;
      at += 4;
      return (r) => fieldOf(r, field) !== undefined;
    }
    const field = tokens[at];
    if (field?.kind !== 'word') return fail();
    at += 1;
    const negated = word('not') && tokens[at + 1]?.text.toLowerCase() === 'like';
    if (negated) at += 1;
    if (word('like')) {
      at += 1;
      const pattern = tokens[at];
      if (pattern?.kind !== 'regex' && pattern?.kind !== 'string') return fail();
      at += 1;
      const test = pattern.kind === 'regex' ? (value: string) => regexOf(pattern.text).test(value) : (value: string) => value.includes(pattern.text);
      return (r) => {
        const value = fieldOf(r, field.text);
        return (value !== undefined && test(String(value))) !== negated;
      };
    }
    const comparison = tokens[at];
    const literal = tokens[at + 1];
    if (comparison?.kind !== 'op' || !['=', '!=', '<', '<=', '>', '>='].includes(comparison.text) || literal === undefined || !['string', 'number', 'word'].includes(literal.kind)) return fail();
    at += 2;
    const expected = literal.kind === 'number' ? Number(literal.text) : literal.text;
    return (r) => compare(comparison.text, fieldOf(r, field.text), expected);
  };
  const and = (): Predicate => {
    let left = atom();
    while (word('and')) {
      at += 1;
      const [l, right] = [left, atom()];
      left = (r) => l(r) && right(r);
    }
    return left;
  };
  const or = (): Predicate => {
    let left = and();
    while (word('or')) {
      at += 1;
      const [l, right] = [left, and()];
      left = (r) => l(r) || right(r);
    }
    return left;
  };
  const predicate = or();
  if (at < tokens.length) fail();
  return predicate;
}

/**
 * Reads the part of a Logs Insights query a local table can honour: `SOURCE '<group>'` (as dashboards
 * write them), `fields`, `filter`, `sort <field> [asc|desc]` and `limit`. Other commands are listed
 * in `unsupported`; a filter the runner cannot read throws.
 *
 * @throws {LogQueryError} for a filter it cannot read, naming the part.
 */
export function parseLogQuery(query: string): ParsedQuery {
  const parsed: { logGroups: string[]; fields?: string[]; predicates: Predicate[]; sort?: { field: string; descending: boolean }; limit?: number; unsupported: string[] } = {
    logGroups: [],
    predicates: [],
    unsupported: [],
  };
  for (const command of splitCommands(query)) {
    const [keyword = '', ...rest] = command.split(/\s+/);
    const argument = command.slice(keyword.length).trim();
    switch (keyword.toLowerCase()) {
      case 'source':
        parsed.logGroups.push(argument.replace(/^['"`]|['"`]$/g, ''));
        break;
      case 'fields':
        parsed.fields = [
          ...(parsed.fields ?? []),
          ...argument
            .split(',')
            .map((field) => field.trim())
            .filter(Boolean),
        ];
        break;
      case 'filter':
        parsed.predicates.push(parseFilter(argument));
        break;
      case 'sort':
        parsed.sort = { field: rest[0] ?? '@timestamp', descending: (rest[1] ?? 'asc').toLowerCase() === 'desc' };
        break;
      case 'limit':
        parsed.limit = Math.max(0, Number.parseInt(argument, 10) || MAX_ROWS);
        break;
      default:
        parsed.unsupported.push(keyword);
    }
  }
  return parsed;
}

const display = (name: string, value: unknown): string => {
  if (value === undefined || value === null) return '';
  if (name === '@timestamp' && typeof value === 'number') return new Date(value).toISOString().replace('T', ' ').replace('Z', '');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
};

const order = (a: unknown, b: unknown): number => {
  if (a === undefined) return b === undefined ? 0 : 1;
  if (b === undefined) return -1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
};

/**
 * Runs a Logs Insights query of a dashboard's log widget over the lines captured locally, as far as
 * {@link parseLogQuery} reads it. A query with a command or filter the runner does not support gets
 * no rows — lines it did not select would read as an answer — and a note in `notes` saying why.
 *
 * @example
 * ```ts
 * runLogQuery(`SOURCE '/aws/lambda/periscope-orders-dev-createOrder' | fields @timestamp, level | filter level = "ERROR" | sort @timestamp desc | limit 20`, buffer);
 * ```
 */
export function runLogQuery(query: string, buffer: LogBuffer): LogTable {
  const logGroups = [...query.matchAll(/SOURCE\s+['"`]([^'"`]+)['"`]/gi)].map((match) => match[1] as string);
  let parsed: ParsedQuery;
  try {
    parsed = parseLogQuery(query);
  } catch (error) {
    return { logGroups, columns: ['@timestamp', '@message'], rows: [], notes: [`not previewable locally: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const columns = parsed.fields ?? ['@timestamp', '@message'];
  if (parsed.unsupported.length > 0) {
    const commands = parsed.unsupported.map((command) => `\`${command}\``).join(', ');
    return {
      logGroups,
      columns,
      rows: [],
      notes: [`not previewable locally: ${commands} ${parsed.unsupported.length === 1 ? 'is' : 'are'} not run here; in CloudWatch this widget shows the query's result`],
    };
  }
  const sort = parsed.sort ?? { field: '@timestamp', descending: true };
  const selected = buffer
    .records(logGroups)
    .filter((record) => parsed.predicates.every((predicate) => predicate(record)))
    .sort((a, b) => {
      const [x, y] = [fieldOf(a, sort.field), fieldOf(b, sort.field)];
      // Lines without the field go last whichever the direction, as in Logs Insights.
      return x === undefined || y === undefined ? order(x, y) : order(x, y) * (sort.descending ? -1 : 1);
    })
    .slice(0, Math.min(parsed.limit ?? MAX_ROWS, MAX_ROWS));
  return { logGroups, columns, rows: selected.map((record) => columns.map((column) => display(column, fieldOf(record, column)))), notes: [] };
}
