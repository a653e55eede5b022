import type { CatalogIssue } from './errors';
import { describe, IssueCollector, isRecord, itemPath } from './issue-collector';
import { CatalogRules as R } from './rules';
import { checkBusinessAlarms, checkTierNotifications, checkUniqueSignals } from './validate-alarms';
import { checkDelivery } from './validate-delivery';
import { checkFunctionDeployment, checkServiceDeployment } from './validate-deployment';
import { checkStages } from './validate-stages';
import { checkAccountConcurrencyLimit, checkAlarmThresholds } from './validate-thresholds';
import { checkFunctionTrigger } from './validate-triggers';

function checkFunctions(issues: IssueCollector, functions: readonly unknown[]): Set<string> {
  if (functions.length === 0) issues.add('functions', 'a service needs at least one function');
  const routes: { path: string; route: unknown }[] = [];
  functions.forEach((fn, i) => {
    const at = itemPath('functions', i, fn);
    if (!isRecord(fn)) {
      issues.add(at, 'must be an object');
      return;
    }
    issues.pattern(`${at}.name`, fn.name, R.functionPattern, 'a function name (letters, digits, - and _, starting with a letter)');
    issues.list(`${at}.routes`, fn.routes, true).forEach((route, j) => {
      issues.pattern(`${at}.routes[${j}]`, route, R.routePattern, "a route like 'GET /orders/{orderId}'");
      routes.push({ path: `${at}.routes[${j}]`, route });
    });
    checkFunctionDeployment(issues, at, fn.deployment);
    checkFunctionTrigger(issues, at, fn);
  });
  const names = functions.map((fn) => (isRecord(fn) ? fn.name : undefined));
  issues.unique(
    functions.map((fn, i) => `${itemPath('functions', i, fn)}.name`),
    names,
    'function name',
  );
  issues.unique(
    routes.map((r) => r.path),
    routes.map((r) => r.route),
    'route',
  );
  return new Set(names.filter((n): n is string => typeof n === 'string'));
}

function checkMetricDimensions(issues: IssueCollector, at: string, dimensions: readonly unknown[]): void {
  dimensions.forEach((dimension, j) => {
    const path = `${at}.dimensions[${j}]`;
    if (typeof dimension !== 'string' || dimension.length < R.minNameLength || dimension.length > R.maxNameLength || /\s/.test(dimension) || dimension.startsWith(':')) {
      issues.add(path, `${describe(dimension)} is not a dimension name (1–255 characters, no spaces, not starting with ':')`);
    } else if (R.reservedDimensions.includes(dimension)) {
      issues.add(path, `'${dimension}' is added by Periscope itself; choose another dimension name`);
    }
  });
  issues.unique(
    dimensions.map((_, j) => `${at}.dimensions[${j}]`),
    dimensions,
    'dimension',
  );
  // Powertools adds the `service` dimension to every data point, so it counts toward the limit.
  if (dimensions.length + 1 > R.maxDimensions) {
    issues.add(`${at}.dimensions`, `${dimensions.length} dimensions plus 'service' exceed EMF's limit of ${R.maxDimensions}`);
  }
}

function checkMetrics(issues: IssueCollector, metrics: readonly unknown[]): void {
  metrics.forEach((metric, i) => {
    const at = itemPath('metrics', i, metric);
    if (!isRecord(metric)) {
      issues.add(at, 'must be an object');
      return;
    }
    const { name } = metric;
    if (typeof name !== 'string' || name.length < R.minNameLength || name.length > R.maxNameLength) {
      issues.add(`${at}.name`, `${typeof name === 'string' ? `a name of ${name.length} characters` : describe(name)} is not a metric name (1–255 characters)`);
    } else if (R.reservedMetrics.includes(name)) {
      issues.add(`${at}.name`, `'${name}' is recorded by Periscope itself; choose another metric name`);
    }
    if (typeof metric.unit !== 'string' || !R.units.has(metric.unit)) {
      issues.add(`${at}.unit`, `${describe(metric.unit)} is not a CloudWatch unit (one of ${[...R.units].join(', ')})`);
    }
    if (typeof metric.description !== 'string' || metric.description.trim() === '') {
      issues.add(`${at}.description`, 'say what the number means: an on-call engineer reads it at 3am');
    }
    checkMetricDimensions(issues, at, issues.list(`${at}.dimensions`, metric.dimensions, true));
    const views = issues.list(`${at}.views`, metric.views, true);
    views.forEach((view, j) => {
      if (typeof view !== 'string' || !R.views.has(view)) issues.add(`${at}.views[${j}]`, `${describe(view)} is not a dashboard view (one of ${[...R.views].join(', ')})`);
    });
    issues.unique(
      views.map((_, j) => `${at}.views[${j}]`),
      views,
      'view',
    );
    checkBusinessAlarms(issues, at, metric);
  });
  issues.unique(
    metrics.map((m, i) => `${itemPath('metrics', i, m)}.name`),
    metrics.map((m) => (isRecord(m) ? m.name : undefined)),
    'metric name',
  );
  checkUniqueSignals(issues, metrics);
}

