import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SSMClient, type SSMClientConfig } from '@aws-sdk/client-ssm';
import type { AlertTierName, PeriscopeTracer } from 'periscope';
import type { NotificationTier } from './alarm-description';
import { SlackConfigurationError } from './errors';

/** Environment variable naming the SSM SecureString parameter that holds the webhook URL; may contain `{tier}`. */
export const WEBHOOK_PARAMETER_ENV = 'SLACK_WEBHOOK_PARAMETER';
/** Environment variable holding the webhook URL itself: for the local stack and tests only. */
export const WEBHOOK_URL_ENV = 'SLACK_WEBHOOK_URL';
/** How long a webhook URL read from SSM is reused, in seconds. */
export const WEBHOOK_CACHE_SECONDS = 300;

/** Reads one SSM parameter, decrypted; `undefined` when it has no value. */
export type ParameterFetcher = (name: string) => Promise<string | undefined>;

/** Where a tier's alerts are posted. */
export type WebhookUrlSource = (tier: NotificationTier) => Promise<string>;

/** A notification whose tier nobody named goes where a human looks today, without paging anyone. */
export const routeTier = (tier: NotificationTier): AlertTierName => (tier === 'unknown' ? 'warning' : tier);

/**
 * The parameter that holds a tier's webhook: `{tier}` in the template replaced by the tier, so each
 * tier can post to its own channel.
 *
 * @example
 * ```ts
 * webhookParameterName('/periscope/orders/dev/slack/{tier}', 'critical'); // '/periscope/orders/dev/slack/critical'
 * ```
 */
export const webhookParameterName = (template: string, tier: NotificationTier): string => template.replaceAll('{tier}', routeTier(tier));

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

// The URL is a credential: errors say where it came from, never what it is.
function checkedWebhookUrl(value: string, source: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch (error) {
    throw new SlackConfigurationError(`The Slack webhook URL from ${source} is not a URL`, { cause: new Error((error as Error).name) });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new SlackConfigurationError(`The Slack webhook URL from ${source} must be https (plain http only to a loopback address, for local runs)`);
  }
  return url.href;
}

/** Options for {@link createWebhookUrlSource}. */
export interface WebhookUrlSourceOptions {
  /** @default process.env, read at each call */
  readonly env?: NodeJS.ProcessEnv;
  /** Reads the parameter. @default {@link ssmParameterFetcher}() */
  readonly fetchParameter?: ParameterFetcher;
}

/**
 * Finds the webhook URL for a tier: `SLACK_WEBHOOK_URL` when set (local stack and tests), else the
 * SSM SecureString `SLACK_WEBHOOK_PARAMETER` names, with `{tier}` replaced.
 *
 * @throws {@link SlackConfigurationError} naming both variables when neither is set, or naming the
 *   parameter when it is missing, empty or not an https URL
 */
export function createWebhookUrlSource(options: WebhookUrlSourceOptions = {}): WebhookUrlSource {
  let fetchParameter = options.fetchParameter;
  return async (tier) => {
    const env = options.env ?? process.env;
    const direct = env[WEBHOOK_URL_ENV];
    if (direct) return checkedWebhookUrl(direct, WEBHOOK_URL_ENV);
    const template = env[WEBHOOK_PARAMETER_ENV];
    if (!template) {
      throw new SlackConfigurationError(
        `Neither ${WEBHOOK_PARAMETER_ENV} (the SSM SecureString parameter holding the Slack webhook URL; may contain {tier}) nor ${WEBHOOK_URL_ENV} (local runs only) is set`,
      );
    }
    const name = webhookParameterName(template, tier);
    fetchParameter ??= ssmParameterFetcher();
    let value: string | undefined;
    try {
      value = await fetchParameter(name);
    } catch (error) {
      throw new SlackConfigurationError(`Could not read the Slack webhook URL from SSM parameter ${name} (${WEBHOOK_PARAMETER_ENV})`, { cause: error });
    }
    if (!value) throw new SlackConfigurationError(`SSM parameter ${name} (${WEBHOOK_PARAMETER_ENV}) holds no Slack webhook URL`);
    return checkedWebhookUrl(value, `SSM parameter ${name}`);
  };
}

/**
 * Reads SecureString parameters through Powertools parameters, decrypted and cached for
 * {@link WEBHOOK_CACHE_SECONDS}. The SSM client is built at the first read, not at import, and is
 * traced when a tracer is given.
 */
export function ssmParameterFetcher(tracer?: Pick<PeriscopeTracer, 'captureAWSv3Client'>, clientConfig: SSMClientConfig = {}): ParameterFetcher {
  let provider: SSMProvider | undefined;
  return async (name) => {
    if (provider === undefined) {
      const client = new SSMClient(clientConfig);
      provider = new SSMProvider({ awsSdkV3Client: tracer ? tracer.captureAWSv3Client(client) : client });
    }
    return provider.get(name, { decrypt: true, maxAge: WEBHOOK_CACHE_SECONDS });
  };
}
