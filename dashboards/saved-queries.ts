import { type CfnResource, naming, type ServiceResources } from '../alarms';
import type { ServiceDefinition } from '../src/catalog';
import { LogQueries } from '../src/runtime/log-queries';
import { logGroupsOf } from './context';

/** One saved Logs Insights query as the plugin deploys it. */
export interface SavedQuery {
  /** Its name in the console: `<service>-<stage>/<title>`, so each service's queries share a folder. */
  readonly name: string;
  readonly queryString: string;
  readonly logGroupNames: readonly string[];
}

/**
 * The service's saved Logs Insights queries (`AWS::Logs::QueryDefinition`), the ones its runbooks,
 * dashboards and Slack links run: recent errors with their correlation ids (over the functions and
 * the Slack notifier), the slowest requests, cold starts with their init duration, and one request's
 * whole story by correlation id (the id is a placeholder to replace: a saved query takes no parameter).
 * @example
 * ```ts
 * savedQueries(catalog, resources).map((query) => query.name); // ['orders-dev/Errors with correlation ids', …]
 * ```
 */
export function savedQueries(catalog: ServiceDefinition, resources: ServiceResources): SavedQuery[] {
  const requestLogGroups = logGroupsOf(resources.functions);
  if (requestLogGroups.length === 0) return [];
  const folder = naming(catalog.service, resources.stage).prefix;
  const allLogGroups = resources.notifier === undefined ? requestLogGroups : [...requestLogGroups, `/aws/lambda/${resources.notifier.functionName}`];
  return [
    { name: `${folder}/Errors with correlation ids`, queryString: LogQueries.errors, logGroupNames: allLogGroups },
    { name: `${folder}/Slowest requests`, queryString: LogQueries.slowest, logGroupNames: requestLogGroups },
    { name: `${folder}/Cold starts with init duration`, queryString: LogQueries.coldStarts, logGroupNames: allLogGroups },
    { name: `${folder}/One request by correlation id`, queryString: LogQueries.request(), logGroupNames: requestLogGroups },
  ];
}

/** The saved queries as `AWS::Logs::QueryDefinition` resources, keyed by logical id. */
export function savedQueryResources(catalog: ServiceDefinition, resources: ServiceResources): Record<string, CfnResource> {
  const ids = naming('', '');
  return Object.fromEntries(
    savedQueries(catalog, resources).map((query) => [
      ids.logicalId(`${query.name}-query`),
      { Type: 'AWS::Logs::QueryDefinition', Properties: { Name: query.name, QueryString: query.queryString, LogGroupNames: [...query.logGroupNames] } },
    ]),
  );
}
