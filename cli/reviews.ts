import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { deliveryTableName } from '../alarms/delivery/generate-delivery';
import { naming } from '../alarms/naming';
import { dynamoDbDeliveryStore, type StoredReview } from '../handlers/delivery/delivery-store';
import { loadCatalog } from '../plugin/load-catalog';
import { parseArguments, UsageError } from './arguments';
import { CATALOG_DEFAULTS, type CommandIo } from './io';

/** `periscope reviews --help`. */
export const REVIEWS_HELP = `Usage: periscope reviews --stage <stage> [--catalog <file>] [--export <name>] [--out <dir>] [--latest]

Lists the post-incident review drafts the delivery-metrics function wrote for the service at a stage
(one per closed incident, kept in its table <service>-<stage>-delivery), newest last.
  --stage <stage>   the stage, as serverless --stage names it (required)
  --catalog <file>  the catalog module (default ${CATALOG_DEFAULTS.catalog}), for the service's name
  --export <name>   its export holding the catalog (default ${CATALOG_DEFAULTS.export})
  --out <dir>       also write each draft to <dir>/<opened>-<alarm>.md, to paste into your review doc
  --latest          print the newest draft's Markdown instead of the list
The AWS SDK's own settings apply: credentials, AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL_DYNAMODB.
`;

/** `2026-11-27T1120Z-orders-prod-critical.md`: sorts by time in a folder. */
export const reviewFileName = (review: StoredReview): string => `${new Date(review.openedAt).toISOString().slice(0, 16).replace(':', '')}Z-${review.incidentId.split('@')[0]}.md`;

/**
 * `periscope reviews`: reads the review drafts from the delivery table, lists them (or prints the
 * newest), and with `--out` writes each as a Markdown file.
 * @returns the exit code: 0, or 1 when there is no draft yet
 */
export async function runReviews(argv: readonly string[], io: CommandIo, client: DynamoDBClient = new DynamoDBClient({})): Promise<number> {
  const { options, switches } = parseArguments(argv, { options: ['stage', 'catalog', 'export', 'out'], switches: ['latest'] });
  const stage = options.stage;
  if (stage === undefined) throw new UsageError('--stage is required: the stage whose reviews to read (e.g. --stage prod)');
  const catalog = loadCatalog(io.cwd, options.catalog ?? CATALOG_DEFAULTS.catalog, options.export ?? CATALOG_DEFAULTS.export, '--catalog');
  const table = deliveryTableName(naming(catalog.service, stage).prefix);
  const store = dynamoDbDeliveryStore(DynamoDBDocumentClient.from(client), table, { service: catalog.service, stage });
  let reviews: StoredReview[];
  try {
    reviews = await store.reviews();
  } catch (error) {
    throw new Error(
      `could not read ${table}: ${error instanceof Error ? error.message : String(error)} (is the delivery-metrics function deployed at ${stage}, and are your credentials and region those of its account?)`,
      { cause: error },
    );
  }
  if (reviews.length === 0) {
    io.stderr(`no review draft in ${table} yet: one is written when an incident (${naming(catalog.service, stage).tier('critical')} in ALARM) closes\n`);
    return 1;
  }
  if (options.out !== undefined) {
    const out = resolve(io.cwd, options.out);
    mkdirSync(out, { recursive: true });
    for (const review of reviews) writeFileSync(join(out, reviewFileName(review)), review.markdown);
    io.stderr(`wrote ${reviews.length} review draft(s) to ${out}\n`);
  }
  if (switches.has('latest')) {
    io.stdout((reviews.at(-1) as StoredReview).markdown);
    return 0;
  }
  for (const review of reviews) {
    const minutes = Math.round((review.closedAt - review.openedAt) / 60_000);
    io.stdout(`${new Date(review.openedAt).toISOString().slice(0, 16)}Z  ${String(minutes).padStart(4)} min  ${review.incidentId.split('@')[0]}  ${reviewFileName(review)}\n`);
  }
  return 0;
}
