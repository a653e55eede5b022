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
