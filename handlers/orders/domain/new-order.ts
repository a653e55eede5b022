import type { FieldProblem } from 'periscope';
import { InvalidOrderError } from './errors';
import { type Currency, isCurrency, SUPPORTED_CURRENCIES, toMinorUnits } from './money';
import type { NewOrder } from './order';

/** Limits that keep one order a sane size and every total exactly representable. */
export const ORDER_LIMITS = { maxItems: 100, maxQuantity: 10_000, maxUnitPrice: 1_000_000, maxIdLength: 64 } as const;

// Validated by hand rather than with a schema library: zod was 70% of the handler bundle and ~30 ms of
// cold start. The rules, messages and their order are the ones the zod schema had, quirks included.

const ID = /^[A-Za-z0-9._:-]+$/;
const ORDER_FIELDS: readonly string[] = ['customerId', 'currency', 'items'];
const ITEM_FIELDS: readonly string[] = ['sku', 'quantity', 'unitPrice'];

/** A JSON object (or any non-array object), read field by field. */
type Fields = Readonly<Record<string, unknown>>;

const isFields = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const isList = (value: unknown): value is readonly unknown[] => Array.isArray(value);
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** `is required` for a missing value, else `must be <expected>`. */
const missingOr = (value: unknown, expected: string): string => (value === undefined ? 'is required' : `must be ${expected}`);

/** Each message as a problem of `field`. */
const at = (field: string, messages: readonly string[]): FieldProblem[] => messages.map((message) => ({ field, message }));

/** Length in Unicode code points, so an emoji counts as one character. */
function codePointLength(text: string): number {
  let length = 0;
  for (const _codePoint of text) length++;
  return length;
}

interface SizeRule {
  readonly min: number;
  readonly max: number;
  readonly tooSmall: string;
  readonly tooBig: string;
  /** Whether being too small is the only problem reported. */
  readonly tooSmallIsFinal: boolean;
}

const ID_SIZE: SizeRule = {
  min: 1,
  max: ORDER_LIMITS.maxIdLength,
  tooSmall: 'must not be empty',
  tooBig: `must be at most ${ORDER_LIMITS.maxIdLength} characters`,
  tooSmallIsFinal: true,
};

const ITEMS_SIZE: SizeRule = {
  min: 1,
  max: ORDER_LIMITS.maxItems,
  tooSmall: 'must contain at least one item',
  tooBig: `must contain at most ${ORDER_LIMITS.maxItems} items`,
  tooSmallIsFinal: false,
};

/**
 * Size problems of a value of the wrong type that still has a length: an array, a string where a list
 * belongs, `{ "length": 0 }`. The zod schema measured those too, so `customerId: []` is reported as
 * both `must be a string` and `must not be empty`; kept so clients see the same problems. Only a
 * numeric `length` is measured: converting anything else could recurse through a client's
 * 10,000-deep nested array until the stack runs out (found by `npm run fuzz`).
 */
function wrongTypeSizeProblems(value: unknown, rule: SizeRule): string[] {
  if (value === undefined || value === null) return [];
  const size: unknown = typeof value === 'string' ? codePointLength(value) : (value as { length?: unknown }).length;
  if (typeof size !== 'number' || Number.isNaN(size)) return [];
  if (size < rule.min) return rule.tooSmallIsFinal || size <= rule.max ? [rule.tooSmall] : [rule.tooSmall, rule.tooBig];
  return size <= rule.max ? [] : [rule.tooBig];
}

/** An id: 1 to 64 characters of letters, digits and `. _ : -`. An empty one gets no other problem. */
function identifierProblems(value: unknown, what: string): string[] {
  if (typeof value !== 'string') return [missingOr(value, 'a string'), ...wrongTypeSizeProblems(value, ID_SIZE)];
  if (value === '') return [ID_SIZE.tooSmall];
  const problems = codePointLength(value) > ID_SIZE.max ? [ID_SIZE.tooBig] : [];
  if (!ID.test(value)) problems.push(`must be a ${what} of letters, digits and . _ : -`);
  return problems;
}

function currencyProblems(value: unknown): string[] {
  if (typeof value !== 'string') return [missingOr(value, 'a currency code')];
  return isCurrency(value) ? [] : [`must be one of ${Object.keys(SUPPORTED_CURRENCIES).join(', ')}`];
}

/** A whole number from 1 to 10,000. Beyond ±2^53 a number is reported as not whole as well as out of range. */
function quantityProblems(value: unknown): string[] {
  if (!isFiniteNumber(value)) return [missingOr(value, 'a number')];
  if (!Number.isInteger(value)) return ['must be a whole number'];
  const problems = Number.isSafeInteger(value) ? [] : ['must be a whole number'];
  if (value < 1) problems.push('must be at least 1');
  if (value > ORDER_LIMITS.maxQuantity) problems.push(`must be at most ${ORDER_LIMITS.maxQuantity}`);
  return problems;
}

