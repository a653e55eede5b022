import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DeliveryEvent } from './delivery-events';

/** A stored post-incident review draft. */
export interface StoredReview {
  readonly incidentId: string;
  readonly openedAt: number;
  readonly closedAt: number;
  readonly markdown: string;
}

/**
 * Where the delivery function keeps what it has seen and what it has counted. Every write is
 * conditional, so an event delivered twice, or a record derived by two invocations at once, is
 * stored and counted once.
 */
export interface DeliveryStore {
  /** Stores an event; `false` when it was stored before (same id and time): a duplicate. */
  record(event: DeliveryEvent): Promise<boolean>;
  /** The stored events from `since` on (epoch ms). */
  eventsSince(since: number): Promise<DeliveryEvent[]>;
  /** The claims made so far (see `DeliveryEmission`). */
  claims(): Promise<ReadonlySet<string>>;
  /** Claims `key` for this invocation; `false` when another already did. */
  claim(key: string): Promise<boolean>;
  /** The incidents that have a review draft. */
  reviewed(): Promise<ReadonlySet<string>>;
  /** Stores a review draft; `false` when the incident already has one. */
  saveReview(review: StoredReview): Promise<boolean>;
  /** Every stored review draft, oldest first. */
  reviews(): Promise<StoredReview[]>;
}

/** Events and claims are kept 90 days (DynamoDB's TTL deletes them); review drafts are kept. */
export const DELIVERY_RECORD_TTL_DAYS = 90;

const EVENT = 'event#';
const CLAIM = 'claim#';
const REVIEW = 'review#';

/** Epoch ms, zero-padded so the sort key orders by time. */
const sortableTime = (at: number): string => String(at).padStart(15, '0');

/**
 * The delivery store on DynamoDB: one partition per service and stage (`pk` `<service>#<stage>`),
 * items sorted by `sk`: `event#<time>#<id>`, `claim#<key>`, `review#<opened>#<incident>`.
 *
 * @param documents - a document client (`createDocumentClient`), pointed at the table's region
 */
export function dynamoDbDeliveryStore(documents: Pick<DynamoDBDocumentClient, 'send'>, table: string, partition: { readonly service: string; readonly stage: string }): DeliveryStore {
  const pk = `${partition.service}#${partition.stage}`;
  const expiresAt = (at: number): number => Math.floor(at / 1000) + DELIVERY_RECORD_TTL_DAYS * 86_400;
  const putOnce = async (item: Record<string, unknown>): Promise<boolean> => {
    try {
      await documents.send(new PutCommand({ TableName: table, Item: { pk, ...item }, ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || (error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  };
  const query = async (input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> => {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(new QueryCommand({ TableName: table, ...input, ...(start === undefined ? {} : { ExclusiveStartKey: start }) }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return items;
  };
  const keysWith = async (prefix: string): Promise<Record<string, unknown>[]> =>
    query({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix } });
  return {
    record: (event) => putOnce({ sk: `${EVENT}${sortableTime(event.at)}#${event.id}`, event, expiresAt: expiresAt(event.at) }),
    eventsSince: async (since) =>
      (
        await query({
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': pk, ':from': `${EVENT}${sortableTime(Math.max(0, since))}`, ':to': `${EVENT}~` },
        })
      ).map((item) => item.event as DeliveryEvent),
    claims: async () => new Set((await keysWith(CLAIM)).map((item) => String(item.sk).slice(CLAIM.length))),
    claim: (key) => putOnce({ sk: `${CLAIM}${key}`, expiresAt: expiresAt(Date.now()) }),
    reviewed: async () => new Set((await keysWith(REVIEW)).map((item) => String(item.incidentId))),
    saveReview: (review) => putOnce({ sk: `${REVIEW}${sortableTime(review.openedAt)}#${review.incidentId}`, ...review }),
    reviews: async () =>
      (await keysWith(REVIEW)).map((item) => ({ incidentId: String(item.incidentId), openedAt: Number(item.openedAt), closedAt: Number(item.closedAt), markdown: String(item.markdown) })),
  };
}
