import { deliveryEmissions } from '../../../handlers/delivery/delivery-points';
import type { DeploymentRecord, IncidentRecord } from '../../../handlers/delivery/records';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const MINUTE = 60_000;
/** `minutes` after T0, epoch ms. */
const at = (minutes: number): number => T0 + minutes * MINUTE;

/** A stack deployment from `start` to `end` (minutes after T0), succeeded unless said otherwise. */
const deployment = (start: number, end: number | undefined, extra: Partial<DeploymentRecord> = {}): DeploymentRecord => ({
  id: `stack@${at(start)}`,
  source: 'stack',
  startedAt: at(start),
  ...(end === undefined ? {} : { endedAt: at(end), outcome: 'succeeded' as const }),
  rework: false,
  codeDeployments: [],
  ...extra,
});

/** The incident alarm's incident, from `open` to `close` (ms), caused by `cause` if given. */
const incident = (open: number, close: number | undefined, cause?: DeploymentRecord): IncidentRecord => ({
  id: `orders-prod-critical@${open}`,
  alarmName: 'orders-prod-critical',
  openedAt: open,
  ...(close === undefined ? {} : { closedAt: close }),
  ...(cause === undefined ? {} : { causedBy: cause.id }),
  openingSeen: true,
});

const emissionsOf = (deployments: DeploymentRecord[], incidents: IncidentRecord[] = []) => deliveryEmissions({ deployments, incidents, transitions: [] });

