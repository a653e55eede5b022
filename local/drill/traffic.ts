/** What one simulated client does. */
export type DrillRequest =
  | { readonly kind: 'create'; readonly customerId: string; readonly currency: string; readonly quantity: number; readonly unitPrice: number }
  | { readonly kind: 'create-invalid'; readonly customerId: string }
  | { readonly kind: 'get' }
  | { readonly kind: 'get-missing' }
  | { readonly kind: 'list'; readonly customerId: string }
  | { readonly kind: 'unknown-route' };

/** A small seeded generator (mulberry32): the same seed gives the same drill. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Requests per minute of a shop's day at `minuteOfDay` (0–1439): quiet at night, a morning ramp, a
 * lunchtime and an evening peak — `peak` at the busiest minute, about a tenth of it at 4 am.
 */
export function dailyShape(minuteOfDay: number, peak: number): number {
  const hour = minuteOfDay / 60;
  const bump = (centre: number, width: number): number => Math.exp(-(((hour - centre) / width) ** 2));
  const level = 0.1 + 0.6 * bump(12.5, 2.5) + 0.9 * bump(19.5, 2.2) + 0.3 * bump(9, 1.5);
  return Math.min(1, level) * peak;
}

const CUSTOMERS = ['c-ada', 'c-grace', 'c-linus', 'c-margaret', 'c-ken', 'c-barbara'];
const CURRENCIES = ['EUR', 'EUR', 'USD', 'GBP'];

/**
 * The requests of one minute: `rate` requests on average (a fractional part is sent with that
 * probability), a realistic mix — mostly orders placed and read, some lists, a few invalid orders
 * and unknown ids or routes, which are the client's fault and must not page anyone.
 */
export function minuteOfTraffic(rate: number, random: () => number): DrillRequest[] {
  const count = Math.floor(rate) + (random() < rate - Math.floor(rate) ? 1 : 0);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  return Array.from({ length: count }, (): DrillRequest => {
    const roll = random();
    const customerId = pick(CUSTOMERS);
    if (roll < 0.45) return { kind: 'create', customerId, currency: pick(CURRENCIES), quantity: 1 + Math.floor(random() * 3), unitPrice: Math.round((3 + random() * 40) * 100) / 100 };
    if (roll < 0.75) return { kind: 'get' };
    if (roll < 0.9) return { kind: 'list', customerId };
    if (roll < 0.95) return { kind: 'create-invalid', customerId };
    if (roll < 0.98) return { kind: 'get-missing' };
    return { kind: 'unknown-route' };
  });
}
