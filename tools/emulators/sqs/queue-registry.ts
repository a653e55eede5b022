import { SqsRequestError } from './errors';
import { SqsQueue } from './queue';
import { applyAttributes, DEFAULT_SETTINGS, renderSettings } from './queue-attributes';

/** A standard queue's name as SQS takes it: letters, digits, `-` and `_`, 1 to 80. */
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;

/** The queues of one account in one region, by name, with their URLs and ARNs. */
export class QueueRegistry {
  private readonly queues = new Map<string, SqsQueue>();
  /** `http://host:port`, known once the server listens. */
  public endpoint = '';

  public constructor(
    public readonly region: string,
    public readonly accountId: string,
  ) {}

  /** `<endpoint>/<account>/<name>`, the URL SQS gives the queue. */
  public url(name: string): string {
    return `${this.endpoint}/${this.accountId}/${name}`;
  }

  /** `arn:aws:sqs:<region>:<account>:<name>`. */
  public arn(name: string): string {
    return `arn:aws:sqs:${this.region}:${this.accountId}:${name}`;
  }

  /** Every queue, in creation order. */
  public all(): SqsQueue[] {
    return [...this.queues.values()];
  }

  /** @throws SqsRequestError `QueueDoesNotExist` naming it */
  public get(name: string): SqsQueue {
    const queue = this.queues.get(name);
    if (queue === undefined) throw new SqsRequestError('QueueDoesNotExist', `The specified queue does not exist: ${name} (account ${this.accountId}).`);
    return queue;
  }

  /** The queue a `QueueUrl` names: `.../<account>/<name>` on any host, or the bare name. */
  public byUrl(queueUrl: unknown): SqsQueue {
    if (typeof queueUrl !== 'string' || queueUrl === '') throw new SqsRequestError('MissingParameter', 'The request must contain the parameter QueueUrl.');
    const path = /^https?:\/\//.test(queueUrl) ? new URL(queueUrl).pathname : queueUrl;
    const parts = path.split('/').filter((part) => part !== '');
    const name = parts.at(-1) ?? '';
    if (parts.length > 1 && parts.at(-2) !== this.accountId) {
      throw new SqsRequestError('QueueDoesNotExist', `The specified queue does not exist: ${queueUrl} names account ${parts.at(-2)}, this server holds account ${this.accountId}.`);
    }
    return this.get(name);
  }

  /** The queue with that ARN, if it is here. */
  public byArn(arn: string): SqsQueue | undefined {
    return [...this.queues.values()].find((queue) => queue.arn === arn);
  }

  /**
   * `CreateQueue`: a new standard queue, or the existing one when every attribute given has the value
   * it already has, as SQS answers it.
   *
   * @throws SqsRequestError `InvalidParameterValue` for a bad or FIFO name, `QueueNameExists` when an
   *   attribute differs, `QueueDoesNotExist` for a dead-letter queue that is not here, and what
   *   {@link applyAttributes} throws
   */
  public create(name: unknown, attributes: Readonly<Record<string, string>>, now: number): SqsQueue {
    if (typeof name !== 'string' || name === '') throw new SqsRequestError('MissingParameter', 'The request must contain the parameter QueueName.');
    if (name.endsWith('.fifo')) throw new SqsRequestError('UnsupportedOperation', `The queue name ${name} is a FIFO queue's: this local SQS server emulates standard queues only.`);
    if (!QUEUE_NAME.test(name))
      throw new SqsRequestError('InvalidParameterValue', `The queue name "${name}" is invalid: it can only include alphanumeric characters, hyphens, or underscores, 1 to 80 in length.`);
    const settings = applyAttributes(DEFAULT_SETTINGS, attributes);
    const existing = this.queues.get(name);
    if (existing !== undefined) {
      const asked = renderSettings(settings);
      const has = renderSettings(existing.settings);
      const differs = Object.keys(attributes).find((key) => asked[key] !== has[key]);
      if (differs !== undefined) throw new SqsRequestError('QueueNameExists', `A queue already exists with the same name and a different value for attribute ${differs}: ${name}.`);
      return existing;
    }
    this.checkDeadLetterTarget(settings.redrivePolicy?.deadLetterTargetArn);
    const queue = new SqsQueue(name, this.arn(name), settings, now);
    this.queues.set(name, queue);
    return queue;
  }

  /** @throws SqsRequestError `QueueDoesNotExist` when the dead-letter queue named is not here */
  public checkDeadLetterTarget(arn: string | undefined): void {
    if (arn !== undefined && this.byArn(arn) === undefined) throw new SqsRequestError('QueueDoesNotExist', `The dead-letter queue ${arn} in RedrivePolicy does not exist.`);
  }

  public delete(queue: SqsQueue): void {
    this.queues.delete(queue.name);
  }
}
