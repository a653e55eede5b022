import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printableJson } from './report';
import type { FulfilCounterexample, FulfilTallies } from './run-fulfil-fuzz';

const counts = (tally: Readonly<Record<string, number>>): string =>
  Object.entries(tally)
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([key, n]) => `${key}×${n}`)
    .join(' ') || '(none)';

/** What fulfilOrder was fed and did, one line each (`records       fulfilled×812 reported failed×1650`), so a run shows every path ran. */
export function tallyLines(tallies: FulfilTallies): string[] {
  return [
    `  invocations   ${counts(tallies.invocations)}`,
    `  records       ${counts(tallies.records)} (duplicate message ids: ${tallies.duplicateIds})`,
    `  batch sizes   ${counts(tallies.batchSizes)}`,
    `  bodies        ${counts(tallies.bodies)}`,
    `  correlation   ${counts(tallies.correlationIds)}`,
  ];
}

/**
 * A consumer counterexample for the terminal: the property broken, how to replay it, each record
 * with what is odd about it (long strings shortened; the whole event is in `fullEventFile`) and
 * everything the handler wrote, as written.
 */
export function formatFulfilCounterexample(counterexample: FulfilCounterexample, index: number, fullEventFile: string): string {
  const { fuzzCase } = counterexample;
  const how = counterexample.reproduced
    ? `shrunk in ${counterexample.shrinks} steps from path ${counterexample.path}`
    : 'did not fail again on replay (it may depend on earlier cases); shown as first generated';
  const output = counterexample.writes.map((write) => `  [${write.stream}] ${write.text.replace(/\n$/, '')}`).join('\n');
  const event = fuzzCase.wellFormed ? fuzzCase.records.map(({ kind, record }) => ({ kind, record })) : fuzzCase.event;
  return [
    `✗ counterexample ${index + 1}: ${fuzzCase.kind}: ${counterexample.problem}`,
    `  replay: npm run fuzz -- --target fulfil-order --seed ${counterexample.seed} --path ${counterexample.shrunkPath ?? counterexample.path}   (${how})`,
    `  event (the whole of it is in ${fullEventFile}):`,
    printableJson(event).replace(/^/gm, '    '),
    `  handler output (${counterexample.writes.length} writes):`,
    output || '  (none)',
    '',
  ].join('\n');
}

/** Writes a consumer counterexample's whole event as JSON to the temporary directory; returns the file. */
export function writeFulfilEvent(counterexample: FulfilCounterexample, index: number, dir: string = tmpdir()): string {
  const file = join(dir, `periscope-fuzz-fulfil-order-${counterexample.seed}-${index + 1}.json`);
  writeFileSync(file, `${JSON.stringify({ handler: 'fulfilOrder', event: counterexample.fuzzCase.event }, null, 2)}\n`);
  return file;
}
