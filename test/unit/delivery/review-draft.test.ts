import { alarmConsoleUrl } from '../../../handlers/alerts/console-links';
import type { AlarmTransition, DeploymentRecord } from '../../../handlers/delivery/records';
import { type ClosedIncident, type ReviewInput, reviewDraft, reviewWindow } from '../../../handlers/delivery/review-draft';
import { LogQueries } from '../../../src/runtime/log-queries';
import { decodeLogsInsightsUrl } from '../alerts/fixtures';

/** 2024-05-14 at `hh:mm` UTC, in epoch milliseconds. */
const at = (clock: string, day = '2024-05-14'): number => Date.parse(`${day}T${clock}:00.000Z`);

const COMPOSITE = 'orders-prod-critical';
const API_5XX = 'orders-prod-api-5xx-rate-critical';
const CREATE_ERRORS = 'orders-prod-createOrder-errors-critical';
const RUNBOOK = 'https://runbooks.example.com/orders';

const badDeploy: DeploymentRecord = {
  id: `stack@${at('10:00')}`,
  source: 'stack',
  startedAt: at('10:00'),
  endedAt: at('10:03'),
  outcome: 'succeeded',
  version: '1.4.0',
  commit: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
  strategy: 'Canary10Percent5Minutes',
  rework: false,
  codeDeployments: [{ deploymentId: 'd-7QX2ABCDE', group: 'orders-prod-createOrder', state: 'SUCCESS', at: at('10:03') }],
};

const fixDeploy: DeploymentRecord = {
  id: `stack@${at('10:20')}`,
  source: 'stack',
  startedAt: at('10:20'),
  endedAt: at('10:26'),
  outcome: 'succeeded',
  version: '1.4.1',
  commit: 'f00dbabe00112233445566778899aabbccddeeff',
  rework: true,
  reworkReason: 'marked-fix',
  codeDeployments: [],
};

const transition = (alarmName: string, clock: string, from: string, to: string, reason: string, runbook?: string): AlarmTransition => ({
  alarmName,
  at: at(clock),
  from,
  to,
  reason,
  ...(runbook === undefined ? {} : { runbook }),
});

/** The change-caused incident's alarm history, in time order. */
const changeCausedTransitions: readonly AlarmTransition[] = [
  transition(API_5XX, '10:06', 'OK', 'ALARM', 'Threshold Crossed: 5XX rate 7.2% above 5%', `${RUNBOOK}/api-5xx-rate.md`),
  transition(COMPOSITE, '10:07', 'OK', 'ALARM', 'A critical alarm is in ALARM', `${RUNBOOK}/composite.md`),
  transition(CREATE_ERRORS, '10:07', 'OK', 'ALARM', 'Threshold Crossed: 12 errors', `${RUNBOOK}/lambda-errors.md`),
  transition(CREATE_ERRORS, '10:29', 'ALARM', 'OK', 'Threshold no longer crossed', `${RUNBOOK}/lambda-errors.md`),
  transition(API_5XX, '10:30', 'ALARM', 'OK', 'Threshold no longer crossed', `${RUNBOOK}/api-5xx-rate.md`),
  transition(COMPOSITE, '10:31', 'ALARM', 'OK', 'No critical alarm is in ALARM', `${RUNBOOK}/composite.md`),
];

const context: ReviewInput['context'] = {
  service: 'orders',
  stage: 'prod',
  region: 'eu-west-1',
  logGroups: ['/aws/lambda/orders-prod-createOrder', '/aws/lambda/orders-prod-getOrder'],
  dashboardName: 'orders-prod-operations',
};

const changeCaused: ReviewInput = {
  incident: { id: `${COMPOSITE}@${at('10:07')}`, alarmName: COMPOSITE, openedAt: at('10:07'), closedAt: at('10:31'), causedBy: badDeploy.id, openingSeen: true },
  cause: badDeploy,
  deployments: [badDeploy, fixDeploy],
  transitions: changeCausedTransitions,
  impact: { requests: 12_000, failedRequests: 540, errorRatePercent: 4.5, budgetBurnedPercent: 18.75 },
  changeWindowMinutes: 60,
  context,
};

const notChangeCaused: ReviewInput = {
  incident: { id: `${COMPOSITE}@${at('14:12')}`, alarmName: COMPOSITE, openedAt: at('14:12'), closedAt: at('14:20'), openingSeen: true },
  deployments: [],
  transitions: [transition(COMPOSITE, '14:12', 'OK', 'ALARM', 'A critical alarm is in ALARM'), transition(COMPOSITE, '14:20', 'ALARM', 'OK', 'No critical alarm is in ALARM')],
  changeWindowMinutes: 60,
  context,
};

