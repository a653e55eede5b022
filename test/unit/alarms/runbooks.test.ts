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

  it('list the catalog’s own business alarms with what to do first', () => {
    expect(generateRunbooks(catalog)['business-threshold.md']).toContain('**orders-stopped** (warning, on `OrderCreated`): No order has been stored for 30 minutes. First: Check that customers');
  });
});
