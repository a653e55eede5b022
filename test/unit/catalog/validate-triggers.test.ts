import { CatalogValidationError, defineService, type ServiceDefinition, validateService } from '../../../src/catalog';
import { validDefinition } from '../../support/catalogs';

/** The valid shop catalog with a queue consumer, changed as a user might. */
const withConsumer = (consumer: Record<string, unknown>) => {
  const definition = validDefinition();
  return { ...definition, functions: [...definition.functions, { name: 'fulfil', ...consumer }] };
};

describe('validating what invokes each function', () => {
  it('accepts every trigger, and a queue consumer with its age and backlog', () => {
    // Prepare
    const definition = validDefinition();
    const functions = [
      ...definition.functions,
      { name: 'search', trigger: 'http-api', routes: ['GET /search'] },
      { name: 'receipt', trigger: 'function-url' },
      { name: 'fulfil', trigger: 'sqs', queue: { maxAgeSeconds: 120, maxDepth: 500 } },
      { name: 'audit', trigger: 'sqs', queue: { maxAgeSeconds: 3600 } },
      { name: 'notify', trigger: 'sns' },
      { name: 'react', trigger: 'eventbridge' },
      { name: 'nightly', trigger: 'schedule' },
      { name: 'legacy', trigger: 'rest-api', routes: ['GET /legacy'] },
    ];

    // Act
    const issues = validateService({ ...definition, functions });

    // Assess
    expect(issues).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['an unknown trigger', { trigger: 'kinesis' }, 'functions[1] (fulfil).trigger', /'kinesis' is not a trigger \(one of rest-api, http-api, function-url, sqs, sns, eventbridge, schedule\)/],
    [
      'routes on a queue consumer',
      { trigger: 'sqs', routes: ['POST /fulfil'] },
      'functions[1] (fulfil).routes',
      /a function triggered by sqs serves no API routes \(routes belong to rest-api or http-api\)/,
    ],
    [
      'a queue on a function that is not a declared consumer',
      { queue: { maxAgeSeconds: 60 } },
      'functions[1] (fulfil).queue',
      /only an SQS consumer has a queue: declare trigger: 'sqs' \(this function declares no trigger\)/,
    ],
    ['a queue on a schedule', { trigger: 'schedule', queue: { maxAgeSeconds: 60 } }, 'functions[1] (fulfil).queue', /this function's trigger is 'schedule'/],
    ['a queue without its age', { trigger: 'sqs', queue: { maxDepth: 10 } }, 'functions[1] (fulfil).queue.maxAgeSeconds', /missing value is out of range: seconds a message may wait, above 0/],
    ['a zero age', { trigger: 'sqs', queue: { maxAgeSeconds: 0 } }, 'functions[1] (fulfil).queue.maxAgeSeconds', /0 is out of range: seconds a message may wait, above 0 and at most 1209600/],
    ['an age past SQS’s retention', { trigger: 'sqs', queue: { maxAgeSeconds: 1_209_601 } }, 'functions[1] (fulfil).queue.maxAgeSeconds', /at most 1209600 \(14 days, SQS's longest retention\)/],
    ['a negative depth', { trigger: 'sqs', queue: { maxAgeSeconds: 60, maxDepth: -1 } }, 'functions[1] (fulfil).queue.maxDepth', /-1 is out of range: a whole number of waiting messages, at least 1/],
    ['a fractional depth', { trigger: 'sqs', queue: { maxAgeSeconds: 60, maxDepth: 2.5 } }, 'functions[1] (fulfil).queue.maxDepth', /2.5 is out of range/],
    ['an age given as text', { trigger: 'sqs', queue: { maxAgeSeconds: '2m' } }, 'functions[1] (fulfil).queue.maxAgeSeconds', /'2m' is out of range/],
    ['a misspelt queue setting', { trigger: 'sqs', queue: { maxAgeSeconds: 60, maxDeph: 10 } }, 'functions[1] (fulfil).queue.maxDeph', /unknown key \(maxAgeSeconds, maxDepth\)/],
    ['a queue that is not an object', { trigger: 'sqs', queue: 120 }, 'functions[1] (fulfil).queue', /120 must be \{ maxAgeSeconds, maxDepth\? \}/],
  ])('names the function and the bad value for %s', (_case, consumer, path, message) => {
    // Act
    const issues = validateService(withConsumer(consumer));

    // Assess
    expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('keeps Periscope’s batch metric names for its own use', () => {
    // Prepare
    const definition = validDefinition();

    // Act
    const issues = validateService({ ...definition, metrics: [...definition.metrics, { name: 'BatchItemFailures', unit: 'Count', description: 'Failed records.' }] });

    // Assess
    expect(issues).toEqual([{ path: 'metrics[2] (BatchItemFailures).name', message: "'BatchItemFailures' is recorded by Periscope itself; choose another metric name" }]);
  });

  it('accepts a tunable threshold for every trigger alarm kind, in seconds and in messages, and refuses one out of its unit', () => {
    // Act
    const valid = validateService({
      ...validDefinition(),
      alarmThresholds: { 'sqs-queue-age': { threshold: 600 }, 'sqs-queue-depth': { threshold: 50 }, 'lambda-async-event-age': { threshold: 900 } },
    });
    const invalid = validateService({ ...validDefinition(), alarmThresholds: { 'sqs-dead-letters': { threshold: 0.5 }, 'sqs-dead-letter-age': { threshold: 0 } } });

    // Assess
    expect(valid).toEqual([]);
    expect(invalid).toEqual([
      { path: 'alarmThresholds.sqs-dead-letters.threshold', message: '0.5 is out of range: a whole number of messages, at least 1' },
      { path: 'alarmThresholds.sqs-dead-letter-age.threshold', message: "0 is out of range: seconds above 0 and at most 1209600 (14 days, SQS's longest retention)" },
    ]);
  });

  it('stops defineService with every bad trigger setting named at once', () => {
    // Act
    const define = () => defineService(withConsumer({ trigger: 'queue', queue: { maxAgeSeconds: -5 } }) as ServiceDefinition);

    // Assess
    expect(define).toThrow(CatalogValidationError);
    expect(define).toThrow(/functions\[1\] \(fulfil\)\.trigger[\s\S]*functions\[1\] \(fulfil\)\.queue: only an SQS consumer[\s\S]*functions\[1\] \(fulfil\)\.queue\.maxAgeSeconds/);
  });
});
