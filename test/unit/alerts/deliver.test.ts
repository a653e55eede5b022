import { type Clock, postToSlack } from '../../../handlers/alerts/deliver';
import { SlackDeliveryError } from '../../../handlers/alerts/errors';
import { type FakeSlack, SlackResponses, startFakeSlack } from '../../../tools/emulators/slack-webhook/fake-slack';
import { rejectionOf } from './fixtures';

/** Real time plus whatever was slept: waits are instant, yet the deadline arithmetic sees them. */
function virtualClock(): Clock & { slept: number[] } {
  let skipped = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => Date.now() + skipped,
    sleep: async (ms) => {
      slept.push(ms);
      skipped += ms;
    },
  };
}

const payload = { text: 'orders-dev-api-5xx-rate-critical is in ALARM' };

const failureOf = (delivery: Promise<unknown>): Promise<SlackDeliveryError> => rejectionOf(delivery, SlackDeliveryError);

describe('postToSlack', () => {
  let slack: FakeSlack;
  beforeEach(async () => {
    slack = await startFakeSlack();
  });
  afterEach(async () => slack.close());

  it('posts the payload as JSON once when Slack answers ok', async () => {
    // Prepare
    const clock = virtualClock();

    // Act
    const receipt = await postToSlack(slack.url, payload, { deadline: clock.now() + 10_000, clock });

    // Assess
    expect(receipt.attempts).toBe(1);
    expect(slack.received()).toEqual([payload]);
  });

  it('waits the Retry-After Slack asks for before trying again', async () => {
    // Prepare
    const clock = virtualClock();
    const retries: unknown[] = [];
    slack.script(SlackResponses.rateLimited(3));

    // Act
    const receipt = await postToSlack(slack.url, payload, { deadline: clock.now() + 10_000, clock, onRetry: (retry) => retries.push(retry) });

    // Assess
    expect(receipt.attempts).toBe(2);
    expect(clock.slept).toEqual([3000]);
    expect(retries).toEqual([{ attempt: 1, reason: 'rate_limited', status: 429, detail: 'rate_limited', delayMs: 3000 }]);
  });

  it('reads a Retry-After given as an HTTP date', async () => {
    // Prepare
    const clock = virtualClock();
    slack.script({ status: 429, body: 'rate_limited', headers: { 'retry-after': new Date(clock.now() + 4000).toUTCString() } });

    // Act
    await postToSlack(slack.url, payload, { deadline: clock.now() + 10_000, clock });

    // Assess
    expect(clock.slept).toHaveLength(1);
    expect(clock.slept[0]).toBeGreaterThan(2900);
    expect(clock.slept[0]).toBeLessThanOrEqual(4000);
  });

  it('backs off exponentially with full jitter after 5xx answers', async () => {
    // Prepare
    const clock = virtualClock();
    slack.script(SlackResponses.serverError, SlackResponses.serverError, SlackResponses.serverError);

    // Act
    const receipt = await postToSlack(slack.url, payload, { deadline: clock.now() + 20_000, clock, random: () => 0.5, baseDelayMs: 200 });

    // Assess
    expect(receipt.attempts).toBe(4);
    expect(clock.slept).toEqual([100, 200, 400]);
  });

  it('caps the backoff at maxDelayMs and stops after maxAttempts', async () => {
    // Prepare
    const clock = virtualClock();
    slack.setDefault(SlackResponses.serverError);

    // Act
    const error = await failureOf(postToSlack(slack.url, payload, { deadline: clock.now() + 60_000, clock, random: () => 1, baseDelayMs: 1000, maxDelayMs: 3000, maxAttempts: 4 }));

    // Assess
    expect(error).toMatchObject({ reason: 'server_error', status: 500, attempts: 4, retryable: true });
    expect(clock.slept).toEqual([1000, 2000, 3000]);
    expect(slack.received()).toHaveLength(4);
  });

  it('gives up without waiting when the Retry-After would pass the deadline', async () => {
    // Prepare
    const clock = virtualClock();
    slack.script(SlackResponses.rateLimited(30));

    // Act
    const error = await failureOf(postToSlack(slack.url, payload, { deadline: clock.now() + 5000, clock }));

    // Assess
    expect(error).toMatchObject({ reason: 'rate_limited', status: 429, attempts: 1 });
    expect(error.message).toContain("a retry in 30000 ms would pass the invocation's deadline");
    expect(clock.slept).toEqual([]);
  });

  it('starts no request when too little time is left', async () => {
    // Prepare
    const clock = virtualClock();

    // Act
    const error = await failureOf(postToSlack(slack.url, payload, { deadline: clock.now() + 100, clock }));

    // Assess
    expect(error).toMatchObject({ reason: 'timeout', attempts: 0 });
    expect(slack.received()).toEqual([]);
  });

  it('times out an attempt Slack does not answer, keeping time to try again', async () => {
    // Prepare
    const clock = virtualClock();
    slack.script(SlackResponses.hang);
    const started = Date.now();
    const retries: unknown[] = [];

    // Act
    const receipt = await postToSlack(slack.url, payload, { deadline: clock.now() + 1000, clock, random: () => 0, onRetry: (retry) => retries.push(retry) });

    // Assess
    expect(receipt.attempts).toBe(2);
    // Half of the second left (the clock is real time plus what it skipped: a busy machine may have used a millisecond or two by then)
    expect(retries).toEqual([{ attempt: 1, reason: 'timeout', detail: expect.stringMatching(/^no answer within (49\d|500) ms$/), delayMs: 0 }]);
    // Half the time left went to the first attempt.
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(slack.requests().map((r) => r.answer)).toEqual(['hang', 200]);
  });

  it.each([
    ['400 invalid_payload', SlackResponses.invalidPayload, 'invalid_payload', 400],
    ['404 channel_not_found', SlackResponses.channelNotFound, 'channel_not_found', 404],
    ['410 channel_is_archived', SlackResponses.channelIsArchived, 'channel_is_archived', 410],
    ['403 invalid_token', { status: 403, body: 'invalid_token' }, 'client_error', 403],
  ])('does not retry %s', async (_name, response, reason, status) => {
    // Prepare
    const clock = virtualClock();
    slack.script(response);

    // Act
    const error = await failureOf(postToSlack(slack.url, payload, { deadline: clock.now() + 10_000, clock }));

    // Assess
    expect(error).toMatchObject({ reason, status, attempts: 1, retryable: false });
    expect(slack.received()).toHaveLength(1);
  });

  it('retries a refused connection as a network error, and never names the URL', async () => {
    // Prepare
    const clock = virtualClock();
    const url = slack.url;
    await slack.close();

    // Act
    const error = await failureOf(postToSlack(url, payload, { deadline: clock.now() + 5000, clock, maxAttempts: 3 }));

    // Assess
    expect(error).toMatchObject({ reason: 'network', attempts: 3 });
    expect(error.message).toContain('ECONNREFUSED');
    expect(JSON.stringify({ message: error.message, stack: error.stack })).not.toContain(new URL(url).pathname);
  });
});
