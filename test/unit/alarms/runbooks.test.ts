import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateAlarms, generateRunbooks } from '../../../alarms';
import { ordersServiceResources } from '../../../deploy/service-resources';
import { catalog } from '../../../observability.config';

const RUNBOOKS = join(__dirname, '../../../docs/runbooks');

describe('runbooks', () => {
  it('are committed exactly as the generator makes them (run `npm run runbooks` after changing it)', () => {
    const generated = generateRunbooks(catalog);
    expect(readdirSync(RUNBOOKS).sort()).toEqual(Object.keys(generated).sort());
    for (const [name, text] of Object.entries(generated)) expect([name, readFileSync(join(RUNBOOKS, name), 'utf8')]).toEqual([name, text]);
  });

  it('exist for every runbook an alarm links to', () => {
    const files = new Set(Object.keys(generateRunbooks(catalog)));
    const links = Object.values(generateAlarms(catalog, ordersServiceResources('dev')).resources)
      .map((r) => (r.Properties.AlarmDescription as { 'Fn::Sub'?: string } | undefined)?.['Fn::Sub'])
      .filter((text): text is string => text !== undefined)
      .map((text) => /\nRunbook: https:\/\/runbooks\.example\.com\/orders\/(.+)\n/.exec(text)?.[1]);
    expect(links.length).toBeGreaterThan(30);
    for (const link of links) expect(files).toContain(link);
  });

  it('explain the burn-rate windows with the factors the alarms use', () => {
    const text = generateRunbooks(catalog)['slo-burn-rate.md']!;
    expect(text).toContain('| fast-burn | critical | 1h / 5m | 5% | 33.6× | 3.36% |');
    expect(text).toContain('| slow-burn | warning | 24h / 120m | 10% | 2.8× | 0.28% |');
  });

  it('tell on-call how to find a failed message by its message_id and move dead letters back to their queue', () => {
    // Act
    const runbooks = generateRunbooks(catalog);

    // Assess
    expect(runbooks['sqs-dead-letters.md']).toContain('aws sqs start-message-move-task --source-arn <dead-letter-queue-arn>');
    expect(runbooks['sqs-dead-letters.md']).toContain('| filter message_id = "<message-id>"');
    expect(runbooks['sqs-batch-failures.md']).toContain('`BatchItemFailures` and `BatchRecords`');
    expect(runbooks['lambda-async-events-dropped.md']).toContain('It pages when the function keeps no failed events');
  });

  it('list the catalog’s queue consumers with the age and backlog their alarms compare with', () => {
    // Act
    const text = generateRunbooks(catalog)['sqs-queue-age.md']!;

    // Assess
    expect(text).toContain('- **fulfilOrder**: 120 s, 500 messages');
  });

  it('list the catalog’s own business alarms with what to do first', () => {
    expect(generateRunbooks(catalog)['business-threshold.md']).toContain('**orders-stopped** (warning, on `OrderCreated`): No order has been stored for 30 minutes. First: Check that customers');
  });
});