/** The lines of a `## ` section, without its heading and blank lines. */
function section(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(`## ${heading}`);
  if (start < 0) throw new Error(`no section ${heading}`);
  const end = lines.findIndex((line, index) => index > start && line.startsWith('## '));
  return lines.slice(start + 1, end < 0 ? undefined : end).filter((line) => line !== '');
}

/** The Markdown links of a text, by link text. */
const linksOf = (lines: readonly string[]): Record<string, string> => Object.fromEntries(lines.flatMap((line) => [...line.matchAll(/\[([^\]]+)\]\(([^)\s]+)\)/g)].map((m) => [m[1], m[2]])));

describe('reviewDraft', () => {
  describe('a change-caused incident', () => {
    const draft = reviewDraft(changeCaused);

    it('titles the draft with the service, stage and when it opened', () => {
      // Assess
      expect(draft.split('\n')[0]).toBe('# Post-incident review draft: orders prod, 2024-05-14T10:07Z');
    });

    it('summarises when, how long, which alarm and the change that caused it', () => {
      // Assess
      expect(draft.split('\n')[2]).toBe(
        'Opened 2024-05-14T10:07Z and closed 2024-05-14T10:31Z (24 minutes), on alarm orders-prod-critical. ' +
          'Caused by a change: deployment 1.4.0 (commit a1b2c3d), which succeeded at 2024-05-14T10:03Z.',
      );
    });

    it('merges deployments, CodeDeploy, alarm transitions and the incident into one chronological timeline', () => {
      // Assess
      expect(section(draft, 'Timeline')).toEqual([
        '- 10:00 UTC — Deployment 1.4.0 started (stack update, commit a1b2c3d, Canary10Percent5Minutes) — the change that caused this incident',
        '- 10:03 UTC — CodeDeploy d-7QX2ABCDE (orders-prod-createOrder) succeeded',
        '- 10:03 UTC — Deployment 1.4.0 succeeded (stack update, commit a1b2c3d)',
        '- 10:06 UTC — orders-prod-api-5xx-rate-critical OK → ALARM: Threshold Crossed: 5XX rate 7.2% above 5%',
        '- 10:07 UTC — orders-prod-createOrder-errors-critical OK → ALARM: Threshold Crossed: 12 errors',
        '- 10:07 UTC — orders-prod-critical OK → ALARM: A critical alarm is in ALARM',
        '- 10:07 UTC — Incident opened: orders-prod-critical in ALARM',
        '- 10:20 UTC — Deployment 1.4.1 started (stack update, commit f00dbab) — rework: marked as a fix',
        '- 10:26 UTC — Deployment 1.4.1 succeeded (stack update, commit f00dbab)',
        '- 10:29 UTC — orders-prod-createOrder-errors-critical ALARM → OK: Threshold no longer crossed',
        '- 10:30 UTC — orders-prod-api-5xx-rate-critical ALARM → OK: Threshold no longer crossed',
        '- 10:31 UTC — orders-prod-critical ALARM → OK: No critical alarm is in ALARM',
        '- 10:31 UTC — Incident closed: orders-prod-critical OK after 24 minutes',
      ]);
    });

    it('states the minutes in ALARM, the requests, the failures, the error rate and the budget burned', () => {
      // Assess
      expect(section(draft, 'Impact')).toEqual([
        '- Minutes in ALARM: 24 (orders-prod-critical)',
        '  - orders-prod-api-5xx-rate-critical: 24 minutes',
        '  - orders-prod-createOrder-errors-critical: 22 minutes',
        '- Requests: 12,000',
        '- Failed requests: 540',
        '- Error rate: 4.5%',
        "- Error budget burned: 18.75% of the SLO window's budget",
      ]);
    });

    it('says "no SLO" when the impact has no error budget', () => {
      // Act
      const { budgetBurnedPercent: _, ...withoutSlo } = changeCaused.impact!;
      const impact = section(reviewDraft({ ...changeCaused, impact: withoutSlo }), 'Impact');

      // Assess
      expect(impact).toContain('- Error budget burned: no SLO');
    });

    it('links the errors in the logs over the window, from five minutes before the deploy to five minutes after the close', () => {
      // Prepare
      const links = linksOf(section(draft, 'Links'));

      // Act
      const detail = decodeLogsInsightsUrl(links['Errors in Logs Insights']!);

      // Assess
      expect(detail).toMatchObject({
        start: '2024-05-14T09:55:00.000Z',
        end: '2024-05-14T10:36:00.000Z',
        timeType: 'ABSOLUTE',
        tz: 'UTC',
        editorString: LogQueries.errors,
        source: ['/aws/lambda/orders-prod-createOrder', '/aws/lambda/orders-prod-getOrder'],
      });
      expect(section(draft, 'Links')[0]).toContain(', 09:55 UTC to 10:36 UTC, over /aws/lambda/orders-prod-createOrder, /aws/lambda/orders-prod-getOrder');
    });

    it('links the traces and the operations dashboard over the same window', () => {
      // Act
      const links = linksOf(section(draft, 'Links'));

      // Assess
      expect(links['X-Ray traces']).toBe(
        'https://eu-west-1.console.aws.amazon.com/xray/home?region=eu-west-1#/traces?timeRange=2024-05-14T09:55:00~2024-05-14T10:36:00&filter=annotation.Service%20%3D%20%22orders%22',
      );
      expect(links['Operations dashboard']).toBe(
        'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/orders-prod-operations?start=2024-05-14T09:55:00.000Z&end=2024-05-14T10:36:00.000Z',
      );
    });

    it('links every alarm, the incident’s first, and each runbook once, in the order the alarms changed', () => {
      // Act
      const lines = section(draft, 'Links');

      // Assess
      const alarms = lines.slice(lines.indexOf('- Alarms:') + 1, lines.indexOf('- Runbooks:'));
      expect(alarms).toEqual([COMPOSITE, API_5XX, CREATE_ERRORS].map((name) => `  - [${name}](${alarmConsoleUrl('eu-west-1', name)})`));
      expect(lines.slice(lines.indexOf('- Runbooks:') + 1)).toEqual([`${RUNBOOK}/api-5xx-rate.md`, `${RUNBOOK}/lambda-errors.md`, `${RUNBOOK}/composite.md`].map((url) => `  - [${url}](${url})`));
    });

    it('leaves the blameless sections to the team: prompts only, and one empty action row', () => {
      // Assess
      const headings = draft.split('\n').filter((line) => line.startsWith('#'));
      expect(headings).toEqual([
        '# Post-incident review draft: orders prod, 2024-05-14T10:07Z',
        '## Timeline',
        '## Impact',
        '## Links',
        '## Root cause',
        '## What went well',
        '## What to improve',
        '## Action items',
      ]);
      for (const heading of ['Root cause', 'What went well', 'What to improve']) expect(section(draft, heading)).toEqual([expect.stringMatching(/^_[^_]+_$/)]);
      expect(section(draft, 'Action items')).toEqual([expect.stringMatching(/^_[^_]+_$/), '| Action | Owner | Due | Ticket |', '| --- | --- | --- | --- |', '|  |  |  |  |']);
    });

    it('gives the same draft whatever order the transitions come in', () => {
      // Prepare
      const shuffled = [3, 5, 0, 4, 2, 1].map((index) => changeCausedTransitions[index]!);

      // Act
      const draftOfShuffled = reviewDraft({ ...changeCaused, transitions: shuffled, deployments: [fixDeploy, badDeploy] });

      // Assess
      expect(draftOfShuffled).toBe(draft);
    });
  });

  describe('an incident not caused by a change', () => {
    const draft = reviewDraft(notChangeCaused);

    it('says no deployment ran in the change window before it opened', () => {
      // Assess
      expect(draft.split('\n')[2]).toBe(
        'Opened 2024-05-14T14:12Z and closed 2024-05-14T14:20Z (8 minutes), on alarm orders-prod-critical. Not linked to a change: no deployment ran in the 60 minutes before it opened.',
      );
    });

    it('says the impact could not be read rather than leaving it out', () => {
      // Assess
      expect(section(draft, 'Impact')).toEqual([
        '- Minutes in ALARM: 8 (orders-prod-critical)',
        '- Requests, failed requests, error rate and error budget burned: could not be read from CloudWatch for this window; read them from the dashboard below.',
      ]);
    });

    it('looks from five minutes before it opened, and says when no alarm links a runbook', () => {
      // Act
      const lines = section(draft, 'Links');

      // Assess
      expect(linksOf(lines)['Operations dashboard']).toContain('?start=2024-05-14T14:07:00.000Z&end=2024-05-14T14:25:00.000Z');
      expect(lines).toContain('- Runbooks: none linked from these alarms.');
    });
  });

  describe('escaping', () => {
    it('shows a reason with Markdown characters as written, on one line', () => {
      // Prepare
      const reason = 'p99 > 3_000 ms | *critical* on `GET /orders` [see <runbook>]\nnext & $5';

      // Act
      const draft = reviewDraft({ ...notChangeCaused, transitions: [transition(API_5XX, '14:11', 'OK', 'ALARM', reason), ...notChangeCaused.transitions] });

      // Assess
      expect(section(draft, 'Timeline')).toContain(
        String.raw`- 14:11 UTC — orders-prod-api-5xx-rate-critical OK → ALARM: p99 \> 3\_000 ms \| \*critical\* on \`GET /orders\` \[see \<runbook\>\] next \& \$5`,
      );
    });

    it('masks an email address in a deployment’s failure reason and drops credentials from a runbook link', () => {
      // Prepare
      const failed: DeploymentRecord = { ...badDeploy, outcome: 'failed', reason: 'User ann@example.com is not authorized to perform lambda:UpdateAlias' };
      const withSecretLink = transition(COMPOSITE, '10:31', 'ALARM', 'OK', 'OK', 'https://bot:s3cret@wiki.example.com/runbooks/composite');

      // Act
      const draft = reviewDraft({ ...changeCaused, cause: failed, deployments: [failed], transitions: [withSecretLink] });

      // Assess
      expect(draft).toContain('Deployment 1.4.0 failed (stack update, commit a1b2c3d): User \\*\\*\\*@example.com is not authorized');
      expect(draft).not.toContain('ann@example.com');
      expect(draft).not.toContain('s3cret');
      expect(section(draft, 'Links')).toContain('  - [https://wiki.example.com/runbooks/composite](https://wiki.example.com/runbooks/composite)');
    });
  });

  describe('deployments that did not succeed', () => {
    it('shows a rolled-back deployment and its CodeDeploy deployment as rolled back', () => {
      // Prepare
      const rolledBack: DeploymentRecord = {
        ...badDeploy,
        outcome: 'rolled-back',
        codeDeployments: [{ deploymentId: 'd-ROLLED', group: 'orders-prod-createOrder', state: 'STOP', at: at('10:03') }],
      };

      // Act
      const draft = reviewDraft({ ...changeCaused, cause: rolledBack, deployments: [rolledBack] });

      // Assess
      expect(draft).toContain('which rolled back at 2024-05-14T10:03Z.');
      expect(section(draft, 'Timeline')).toEqual(
        expect.arrayContaining(['- 10:03 UTC — CodeDeploy d-ROLLED (orders-prod-createOrder) rolled back', '- 10:03 UTC — Deployment 1.4.0 rolled back (stack update, commit a1b2c3d)']),
      );
    });

    it('says a cause still running when the incident opened was still running', () => {
      // Prepare
      const { endedAt: _end, outcome: _outcome, ...running } = badDeploy;

      // Act
      const draft = reviewDraft({ ...changeCaused, cause: running, deployments: [running] });

      // Assess
      expect(draft).toContain('Caused by a change: deployment 1.4.0 (commit a1b2c3d), which was still running when it opened.');
    });
  });

  describe('a long incident', () => {
    // 20:00 to 04:30 the next day: longer than X-Ray's six hours, across midnight.
    const incident: ClosedIncident = { id: `${COMPOSITE}@${at('20:00')}`, alarmName: COMPOSITE, openedAt: at('20:00'), closedAt: at('04:30', '2024-05-15'), openingSeen: true };
    const draft = reviewDraft({ ...notChangeCaused, incident, transitions: [] });

    it('shows dates in the timeline when it spans two days', () => {
      // Assess
      expect(section(draft, 'Timeline')).toEqual([
        '- 2024-05-14 20:00 UTC — Incident opened: orders-prod-critical in ALARM',
        '- 2024-05-15 04:30 UTC — Incident closed: orders-prod-critical OK after 510 minutes',
      ]);
    });

    it('links the last six hours of traces, as much as X-Ray’s console shows, and says so', () => {
      // Act
      const line = section(draft, 'Links').find((l) => l.includes('X-Ray traces'))!;

      // Assess
      expect(line).toContain('#/traces?timeRange=2024-05-14T22:35:00~2024-05-15T04:35:00');
      expect(line).toContain("X-Ray's console shows at most 6 hours: the window's last 6 hours, 2024-05-14 22:35 UTC to 2024-05-15 04:35 UTC");
    });
  });
});

describe('reviewWindow', () => {
  it('runs from five minutes before the earlier of the cause’s start and the opening to five minutes after the close', () => {
    // Act
    const window = reviewWindow(changeCaused.incident, badDeploy);

    // Assess
    expect(window).toEqual({ start: new Date('2024-05-14T09:55:00.000Z'), end: new Date('2024-05-14T10:36:00.000Z') });
  });
});
