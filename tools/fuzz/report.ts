import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Counterexample, FuzzProgress, FuzzReport } from './run-fuzz';

/** Strings longer than this are shortened in a printed event (the full event goes to a file). */
const PRINTED_STRING_LIMIT = 600;

/** The last line of every run: `N cases, M server errors`. */
export const summaryLine = (report: Pick<FuzzReport, 'cases' | 'serverErrors'>): string => `${report.cases} cases, ${report.serverErrors} server errors`;

/**
 * One progress line: `fuzz: 2000/10000 cases, 0 server errors, 31 s` (what a failure is called depends
 * on the target: `property violations` for the queue consumer), or which failure is being shrunk.
 */
export function progressLine(progress: FuzzProgress, failuresAre = 'server errors'): string {
  const seconds = `${Math.round(progress.elapsedMs / 1000)} s`;
  if (progress.shrinking) return `fuzz: shrinking failure ${progress.shrinking.index + 1} of ${progress.shrinking.of}, ${seconds}`;
  return `fuzz: ${progress.cases}/${progress.runs} cases, ${progress.failures} ${failuresAre}, ${seconds}`;
}

/** Each handler's answers by status (`createOrder  201×1200 400×2100 …`), so a run shows its happy paths ran. */
export function statusLines(report: Pick<FuzzReport, 'statuses'>): string[] {
  return Object.entries(report.statuses).map(
    ([route, counts]) =>
      `  ${route.padEnd(13)} ${
        Object.entries(counts)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([status, n]) => `${status}×${n}`)
          .join(' ') || '(none)'
      }`,
  );
}

/** Fields `buildEvent` derives from others (`multiValueHeaders` from `headers`, the request context from the route): not worth printing twice. */
const DERIVED_FIELDS = new Set(['multiValueHeaders', 'requestContext']);

/**
 * What a case changed in the real event it started from: every top-level field that differs, and of
 * the headers only those added or changed (and the names of those removed). Shorter to read than the
 * whole event, and with the fixture, the whole event.
 */
export function eventChanges(event: Readonly<Record<string, unknown>>, template: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  for (const key of new Set([...Object.keys(template), ...Object.keys(event)])) {
    if (DERIVED_FIELDS.has(key) || same(event[key], template[key])) continue;
    if (!Object.hasOwn(event, key)) changes[key] = '(no such field)';
    else if (key === 'headers' && isRecord(event.headers) && isRecord(template.headers)) {
      const was = template.headers;
      const now = event.headers;
      const removed = Object.keys(was).filter((name) => !Object.hasOwn(now, name));
      changes.headers = Object.fromEntries(Object.entries(now).filter(([name, value]) => !Object.hasOwn(was, name) || !same(was[name], value)));
      if (removed.length > 0) changes['headers removed'] = removed;
    } else changes[key] = event[key];
  }
  return changes;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** JSON with long strings shortened to their start and length. */
export function printableJson(value: unknown): string {
  return JSON.stringify(value, (_key, child: unknown) => (typeof child === 'string' && child.length > PRINTED_STRING_LIMIT ? `${child.slice(0, 120)}…[${child.length} characters in all]` : child), 2);
}

/**
 * A counterexample for the terminal: what broke, how to replay it, the event (long strings shortened;
 * the whole event is written to `fullEventFile`) and everything the handler wrote, as written.
 */
export function formatCounterexample(counterexample: Counterexample, index: number, fullEventFile: string): string {
  const { fuzzCase } = counterexample;
  const replay = counterexample.shrunkPath ?? counterexample.path;
  const how = counterexample.reproduced
    ? `shrunk in ${counterexample.shrinks} steps from path ${counterexample.path}`
    : `did not fail again on replay (it may depend on earlier cases); shown as first generated`;
  const output = counterexample.writes.map((write) => `  [${write.stream}] ${write.text.replace(/\n$/, '')}`).join('\n');
  return [
    `✗ counterexample ${index + 1}: ${fuzzCase.route} (${fuzzCase.kind}) ${counterexample.signature}`,
    `  replay: npm run fuzz -- --seed ${counterexample.seed} --path ${replay}   (${how})`,
    `  event: ${fuzzCase.template} (fixtures/external/powertools-events) with these changes; the whole event is in ${fullEventFile}`,
    printableJson(eventChanges(fuzzCase.event as unknown as Record<string, unknown>, counterexample.templateEvent as unknown as Record<string, unknown>)).replace(/^/gm, '    '),
    `  handler output (${counterexample.writes.length} writes):`,
    output || '  (none)',
    '',
  ].join('\n');
}

/** Writes a counterexample's whole event as JSON to the temporary directory; returns the file. */
export function writeFullEvent(counterexample: Counterexample, index: number, dir: string = tmpdir()): string {
  const file = join(dir, `periscope-fuzz-${counterexample.seed}-${index + 1}.json`);
  writeFileSync(file, `${JSON.stringify({ handler: counterexample.fuzzCase.route, event: counterexample.fuzzCase.event }, null, 2)}\n`);
  return file;
}

/** Server errors by failure, most frequent first: `  12× answered 500 (RangeError: …)`. */
export function failureLines(report: Pick<FuzzReport, 'failureCounts'>): string[] {
  return Object.entries(report.failureCounts)
    .sort(([, a], [, b]) => b - a)
    .map(([signature, count]) => `  ${count}× ${signature}`);
}
