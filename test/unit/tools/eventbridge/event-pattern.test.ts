import { matchesEventPattern, transformInput, UnsupportedEventPatternError } from '../../../../tools/emulators/eventbridge/event-pattern';

/** A "CloudWatch Alarm State Change" event, trimmed to the fields the patterns here read. */
const event = {
  version: '0',
  source: 'aws.cloudwatch',
  'detail-type': 'CloudWatch Alarm State Change',
  account: '123456789012',
  resources: ['arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-prod-api-5xx-rate-critical'],
  detail: { alarmName: 'orders-prod-api-5xx-rate-critical', state: { value: 'ALARM' }, previousState: { value: 'OK' }, configuration: { metrics: [{ id: 'rate' }] } },
};

/** The error `run` throws, which must be an UnsupportedEventPatternError. */
function unsupported(run: () => unknown): UnsupportedEventPatternError {
  try {
    run();
  } catch (error) {
    if (error instanceof UnsupportedEventPatternError) return error;
    throw error;
  }
  throw new Error('expected an UnsupportedEventPatternError, nothing was thrown');
}

describe('matchesEventPattern', () => {
  it('matches a field against any of the exact values listed', () => {
    // Act
    const [one, either, other] = [['aws.cloudwatch'], ['aws.ec2', 'aws.cloudwatch'], ['aws.ec2']].map((source) => matchesEventPattern({ source }, event));

    // Assess
    expect([one, either, other]).toEqual([true, true, false]);
  });

  it('compares exactly: case and JSON type matter', () => {
    // Act
    const verdicts = [matchesEventPattern({ source: ['AWS.CloudWatch'] }, event), matchesEventPattern({ version: [0] }, event), matchesEventPattern({ version: ['0'] }, event)];

    // Assess
    expect(verdicts).toEqual([false, false, true]);
  });

  it('needs every field of the pattern to match, and ignores the event’s other fields', () => {
    // Act
    const both = matchesEventPattern({ source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'] }, event);
    const oneWrong = matchesEventPattern({ source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm Configuration Change'] }, event);

    // Assess
    expect(both).toBe(true);
    expect(oneWrong).toBe(false);
  });

  it('matches nested fields level by level', () => {
    // Act
    const alarm = matchesEventPattern({ detail: { state: { value: ['ALARM', 'OK'] } } }, event);
    const insufficient = matchesEventPattern({ detail: { state: { value: ['INSUFFICIENT_DATA'] } } }, event);
    const deeper = matchesEventPattern({ detail: { state: { value: { nested: ['ALARM'] } } } }, event);

    // Assess
    expect(alarm).toBe(true);
    expect(insufficient).toBe(false);
    expect(deeper).toBe(false);
  });

  it('matches a prefix of a string, and only of a string', () => {
    // Act
    const ours = matchesEventPattern({ detail: { alarmName: [{ prefix: 'orders-prod-' }] } }, event);
    const another = matchesEventPattern({ detail: { alarmName: [{ prefix: 'orders-dev-' }] } }, event);
    const object = matchesEventPattern({ detail: { state: [{ prefix: 'A' }] } }, event);

    // Assess
    expect([ours, another, object]).toEqual([true, false, false]);
  });

  it('matches an array field of the event when any of its elements matches', () => {
    // Prepare
    const twoAlarms = { ...event, resources: ['arn:aws:cloudwatch:us-east-1:123456789012:alarm:payments-prod-x', ...event.resources] };

    // Act
    const prefix = matchesEventPattern({ resources: [{ prefix: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-prod-' }] }, twoAlarms);
    const exact = matchesEventPattern({ resources: ['arn:aws:cloudwatch:us-east-1:123456789012:alarm:payments-prod-x'] }, twoAlarms);
    const none = matchesEventPattern({ resources: [{ prefix: 'arn:aws:cloudwatch:eu-west-1:' }] }, twoAlarms);

    // Assess
    expect([prefix, exact, none]).toEqual([true, true, false]);
  });

  it('matches anything but the values listed, when the field is there', () => {
    // Act
    const verdicts = [
      matchesEventPattern({ detail: { state: { value: [{ 'anything-but': ['INSUFFICIENT_DATA'] }] } } }, event),
      matchesEventPattern({ detail: { state: { value: [{ 'anything-but': ['ALARM', 'INSUFFICIENT_DATA'] }] } } }, event),
      matchesEventPattern({ detail: { state: { reason: [{ 'anything-but': ['x'] }] } } }, event),
    ];

    // Assess
    expect(verdicts).toEqual([true, false, false]);
  });

  it('matches nothing for a field the event lacks, at any depth', () => {
    // Act
    const verdicts = [
      matchesEventPattern({ region: ['us-east-1'] }, event),
      matchesEventPattern({ detail: { alarmTags: { team: ['orders'] } } }, event),
      matchesEventPattern({ source: { nested: ['aws.cloudwatch'] } }, event),
      matchesEventPattern({ detail: { state: { value: ['ALARM'] } } }, { ...event, detail: undefined }),
    ];

    // Assess
    expect(verdicts).toEqual([false, false, false, false]);
  });

  it.each([
    ['a numeric', { detail: { state: { value: [{ numeric: ['>', 0] }] } } }, 'pattern.detail.state.value', '{"numeric":[">",0]}'],
    ['an exists', { detail: { alarmName: [{ exists: true }] } }, 'pattern.detail.alarmName', '{"exists":true}'],
    ['a suffix', { resources: [{ suffix: '-critical' }] }, 'pattern.resources', '{"suffix":"-critical"}'],
    ['a non-string prefix', { source: [{ prefix: 5 }] }, 'pattern.source', '{"prefix":5}'],
  ])('refuses %s matcher rather than guess, naming it and where it is', (_what, pattern, path, matcher) => {
    // Act
    const error = unsupported(() => matchesEventPattern(pattern, event));

    // Assess
    expect(error.message).toContain(path);
    expect(error.message).toContain(matcher);
  });

  it('refuses a pattern that is not an object', () => {
    // Act
    const error = unsupported(() => matchesEventPattern(['aws.cloudwatch'], event));

    // Assess
    expect(error.message).toBe('pattern is ["aws.cloudwatch"]: an event pattern is an object');
  });
});

describe('transformInput', () => {
  it('puts the whole event where the template names EventBridge’s reserved variable', () => {
    // Prepare
    const template = '{"periscope":{"suppressor":"orders-prod-deploy-in-progress-info"},"event":<aws.events.event.json>}';

    // Act
    const input = transformInput(template, event);

    // Assess
    expect(input).toEqual({ periscope: { suppressor: 'orders-prod-deploy-in-progress-info' }, event });
  });

  it('keeps the event’s text verbatim, dollar signs included', () => {
    // Prepare
    const withDollars = { ...event, detail: { ...event.detail, state: { value: 'ALARM', reason: "spend above $$100: $& and $' are not patterns" } } };

    // Act
    const input = transformInput('{"event":<aws.events.event.json>}', withDollars);

    // Assess
    expect(input).toEqual({ event: withDollars });
  });

  it('fails on a template that is not JSON once the event is in it', () => {
    // Act
    const run = () => transformInput('{"event":<aws.events.event.json>', event);

    // Assess
    expect(run).toThrow(SyntaxError);
  });
});
