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

/** The kinds of request a drill client sends. */
export type DrillRequestKind = DrillRequest['kind'];

/** One request of `kind`, its details drawn from `random`. */
export function requestOf(kind: DrillRequestKind, random: () => number): DrillRequest {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  switch (kind) {
    case 'create':
      return { kind, customerId: pick(CUSTOMERS), currency: pick(CURRENCIES), quantity: 1 + Math.floor(random() * 3), unitPrice: Math.round((3 + random() * 40) * 100) / 100 };
    case 'create-invalid':
    case 'list':
      return { kind, customerId: pick(CUSTOMERS) };
    case 'get':
    case 'get-missing':
    case 'unknown-route':
      return { kind };
  }
}

/** The ordinary mix, as cumulative shares: mostly orders placed and read, a few client mistakes. */
const MIX: readonly (readonly [number, DrillRequestKind])[] = [
  [0.45, 'create'],
  [0.75, 'get'],
  [0.9, 'list'],
  [0.95, 'create-invalid'],
  [0.98, 'get-missing'],
  [1, 'unknown-route'],
];

/** `rate` per minute on average: the whole part always, the fractional part with that probability. */
export const countOf = (rate: number, random: () => number): number => Math.floor(rate) + (random() < rate - Math.floor(rate) ? 1 : 0);

/**
 * The requests of one minute: `rate` requests on average (see {@link countOf}), a realistic mix —
 * mostly orders placed and read, some lists, a few invalid orders and unknown ids or routes, which
 * are the client's fault and must not page anyone.
 */
export function minuteOfTraffic(rate: number, random: () => number): DrillRequest[] {
  return Array.from({ length: countOf(rate, random) }, () => {
    const roll = random();
    return requestOf(MIX.find(([share]) => roll < share)?.[1] ?? 'unknown-route', random);
  });
}
