import { savedQueries, savedQueryResources } from '../../../dashboards';
import { ordersServiceResources } from '../../../deploy/service-resources';
import { catalog } from '../../../observability.config';
import { LogQueries } from '../../../src/runtime/log-queries';

describe('the saved Logs Insights queries of a service', () => {
  const resources = ordersServiceResources('dev');
  const functionLogGroups = resources.functions.map((fn) => `/aws/lambda/${fn.functionName}`);

  it("saves the runbooks', dashboards' and Slack links' own queries in the service's folder, over its log groups", () => {
    // Act
    const queries = savedQueries(catalog, resources);

    // Assess
    expect(queries.map((query) => [query.name, query.queryString])).toEqual([
      ['orders-dev/Errors with correlation ids', LogQueries.errors],
      ['orders-dev/Slowest requests', LogQueries.slowest],
      ['orders-dev/Cold starts with init duration', LogQueries.coldStarts],
      ['orders-dev/One request by correlation id', LogQueries.request()],
    ]);
    // Errors and cold starts include the Slack notifier's log group; request queries only the functions serving requests
    const notifierLogGroup = `/aws/lambda/${resources.notifier?.functionName}`;
    expect(queries.map((query) => query.logGroupNames)).toEqual([[...functionLogGroups, notifierLogGroup], functionLogGroups, [...functionLogGroups, notifierLogGroup], functionLogGroups]);
  });

  it('deploys them as AWS::Logs::QueryDefinition resources named per stage, and none for a service without functions', () => {
    // Act
    const prod = savedQueryResources(catalog, ordersServiceResources('prod'));

    // Assess
    expect(Object.keys(prod)).toEqual([
      'PeriscopeOrdersProdErrorsWithCorrelationIdsQuery',
      'PeriscopeOrdersProdSlowestRequestsQuery',
      'PeriscopeOrdersProdColdStartsWithInitDurationQuery',
      'PeriscopeOrdersProdOneRequestByCorrelationIdQuery',
    ]);
    expect(Object.values(prod).map((resource) => [resource.Type, resource.Properties['Name']])).toContainEqual(['AWS::Logs::QueryDefinition', 'orders-prod/Slowest requests']);
    expect(savedQueryResources(catalog, { ...resources, functions: [] })).toEqual({});
  });
});
