import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { runReviews } from '../../cli/reviews';
import { dynamoDbDeliveryStore } from '../../handlers/delivery/delivery-store';
import { type LocalDynamoDb, startDynalite } from '../../tools/emulators/dynamodb-local/dynalite';
import { ROOT } from '../support/serverless';

/** `periscope reviews`: where a team finds the review drafts the delivery function wrote, read from its real table (dynalite). */
describe('periscope reviews', () => {
  let dynamo: LocalDynamoDb;
  let client: DynamoDBClient;
  let out: string;

  const run = async (argv: readonly string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runReviews(argv, { cwd: ROOT, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) }, client);
    return { code, stdout, stderr };
  };

  beforeAll(async () => {
    dynamo = await startDynalite();
    client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const keys = {
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' as const },
        { AttributeName: 'sk', AttributeType: 'S' as const },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' as const },
        { AttributeName: 'sk', KeyType: 'RANGE' as const },
      ],
    };
    for (const table of ['orders-prod-delivery', 'orders-dev-delivery']) await client.send(new CreateTableCommand({ TableName: table, BillingMode: 'PAY_PER_REQUEST', ...keys }));
    const store = dynamoDbDeliveryStore(DynamoDBDocumentClient.from(client), 'orders-prod-delivery', { service: 'orders', stage: 'prod' });
    await store.saveReview({
      incidentId: `orders-prod-critical@${Date.UTC(2026, 10, 29, 15, 0)}`,
      openedAt: Date.UTC(2026, 10, 29, 15, 0),
      closedAt: Date.UTC(2026, 10, 29, 15, 20),
      markdown: '# second incident\n',
    });
    await store.saveReview({
      incidentId: `orders-prod-critical@${Date.UTC(2026, 10, 27, 11, 20)}`,
      openedAt: Date.UTC(2026, 10, 27, 11, 20),
      closedAt: Date.UTC(2026, 10, 27, 12, 5),
      markdown: '# first incident\n',
    });
    out = mkdtempSync(join(tmpdir(), 'periscope-reviews-'));
  });
  afterAll(async () => {
    rmSync(out, { recursive: true, force: true });
    await dynamo.close();
  });

  it('lists the drafts of a stage, oldest first, with how long each incident lasted', async () => {
    const { code, stdout } = await run(['--stage', 'prod']);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual([
      '2026-11-27T11:20Z    45 min  orders-prod-critical  2026-11-27T1120Z-orders-prod-critical.md',
      '2026-11-29T15:00Z    20 min  orders-prod-critical  2026-11-29T1500Z-orders-prod-critical.md',
    ]);
  });

  it('prints the newest draft with --latest, and writes every draft as Markdown with --out', async () => {
    const { code, stdout } = await run(['--stage', 'prod', '--latest', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toBe('# second incident\n');
    expect(readdirSync(out).sort()).toEqual(['2026-11-27T1120Z-orders-prod-critical.md', '2026-11-29T1500Z-orders-prod-critical.md']);
    expect(readFileSync(join(out, '2026-11-27T1120Z-orders-prod-critical.md'), 'utf8')).toBe('# first incident\n');
  });

  it('says there is none yet at a stage without incidents, and fails', async () => {
    const { code, stderr } = await run(['--stage', 'dev']);
    expect(code).toBe(1);
    expect(stderr).toContain('no review draft in orders-dev-delivery yet');
  });

  it('names the table it could not read', async () => {
    await expect(run(['--stage', 'staging'])).rejects.toThrow(/could not read orders-staging-delivery/);
  });

  it('requires the stage', async () => {
    await expect(run([])).rejects.toThrow('--stage is required');
  });
});
