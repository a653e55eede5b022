import { defineService } from 'periscope';

/**
 * The inventory service's catalog: a second service adopting Periscope through its layer and plugin.
 * Its handlers record these metrics; the plugin turns the same entries into alarms and dashboards.
 */
export const catalog = defineService({
  service: 'inventory',
  namespace: 'Acme/Inventory',
  description: 'Tells shops how much stock is left and reserves it for checkout.',
  owner: 'inventory-team',
  runbookBaseUrl: 'https://runbooks.example.com/inventory',
  functions: [
    { name: 'getStock', description: 'Returns the stock left for one SKU.', routes: ['GET /stock/{sku}'] },
    { name: 'reserveStock', description: 'Reserves stock for checkout, never more than is left.', routes: ['POST /reservations'] },
  ],
  metrics: [
    { name: 'StockReserved', unit: 'Count', description: 'Units reserved for checkout.', views: ['executive', 'operations'] },
    {
      name: 'ReservationRefused',
      unit: 'Count',
      description: 'Reservations refused, by reason.',
      dimensions: ['reason'],
      views: ['operations', 'developer'],
      alarms: [
        {
          kind: 'threshold',
          signal: 'out-of-stock-surge',
          tier: 'warning',
          description: 'Over 20 reservations in 5 minutes were refused for lack of stock.',
          action: 'Check the restock feed and which SKUs run out (ReservationRefused, reason insufficient_stock).',
          dimensions: { reason: 'insufficient_stock' },
          comparison: 'above',
          threshold: 20,
          periodMinutes: 5,
          evaluationPeriods: 1,
        },
      ],
    },
  ],
  slos: [{ name: 'inventory-api', description: 'Shops can read and reserve stock.', functions: ['getStock', 'reserveStock'], availabilityTarget: 99.9, latencyP99Ms: 500 }],
  tiers: {
    critical: { description: 'Checkout cannot reserve stock.', page: true, slackChannel: '#inventory-incidents' },
    warning: { description: 'Degraded; look today.', page: false, slackChannel: '#inventory-alerts' },
    info: { description: 'Dashboards only.', page: false },
  },
});

/** The inventory catalog's type, for typed metrics. */
export type InventoryCatalog = typeof catalog;
