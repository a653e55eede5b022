import { ordersServiceResources } from '../../deploy/service-resources';
import type { ServiceNames } from '../emulators/cloudwatch/metric-store';

/**
 * The AWS names the metrics are dimensioned by at `stage`, from the generator's own view of the
 * deployed service, so local metrics (the preview's, the drills') carry exactly the dimensions the
 * dashboards and alarms ask for.
 */
export function serviceNamesAt(stage: string): ServiceNames {
  const resources = ordersServiceResources(stage);
  const [first] = resources.functions;
  // Functions the catalog does not list (the Slack notifier) are named by the same rule: prefix + key.
  const prefix = first === undefined ? '' : first.functionName.slice(0, first.functionName.length - first.name.length);
  return {
    // A service without an API has no API graphs: its API datapoints (none are written) would go nowhere.
    api: resources.api ?? { name: '', stage },
    functionName: (key) => resources.functions.find((fn) => fn.name === key)?.functionName ?? `${prefix}${key}`,
  };
}
