import { NotFoundError } from './http-errors';
import type { ApiHandler } from './with-observability';

/**
 * Answers a request for a route the API does not have with a JSON 404 (API Gateway's own answer
 * would be a 403 "Missing Authentication Token", which misleads every client that gets it).
 * Serve it on `ANY /{proxy+}`: API Gateway prefers more specific routes.
 */
export const routeNotFound: ApiHandler = async (event) => {
  throw new NotFoundError('RouteNotFound', `No route ${event.httpMethod} ${event.path}.`);
};
