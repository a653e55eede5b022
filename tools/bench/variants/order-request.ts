import { isCurrency, SUPPORTED_CURRENCIES, toMinorUnits, type Currency } from '../../../handlers/orders/domain/money';

/** A validated order request: what the baselines store. */
export interface OrderRequest {
  readonly customerId: string;
  readonly currency: Currency;
  readonly items: readonly { readonly sku: string; readonly quantity: number; readonly unitPrice: number }[];
}

const ID = /^[A-Za-z0-9._:-]{1,64}$/;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function itemProblems(item: unknown, index: number, currency: unknown): string[] {
  if (!isRecord(item)) return [`items[${index}]: must be an object with sku, quantity and unitPrice`];
  const { sku, quantity, unitPrice } = item;
  const problems: string[] = [];
  if (typeof sku !== 'string' || !ID.test(sku)) problems.push(`items[${index}].sku: must be a SKU of 1–64 letters, digits and . _ : -`);
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > 10_000) problems.push(`items[${index}].quantity: must be a whole number 1–10000`);
  if (typeof unitPrice !== 'number' || unitPrice < 0 || unitPrice > 1_000_000) problems.push(`items[${index}].unitPrice: must be a number 0–1000000`);
  else if (typeof currency === 'string' && isCurrency(currency) && toMinorUnits(unitPrice, currency) === undefined) {
    problems.push(`items[${index}].unitPrice: must not have more than ${SUPPORTED_CURRENCIES[currency]} decimals for ${currency}`);
  }
  return problems;
}

/**
 * Validates an order request by hand, with the sample's rules (ids, currency, 1–100 items, quantity,
 * price and its precision): the baselines' stand-in for the sample's validation.
 *
 * @returns the request typed, or every problem found, each naming its field
 */
export function validateOrderRequest(body: unknown): { readonly order: OrderRequest } | { readonly problems: readonly string[] } {
  if (!isRecord(body)) return { problems: ['body: must be a JSON object with customerId, currency and items'] };
  const { customerId, currency, items } = body;
  const problems: string[] = [];
  if (typeof customerId !== 'string' || !ID.test(customerId)) problems.push('customerId: must be a customer id of 1–64 letters, digits and . _ : -');
  if (typeof currency !== 'string' || !isCurrency(currency)) problems.push(`currency: must be one of ${Object.keys(SUPPORTED_CURRENCIES).join(', ')}`);
  if (!Array.isArray(items) || items.length < 1 || items.length > 100) problems.push('items: must be a list of 1–100 items');
  else items.forEach((item, index) => problems.push(...itemProblems(item, index, currency)));
  return problems.length > 0 ? { problems } : { order: body as unknown as OrderRequest };
}

/** Sum of quantity × unit price, summed exactly in integer minor units, as the sample does. */
export function orderTotal(order: OrderRequest): number {
  const minor = order.items.reduce((sum, item) => sum + item.quantity * (toMinorUnits(item.unitPrice, order.currency) ?? Number.NaN), 0);
  return minor / 10 ** SUPPORTED_CURRENCIES[order.currency];
}
