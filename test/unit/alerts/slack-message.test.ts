import type { SNSEvent } from 'aws-lambda';
import { parseAlarmMessage, parseSnsRecord } from '../../../handlers/alerts/alarm-message';
import { logsInsightsUrl } from '../../../handlers/alerts/console-links';
import { type LinkButton, type SlackBlock, type SlackMessage, section, slackMessage } from '../../../handlers/alerts/slack-blocks';
import { AlertColor, formatSlackMessage } from '../../../handlers/alerts/slack-message';
import { LogQueries } from '../../../src/runtime/log-queries';
import { decodeLogsInsightsUrl, firstRecord, loadEvent, loadExternal, withAlarmMessage } from './fixtures';

const format = (event: SNSEvent, region?: string): SlackMessage => formatSlackMessage(parseSnsRecord(firstRecord(event)), region ? { region } : {});
const blocksOf = (message: SlackMessage): readonly SlackBlock[] => message.attachments[0].blocks;
const headerOf = (message: SlackMessage): string => {
  const block = blocksOf(message).find((b) => b.type === 'header');
  return block?.type === 'header' ? block.text.text : '';
};
const buttonsOf = (message: SlackMessage): Record<string, string> =>
  Object.fromEntries(blocksOf(message).flatMap((b) => (b.type === 'actions' ? b.elements.map((e: LinkButton) => [e.text.text, e.url]) : [])));
const allText = (message: SlackMessage): string => JSON.stringify(message);

const critical = loadEvent('sns-alarm-critical.json');
const warning = loadEvent('sns-alarm-warning.json');
const composite = loadEvent('sns-composite-critical.json');

