import { SlackConfigurationError } from '../../../handlers/alerts/errors';
import { createWebhookUrlSource, webhookParameterName } from '../../../handlers/alerts/webhook-url';
import { rejectionOf } from './fixtures';

const secretUrl = (tier: string) => `https://hooks.slack.com/services/T0000/B${tier.toUpperCase()}/s3cr3t-${tier}`;

/** An in-memory parameter store: what SSM would answer, and which names were asked for. */
function fakeParameterStore(values: Record<string, string>) {
  const asked: string[] = [];
  const fetchParameter = async (name: string): Promise<string | undefined> => {
    asked.push(name);
    return values[name];
  };
  return { asked, fetchParameter };
}

const rejection = (promise: Promise<unknown>): Promise<SlackConfigurationError> => rejectionOf(promise, SlackConfigurationError);

describe('webhookParameterName', () => {
  it('puts the tier in place of {tier}', () => {
    expect(webhookParameterName('/periscope/orders/dev/slack/{tier}', 'critical')).toBe('/periscope/orders/dev/slack/critical');
    expect(webhookParameterName('/periscope/{tier}/slack-{tier}', 'warning')).toBe('/periscope/warning/slack-warning');
  });

  it('keeps a name without {tier} as it is, one channel for every tier', () => {
    expect(webhookParameterName('/periscope/slack', 'critical')).toBe('/periscope/slack');
  });

  it('sends an alert of unknown tier to the warning channel', () => {
    expect(webhookParameterName('/periscope/slack/{tier}', 'unknown')).toBe('/periscope/slack/warning');
  });
});

describe('createWebhookUrlSource', () => {
  it('reads each tier’s webhook from its own SSM parameter', async () => {
    // Prepare
    const store = fakeParameterStore({ '/periscope/orders/dev/slack/critical': secretUrl('critical'), '/periscope/orders/dev/slack/warning': secretUrl('warning') });
    const webhookUrl = createWebhookUrlSource({ env: { SLACK_WEBHOOK_PARAMETER: '/periscope/orders/dev/slack/{tier}' }, fetchParameter: store.fetchParameter });

    // Act
    const critical = await webhookUrl('critical');
    const warning = await webhookUrl('warning');

    // Assess
    expect(critical).toBe(secretUrl('critical'));
    expect(warning).toBe(secretUrl('warning'));
    expect(store.asked).toEqual(['/periscope/orders/dev/slack/critical', '/periscope/orders/dev/slack/warning']);
  });

  it('prefers SLACK_WEBHOOK_URL and then never reads SSM', async () => {
    // Prepare
    const store = fakeParameterStore({});
    const webhookUrl = createWebhookUrlSource({ env: { SLACK_WEBHOOK_URL: 'http://127.0.0.1:9999/services/T/B/local', SLACK_WEBHOOK_PARAMETER: '/p/{tier}' }, fetchParameter: store.fetchParameter });

    // Act
    const url = await webhookUrl('critical');

    // Assess
    expect(url).toBe('http://127.0.0.1:9999/services/T/B/local');
    expect(store.asked).toEqual([]);
  });

  it('fails naming both variables when neither is set', async () => {
    // Act
    const error = await rejection(createWebhookUrlSource({ env: {} })('critical'));

    // Assess
    expect(error).toBeInstanceOf(SlackConfigurationError);
    expect(error.message).toContain('SLACK_WEBHOOK_PARAMETER');
    expect(error.message).toContain('SLACK_WEBHOOK_URL');
  });

  it('fails naming the parameter when it holds nothing', async () => {
    // Prepare
    const store = fakeParameterStore({});
    const webhookUrl = createWebhookUrlSource({ env: { SLACK_WEBHOOK_PARAMETER: '/periscope/slack/{tier}' }, fetchParameter: store.fetchParameter });

    // Act
    const error = await rejection(webhookUrl('warning'));

    // Assess
    expect(error).toBeInstanceOf(SlackConfigurationError);
    expect(error.message).toBe('SSM parameter /periscope/slack/warning (SLACK_WEBHOOK_PARAMETER) holds no Slack webhook URL');
    expect(store.asked).toEqual(['/periscope/slack/warning']);
  });

  it('wraps a failed SSM read, keeping the cause', async () => {
    // Prepare
    const denied = Object.assign(new Error('User is not authorized to perform: ssm:GetParameter'), { name: 'AccessDeniedException' });
    const webhookUrl = createWebhookUrlSource({ env: { SLACK_WEBHOOK_PARAMETER: '/periscope/slack/{tier}' }, fetchParameter: async () => Promise.reject(denied) });

    // Act
    const error = await rejection(webhookUrl('critical'));

    // Assess
    expect(error).toBeInstanceOf(SlackConfigurationError);
    expect(error.message).toContain('/periscope/slack/critical');
    expect(error.cause).toBe(denied);
  });

  it('refuses a value that is not an https URL without quoting it', async () => {
    // Prepare
    const leaked = 'http://hooks.slack.com/services/T0000/B0000/do-not-print-me';
    const store = fakeParameterStore({ '/p/critical': leaked, '/p/warning': 'do-not-print-me-either' });
    const webhookUrl = createWebhookUrlSource({ env: { SLACK_WEBHOOK_PARAMETER: '/p/{tier}' }, fetchParameter: store.fetchParameter });

    // Act
    const plainHttp = await rejection(webhookUrl('critical'));
    const notUrl = await rejection(webhookUrl('warning'));

    // Assess
    expect(plainHttp.message).toBe('The Slack webhook URL from SSM parameter /p/critical must be https (plain http only to a loopback address, for local runs)');
    expect(notUrl.message).toBe('The Slack webhook URL from SSM parameter /p/warning is not a URL');
    expect(JSON.stringify([plainHttp, notUrl, String(notUrl.cause)])).not.toContain('do-not-print-me');
  });
});
