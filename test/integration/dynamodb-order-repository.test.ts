import { type LocalDynamoDb, startDynalite } from '../../tools/emulators/dynamodb-local/dynalite';
import { describeOrderRepositoryContract } from '../contract/order-repository.contract';
import { hasJava, startDynamoDbLocalJar } from '../support/dynamodb-local-jar';
import { dynamoDbRepositoryFactory } from '../support/dynamodb-table';

describe('on dynalite', () => {
  let dynamo: LocalDynamoDb;
  beforeAll(async () => {
    dynamo = await startDynalite(0);
  });
  afterAll(async () => {
    await dynamo.close();
  });

  describeOrderRepositoryContract(
    'DynamoDB adapter on dynalite',
    dynamoDbRepositoryFactory(() => dynamo.endpoint),
  );
});

const java = hasJava();
if (!java) {
  // Said out loud, so a green run without Java is not mistaken for a run against DynamoDB Local.
  console.warn('SKIPPING the DynamoDB Local (jar) contract run: no Java runtime on this machine.');
}

(java ? describe : describe.skip)('on the official DynamoDB Local jar', () => {
  let local: { endpoint: string; stop: () => Promise<void> };
  beforeAll(async () => {
    local = await startDynamoDbLocalJar();
  }, 60_000);
  afterAll(async () => {
    await local?.stop();
  });

  describeOrderRepositoryContract(
    'DynamoDB adapter on DynamoDB Local',
    dynamoDbRepositoryFactory(() => local.endpoint),
  );
});