describe('deliveryEmissions', () => {
  it('counts a succeeded deployment at its end, with its lead time from the commit, once under the deployment’s claim', () => {
    // Prepare: committed 42 min 30 s before the deployment ended.
    const succeeded = deployment(0, 5, { commit: '9f1c2ab', commitTime: at(5) - 42 * MINUTE - 30_000 });

    // Act
    const emissions = emissionsOf([succeeded]);

    // Assess
    expect(emissions).toEqual([
      {
        claim: `deployment#stack@${at(0)}`,
        at: at(5),
        points: [
          { name: 'Deployments', unit: 'Count', value: 1 },
          { name: 'LeadTimeSeconds', unit: 'Seconds', value: 42 * 60 + 30 },
        ],
      },
    ]);
  });

  it('counts a succeeded deployment without a commit time with no lead time', () => {
    // Act
    const emissions = emissionsOf([deployment(0, 5, { version: '1.4.2' })]);

    // Assess
    expect(emissions).toEqual([{ claim: `deployment#stack@${at(0)}`, at: at(5), points: [{ name: 'Deployments', unit: 'Count', value: 1 }] }]);
  });

  it('gives no lead time when the commit time is after the deployment ended', () => {
    // Act
    const emissions = emissionsOf([deployment(0, 5, { commitTime: at(6) })]);

    // Assess
    expect(emissions.flatMap((e) => e.points.map((p) => p.name))).toEqual(['Deployments']);
  });

  it.each([
    ['an incident was open', 'incident-open'],
    ['it was marked as a fix', 'marked-fix'],
  ] as const)('counts a deployment made because %s as rework too', (_why, reworkReason) => {
    // Act
    const emissions = emissionsOf([deployment(0, 5, { rework: true, reworkReason })]);

    // Assess
    expect(emissions).toEqual([
      {
        claim: `deployment#stack@${at(0)}`,
        at: at(5),
        points: [
          { name: 'Deployments', unit: 'Count', value: 1 },
          { name: 'ReworkDeployments', unit: 'Count', value: 1 },
        ],
      },
    ]);
  });

  it.each(['rolled-back', 'failed'] as const)('counts a %s deployment and its failure, recovered at its end from its start, under the failure’s claim', (outcome) => {
    // Prepare: a commit time, which a failed deployment's lead time does not use.
    const failed = deployment(0, 9, { outcome, reason: 'The following resource(s) failed to update: [CreateOrderLambdaAliasLive].', commitTime: at(-30) });

    // Act
    const emissions = emissionsOf([failed]);

    // Assess
    expect(emissions).toEqual([
      { claim: `deployment#stack@${at(0)}`, at: at(9), points: [{ name: 'Deployments', unit: 'Count', value: 1 }] },
      {
        claim: `failure#stack@${at(0)}`,
        at: at(9),
        points: [
          { name: 'ChangeFailed', unit: 'Count', value: 1 },
          { name: 'FailedDeploymentRecoverySeconds', unit: 'Seconds', value: 9 * 60 },
        ],
      },
    ]);
  });

  it('counts the failure of a succeeded deployment that caused an incident at the incident’s close, recovered from the deployment’s end', () => {
    // Prepare: ended at 5, the incident opened at 20 and closed at 47.
    const succeeded = deployment(0, 5);

    // Act
    const emissions = emissionsOf([succeeded], [incident(at(20), at(47), succeeded)]);

    // Assess
    expect(emissions).toContainEqual({
      claim: `failure#stack@${at(0)}`,
      at: at(47),
      points: [
        { name: 'ChangeFailed', unit: 'Count', value: 1 },
        { name: 'FailedDeploymentRecoverySeconds', unit: 'Seconds', value: (47 - 5) * 60 },
      ],
    });
    expect(emissions).toHaveLength(2);
  });

  it('recovers a succeeded deployment’s incident from its opening when it opened before the deployment ended', () => {
    // Prepare: the incident opened at 3, during the deployment (0 to 5), and closed at 47.
    const succeeded = deployment(0, 5);

    // Act
    const emissions = emissionsOf([succeeded], [incident(at(3), at(47), succeeded)]);

    // Assess
    expect(emissions.find((e) => e.claim === `failure#stack@${at(0)}`)?.points).toContainEqual({ name: 'FailedDeploymentRecoverySeconds', unit: 'Seconds', value: (47 - 3) * 60 });
  });

  it('counts no failure for an incident the deployment caused that is still open', () => {
    // Prepare
    const succeeded = deployment(0, 5);

    // Act
    const emissions = emissionsOf([succeeded], [incident(at(20), undefined, succeeded)]);

    // Assess
    expect(emissions.map((e) => e.claim)).toEqual([`deployment#stack@${at(0)}`]);
  });

  it('counts no failure for an incident another deployment caused', () => {
    // Prepare
    const earlier = deployment(0, 5);
    const later = deployment(10, 15);

    // Act
    const emissions = emissionsOf([earlier, later], [incident(at(20), at(30), later)]);

    // Assess
    expect(emissions.map((e) => e.claim)).toEqual([`deployment#stack@${at(0)}`, `deployment#stack@${at(10)}`, `failure#stack@${at(10)}`]);
  });

  it('counts a deployment that rolled back and caused an incident as one failure, at its rollback', () => {
    // Prepare
    const rolledBack = deployment(0, 9, { outcome: 'rolled-back' });

    // Act
    const emissions = emissionsOf([rolledBack], [incident(at(4), at(30), rolledBack)]);

    // Assess
    const failures = emissions.filter((e) => e.points.some((p) => p.name === 'ChangeFailed'));
    expect(failures).toEqual([expect.objectContaining({ claim: `failure#stack@${at(0)}`, at: at(9) })]);
  });

  it('counts nothing for a deployment still running', () => {
    // Act
    const emissions = emissionsOf([deployment(0, undefined, { commitTime: at(-30), rework: true, reworkReason: 'marked-fix' })], [incident(at(4), undefined)]);

    // Assess
    expect(emissions).toEqual([]);
  });

  it('rounds durations to the nearest second', () => {
    // Prepare: ended 1.6 s after the start of minute 5, committed at minute 0.
    const succeeded = deployment(0, 5, { endedAt: at(5) + 1_600, commitTime: at(0) });

    // Act
    const emissions = emissionsOf([succeeded]);

    // Assess
    expect(emissions[0]?.points).toContainEqual({ name: 'LeadTimeSeconds', unit: 'Seconds', value: 5 * 60 + 2 });
  });
});
