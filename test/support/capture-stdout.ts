import { CANARY_CREDENTIALS } from './lambda';

/** The secret parts of the canary credentials (`Bearer <token>`, `session=<cookie>`). */
const CANARY_VALUES = Object.values(CANARY_CREDENTIALS).map((value) => value.split(/[ =]/).pop() ?? value);

/** Lines written to stdout and stderr while capturing: where EMF and JSON logs go in Lambda. */
export interface CapturedOutput {
  readonly stdout: string[];
  readonly stderr: string[];
  /** Lines of both streams parsed as JSON, in the order written (Powertools writes WARN and ERROR to stderr). */
  json(): Record<string, any>[];
  /** The EMF documents. */
  emf(): Record<string, any>[];
  restore(): void;
}

const parse = (line: string): Record<string, any>[] => {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? [value as Record<string, any>] : [];
  } catch {
    return [];
  }
};

/** Captures process.stdout/stderr writes, line by line, until `restore()`. */
export function captureOutput(): CapturedOutput {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const all: string[] = [];
  const spy = (stream: NodeJS.WriteStream, into: string[]) =>
    jest.spyOn(stream, 'write').mockImplementation(((chunk: string | Uint8Array) => {
      const lines = String(chunk)
        .split('\n')
        .filter((line) => line !== '');
      into.push(...lines);
      all.push(...lines);
      return true;
    }) as typeof stream.write);
  const spies = [spy(process.stdout, stdout), spy(process.stderr, stderr)];
  const json = (): Record<string, any>[] => all.flatMap(parse);
  return {
    stdout,
    stderr,
    json,
    emf: () => json().filter((line) => line._aws?.CloudWatchMetrics),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
      // Every event from apiEvent carries these credentials: none may have been written.
      const leaked = all.filter((line) => CANARY_VALUES.some((value) => line.includes(value)));
      if (leaked.length > 0) throw new Error(`a credential from the test event reached the output:\n${leaked.slice(0, 3).join('\n')}`);
    },
  };
}

/** {@link CapturedOutput} of the running test, with its JSON lines by `message`. */
export interface CapturedOutputEachTest extends CapturedOutput {
  /** The JSON lines whose `message` is this one, in the order written. */
  lines(message: string): Record<string, any>[];
}

/**
 * Captures each test's output at the default log level (`LOG_LEVEL` unset before it starts) and
 * restores the streams after it: call once in a `describe`, read it inside the tests.
 * @example
 * ```ts
 * const output = captureOutputEachTest();
 * it('logs', () => { … expect(output.lines('request completed')).toHaveLength(1); });
 * ```
 */
export function captureOutputEachTest(): CapturedOutputEachTest {
  let current: CapturedOutput | undefined;
  beforeEach(() => {
    delete process.env.LOG_LEVEL;
    current = captureOutput();
  });
  afterEach(() => current?.restore());
  const running = (): CapturedOutput => {
    if (current === undefined) throw new Error('captureOutputEachTest: the output is read outside a test');
    return current;
  };
  return {
    get stdout() {
      return running().stdout;
    },
    get stderr() {
      return running().stderr;
    },
    json: () => running().json(),
    emf: () => running().emf(),
    restore: () => running().restore(),
    lines: (message) =>
      running()
        .json()
        .filter((line) => line.message === message),
  };
}
