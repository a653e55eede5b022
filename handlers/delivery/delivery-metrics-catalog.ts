import type { ServiceDefinition } from 'periscope';

/**
 * The delivery-metrics function's own catalog: what it records about the events it reads (the DORA
 * metrics it writes for the service are in `Periscope/Delivery` under the service's name, see
 * `DELIVERY_METRICS`). Plain data (`satisfies`, not `defineService`), as the Slack notifier's: the
 * function's bundle needs no validator (a unit test runs `validateService` on it).
 */
export const deliveryMetricsCatalog = {
  service: 'delivery-metrics',
  namespace: 'Periscope/Delivery',
  description: "Records the service's deployments and incidents from EventBridge and writes the DORA delivery metrics and post-incident review drafts.",
  functions: [{ name: 'deliveryMetrics', description: 'Stores each deployment, alarm and change event once, derives the records again and writes what is newly countable.' }],
  metrics: [
    { name: 'EventsRecorded', unit: 'Count', description: 'Events stored for the first time.', views: ['operations'] },
    { name: 'EventsDuplicate', unit: 'Count', description: 'Events delivered again (EventBridge delivers at least once): they change nothing.', views: ['operations'] },
    { name: 'EventsIgnored', unit: 'Count', description: "Events about another stack, application, alarm or service: the rules' patterns should keep them out.", views: ['operations'] },
    { name: 'EventsRejected', unit: 'Count', description: 'Events the function could not read (unknown source, malformed): logged with the reason, never retried.', views: ['operations'] },
    { name: 'ReviewsWritten', unit: 'Count', description: 'Post-incident review drafts stored, one per closed incident.', views: ['operations'] },
  ],
  slos: [],
  tiers: {
    critical: { description: 'Delivery records are not being kept.', page: false },
    warning: { description: 'Some delivery events could not be read.', page: false },
    info: { description: 'Event statistics.', page: false },
  },
} as const satisfies ServiceDefinition;
