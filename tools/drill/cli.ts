/**
 * `npm run drill`: fire drills for the sample's generated alarms, on metrics the real handlers emit.
 */
import { exitQuietlyOnClosedPipe } from '../stack/cli';
import type { DrillResult, ScenarioResult } from './drill';
import { startDrillTracing } from './lambda-sandbox';
import type { FulfilmentReport } from './order-consumer';
import { SCENARIOS } from './scenarios';
import { elapsed } from './sim-clock';

/** The simulated week's name for `--scenario`, and where it writes its review drafts. */
const DELIVERY_WEEK = 'delivery-week';
const REVIEWS_DIR = 'test-artifacts/drill/delivery-week';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
exitQuietlyOnClosedPipe();

const HELP = `Usage: npm run drill [-- --short] [-- --scenario <name>[,<name>...]] [-- --help]

Fire drills: runs the real orders handlers (in this process, against dynalite behind a
fault-injecting proxy, createOrder publishing to a local SQS queue that fulfilOrder consumes through
Lambda's event source mapping) through simulated stretches of a shop's day with injected faults and deploys
(a simulated CloudFormation stack update, CodeDeploy shifting each alias between two builds and
rolling back on the gate alarms), evaluates the generated CloudWatch alarms every simulated minute
with CloudWatch's semantics, and delivers their notifications through SNS, and the alarm, CodeDeploy
and CloudFormation events through EventBridge, to the pager and the real Slack notifier posting to a
local Slack.
Prints what fired when (simulated), which tier, which Slack messages arrived, a table, the alarms
no scenario fired, and the service map of the traced requests; for each scenario, the OrderPlaced
queue's state. Exits 1 if any scenario fails.

Then a simulated week of deploys and incidents (${DELIVERY_WEEK}) through the real delivery-metrics
function, fed the EventBridge events AWS sends (twice, out of order, with foreign and malformed
ones): prints the five DORA metrics as the executive dashboard computes them, against the values
worked out by hand, and writes the post-incident review drafts to ${REVIEWS_DIR}/.

Options:
  --short        the shorter variants (as npm test runs them)
  --scenario     only these scenarios: ${[...SCENARIOS.map((s) => s.name), DELIVERY_WEEK].join(', ')}
  --help, -h     this help
`;

const write = (text: string): void => void process.stdout.write(text);

function printScenario(result: ScenarioResult): void {
  const { outcome } = result;
  const at = (t: number): string => elapsed(outcome.start, t).padEnd(8);
  for (const t of outcome.transitions.filter((tr) => tr.to !== 'INSUFFICIENT_DATA')) write(`  ${at(t.at)} ${t.to.padEnd(5)} ${t.alarmName}${t.suppressed ? ' (actions suppressed)' : ''}\n`);
  for (const d of outcome.deliveries) {
    const slack = d.slack === undefined ? '' : `; Slack ${d.slack} after ${d.attempts ?? 0} invocation(s)`;
    write(`  ${at(d.at)} → ${d.topic}: ${d.state} ${d.alarmName}${d.pages.length > 0 && d.state === 'ALARM' ? `; paged ${d.pages.join(', ')}` : ''}${slack}\n`);
  }
  for (const m of outcome.slack) write(`  ${at(m.at)} Slack: ${m.text.slice(0, 110)}\n`);
  if (outcome.deadLetters > 0) write(`  dead letter queue: ${outcome.deadLetters} alert(s) kept\n`);
  write(`  ${fulfilmentLine(outcome.fulfilment)}\n`);
  write(
    `  ${result.failures.length === 0 ? 'PASS' : 'FAIL'} ${result.scenario.name} (${outcome.requests} requests, ${Object.entries(outcome.statuses)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ')}; ${result.seconds.toFixed(1)} s)\n`,
  );
  for (const failure of result.failures) write(`    ✗ ${failure}\n`);
}

/** The asynchronous leg in one line: orders fulfilled, fulfilOrder's batches, the queues' worst and their end. */
function fulfilmentLine(f: FulfilmentReport): string {
  const count = (result: string): number => f.batches.filter((b) => b.result === result).length;
  const others = ['partial', 'failed', 'throttled'].flatMap((result) => (count(result) > 0 ? [`${count(result)} ${result}`] : []));
  const strays = f.strays.length > 0 ? `, ${f.strays.length} stray message(s) sent` : '';
  return (
    `OrderPlaced queue: ${f.orders.fulfilled} of ${f.orders.placed} orders fulfilled${strays}; fulfilOrder took ${f.batches.length} batch(es)${others.length > 0 ? ` (${others.join(', ')})` : ''}; ` +
    `peak backlog ${f.peak.visible} (oldest ${f.peak.oldestAgeSeconds} s); at the end ${f.end.queue.visible} waiting, ${f.end.queue.inFlight} in flight, ${f.deadLetters.length} in the dead letter queue`
  );
}

