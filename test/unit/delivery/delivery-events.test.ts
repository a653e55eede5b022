import cloudFormationFixture from '../../../events/cloudformation-stack-status-change.json';
import codeDeployFixture from '../../../events/codedeploy-deployment-state-change.json';
import alarmFixture from '../../../events/eventbridge-alarm-state-change.json';
import type { DeliveryConfig } from '../../../handlers/delivery/delivery-config';
import { type DeliveryEvent, type IgnoredEvent, isIgnored, readDeliveryEvent } from '../../../handlers/delivery/delivery-events';
import { DeliveryEventError } from '../../../handlers/delivery/errors';
import { CHANGE_EVENT } from '../../../src/catalog/delivery';
import { ORDERS_PROD_DELIVERY } from '../../support/delivery-config';

type Json = Record<string, any>;

const CONFIG = ORDERS_PROD_DELIVERY;

/** A fixture, copied, with `change` applied to the copy: the fixtures stay as AWS documents them. */
const edited = (fixture: Json, change: (event: Json) => void): Json => {
  const copy = structuredClone(fixture);
  change(copy);
  return copy;
};

/** The change the plugin announces before a deploy, as EventBridge delivers it. */
const changeEvent = (detail: Json, id = 'f3b2c1d0-5e6f-4a7b-8c9d-0e1f2a3b4c5d'): Json => ({
  version: '0',
  id,
  'detail-type': CHANGE_EVENT.detailType,
  source: CHANGE_EVENT.source,
  account: '123456789012',
  time: '2026-11-23T11:09:58Z',
  region: 'us-east-1',
  resources: [],
  detail,
});

const readIn = (event: unknown, config: DeliveryConfig = CONFIG): DeliveryEvent | IgnoredEvent => readDeliveryEvent(event, config);

/** What reading `event` throws; fails the test when it reads. */
function rejectionOf(event: unknown): unknown {
  try {
    readIn(event);
  } catch (error) {
    return error;
  }
  throw new Error(`the event was read: ${JSON.stringify(event)?.slice(0, 80)}`);
}

