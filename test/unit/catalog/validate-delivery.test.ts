import { CatalogValidationError, defineService, validateService } from '../../../src/catalog';
import { validDefinition } from '../../support/catalogs';

/** The issues of the valid shop catalog with its `delivery` set to what a user might write. */
const issuesWith = (delivery: unknown) => validateService({ ...validDefinition(), delivery });

describe('validating the catalog’s delivery targets', () => {
  it('accepts every target, a change window, and the bounds of each', () => {
    // Act
    const issues = [
      issuesWith({ targets: { deploymentsPerDay: 0.5, leadTimeHours: 24, changeFailRatePercent: 15, recoveryHours: 2, reworkRatePercent: 10 }, changeWindowMinutes: 90 }),
      issuesWith({ targets: { changeFailRatePercent: 0, reworkRatePercent: 100 }, changeWindowMinutes: 1 }),
      issuesWith({ changeWindowMinutes: 1440 }),
      issuesWith({}),
      issuesWith(undefined),
    ];

    // Assess
    expect(issues).toEqual([[], [], [], [], []]);
  });

  it.each<[string, unknown, string, RegExp]>([
    ['delivery as a string', 'elite', 'delivery', /^'elite' must be \{ targets\?, changeWindowMinutes\? \}$/],
    ['delivery as a list', [{ leadTimeHours: 1 }], 'delivery', /must be \{ targets\?, changeWindowMinutes\? \}/],
    ['a misspelt key', { target: { leadTimeHours: 1 } }, 'delivery.target', /^unknown key \(targets, changeWindowMinutes\)$/],
    ['targets as a number', { targets: 1 }, 'delivery.targets', /^1 must be \{ deploymentsPerDay\?, leadTimeHours\?, changeFailRatePercent\?, recoveryHours\?, reworkRatePercent\? \}$/],
    [
      'a target in the wrong unit',
      { targets: { leadTimeDays: 1 } },
      'delivery.targets.leadTimeDays',
      /^unknown key \(deploymentsPerDay, leadTimeHours, changeFailRatePercent, recoveryHours, reworkRatePercent\)$/,
    ],
    ['a negative lead time', { targets: { leadTimeHours: -1 } }, 'delivery.targets.leadTimeHours', /^-1 is out of range: a number above 0$/],
    ['no deployments a day', { targets: { deploymentsPerDay: 0 } }, 'delivery.targets.deploymentsPerDay', /^0 is out of range: a number above 0$/],
    ['a recovery time of zero', { targets: { recoveryHours: 0 } }, 'delivery.targets.recoveryHours', /^0 is out of range: a number above 0$/],
    ['a recovery time as text', { targets: { recoveryHours: '2h' } }, 'delivery.targets.recoveryHours', /^'2h' is out of range: a number above 0$/],
    ['a fail rate over 100%', { targets: { changeFailRatePercent: 150 } }, 'delivery.targets.changeFailRatePercent', /^150 is out of range: a percentage from 0 to 100$/],
    ['a negative rework rate', { targets: { reworkRatePercent: -5 } }, 'delivery.targets.reworkRatePercent', /^-5 is out of range: a percentage from 0 to 100$/],
    ['a change window of zero', { changeWindowMinutes: 0 }, 'delivery.changeWindowMinutes', /^0 is out of range: whole minutes from 1 to 1440$/],
    ['a change window over a day', { changeWindowMinutes: 1441 }, 'delivery.changeWindowMinutes', /^1441 is out of range: whole minutes from 1 to 1440$/],
    ['a change window in fractions of minutes', { changeWindowMinutes: 2.5 }, 'delivery.changeWindowMinutes', /^2\.5 is out of range: whole minutes from 1 to 1440$/],
    ['a change window as text', { changeWindowMinutes: '60' }, 'delivery.changeWindowMinutes', /^'60' is out of range: whole minutes from 1 to 1440$/],
  ])('names the bad key for %s', (_case, delivery, path, message) => {
    // Act
    const issues = issuesWith(delivery);

    // Assess
    expect(issues).toEqual([{ path, message: expect.stringMatching(message) }]);
  });

  it('names every bad key at once', () => {
    // Act
    const issues = issuesWith({ changeWindowMinutes: -1, targets: { deploymentsPerDay: -1, changeFailRatePercent: 101, leadTime: 1 } });

    // Assess
    expect(issues.map((issue) => issue.path)).toEqual(['delivery.changeWindowMinutes', 'delivery.targets.deploymentsPerDay', 'delivery.targets.changeFailRatePercent', 'delivery.targets.leadTime']);
  });

  it('fails defineService with the bad key named, as the plugin and the CLI report it', () => {
    // Act
    const define = () => defineService({ ...validDefinition(), delivery: { targets: { changeFailRatePercent: 120 } } });

    // Assess
    expect(define).toThrow(CatalogValidationError);
    expect(define).toThrow(/delivery\.targets\.changeFailRatePercent: 120 is out of range: a percentage from 0 to 100/);
  });
});
