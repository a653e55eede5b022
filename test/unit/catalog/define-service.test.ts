import { catalog as ordersCatalog } from '../../../observability.config';
import { type CatalogIssue, CatalogValidationError, defineService, type ServiceDefinition, validateService } from '../../../src/catalog';
import { alertsCatalog } from '../../../src/catalog/alerts-catalog';
import { validDefinition } from '../../support/catalogs';

/** Runs defineService on a broken catalog and returns the issues it raised (fails if it did not throw). */
const issuesOf = (definition: unknown): CatalogIssue[] => {
  let thrown: unknown;
  try {
    defineService(definition as ServiceDefinition);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(CatalogValidationError);
  return [...(thrown as CatalogValidationError).issues];
};

/** A valid business alarm to break in one way per case. */
const alarm = { kind: 'threshold', signal: 'checkout-stopped', tier: 'warning', description: 'No checkout for 30 minutes.', comparison: 'below', threshold: 1 };

const withChange = (change: (d: Record<string, any>) => void): unknown => {
  const definition = structuredClone(validDefinition()) as Record<string, any>;
  change(definition);
  return definition;
};

describe('defineService', () => {
  it('accepts the sample orders catalog and freezes it', () => {
    expect(ordersCatalog.service).toBe('orders');
    expect(Object.isFrozen(ordersCatalog.metrics[0])).toBe(true);
  });

  it.each<[string, (d: Record<string, any>) => void, string, RegExp]>([
    ['an empty metric name', (d) => (d.metrics[0].name = ''), 'metrics[0].name', /1–255 characters/],
    ['a 256-character metric name', (d) => (d.metrics[0].name = 'M'.repeat(256)), `metrics[0] (${'M'.repeat(256)}).name`, /256 characters/],
    ['an unknown unit', (d) => (d.metrics[0].unit = 'Orders'), 'metrics[0] (CheckoutCompleted).unit', /'Orders' is not a CloudWatch unit/],
    ['29 dimensions (30 with service)', (d) => (d.metrics[0].dimensions = Array.from({ length: 29 }, (_, i) => `d${i}`)), 'metrics[0] (CheckoutCompleted).dimensions', /exceed EMF's limit of 29/],
    ['a reserved dimension', (d) => (d.metrics[1].dimensions = ['service']), 'metrics[1] (CheckoutFailed).dimensions[0]', /added by Periscope itself/],
    ['a duplicate metric name', (d) => d.metrics.push({ ...d.metrics[0] }), 'metrics[2] (CheckoutCompleted).name', /duplicate metric name 'CheckoutCompleted'/],
    ['the reserved ColdStart metric', (d) => (d.metrics[0].name = 'ColdStart'), 'metrics[0] (ColdStart).name', /recorded by Periscope itself/],
    ['an unknown dashboard view', (d) => (d.metrics[0].views = ['board']), 'metrics[0] (CheckoutCompleted).views[0]', /not a dashboard view/],
    ['a 100% availability target', (d) => (d.slos[0].availabilityTarget = 100), 'slos[0] (checkout).availabilityTarget', /above 0 and below 100/],
    ['a 0% availability target', (d) => (d.slos[0].availabilityTarget = 0), 'slos[0] (checkout).availabilityTarget', /out of range/],
    ['a negative latency target', (d) => (d.slos[0].latencyP99Ms = -5), 'slos[0] (checkout).latencyP99Ms', /out of range/],
    ['a latency target beyond Lambda’s 15 minutes', (d) => (d.slos[0].latencyP99Ms = 900_001), 'slos[0] (checkout).latencyP99Ms', /15-minute/],
    ['a 365-day window', (d) => (d.slos[0].windowDays = 365), 'slos[0] (checkout).windowDays', /1 to 90/],
    ['an SLO on an unknown function', (d) => (d.slos[0].functions = ['pay']), 'slos[0] (checkout).functions[0]', /'pay' is not a function of this catalog/],
    ['a duplicate SLO name', (d) => d.slos.push({ ...d.slos[0] }), 'slos[1] (checkout).name', /duplicate SLO name/],
    ['a duplicate function', (d) => d.functions.push({ name: 'checkout' }), 'functions[1] (checkout).name', /duplicate function name/],
    ['a malformed route', (d) => (d.functions[0].routes = ['/checkout']), 'functions[0] (checkout).routes[0]', /like 'GET \/orders/],
    ['an info tier that pages', (d) => (d.tiers.info.page = true), 'tiers.info.page', /never pages/],
    ['a missing tier', (d) => delete d.tiers.warning, 'tiers.warning', /missing tier/],
    ['a Slack channel without #', (d) => (d.tiers.critical.slackChannel = 'incidents'), 'tiers.critical.slackChannel', /Slack channel/],
    ['an AWS/ namespace', (d) => (d.namespace = 'AWS/Lambda'), 'namespace', /reserved for AWS/],
    ['a service name with capitals', (d) => (d.service = 'Shop'), 'service', /lower-case/],
    [
      'an alarm on a dimensioned metric without its value',
      (d) => (d.metrics[1].alarms = [{ ...alarm, dimensions: {} }]),
      'metrics[1] (CheckoutFailed).alarms[0] (checkout-stopped).dimensions.reason',
      /name the value this alarm watches/,
    ],
    [
      'an alarm naming a dimension the metric lacks',
      (d) => (d.metrics[0].alarms = [{ ...alarm, dimensions: { region: 'eu' } }]),
      'metrics[0] (CheckoutCompleted).alarms[0] (checkout-stopped).dimensions.region',
      /not a dimension of this metric/,
    ],
    [
      'an alarm looking back over a day',
      (d) => (d.metrics[0].alarms = [{ ...alarm, periodMinutes: 60, evaluationPeriods: 25 }]),
      'metrics[0] (CheckoutCompleted).alarms[0] (checkout-stopped).evaluationPeriods',
      /1440/,
    ],
    ['an alarm with a 7-minute period', (d) => (d.metrics[0].alarms = [{ ...alarm, periodMinutes: 7 }]), 'metrics[0] (CheckoutCompleted).alarms[0] (checkout-stopped).periodMinutes', /multiple of 5/],
    ['an alarm in an unknown tier', (d) => (d.metrics[0].alarms = [{ ...alarm, tier: 'urgent' }]), 'metrics[0] (CheckoutCompleted).alarms[0] (checkout-stopped).tier', /'urgent' is not a tier/],
    [
      'an alarm with a made-up statistic',
      (d) => (d.metrics[0].alarms = [{ ...alarm, statistic: 'Median' }]),
      'metrics[0] (CheckoutCompleted).alarms[0] (checkout-stopped).statistic',
      /not a statistic/,
    ],
    ['an alarm of an unknown kind', (d) => (d.metrics[0].alarms = [{ ...alarm, kind: 'smart' }]), 'metrics[0] (CheckoutCompleted).alarms[0] (checkout-stopped).kind', /'threshold' or 'anomaly'/],
    [
      'more datapoints to alarm than periods',
      (d) => (d.metrics[0].alarms = [{ ...alarm, evaluationPeriods: 2, datapointsToAlarm: 3 }]),
      'metrics[0] (CheckoutCompleted).alarms[0] (checkout-stopped).datapointsToAlarm',
      /1 to evaluationPeriods/,
    ],
    ['two alarms with one name', (d) => (d.metrics[0].alarms = [alarm, alarm]), 'metrics[0].alarms[1].signal', /'checkout-stopped-warning' is already declared/],
    ['a pager over plain http', (d) => (d.tiers.critical.notify = { https: ['http://pager.example.com/hook'] }), 'tiers.critical.notify.https[0]', /not an https:\/\/ URL/],
    ['a malformed email', (d) => (d.tiers.critical.notify = { email: ['oncall'] }), 'tiers.critical.notify.email[0]', /not an email address/],
    ['subscriptions on the info tier', (d) => (d.tiers.info.notify = { email: ['a@example.com'] }), 'tiers.info.notify', /stays on dashboards/],
  ])('names the bad key for %s', (_case, change, path, message) => {
    // Act
    const issues = issuesOf(withChange(change));

    // Assess
    expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('reports every problem at once, in one readable message', () => {
    // Prepare
    const broken = withChange((d) => {
      d.metrics[0].unit = 'Orders';
      d.slos[0].availabilityTarget = 120;
    });

    // Act
    let message = '';
    try {
      defineService(broken as ServiceDefinition);
    } catch (error) {
      message = (error as Error).message;
    }

    // Assess
    expect(message).toContain("Invalid observability catalog for service 'shop' (2 problems)");
    expect(message).toContain('metrics[0] (CheckoutCompleted).unit');
    expect(message).toContain('slos[0] (checkout).availabilityTarget');
  });

  describe('inside a Lambda sandbox, where the packaged catalog was checked already', () => {
    const saved = { ...process.env };
    afterEach(() => {
      process.env = { ...saved };
    });
    const broken = () =>
      withChange((d) => {
        d.metrics[0].unit = 'Orders';
      }) as ServiceDefinition;

    it('does not check again at cold start', () => {
      Object.assign(process.env, { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', AWS_LAMBDA_FUNCTION_NAME: 'shop-checkout' });
      expect(Object.isFrozen(defineService(broken()))).toBe(true);
    });

    it('checks when PERISCOPE_VALIDATE_CATALOG=true', () => {
      Object.assign(process.env, { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', AWS_LAMBDA_FUNCTION_NAME: 'shop-checkout', PERISCOPE_VALIDATE_CATALOG: 'true' });
      expect(() => defineService(broken())).toThrow("Invalid observability catalog for service 'shop' (1 problem)");
    });
  });

  it('rejects a catalog that is not an object, or has no lists', () => {
    expect(issuesOf(null)).toEqual([{ path: '(catalog)', message: 'null is not a catalog object' }]);
    expect(issuesOf({ service: 'x', namespace: 'X' }).map((i) => i.path)).toEqual(expect.arrayContaining(['functions', 'metrics', 'slos', 'tiers']));
  });
});

describe("the Slack notifier's own catalog", () => {
  it('passes the same checks as any catalog, though it is plain data', () => {
    // Act
    const issues = validateService(alertsCatalog);

    // Assess
    expect(issues).toEqual([]);
  });
});