/** A price from 0 to 1,000,000; its precision is checked once the currency is known to be valid. */
function unitPriceProblems(value: unknown): string[] {
  if (!isFiniteNumber(value)) return [missingOr(value, 'a number')];
  if (value < 0) return ['must not be negative'];
  return value > ORDER_LIMITS.maxUnitPrice ? [`must be at most ${ORDER_LIMITS.maxUnitPrice}`] : [];
}

/** One message naming every field of `value` that is not `known`, in the order the object lists them. */
function unknownFieldProblems(value: Fields, known: readonly string[]): string[] {
  const unknown: string[] = [];
  // for...in, not Object.keys: fields are read as `value[key]`, inherited ones included, so those count too.
  for (const key in value) if (!known.includes(key)) unknown.push(key);
  return unknown.length > 0 ? [`has unknown field(s) ${unknown.join(', ')}`] : [];
}

function itemProblems(value: unknown, field: string): FieldProblem[] {
  if (!isFields(value)) return at(field, ['must be an object with sku, quantity and unitPrice']);
  return [
    ...at(`${field}.sku`, identifierProblems(value.sku, 'SKU')),
    ...at(`${field}.quantity`, quantityProblems(value.quantity)),
    ...at(`${field}.unitPrice`, unitPriceProblems(value.unitPrice)),
    ...at(field, unknownFieldProblems(value, ITEM_FIELDS)),
  ];
}

/** A list of 1 to 100 items. A list that is too long is not looked into. */
function itemsProblems(value: unknown): FieldProblem[] {
  if (!isList(value)) return at('items', [missingOr(value, 'a list of items'), ...wrongTypeSizeProblems(value, ITEMS_SIZE)]);
  if (value.length > ITEMS_SIZE.max) return at('items', [ITEMS_SIZE.tooBig]);
  if (value.length < ITEMS_SIZE.min) return at('items', [ITEMS_SIZE.tooSmall]);
  const problems: FieldProblem[] = [];
  // An index loop, not flatMap: a hole in the list is an item that is not an object, not one to skip.
  for (let index = 0; index < value.length; index++) problems.push(...itemProblems(value[index], `items[${index}]`));
  return problems;
}

/** Every problem of an order request, field by field in declaration order, unknown fields last. */
function orderProblems(input: unknown): FieldProblem[] {
  if (!isFields(input)) return at('body', ['must be a JSON object with customerId, currency and items']);
  return [
    ...at('customerId', identifierProblems(input.customerId, 'customer id')),
    ...at('currency', currencyProblems(input.currency)),
    ...itemsProblems(input.items),
    ...at('body', unknownFieldProblems(input, ORDER_FIELDS)),
  ];
}

/** A fresh copy of a request {@link orderProblems} found nothing wrong with, holding only the declared fields. */
function copyOrder(input: Fields): NewOrder {
  const items = input.items as readonly Fields[];
  return {
    customerId: input.customerId as string,
    currency: input.currency as Currency,
    items: Array.from(items, (item) => ({ sku: item.sku as string, quantity: item.quantity as number, unitPrice: item.unitPrice as number })),
  };
}

/**
 * Validates an order request and returns it typed. Every problem is reported at once, each naming
 * its field (`items[1].unitPrice: must not have more than 2 decimals for EUR`).
 *
 * @param input - the parsed JSON body of the request
 * @returns a copy of the order holding only its declared fields
 * @throws {@link InvalidOrderError} with one {@link FieldProblem} per problem, in field order
 *
 * @example
 * ```ts
 * parseNewOrder({ customerId: 'c-42', currency: 'EUR', items: [{ sku: 'book-1', quantity: 2, unitPrice: 12.5 }] });
 * parseNewOrder({ customerId: '', currency: 'EUR', items: [] });
 * // throws InvalidOrderError: customerId: must not be empty; items: must contain at least one item
 * ```
 */
export function parseNewOrder(input: unknown): NewOrder {
  const problems = orderProblems(input);
  if (problems.length > 0) throw new InvalidOrderError(problems);
  const order = copyOrder(input as Fields);
  // Precision needs a valid currency and valid prices, so it is only checked once everything else passed.
  const precisionProblems: FieldProblem[] = order.items.flatMap((item, index) =>
    toMinorUnits(item.unitPrice, order.currency) === undefined
      ? [{ field: `items[${index}].unitPrice`, message: `must not have more than ${SUPPORTED_CURRENCIES[order.currency]} decimals for ${order.currency}` }]
      : [],
  );
  if (precisionProblems.length > 0) throw new InvalidOrderError(precisionProblems);
  return order;
}
