import { z } from 'zod';
import type { FieldProblem } from 'periscope';
import { InvalidOrderError } from './errors';
import { isCurrency, SUPPORTED_CURRENCIES, toMinorUnits } from './money';
import type { NewOrder } from './order';

/** Limits that keep one order a sane size and every total exactly representable. */
export const ORDER_LIMITS = { maxItems: 100, maxQuantity: 10_000, maxUnitPrice: 1_000_000, maxIdLength: 64 } as const;

const ID = /^[A-Za-z0-9._:-]+$/;

const required = (what: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `must be ${what}`);

const identifier = (what: string) =>
  z
    .string({ error: required('a string') })
    .min(1, { error: 'must not be empty', abort: true })
    .max(ORDER_LIMITS.maxIdLength, { error: `must be at most ${ORDER_LIMITS.maxIdLength} characters` })
    .regex(ID, { error: `must be a ${what} of letters, digits and . _ : -` });

const itemSchema = z.strictObject(
  {
    sku: identifier('SKU'),
    quantity: z
      .number({ error: required('a number') })
      .int({ error: 'must be a whole number' })
      .min(1, { error: 'must be at least 1' })
      .max(ORDER_LIMITS.maxQuantity, { error: `must be at most ${ORDER_LIMITS.maxQuantity}` }),
    unitPrice: z
      .number({ error: required('a number') })
      .min(0, { error: 'must not be negative' })
      .max(ORDER_LIMITS.maxUnitPrice, { error: `must be at most ${ORDER_LIMITS.maxUnitPrice}` }),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `has unknown field(s) ${issue.keys.join(', ')}` : 'must be an object with sku, quantity and unitPrice') },
);

const newOrderSchema = z.strictObject(
  {
    customerId: identifier('customer id'),
    currency: z
      .string({ error: required('a currency code') })
      .refine(isCurrency, { error: `must be one of ${Object.keys(SUPPORTED_CURRENCIES).join(', ')}` }),
    items: z
      .array(itemSchema, { error: required('a list of items') })
      .min(1, { error: 'must contain at least one item' })
      .max(ORDER_LIMITS.maxItems, { error: `must contain at most ${ORDER_LIMITS.maxItems} items` }),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `has unknown field(s) ${issue.keys.join(', ')}` : 'must be a JSON object with customerId, currency and items') },
);

/** `['items', 0, 'quantity']` → `items[0].quantity`; the root is `body`. */
const fieldPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc === '' ? String(key) : `${acc}.${String(key)}`), '') || 'body';

/**
 * Validates an order request and returns it typed. Every problem is reported at once, each naming
 * its field (`items[1].unitPrice: must not have more than 2 decimals for EUR`).
 *
 * @throws {@link InvalidOrderError} with one {@link FieldProblem} per bad field
 */
export function parseNewOrder(input: unknown): NewOrder {
  const result = newOrderSchema.safeParse(input);
  if (!result.success) {
    throw new InvalidOrderError(result.error.issues.map((issue) => ({ field: fieldPath(issue.path), message: issue.message })), { cause: result.error });
  }
  const order = result.data as NewOrder;
  const precisionProblems: FieldProblem[] = order.items.flatMap((item, index) =>
    toMinorUnits(item.unitPrice, order.currency) === undefined
      ? [{ field: `items[${index}].unitPrice`, message: `must not have more than ${SUPPORTED_CURRENCIES[order.currency]} decimals for ${order.currency}` }]
      : [],
  );
  if (precisionProblems.length > 0) throw new InvalidOrderError(precisionProblems);
  return order;
}