describe('formatSlackMessage', () => {
  describe('tier and state at a glance', () => {
    it.each([
      ['critical ALARM', critical, {}, AlertColor.critical, ':rotating_light: ALARM: orders-dev-api-5xx-rate-critical'],
      ['warning ALARM', warning, {}, AlertColor.warning, ':warning: ALARM: orders-dev-api-latency-p99-warning'],
      ['critical OK', critical, { NewStateValue: 'OK', OldStateValue: 'ALARM' }, AlertColor.ok, ':white_check_mark: OK: orders-dev-api-5xx-rate-critical'],
      ['warning OK', warning, { NewStateValue: 'OK', OldStateValue: 'ALARM' }, AlertColor.ok, ':white_check_mark: OK: orders-dev-api-latency-p99-warning'],
      ['INSUFFICIENT_DATA', critical, { NewStateValue: 'INSUFFICIENT_DATA' }, AlertColor.insufficientData, ':grey_question: INSUFFICIENT_DATA: orders-dev-api-5xx-rate-critical'],
    ])('colours and titles a %s', (_name, event, change, color, title) => {
      // Act
      const message = format(withAlarmMessage(event, change));

      // Assess
      expect(message.attachments[0].color).toBe(color);
      expect(headerOf(message)).toBe(title);
      expect(message.text.startsWith(title)).toBe(true);
    });

    it('says tier, transition and region first, then what the alarm means', () => {
      // Act
      const message = format(critical);

      // Assess
      const [, summary, why] = blocksOf(message);
      expect(summary).toEqual({ type: 'section', text: { type: 'mrkdwn', text: expect.stringMatching(/^\*CRITICAL\* · OK → ALARM · us-east-1\nMore than 5% of API requests/) } });
      expect(why).toEqual({ type: 'section', text: { type: 'mrkdwn', text: expect.stringContaining('*Why:* Threshold Crossed: 3 out of the last 5 datapoints') } });
    });
  });

  describe('what the alarm watches', () => {
    it('shows a metric-math alarm’s expression, inputs, condition and evaluation', () => {
      // Act
      const fields = blocksOf(format(critical)).flatMap((b) => (b.type === 'section' && b.fields ? b.fields.map((f) => f.text) : []));

      // Assess
      expect(fields).toEqual([
        '*Expression*\n5XXError rate (%) = `IF(requests &gt;= 10, 100 * FILL(errors, 0) / requests, 0)`',
        '*Inputs*\nerrors: `AWS/ApiGateway 5XXError Sum (ApiName=dev-orders, Stage=dev)`\nrequests: `AWS/ApiGateway Count Sum (ApiName=dev-orders, Stage=dev)`',
        '*Condition*\n&gt; 5',
        '*Evaluation*\n5 × 1 min (3 must breach)',
      ]);
    });

    it('shows a single metric with its dimensions and percentile', () => {
      // Act
      const fields = blocksOf(format(warning)).flatMap((b) => (b.type === 'section' && b.fields ? b.fields.map((f) => f.text) : []));

      // Assess
      expect(fields).toEqual(['*Metric*\n`AWS/ApiGateway Latency (ApiName=dev-orders, Stage=dev)`', '*Statistic*\np99', '*Condition*\n&gt; 1000', '*Evaluation*\n3 × 5 min']);
    });

    it('shows a composite’s rule and the child that triggered it, linked to its own page', () => {
      // Act
      const sections = blocksOf(format(composite)).flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));

      // Assess
      expect(sections).toContain(
        '*Rule*\n`(ALARM("orders-dev-api-5xx-rate-critical") OR ALARM("orders-dev-create-order-errors-critical") OR ALARM("orders-dev-orders-api-burn-rate-fast-critical")) AND NOT (ALARM("orders-dev-deploy-in-progress-info"))`',
      );
      expect(sections).toContain(
        '*Triggered by*\n• :rotating_light: <https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/orders-dev-api-5xx-rate-critical|orders-dev-api-5xx-rate-critical> ALARM since 2026-11-22 09:59:06 UTC',
      );
    });

    it('says when the state changed', () => {
      // Act
      const context = blocksOf(format(critical)).find((b) => b.type === 'context');

      // Assess
      expect(context).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'State changed 2026-11-22 09:59:06 UTC · account 123456789012 · via orders-dev-critical' }] });
    });
  });

  describe('links', () => {
    it('links the alarm, dashboard, runbook, errors in the logs and traces', () => {
      // Act
      const buttons = buttonsOf(format(critical));

      // Assess
      expect(Object.keys(buttons)).toEqual(['Open alarm', 'Dashboard', 'Runbook', 'Errors in logs', 'Traces']);
      expect(buttons['Open alarm']).toBe('https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/orders-dev-api-5xx-rate-critical');
      expect(buttons.Dashboard).toBe('https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/orders-dev-operations');
      expect(buttons.Runbook).toBe('https://runbooks.example.com/orders/api-5xx.md');
    });

    it('opens Logs Insights on the alarm’s log groups, from 5 min before its evaluation window to 5 min after the change', () => {
      // Act
      const url = buttonsOf(format(critical))['Errors in logs'] ?? '';

      // Assess
      expect(url.startsWith('https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:logs-insights$3FqueryDetail$3D$257E$2528')).toBe(true);
      expect(url).toMatch(/^[A-Za-z0-9:/?=#.\-_$*]+$/);
      // Changed at 09:59:06.512; 5 periods of 60 s; 5 minutes either side.
      expect(decodeLogsInsightsUrl(url)).toEqual({
        end: '2026-11-22T10:04:06.512Z',
        start: '2026-11-22T09:49:06.512Z',
        timeType: 'ABSOLUTE',
        tz: 'UTC',
        editorString: LogQueries.errors,
        source: ['/aws/lambda/orders-dev-createOrder', '/aws/lambda/orders-dev-getOrder', '/aws/lambda/orders-dev-listOrders', '/aws/lambda/orders-dev-routeNotFound'],
      });
      expect(LogQueries.errors).toContain('correlation_id');
    });

    it('keeps a query with quotes, tildes, parentheses and non-ASCII intact through the encoding', () => {
      // Prepare
      const query = 'fields @message | filter @message like /it\'s ~(odd)! */ and msg = "café ☕"';
      const window = { start: new Date('2026-11-22T09:00:00Z'), end: new Date('2026-11-22T10:00:00Z') };

      // Act
      const url = logsInsightsUrl('eu-west-1', ['/aws/lambda/a', '/aws/lambda/b.c-d_e#f'], window, query);

      // Assess
      expect(url).toMatch(/^[A-Za-z0-9:/?=#.\-_$*]+$/);
      expect(decodeLogsInsightsUrl(url)).toEqual({
        end: '2026-11-22T10:00:00.000Z',
        start: '2026-11-22T09:00:00.000Z',
        timeType: 'ABSOLUTE',
        tz: 'UTC',
        editorString: query,
        source: ['/aws/lambda/a', '/aws/lambda/b.c-d_e#f'],
      });
    });

    it('leaves out the logs link when no log group is valid', () => {
      // Prepare
      const event = withAlarmMessage(critical, { AlarmDescription: "Odd.\nLogs: /aws/lambda/it's odd" });

      // Act
      const buttons = buttonsOf(format(event));

      // Assess
      expect(buttons).not.toHaveProperty('Errors in logs');
    });

    it('opens X-Ray traces for the same window, filtered by the service annotation', () => {
      // Act
      const url = new URL(buttonsOf(format(critical)).Traces ?? '');

      // Assess
      expect(`${url.origin}${url.pathname}${url.search}`).toBe('https://us-east-1.console.aws.amazon.com/xray/home?region=us-east-1');
      const route = new URLSearchParams(url.hash.slice(url.hash.indexOf('?') + 1));
      expect(url.hash.startsWith('#/traces?')).toBe(true);
      expect(route.get('timeRange')).toBe('2026-11-22T09:49:06~2026-11-22T10:04:06');
      expect(route.get('filter')).toBe('annotation.Service = "orders"');
    });

    it('looks back 15 minutes for a composite, which has no period of its own', () => {
      // Act
      const url = buttonsOf(format(composite))['Errors in logs'] ?? '';

      // Assess
      expect(decodeLogsInsightsUrl(url)).toMatchObject({ start: '2026-11-22T09:39:07.245Z', end: '2026-11-22T10:04:07.245Z' });
    });

    it('leaves out the links an alarm does not describe, and takes the region from the topic', () => {
      // Prepare
      const event = loadExternal<SNSEvent>('notify-slack/cloudwatch_alarm.json');

      // Act
      const buttons = buttonsOf(format(event));

      // Assess
      expect(Object.keys(buttons)).toEqual(['Open alarm', 'Traces']);
      expect(buttons['Open alarm']).toBe('https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/DBMigrationRequired');
      expect(buttons.Traces).not.toContain('filter=');
    });

    it('uses the function’s region when neither ARN names one', () => {
      // Prepare
      const alarm = parseAlarmMessage(loadExternal('notify-slack/cloudwatch_alarm_message.json'));
      if (!alarm) throw new Error('fixture is an alarm');

      // Act
      const withRegion = buttonsOf(formatSlackMessage(alarm, { region: 'eu-west-1' }));
      const without = buttonsOf(formatSlackMessage(alarm));

      // Assess
      expect(withRegion['Open alarm']).toBe('https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/Example');
      expect(without).toEqual({});
    });

    it('encodes an alarm name with spaces and slashes in the console link', () => {
      // Act
      const buttons = buttonsOf(format(withAlarmMessage(critical, { AlarmName: 'Orders API / 5xx rate' })));

      // Assess
      expect(buttons['Open alarm']).toBe('https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/Orders%20API%20%2F%205xx%20rate');
    });
  });

  describe('text that is not an alarm', () => {
    it('shows the subject in bold above the message', () => {
      // Act
      const message = format(loadExternal<SNSEvent>('notify-slack/text_message.json'));

      // Assess
      const body = '*All Fine*\nThis\nis\na typical multi-line\nmessage from SNS!\n\nHave a ~good~ amazing day! :)';
      expect(message.text).toBe(body);
      expect(message.attachments[0]).toEqual({
        color: AlertColor.message,
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: body } },
          { type: 'context', elements: [{ type: 'mrkdwn', text: 'via ExampleTopic · sent 2019-02-12 15:45:24 UTC' }] },
        ],
      });
    });

    it('escapes &, < and > so a message cannot mention @channel or forge a link', () => {
      // Prepare
      const event = loadExternal<SNSEvent>('powertools-events/sns-base.json');
      const record = firstRecord(event);
      const hostile = { Records: [{ ...record, Sns: { ...record.Sns, Subject: 'Tom & <b>', Message: '<!channel> see <https://evil.example|the bank>' } }] };

      // Act
      const message = format(hostile);

      // Assess
      expect(message.text).toBe('*Tom &amp; &lt;b&gt;*\n&lt;!channel&gt; see &lt;https://evil.example|the bank&gt;');
      expect(allText(message)).not.toContain('<!channel>');
    });
  });

  describe('escaping and limits', () => {
    it('escapes what an alarm’s author wrote, in every block', () => {
      // Prepare
      const event = withAlarmMessage(critical, { AlarmName: 'a<!here>', AlarmDescription: 'Ping <!channel> & run', NewStateReason: 'x > y <@U123>' });

      // Act
      const message = format(event);

      // Assess
      const mrkdwn = JSON.stringify(blocksOf(message).filter((b) => b.type !== 'header'));
      expect(mrkdwn).not.toMatch(/<!here>|<!channel>|<@U123>/);
      expect(mrkdwn).toContain('Ping &lt;!channel&gt; &amp; run');
      expect(message.text).toContain('a&lt;!here&gt;');
    });

    it('cuts a long description and reason with an ellipsis to Slack’s limits, without breaking an entity', () => {
      // Prepare
      const event = withAlarmMessage(critical, { AlarmName: `orders-${'x'.repeat(300)}-critical`, AlarmDescription: '&'.repeat(5000), NewStateReason: 'why '.repeat(2000) });

      // Act
      const message = format(event);

      // Assess
      expect(headerOf(message)).toHaveLength(150);
      expect(headerOf(message).endsWith('…')).toBe(true);
      for (const block of blocksOf(message)) {
        if (block.type === 'section' && block.text) {
          expect(block.text.text.length).toBeLessThanOrEqual(3000);
          expect(block.text.text).not.toMatch(/&[a-z]{0,4}…$/);
        }
      }
      expect(message.text.length).toBeLessThanOrEqual(3000);
    });

    it('lists 80 triggering children within one section’s limit', () => {
      // Prepare
      const children = Array.from({ length: 80 }, (_, i) => ({
        Arn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-dev-child-${i}-critical`,
        State: { Value: 'ALARM', Timestamp: '2026-11-22T09:59:06.512+0000' },
      }));
      const event = withAlarmMessage(composite, { TriggeringChildren: children });

      // Act
      const message = format(event);

      // Assess
      const triggered = blocksOf(message).find((b) => b.type === 'section' && b.text?.text.startsWith('*Triggered by*'));
      const text = triggered?.type === 'section' ? (triggered.text?.text ?? '') : '';
      expect(text.length).toBeLessThanOrEqual(3000);
      expect(text.endsWith('…')).toBe(true);
      expect(text).toContain('orders-dev-child-0-critical');
    });

    it('keeps at most 50 blocks, saying how many were left out', () => {
      // Prepare
      const blocks = Array.from({ length: 60 }, (_, i) => section(`line ${i}`));

      // Act
      const message = slackMessage('fallback', AlertColor.info, blocks);

      // Assess
      const kept = blocksOf(message);
      expect(kept).toHaveLength(50);
      expect(kept[48]).toEqual(section('line 48'));
      expect(kept[49]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '… 11 more blocks left out (Slack shows at most 50).' }] });
    });

    it('drops a Logs Insights link that would be longer than a Slack button takes, querying fewer groups first', () => {
      // Prepare
      const groups = Array.from({ length: 60 }, (_, i) => `/aws/lambda/orders-dev-function-with-a-long-name-${i}`).join(', ');
      const event = withAlarmMessage(critical, { AlarmDescription: `Many functions.\nLogs: ${groups}` });

      // Act
      const url = buttonsOf(format(event))['Errors in logs'] ?? '';

      // Assess
      expect(url.length).toBeGreaterThan(0);
      expect(url.length).toBeLessThanOrEqual(3000);
      const source = decodeLogsInsightsUrl(url).source as string[];
      expect(source.length).toBeGreaterThan(0);
      expect(source.length).toBeLessThan(60);
    });
  });
});