describe('readDeliveryEvent', () => {
  describe('the events of the service', () => {
    it('reads the stack status change of events/ as a stack event with its status and CloudFormation’s reason, trimmed', () => {
      // Act
      const read = readIn(cloudFormationFixture);

      // Assess
      expect(read).toEqual({
        kind: 'stack',
        id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
        at: Date.UTC(2026, 10, 23, 11, 17, 5),
        status: 'UPDATE_ROLLBACK_IN_PROGRESS',
        reason: 'The following resource(s) failed to update: [CreateOrderLambdaAliasLive].',
      });
    });

    it('reads a stack status change without a reason with an empty reason', () => {
      // Prepare
      const complete = edited(cloudFormationFixture, (event) => {
        event.detail['status-details'] = { status: 'UPDATE_COMPLETE' };
      });

      // Act
      const read = readIn(complete);

      // Assess
      expect(read).toMatchObject({ kind: 'stack', status: 'UPDATE_COMPLETE', reason: '' });
    });

    it('reads the CodeDeploy state change of events/ as a CodeDeploy event with its deployment, group and state', () => {
      // Act
      const read = readIn(codeDeployFixture);

      // Assess
      expect(read).toEqual({
        kind: 'codedeploy',
        id: 'c071bfbf-83c4-49ca-a6ff-3df053957145',
        at: Date.UTC(2026, 10, 23, 11, 10, 20),
        deploymentId: 'd-7QX2KD9LM',
        group: 'orders-prod-create-order',
        state: 'START',
      });
    });

    it('reads the alarm state change of events/ at its state’s millisecond timestamp, with the runbook from its description', () => {
      // Act
      const read = readIn(alarmFixture);

      // Assess
      expect(read).toEqual({
        kind: 'alarm',
        id: '7b0e3c5d-2f4a-8e61-c9d2-4a1b6e8f3c07',
        at: Date.UTC(2026, 10, 23, 10, 5, 10, 415),
        alarmName: 'orders-prod-create-order-throttles-warning',
        state: 'ALARM',
        previousState: 'OK',
        previousSince: Date.UTC(2026, 10, 23, 9, 12, 10, 306),
        reason: alarmFixture.detail.state.reason,
        runbook: 'https://runbooks.example.com/orders/lambda-throttles.md',
      });
    });

    it('reads an alarm whose description has no runbook and whose previous state has no timestamp without either', () => {
      // Prepare
      const bare = edited(alarmFixture, (event) => {
        event.detail.configuration.description = 'Lambda refused createOrder invocations.\nTier: warning';
        delete event.detail.previousState.timestamp;
      });

      // Act
      const read = readIn(bare);

      // Assess
      expect(read).toMatchObject({ kind: 'alarm', state: 'ALARM', previousState: 'OK' });
      expect(read).not.toHaveProperty('runbook');
      expect(read).not.toHaveProperty('previousSince');
    });

    it('reads a change marked as a fix with its commit, commit time, version and strategy', () => {
      // Prepare
      const announced = changeEvent({
        service: 'orders',
        stage: 'prod',
        commit: '9f1c2ab',
        commitTime: '2026-11-23T10:41:07.000Z',
        version: '1.4.2',
        fix: true,
        strategy: 'Canary10Percent5Minutes',
      });

      // Act
      const read = readIn(announced);

      // Assess
      expect(read).toEqual({
        kind: 'change',
        id: 'f3b2c1d0-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
        at: Date.UTC(2026, 10, 23, 11, 9, 58),
        commit: '9f1c2ab',
        commitTime: '2026-11-23T10:41:07.000Z',
        version: '1.4.2',
        fix: true,
        strategy: 'Canary10Percent5Minutes',
      });
    });

    it('reads a change that says only its service and stage as not a fix, with no commit, version or strategy', () => {
      // Act
      const read = readIn(changeEvent({ service: 'orders', stage: 'prod', commit: '' }));

      // Assess
      expect(read).toEqual({ kind: 'change', id: 'f3b2c1d0-5e6f-4a7b-8c9d-0e1f2a3b4c5d', at: Date.UTC(2026, 10, 23, 11, 9, 58), fix: false });
    });
  });

  describe('events about something else', () => {
    it.each([
      [
        'another stack',
        edited(cloudFormationFixture, (event) => {
          event.detail['stack-id'] = 'arn:aws:cloudformation:us-east-1:123456789012:stack/periscope-orders-dev/0c4e2d18-c9e1-11f0-9c3a-0a8e4c1f2b3d';
        }),
        ['periscope-orders-dev', 'periscope-orders-prod'],
      ],
      [
        'another CodeDeploy application',
        edited(codeDeployFixture, (event) => {
          event.detail.application = 'payments-prod';
        }),
        ['payments-prod', 'orders-prod'],
      ],
      [
        'another service’s alarm',
        edited(alarmFixture, (event) => {
          event.detail.alarmName = 'payments-prod-charge-errors-critical';
        }),
        ['payments-prod-charge-errors-critical', 'orders-prod-'],
      ],
      ['another service’s change', changeEvent({ service: 'payments', stage: 'prod' }), ['payments', 'orders']],
      ['another stage’s change', changeEvent({ service: 'orders', stage: 'dev' }), ['dev', 'prod']],
    ])('ignores an event about %s, saying which and which it is not', (_about, event, named) => {
      // Act
      const read = readIn(event);

      // Assess
      expect(isIgnored(read)).toBe(true);
      expect(read).toEqual({ id: event.id, ignored: expect.any(String) });
      for (const name of named) expect((read as IgnoredEvent).ignored).toContain(name);
    });

    it('ignores every CodeDeploy deployment when the service shifts no traffic, saying so', () => {
      // Prepare
      const { application: _none, ...withoutTrafficShifting } = CONFIG;

      // Act
      const read = readIn(codeDeployFixture, withoutTrafficShifting);

      // Assess
      expect(read).toEqual({ id: codeDeployFixture.id, ignored: expect.stringContaining('orders-prod') });
      expect((read as IgnoredEvent).ignored).toContain('shifts no traffic');
    });

    it('reads the alarms of the service whatever their tier, not only the incident alarm', () => {
      // Prepare
      const critical = edited(alarmFixture, (event) => {
        event.detail.alarmName = 'orders-prod-api-5xx-rate-critical';
      });

      // Act
      const read = readIn(critical);

      // Assess
      expect(read).toMatchObject({ kind: 'alarm', alarmName: 'orders-prod-api-5xx-rate-critical' });
    });
  });

  describe('events it cannot read', () => {
    it.each([
      ['null', null, /null/],
      ['a string', '{"id":"x"}', /string/],
      ['an array', [cloudFormationFixture], /an array/],
    ])('rejects %s as not an EventBridge event', (_what, event, named) => {
      // Act
      const error = rejectionOf(event);

      // Assess
      expect(error).toBeInstanceOf(DeliveryEventError);
      expect((error as Error).message).toMatch(named);
      expect((error as Error).message).toContain('not an EventBridge event');
    });

    it('rejects an event without an id', () => {
      // Prepare
      const anonymous = edited(cloudFormationFixture, (event) => {
        delete event.id;
      });

      // Act
      const error = rejectionOf(anonymous);

      // Assess
      expect(error).toBeInstanceOf(DeliveryEventError);
      expect((error as Error).message).toContain('no id');
    });

    const CFN = cloudFormationFixture.id;
    const CD = codeDeployFixture.id;
    const CW = alarmFixture.id;
    const CHANGE = 'f3b2c1d0-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
    it.each<[string, Json, string, string]>([
      [
        'an unknown detail type',
        edited(cloudFormationFixture, (event) => {
          event['detail-type'] = 'CloudFormation Resource Status Change';
        }),
        CFN,
        'CloudFormation Resource Status Change',
      ],
      [
        'an unknown source',
        edited(codeDeployFixture, (event) => {
          event.source = 'aws.codepipeline';
        }),
        CD,
        'aws.codepipeline',
      ],
      [
        'no detail',
        edited(codeDeployFixture, (event) => {
          delete event.detail;
        }),
        CD,
        'detail',
      ],
      [
        'a stack change without a stack id',
        edited(cloudFormationFixture, (event) => {
          delete event.detail['stack-id'];
        }),
        CFN,
        'stack-id',
      ],
      [
        'a stack change without a status',
        edited(cloudFormationFixture, (event) => {
          delete event.detail['status-details'];
        }),
        CFN,
        'status',
      ],
      [
        'a stack change at a time that is not one',
        edited(cloudFormationFixture, (event) => {
          event.time = 'yesterday';
        }),
        CFN,
        'time',
      ],
      [
        'a CodeDeploy change without a deployment id',
        edited(codeDeployFixture, (event) => {
          delete event.detail.deploymentId;
        }),
        CD,
        'deploymentId',
      ],
      [
        'a CodeDeploy change without a state',
        edited(codeDeployFixture, (event) => {
          event.detail.state = '';
        }),
        CD,
        'state',
      ],
      [
        'an alarm change without an alarm name',
        edited(alarmFixture, (event) => {
          delete event.detail.alarmName;
        }),
        CW,
        'alarmName',
      ],
      [
        'an alarm change without its state’s timestamp',
        edited(alarmFixture, (event) => {
          delete event.detail.state.timestamp;
        }),
        CW,
        'state.timestamp',
      ],
      [
        'an alarm change without its state’s value',
        edited(alarmFixture, (event) => {
          delete event.detail.state.value;
        }),
        CW,
        'state.value',
      ],
      ['a change without its stage', changeEvent({ service: 'orders' }), CHANGE, 'stage'],
      ['a change with a commit time that is not a time', changeEvent({ service: 'orders', stage: 'prod', commitTime: 'last Tuesday' }), CHANGE, 'commitTime'],
      ['a change with a commit time that is a number', changeEvent({ service: 'orders', stage: 'prod', commitTime: 1_795_428_000_000 }), CHANGE, 'commitTime'],
    ])('rejects %s, naming the event and the field', (_what, event, id, field) => {
      // Act
      const error = rejectionOf(event);

      // Assess
      expect(error).toBeInstanceOf(DeliveryEventError);
      expect((error as Error).message).toContain(`event ${id}`);
      expect((error as Error).message).toContain(field);
    });
  });
});
