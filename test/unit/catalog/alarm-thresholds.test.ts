import { ALARM_THRESHOLD_DEFAULTS, CatalogValidationError, defineService, validateService } from '../../../src/catalog';
import { validDefinition } from '../../support/catalogs';

/** The issues of the valid shop catalog with `alarmThresholds` set to what a user might write. */
const issuesWith = (alarmThresholds: unknown, extra: Record<string, unknown> = {}) => validateService({ ...validDefinition(), alarmThresholds, ...extra });

describe('validating the catalog’s alarm threshold overrides', () => {
  it('accepts an override of any part of any tunable kind, and an account concurrency limit', () => {
    // Act
    const issues = issuesWith(
      {
        'lambda-errors': { threshold: 2 },
        'dynamodb-latency': { threshold: 40, evaluationPeriods: 2, datapointsToAlarm: 2 },
        'lambda-account-concurrency': { threshold: 90 },
        'dynamodb-read-throttles': { evaluationPeriods: 10 },
      },
      { accountConcurrencyLimit: 3000 },
    );

    // Assess
    expect(issues).toEqual([]);
  });

  it('documents a default for every tunable kind, each in a unit and a window CloudWatch accepts', () => {
    // Assess
    for (const [kind, d] of Object.entries(ALARM_THRESHOLD_DEFAULTS)) {
      expect([kind, d.datapointsToAlarm <= d.evaluationPeriods, d.periodSeconds * d.evaluationPeriods <= 86_400]).toEqual([kind, true, true]);
      expect(issuesWith({ [kind]: { threshold: d.threshold, evaluationPeriods: d.evaluationPeriods, datapointsToAlarm: d.datapointsToAlarm } })).toEqual([]);
    }
  });

  it.each<[string, unknown, string, RegExp]>([
    ['a list instead of a map', [{ 'lambda-errors': { threshold: 2 } }], 'alarmThresholds', /must map alarm kinds to \{ threshold\?, evaluationPeriods\?, datapointsToAlarm\? \}/],
    ['a misspelt kind', { 'lambda-error': { threshold: 2 } }, 'alarmThresholds.lambda-error', /unknown alarm kind \(tunable kinds are lambda-errors, lambda-quiet-failures, lambda-throttles, /],
    ['a kind Periscope does not let a catalog tune', { 'slo-burn-rate': { threshold: 10 } }, 'alarmThresholds.slo-burn-rate', /unknown alarm kind/],
    ['a bare number', { 'lambda-errors': 2 }, 'alarmThresholds.lambda-errors', /2 must be \{ threshold\?, evaluationPeriods\?, datapointsToAlarm\? \}/],
    ['a misspelt setting', { 'lambda-errors': { treshold: 2 } }, 'alarmThresholds.lambda-errors.treshold', /unknown setting \(use threshold, evaluationPeriods, datapointsToAlarm\)/],
    ['a percentage over 100', { 'api-5xx': { threshold: 150 } }, 'alarmThresholds.api-5xx.threshold', /150 is out of range: a percentage above 0 and at most 100/],
    ['a zero percentage', { 'lambda-concurrency': { threshold: 0 } }, 'alarmThresholds.lambda-concurrency.threshold', /a percentage above 0/],
    ['a negative count', { 'dynamodb-write-throttles': { threshold: -1 } }, 'alarmThresholds.dynamodb-write-throttles.threshold', /a count per minute above 0/],
    ['a latency given as text', { 'dynamodb-latency': { threshold: '100ms' } }, 'alarmThresholds.dynamodb-latency.threshold', /'100ms' is out of range: milliseconds above 0/],
    ['fractional periods', { 'lambda-errors': { evaluationPeriods: 2.5 } }, 'alarmThresholds.lambda-errors.evaluationPeriods', /whole periods from 1 to 1440/],
    [
      'a look-back over a day in 5-minute periods',
      { 'dynamodb-latency': { evaluationPeriods: 300 } },
      'alarmThresholds.dynamodb-latency.evaluationPeriods',
      /whole periods from 1 to 288 \(this kind's periods are 5 minute\(s\); CloudWatch looks back one day\)/,
    ],
    ['more breaching points than periods', { 'lambda-errors': { evaluationPeriods: 3, datapointsToAlarm: 4 } }, 'alarmThresholds.lambda-errors.datapointsToAlarm', /from 1 to evaluationPeriods \(3\)/],
    ['more breaching points than the default periods', { 'dynamodb-latency': { datapointsToAlarm: 4 } }, 'alarmThresholds.dynamodb-latency.datapointsToAlarm', /from 1 to evaluationPeriods \(3\)/],
  ])('names the bad key for %s', (_case, overrides, path, message) => {
    // Act
    const issues = issuesWith(overrides);

    // Assess
    expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it.each([0, 2.5, '1000'])('refuses an account concurrency limit of %p', (limit) => {
    // Act
    const issues = issuesWith(undefined, { accountConcurrencyLimit: limit });

    // Assess
    expect(issues).toEqual([{ path: 'accountConcurrencyLimit', message: expect.stringMatching(/out of range: a whole number of concurrent executions, at least 1/) }]);
  });

  it('stops defineService with every bad override named at once', () => {
    // Act
    const define = () => defineService({ ...validDefinition(), alarmThresholds: { 'api-4xx': { threshold: 0 }, 'lambda-duration': { datapointsToAlarm: 0 } } });

    // Assess
    expect(define).toThrow(CatalogValidationError);
    expect(define).toThrow(/alarmThresholds\.api-4xx\.threshold[\s\S]*alarmThresholds\.lambda-duration\.datapointsToAlarm/);
  });
});
