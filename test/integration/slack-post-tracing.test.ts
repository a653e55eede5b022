import { randomBytes } from 'node:crypto';
import { originTracedFetch } from '../../handlers/alerts/traced-fetch';
import { XRayTracer } from '../../src/runtime/tracing';
import { type FakeSlack, SlackResponses, startFakeSlack } from '../../tools/emulators/slack-webhook/fake-slack';
import { startXRayCollector, type XRayCollector } from '../../tools/emulators/xray-daemon';

describe("the Slack notifier's posts in the trace", () => {
  let collector: XRayCollector;
  let slack: FakeSlack;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    collector = await startXRayCollector({ port: 0, quietMs: 100 });
    slack = await startFakeSlack();
  });
  afterAll(async () => {
    await collector?.close();
    await slack?.close();
  });

  beforeEach(() => {
    const traceId = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
    env = {
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${collector.address.port}`,
      _X_AMZN_TRACE_ID: `Root=${traceId};Parent=${randomBytes(8).toString('hex')};Sampled=1`,
    };
  });

  it('traces each post under the handler with the webhook’s host and origin, never its secret path, and flags the failures', async () => {
    // Prepare
    const tracer = new XRayTracer({ serviceName: 'slack-notifier', env });
    const post = originTracedFetch(tracer);
    slack.script(SlackResponses.ok, SlackResponses.rateLimited(1), SlackResponses.serverError);
    const url = new URL(slack.url);

    // Act
    const span = tracer.beginInvocation('## handlers/alerts/slack-notifier.handler');
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await post(slack.url, { method: 'POST', body: '{"text":"hi"}' })).status);
    const refused = await post('http://127.0.0.1:9/services/T0/B0/secret', { method: 'POST' }).catch((error: unknown) => error);
    tracer.endInvocation(span!);

    // Assess
    expect(statuses).toEqual([200, 429, 500]);
    expect(refused).toMatchObject({ name: 'TypeError' }); // fetch's own, from another realm under jest
    const trace = await collector.waitForTrace((t) => t.traceId === env._X_AMZN_TRACE_ID?.slice(5, 40), 5_000);
    const calls = trace.roots[0]?.children.map((node) => node.document) ?? [];
    expect(calls.map((call) => [call.name, call.namespace, call.http?.request, call.http?.response?.status, call.error, call.throttle, call.fault])).toEqual([
      [url.host, 'remote', { method: 'POST', url: url.origin }, 200, undefined, undefined, undefined],
      [url.host, 'remote', { method: 'POST', url: url.origin }, 429, true, true, undefined],
      [url.host, 'remote', { method: 'POST', url: url.origin }, 500, undefined, undefined, true],
      ['127.0.0.1:9', 'remote', { method: 'POST', url: 'http://127.0.0.1:9' }, undefined, undefined, undefined, true],
    ]);
    expect(JSON.stringify(trace.roots[0]?.document)).not.toContain(url.pathname);
    expect(JSON.stringify(trace.roots[0]?.document)).not.toContain('/secret');
  });
});
