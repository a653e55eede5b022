import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { generateDelivery } from '../../alarms';
import { ordersServiceResources } from '../../deploy/service-resources';
import type { StackEvent } from '../../handlers/delivery/delivery-events';
import { type DeliveryStore, dynamoDbDeliveryStore } from '../../handlers/delivery/delivery-store';
import { catalog } from '../../observability.config';
import { startDynalite } from '../../tools/emulators/dynamodb-local/dynalite';
import { hasJava, startDynamoDbLocalJar } from '../support/dynamodb-local-jar';

/**
 * The delivery store's promises, on both local DynamoDBs, with the table Periscope generates: an
 * event is stored once however often and however concurrently it is delivered, a claim is won once,
 * a review is kept once, and one service's records never mix with another's.
 */
const resources = ordersServiceResources('prod');
const generated = generateDelivery(catalog, { ...resources, delivery: resources.delivery!, stackName: resources.stackName! });
const tableProperties = Object.values(generated.resources).find((r) => r.Type === 'AWS::DynamoDB::Table')!.Properties as Record<string, never>;

const stackEvent = (id: string, at: number): StackEvent => ({ kind: 'stack', id, at, status: 'UPDATE_IN_PROGRESS', reason: '' });

function describeDeliveryStore(name: string, endpoint: () => string): void {
  describe(name, () => {
    let documents: DynamoDBDocumentClient;
    let tables = 0;
    const freshStore = async (partition = { service: 'orders', stage: 'prod' }, table?: string): Promise<DeliveryStore> => {
      const client = new DynamoDBClient({ endpoint: endpoint(), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
      documents = DynamoDBDocumentClient.from(client);
      if (table === undefined) tables += 1;
      const tableName = table ?? `delivery-${tables}`;
      if (table === undefined) {
        await client.send(
          new CreateTableCommand({ TableName: tableName, KeySchema: tableProperties.KeySchema, AttributeDefinitions: tableProperties.AttributeDefinitions, BillingMode: 'PAY_PER_REQUEST' }),
        );
      }
      return dynamoDbDeliveryStore(documents, tableName, partition);
    };

    it('stores an event once, however many deliveries race for it', async () => {
      const store = await freshStore();
      const results = await Promise.all(Array.from({ length: 5 }, () => store.record(stackEvent('e-1', 1_000))));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.eventsSince(0)).toEqual([stackEvent('e-1', 1_000)]);
    });

    it('returns the events from a time on, oldest first, across pages', async () => {
      const store = await freshStore();
      const padding = 'x'.repeat(3_000);
      for (let i = 400; i >= 1; i -= 1) await store.record({ ...stackEvent(`e-${i}`, i * 1_000), reason: padding });
      const since = await store.eventsSince(101_000);
      expect(since).toHaveLength(300);
      expect(since.map((event) => event.at)).toEqual(since.map((event) => event.at).sort((a, b) => a - b));
      expect(since[0]?.id).toBe('e-101');
    });

    it('grants a claim to one caller only', async () => {
      const store = await freshStore();
      const results = await Promise.all(Array.from({ length: 4 }, () => store.claim('deployment#stack@1')));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect([...(await store.claims())]).toEqual(['deployment#stack@1']);
    });

    it('keeps the first review draft of an incident', async () => {
      const store = await freshStore();
      const review = { incidentId: 'orders-prod-critical@5', openedAt: 5, closedAt: 9, markdown: '# first' };
      expect(await store.saveReview(review)).toBe(true);
      expect(await store.saveReview({ ...review, markdown: '# second' })).toBe(false);
      expect(await store.reviews()).toEqual([review]);
      expect([...(await store.reviewed())]).toEqual(['orders-prod-critical@5']);
    });

    it("never reads another service's or stage's records", async () => {
      const orders = await freshStore();
      const table = `delivery-${tables}`;
      const dev = await freshStore({ service: 'orders', stage: 'dev' }, table);
      await orders.record(stackEvent('e-prod', 1));
      await dev.record(stackEvent('e-dev', 2));
      await dev.claim('deployment#x');
      expect((await orders.eventsSince(0)).map((e) => e.id)).toEqual(['e-prod']);
      expect([...(await orders.claims())]).toEqual([]);
    });
  });
}

describe('on dynalite', () => {
  let local: { endpoint: string; close: () => Promise<void> };
  beforeAll(async () => {
    local = await startDynalite();
  });
  afterAll(async () => {
    await local.close();
  });
  describeDeliveryStore('the delivery store on dynalite', () => local.endpoint);
});

const java = hasJava();
if (!java) console.warn('SKIPPING the delivery store on DynamoDB Local (jar): no Java runtime on this machine.');

(java ? describe : describe.skip)('on the official DynamoDB Local jar', () => {
  let local: { endpoint: string; stop: () => Promise<void> };
  beforeAll(async () => {
    local = await startDynamoDbLocalJar();
  }, 60_000);
  afterAll(async () => {
    await local?.stop();
  });
  describeDeliveryStore('the delivery store on DynamoDB Local', () => local.endpoint);
});
