import type { SQSClient } from '@aws-sdk/client-sqs';
import { type MotoServer, motoServerInstalled, startMotoServer } from '../../tools/deploy-local/moto-server';
import { batchAndErrorContract } from '../unit/tools/sqs/contract/batches-and-errors';
import { documentedDifferences } from '../unit/tools/sqs/contract/documented-differences';
import { messageContract } from '../unit/tools/sqs/contract/messages';
import { queueContract } from '../unit/tools/sqs/contract/queues';
import type { Target } from '../unit/tools/sqs/contract/target';
import { localSqsForSuite, ManualClock, sleep, sqsClient } from '../unit/tools/sqs/support';

/**
 * The contract: the same SDK-level expectations (test/unit/tools/sqs/contract/) run against
 * Periscope's local SQS server and against moto's (the reference), so any difference between them
 * shows. Where the two differ on purpose, the test says what each answers and why ours follows
 * AWS's documentation.
 */
function contract(target: () => Target): void {
  queueContract(target);
  messageContract(target);
  batchAndErrorContract(target);
  documentedDifferences(target);
}

describe('Periscope’s local SQS server, through @aws-sdk/client-sqs', () => {
  const clock = new ManualClock();
  const sqs = localSqsForSuite({ now: clock.read });

  contract(() => ({
    kind: 'local',
    endpoint: sqs.server.endpoint,
    client: sqs.client,
    passTime: async (seconds) => clock.advance(seconds),
  }));
});

/** Whether moto's server runs here (these machines carry moto 5.2; a user's may not). */
const motoInstalled = motoServerInstalled();
if (!motoInstalled) process.stderr.write("moto_server is not installed: skipping the SQS contract against moto (pip install 'moto[server]')\n");

(motoInstalled ? describe : describe.skip)('moto’s SQS server (the reference), through @aws-sdk/client-sqs', () => {
  let moto: MotoServer;
  let client: SQSClient;

  beforeAll(async () => {
    moto = await startMotoServer();
    client = sqsClient(moto.endpoint);
  });
  afterAll(async () => {
    client?.destroy();
    await moto?.stop();
  });

  contract(() => ({
    kind: 'moto',
    endpoint: moto.endpoint,
    client,
    passTime: (seconds) => sleep(seconds * 1000),
  }));
});
