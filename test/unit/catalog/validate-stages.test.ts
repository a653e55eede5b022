import { validateService } from '../../../src/catalog';
import { validDefinition } from '../../support/catalogs';

/** The issues of the valid shop catalog with `stages` set to what a user might write. */
const issuesWithStages = (stages: unknown) => validateService({ ...validDefinition(), stages });

describe('validating the catalog’s stage policies', () => {
  it('accepts stages that page, stages that do not, and per-tier subscriptions where a stage pages', () => {
    // Act
    const issues = issuesWithStages({
      prod: { page: true },
      'eu-prod-2': { page: true, notify: { critical: { email: ['oncall@example.com'], https: ['https://pager.example.com/hook'] }, warning: {} } },
      dev: { page: false },
    });

    // Assess
    expect(issues).toEqual([]);
  });

  it.each<[string, unknown, string, RegExp]>([
    ['a list instead of a map', [{ page: true }], 'stages', /must map stage names to \{ page, notify\? \}/],
    ['a stage name serverless refuses', { 'my stage': { page: true } }, 'stages.my stage', /'my stage' is not a stage name \(letters, digits and dashes/],
    ['a stage name with an underscore', { pre_prod: { page: true } }, 'stages.pre_prod', /not a stage name/],
    ['a policy that is not an object', { dev: true }, 'stages.dev', /true must be \{ page: true \| false, notify\?/],
    ['a missing page', { dev: {} }, 'stages.dev.page', /missing value must be true or false/],
    ['page as a string', { prod: { page: 'yes' } }, 'stages.prod.page', /'yes' must be true or false/],
    ['a misspelt key', { prod: { page: true, pages: true } }, 'stages.prod.pages', /unknown key \(a stage policy has page and notify\)/],
    ['notify on a stage that does not page', { dev: { page: false, notify: { critical: { email: ['a@example.com'] } } } }, 'stages.dev.notify', /does not page, so nothing here is subscribed/],
    ['notify that is not a map of tiers', { prod: { page: true, notify: ['a@example.com'] } }, 'stages.prod.notify', /must be \{ critical\?: .*, warning\?: /],
    ['notify for the info tier', { prod: { page: true, notify: { info: { email: ['a@example.com'] } } } }, 'stages.prod.notify.info', /the info tier stays on dashboards/],
    ['notify for an unknown tier', { prod: { page: true, notify: { urgent: {} } } }, 'stages.prod.notify.urgent', /unknown tier \(the tiers with a topic are critical, warning\)/],
    ['a pager over plain http', { prod: { page: true, notify: { critical: { https: ['http://pager.example.com/hook'] } } } }, 'stages.prod.notify.critical.https[0]', /not an https:\/\/ URL/],
    ['a malformed email', { prod: { page: true, notify: { warning: { email: ['oncall'] } } } }, 'stages.prod.notify.warning.email[0]', /'oncall' is not an email address/],
    ['an unknown subscription kind', { prod: { page: true, notify: { critical: { sms: ['+15550100'] } } } }, 'stages.prod.notify.critical.sms', /unknown subscription kind/],
    [
      'subscriptions that are not an object',
      { prod: { page: true, notify: { critical: 'oncall@example.com' } } },
      'stages.prod.notify.critical',
      /must be \{ email\?: \[\.\.\.\], https\?: \[\.\.\.\] \}/,
    ],
  ])('names the bad key for %s', (_case, stages, path, message) => {
    // Act
    const issues = issuesWithStages(stages);

    // Assess
    expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('reports every bad stage at once', () => {
    // Act
    const issues = issuesWithStages({ 'qa env': { page: 1 }, prod: { page: true, notify: { critical: { email: ['x'] } } } });

    // Assess
    expect(issues.map((issue) => issue.path)).toEqual(['stages.qa env', 'stages.qa env.page', 'stages.prod.notify.critical.email[0]']);
  });
});