function checkSlos(issues: IssueCollector, slos: readonly unknown[], functionNames: ReadonlySet<string>): void {
  slos.forEach((slo, i) => {
    const at = itemPath('slos', i, slo);
    if (!isRecord(slo)) {
      issues.add(at, 'must be an object');
      return;
    }
    issues.pattern(`${at}.name`, slo.name, R.sloPattern, 'an SLO name (lower-case words joined by dashes)');
    // 100% leaves no error budget: every burn rate would be infinite and every error a page.
    issues.range(`${at}.availabilityTarget`, slo.availabilityTarget, (n) => n > 0 && n < 100, 'a percentage above 0 and below 100, such as 99.9');
    issues.range(`${at}.latencyP99Ms`, slo.latencyP99Ms, (n) => n > 0 && n <= R.maxLatencyMs, `milliseconds above 0 and at most ${R.maxLatencyMs} (Lambda's 15-minute limit)`);
    if (slo.windowDays !== undefined) {
      issues.range(`${at}.windowDays`, slo.windowDays, (n) => Number.isInteger(n) && n >= R.minWindowDays && n <= R.maxWindowDays, `whole days from ${R.minWindowDays} to ${R.maxWindowDays}`);
    }
    issues.list(`${at}.functions`, slo.functions, true).forEach((fn, j) => {
      if (typeof fn !== 'string' || !functionNames.has(fn)) issues.add(`${at}.functions[${j}]`, `${describe(fn)} is not a function of this catalog (${[...functionNames].join(', ')})`);
    });
  });
  issues.unique(
    slos.map((s, i) => `${itemPath('slos', i, s)}.name`),
    slos.map((s) => (isRecord(s) ? s.name : undefined)),
    'SLO name',
  );
}

function checkTiers(issues: IssueCollector, tiers: unknown): void {
  if (!isRecord(tiers)) {
    issues.add('tiers', `must define ${R.tiers.join(', ')}`);
    return;
  }
  for (const tier of R.tiers) {
    const definition = tiers[tier];
    const at = `tiers.${tier}`;
    if (!isRecord(definition)) {
      issues.add(at, 'missing tier');
      continue;
    }
    if (typeof definition.description !== 'string' || definition.description.trim() === '') issues.add(`${at}.description`, 'say when an alarm belongs in this tier');
    if (typeof definition.page !== 'boolean') issues.add(`${at}.page`, `${describe(definition.page)} must be true or false`);
    if (tier === 'info' && definition.page === true) issues.add(`${at}.page`, 'the info tier stays on dashboards and never pages');
    if (definition.slackChannel !== undefined) issues.pattern(`${at}.slackChannel`, definition.slackChannel, R.slackChannelPattern, "a Slack channel like '#orders-alerts'");
    checkTierNotifications(issues, tier, definition.notify);
  }
  for (const key of Object.keys(tiers)) {
    if (!(R.tiers as readonly string[]).includes(key)) issues.add(`tiers.${key}`, `unknown tier (tiers are ${R.tiers.join(', ')})`);
  }
}

/**
 * Checks a catalog against EMF's limits and Periscope's rules. Pure: it reports, never throws.
 *
 * @param definition - the catalog as written (may come from untyped JavaScript or JSON)
 * @returns every problem found, each naming the bad key; empty when the catalog is valid
 */
export function validateService(definition: unknown): CatalogIssue[] {
  const issues = new IssueCollector();
  if (!isRecord(definition)) {
    issues.add('(catalog)', `${describe(definition)} is not a catalog object`);
    return issues.issues;
  }
  issues.pattern('service', definition.service, R.servicePattern, 'a service name (lower-case words joined by dashes, at most 40 characters)');
  if (issues.pattern('namespace', definition.namespace, R.namespacePattern, 'a CloudWatch namespace (1–255 letters, digits, spaces and . _ # : / -)') && definition.namespace.startsWith('AWS/')) {
    issues.add('namespace', "'AWS/' namespaces are reserved for AWS services");
  }
  const functionNames = checkFunctions(issues, issues.list('functions', definition.functions));
  checkMetrics(issues, issues.list('metrics', definition.metrics));
  checkSlos(issues, issues.list('slos', definition.slos), functionNames);
  checkTiers(issues, definition.tiers);
  checkStages(issues, definition.stages);
  checkServiceDeployment(issues, definition.deployment);
  checkDelivery(issues, definition.delivery);
  checkAlarmThresholds(issues, definition.alarmThresholds);
  checkAccountConcurrencyLimit(issues, definition.accountConcurrencyLimit);
  return issues.issues;
}
