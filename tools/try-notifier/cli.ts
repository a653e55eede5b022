/**
 * Tries the Slack notifier, on this machine: sends an SNS event through the real handler
 * the way Lambda invokes it for SNS (asynchronously, with retries), to a fake Slack that answers as
 * told, then prints what Slack received or what the dead letter queue kept.
 *
 *   npm run alerts:try -- [events/sns-composite-critical.json] [--slack=ok|flaky|rate-limited|not-found|down]
 */
import { readFileSync } from 'node:fs';
import type { SNSEvent } from 'aws-lambda';
import { handler } from '../../handlers/alerts/slack-notifier';
import { type FakeSlackResponse, SlackResponses, startFakeSlack } from '../emulators/slack-webhook/fake-slack';
import { DeadLetterQueue, invokeAsync } from '../emulators/sns-lambda/async-invoke';

const SCENARIOS: Record<string, { script: FakeSlackResponse[]; otherwise: FakeSlackResponse }> = {
  ok: { script: [], otherwise: SlackResponses.ok },
  flaky: { script: [SlackResponses.serverError, SlackResponses.hang], otherwise: SlackResponses.ok },
  'rate-limited': { script: [SlackResponses.rateLimited(1)], otherwise: SlackResponses.ok },
  'not-found': { script: [], otherwise: SlackResponses.channelNotFound },
  down: { script: [], otherwise: SlackResponses.serverError },
};

const HELP = `Usage: npm run alerts:try -- [event.json] [--slack=${Object.keys(SCENARIOS).join('|')}]

Sends an SNS alarm event (default events/sns-composite-critical.json) through the real Slack
notifier, invoked as Lambda invokes it for SNS (asynchronously, retried), to a local fake Slack
that answers as the scenario says; prints what Slack received, or what the dead letter queue kept.
`;

async function main(args: readonly string[]): Promise<void> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(HELP);
    return;
  }
  const file = args.find((arg) => !arg.startsWith('--')) ?? 'events/sns-composite-critical.json';
  const scenarioName = args.find((arg) => arg.startsWith('--slack='))?.slice('--slack='.length) ?? 'ok';
  const scenario = SCENARIOS[scenarioName];
  if (!scenario) throw new Error(`unknown --slack=${scenarioName}; one of ${Object.keys(SCENARIOS).join(', ')}`);
  const event = JSON.parse(readFileSync(file, 'utf8')) as SNSEvent;
  const slack = await startFakeSlack();
  slack.script(...scenario.script);
  slack.setDefault(scenario.otherwise);
  process.env.SLACK_WEBHOOK_URL = slack.url;
  const dlq = new DeadLetterQueue<SNSEvent>();
  try {
    // Lambda waits minutes between retries; a drill does not.
    const result = await invokeAsync(handler, event, { retryDelaysMs: [1000], timeoutMs: 6000, onFailure: dlq.send });
    process.stdout.write(
      `\n${result.status} after ${result.attempts} invocation(s); Slack answered ${slack
        .requests()
        .map((r) => r.answer)
        .join(', ')}\n`,
    );
    for (const payload of slack.received().slice(-1)) process.stdout.write(`${JSON.stringify(payload, null, 2)}\n`);
    for (const record of dlq.records()) process.stdout.write(`dead letter queue: ${JSON.stringify({ ...record, requestPayload: '(the SNS event)' }, null, 2)}\n`);
  } finally {
    await slack.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
