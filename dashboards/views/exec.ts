import { errorBudget } from '../../alarms';
import type { SloDefinition } from '../../src/catalog';
import { apiMetric } from '../../src/cloudwatch';
import { apiAvailabilityRows, catalogMetricWidgets, type ViewContext } from '../context';
import type { WidgetSpec } from '../types';
import { expressionRow, metricWidget, row, textWidget } from '../widgets';
import { deliveryWidgets } from './delivery';

const HOUR = 3600;

/** SLO attainment, budget left, and availability and latency against their targets, for one SLO. */
function sloWidgets(context: ViewContext, slo: SloDefinition): WidgetSpec[] {
  const api = context.resources.api;
  const days = slo.windowDays ?? 28;
  const budget = errorBudget(slo.availabilityTarget);
  const widgets: WidgetSpec[] = [
    textWidget(
      [
        `## ${slo.name}: ${slo.description ?? 'the service level customers are promised'}`,
        `**Availability** is the share of API requests that did not fail with a 5XX; the target is **${slo.availabilityTarget}%** over ${days} days.`,
        `**Error budget left** is how much of the ${Number((budget * 100).toPrecision(4))}% of requests allowed to fail is still unspent: at 0% the SLO is missed.`,
        `**p99 latency** is the time 99% of requests stay under; the target is **${slo.latencyP99Ms} ms**.`,
      ].join('\n\n'),
      24,
      4,
    ),
  ];
  if (api === undefined) return [...widgets, textWidget('This service has no API: availability is shown on the operations dashboard from Lambda errors.', 24, 1)];
  const availability = `100 * (1 - FILL(errors, 0) / requests)`;
  widgets.push(
    metricWidget({
      title: `Availability, last ${days} days (target ${slo.availabilityTarget}%)`,
      view: 'singleValue',
      setPeriodToTimeRange: true,
      period: HOUR,
      width: 6,
      metrics: [...apiAvailabilityRows(api), expressionRow('availability', availability, 'Availability (%)')],
    }),
    metricWidget({
      title: 'Error budget left',
      view: 'singleValue',
      setPeriodToTimeRange: true,
      period: HOUR,
      width: 6,
      metrics: [...apiAvailabilityRows(api), expressionRow('budget', `100 * (1 - (FILL(errors, 0) / requests) / ${budget})`, 'Error budget left (%)')],
    }),
    metricWidget({
      title: `Availability per hour (target ${slo.availabilityTarget}%)`,
      period: HOUR,
      width: 6,
      metrics: [...apiAvailabilityRows(api), expressionRow('availability', availability, 'Availability (%)')],
      annotations: { horizontal: [{ label: 'SLO target', value: slo.availabilityTarget }] },
      yAxis: { left: { max: 100, label: '%', showUnits: false } },
    }),
    metricWidget({
      title: `p99 latency (target ${slo.latencyP99Ms} ms)`,
      period: HOUR,
      width: 6,
      metrics: [row(apiMetric(api, 'Latency'), { stat: 'p99', label: 'p99 latency' })],
      annotations: { horizontal: [{ label: 'SLO target', value: slo.latencyP99Ms }] },
      yAxis: { left: { min: 0, label: 'ms', showUnits: false } },
    }),
  );
  return widgets;
}

/**
 * For executives: is the service keeping its promises, how fast and safely does it ship (when it
 * deploys the delivery-metrics function), and how is the business doing.
 */
export function buildExecutiveDashboard(context: ViewContext): WidgetSpec[] {
  const { catalog } = context;
  const kpis = catalogMetricWidgets(catalog, 'executive', HOUR);
  const delivery = context.resources.delivery === undefined ? [] : deliveryWidgets(context);
  const deliveryNote = delivery.length > 0 ? ' Delivery (DORA) numbers cover the whole range, against their targets.' : '';
  return [
    textWidget(`# ${catalog.service}: executive view\n${catalog.description ?? ''} Numbers are per hour over the last 28 days.${deliveryNote}`, 24, 2),
    ...catalog.slos.flatMap((slo) => sloWidgets(context, slo)),
    ...delivery,
    ...(kpis.length > 0
      ? [
          textWidget(
            `## Business\n${catalog.metrics
              .filter((m) => m.views?.includes('executive'))
              .map((m) => `**${m.name}**: ${m.description}`)
              .join(' ')}`,
            24,
            2,
          ),
          ...kpis,
        ]
      : []),
  ];
}