function printSummary(drill: DrillResult): void {
  const rows = drill.results.map((r) => [
    r.scenario.name,
    elapsed(r.outcome.start, r.outcome.end),
    String(r.outcome.requests),
    String(new Set(r.outcome.transitions.filter((t) => t.to === 'ALARM').map((t) => t.alarmName)).size),
    String(r.outcome.deliveries.filter((d) => d.state === 'ALARM' && d.pages.length > 0).length),
    String(r.outcome.slack.length),
    r.failures.length === 0 ? 'pass' : 'FAIL',
  ]);
  const header = ['scenario', 'simulated', 'requests', 'alarms', 'pages', 'slack', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: readonly string[]): string => cells.map((cell, i) => cell.padEnd(widths[i] as number)).join('  ');
  write(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n`);
  write(
    drill.uncovered.length === 0
      ? '\nEvery generated alarm fired in some scenario.\n'
      : `\nUncovered: ${drill.uncovered.length} generated alarm(s) no scenario fired:\n${drill.uncovered.map((name) => `  ${name}\n`).join('')}`,
  );
  write(`\nService map of the drill's traced requests:\n${drill.serviceMap}\n`);
  const width = Math.max(...drill.bottlenecks.map((b) => b.scenario.length));
  write(
    `\nBottleneck of each scenario, from its own traces:\n${drill.bottlenecks.map(({ scenario, bottleneck }) => `  ${scenario.padEnd(width)}  ${bottleneck === undefined ? 'none' : `${bottleneck.node} (${bottleneck.why})`}\n`).join('')}`,
  );
  const failed = drill.results.filter((r) => r.failures.length > 0).length;
  write(`\n${drill.results.length - failed} passed, ${failed} failed\n`);
}

async function main(args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    write(HELP);
    return 0;
  }
  const named = args.includes('--scenario') ? (args[args.indexOf('--scenario') + 1] ?? '').split(',') : undefined;
  const unknown = named?.filter((name) => name !== DELIVERY_WEEK && !SCENARIOS.some((s) => s.name === name)) ?? [];
  if (unknown.length > 0) throw new Error(`no scenario named ${unknown.join(', ')}; the scenarios are ${[...SCENARIOS.map((s) => s.name), DELIVERY_WEEK].join(', ')}`);
  const scenarios = named === undefined ? SCENARIOS : SCENARIOS.filter((s) => named.includes(s.name));
  const week = named === undefined || named.includes(DELIVERY_WEEK);
  if (scenarios.length === 0) return (await runWeek()) ? 1 : 0;
  // Before the handlers are first loaded (by the drill): their tracer reads the sandbox and daemon address once.
  const tracing = await startDrillTracing();
  const { runDrill } = await import('./drill');
  const drill = await runDrill({
    tracing,
    scenarios,
    short: args.includes('--short'),
    onEvent: (event) => {
      if (event.kind === 'start') write(`\n▶ ${event.scenario.name}: ${event.scenario.summary}\n`);
      if (event.kind === 'progress')
        write(event.minute > 0 ? `  … ${event.minute / 60} of ${Math.ceil(event.of / 60)} simulated hours\n` : `  … history: ${-event.minute / 60} simulated hours to go before the scenario starts\n`);
      if (event.kind === 'done') printScenario(event.result);
    },
  });
  await tracing.collector.close();
  // After the scenarios: the week loads the toolkit, which must first be loaded inside the drill's sandbox.
  const weekFailed = week ? await runWeek() : false;
  printSummary(drill);
  if (week) write(`${DELIVERY_WEEK}: ${weekFailed ? 'FAIL' : 'pass'}\n`);
  return weekFailed || drill.results.some((r) => r.failures.length > 0) ? 1 : 0;
}

/** Runs the simulated week and prints it; true when it failed. */
async function runWeek(): Promise<boolean> {
  write(
    `\n▶ ${DELIVERY_WEEK}: seven deployments (one rolled back), an incident a deployment caused with a fix deployed during it, and one no deployment caused, through the real delivery-metrics function\n`,
  );
  const { runDeliveryWeek } = await import('./delivery-week/run-week');
  const { formatWeek } = await import('./delivery-week/print-week');
  const outcome = await runDeliveryWeek({ reviewsDir: REVIEWS_DIR });
  write(formatWeek(outcome));
  return outcome.failures.length > 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`npm run drill: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
