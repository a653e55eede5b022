import { type ApiHandler, BadRequestError, createDocumentClient, createTelemetry, jsonResponse, NotFoundError, readJsonBody, requireEnv, withObservability } from 'periscope';
import { catalog } from './observability.config';
import { InsufficientStockError, StockTable } from './stock-table';

// Built once per execution environment; the toolkit comes from the Periscope layer at /opt/nodejs/node_modules.
const telemetry = createTelemetry(catalog);
const stock = new StockTable(createDocumentClient(telemetry.tracer), requireEnv('STOCK_TABLE_NAME', 'the stock DynamoDB table'));
const errors = [{ error: InsufficientStockError, statusCode: 409, code: 'InsufficientStock' }];

/** A reservation request: a SKU and a whole number of units, 1 to 100. */
function readReservation(body: unknown): { sku: string; quantity: number } {
  const { sku, quantity } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const problems = [
    ...(typeof sku === 'string' && /^[\w-]{1,64}$/.test(sku) ? [] : [{ field: 'sku', message: 'must be 1–64 letters, digits, _ or -' }]),
    ...(Number.isInteger(quantity) && (quantity as number) >= 1 && (quantity as number) <= 100 ? [] : [{ field: 'quantity', message: 'must be a whole number from 1 to 100' }]),
  ];
  if (problems.length > 0) throw new BadRequestError('ValidationFailed', 'The reservation is invalid.', { details: { problems } });
  return { sku: sku as string, quantity: quantity as number };
}

const getStockRoute: ApiHandler = async (event) => {
  const sku = event.pathParameters?.sku ?? '';
  const available = await stock.available(sku);
  if (available === undefined) throw new NotFoundError('SkuNotFound', `No stock is kept for ${sku}.`);
  return jsonResponse(200, { sku, available });
};

const reserveStockRoute: ApiHandler = async (event) => {
  let reservation: { sku: string; quantity: number } | undefined;
  try {
    reservation = readReservation(readJsonBody(event));
    const available = await stock.reserve(reservation.sku, reservation.quantity);
    telemetry.businessMetrics.record('StockReserved', reservation.quantity);
    return jsonResponse(201, { ...reservation, available });
  } catch (error) {
    const reason = error instanceof InsufficientStockError ? 'insufficient_stock' : error instanceof BadRequestError ? 'invalid_request' : undefined;
    if (reason !== undefined) telemetry.businessMetrics.record('ReservationRefused', 1, { reason });
    throw error;
  }
};

/** `GET /stock/{sku}` */
export const getStock = withObservability(getStockRoute, { telemetry });

/** `POST /reservations` */
export const reserveStock = withObservability(reserveStockRoute, { telemetry, errors });
