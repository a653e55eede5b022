import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { APIGatewayProxyEvent } from 'aws-lambda';

/**
 * The API Gateway REST (v1) proxy events from Powertools' test fixtures (`fixtures/external/powertools-events`)
 * every fuzz case starts from: real events, written by nobody here, with their own headers, identity and
 * request context. `apigw-rest-console-test-ui.json` has `headers: null` (the console's test button);
 * `apigw-rest-invalid.json` lacks most optional fields.
 */
export const FIXTURE_EVENT_FILES = ['apigw-rest-no-auth.json', 'apigw-rest-iam-auth.json', 'apigw-rest-console-test-ui.json', 'apigw-rest-invalid.json'] as const;

/** One of {@link FIXTURE_EVENT_FILES}. */
export type FixtureEventFile = (typeof FIXTURE_EVENT_FILES)[number];

/** A fixture event, by the file it came from. */
export interface FixtureEvent {
  readonly file: FixtureEventFile;
  readonly event: APIGatewayProxyEvent;
}

/** Thrown when the shared fixtures cannot be read; the message names the directory and the variable that moves it. */
export class FixtureEventsError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FixtureEventsError';
  }
}

/**
 * Where the shared external fixtures are: `PERISCOPE_SHARED_DIR`, else `../shared` beside the repository
 * (as the tests find them).
 * @default `<repository>/../shared`
 */
export const sharedFixturesDir = (env: NodeJS.ProcessEnv = process.env): string => env.PERISCOPE_SHARED_DIR ?? resolve(__dirname, '../../../shared');

/**
 * Reads the real API Gateway events of {@link FIXTURE_EVENT_FILES}, frozen so no case can change another's
 * template.
 *
 * @throws {@link FixtureEventsError} when a fixture is missing or not JSON
 * @example
 * ```ts
 * const templates = loadFixtureEvents();
 * templates[0]?.event.requestContext.stage; // 'prod'
 * ```
 */
export function loadFixtureEvents(sharedDir: string = sharedFixturesDir()): readonly FixtureEvent[] {
  return FIXTURE_EVENT_FILES.map((file) => {
    const path = resolve(sharedDir, 'fixtures/external/powertools-events', file);
    try {
      return { file, event: deepFreeze(JSON.parse(readFileSync(path, 'utf8')) as APIGatewayProxyEvent) };
    } catch (error) {
      throw new FixtureEventsError(`cannot read the API Gateway fixture ${path} (set PERISCOPE_SHARED_DIR to the shared directory): ${(error as Error).message}`, { cause: error });
    }
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
