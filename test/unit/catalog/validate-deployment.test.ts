import { validateService } from '../../../src/catalog';
import { validDefinition } from '../../support/catalogs';

/** The issues of the valid shop catalog with the service's `deployment` (and its function's) set to what a user might write. */
const issuesWith = (deployment: unknown, functionDeployment?: unknown) => {
  const definition = validDefinition();
  return validateService({
    ...definition,
    deployment,
    functions: definition.functions.map((fn) => (functionDeployment === undefined ? fn : { ...fn, deployment: functionDeployment })),
  });
};

describe('validating the catalog’s deployment policy', () => {
  it('accepts a strategy per service, per stage and per function, an alias and a gate', () => {
    // Act
    const issues = issuesWith(
      {
        strategy: 'Canary10Percent5Minutes',
        stages: { dev: 'AllAtOnce', 'eu-prod-2': 'Linear10PercentEvery10Minutes' },
        alias: 'live_2',
        gate: { errorRatePercent: 2.5, minInvocations: 10, windowMinutes: 5, onCritical: false },
      },
      { strategy: 'Linear10PercentEvery1Minute', stages: { prod: 'Canary10Percent30Minutes' }, smokeTest: true },
    );

    // Assess
    expect(issues).toEqual([]);
  });

  it.each<[string, unknown, unknown, string, RegExp]>([
    ['an unknown strategy', { strategy: 'Canary50Percent5Minutes' }, undefined, 'deployment.strategy', /'Canary50Percent5Minutes' is not a deployment strategy \(AllAtOnce, Canary10Percent5Minutes, /],
    ['a stage strategy under a bad stage name', { stages: { 'my stage': 'AllAtOnce' } }, undefined, 'deployment.stages.my stage', /not a stage name/],
    ['stages as a list', { stages: ['dev'] }, undefined, 'deployment.stages', /must map stage names to strategies/],
    ['a misspelt key', { stratgy: 'AllAtOnce' }, undefined, 'deployment.stratgy', /unknown key \(strategy, stages, alias, gate\)/],
    ['an alias that is a version number', { alias: '7' }, undefined, 'deployment.alias', /'7' is not a Lambda alias name/],
    ['an error rate over 100%', { gate: { errorRatePercent: 150 } }, undefined, 'deployment.gate.errorRatePercent', /150 is out of range: a percentage above 0, at most 100/],
    ['a fractional invocation floor', { gate: { minInvocations: 2.5 } }, undefined, 'deployment.gate.minInvocations', /a whole number of invocations, at least 1/],
    ['a window longer than an hour', { gate: { windowMinutes: 90 } }, undefined, 'deployment.gate.windowMinutes', /whole minutes from 1 to 60/],
    ['a misspelt gate key', { gate: { errorRate: 5 } }, undefined, 'deployment.gate.errorRate', /unknown key \(errorRatePercent, minInvocations, windowMinutes, onCritical\)/],
    ['a function strategy that is not one', undefined, { strategy: 'Blue/Green' }, 'functions[0] (checkout).deployment.strategy', /'Blue\/Green' is not a deployment strategy/],
    ['smokeTest as a string', undefined, { smokeTest: 'yes' }, 'functions[0] (checkout).deployment.smokeTest', /'yes' must be true or false/],
    ['a service key on a function', undefined, { alias: 'live' }, 'functions[0] (checkout).deployment.alias', /unknown key \(strategy, stages, smokeTest\)/],
  ])('names the bad key for %s', (_case, deployment, functionDeployment, path, message) => {
    // Act
    const issues = issuesWith(deployment, functionDeployment);

    // Assess
    expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });
  });
});
