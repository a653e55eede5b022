/** A compiled CloudFormation template, as far as the plugin reads it. */
export interface CompiledTemplate {
  // biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are free-form JSON, read defensively
  readonly Resources: Record<string, { readonly Type: string; readonly Properties?: Record<string, any> }>;
}

/** One resource of a {@link CompiledTemplate}. */
export type TemplateResource = CompiledTemplate['Resources'][string];

/** Thrown when the template or `serverless.yml` lacks what the alarms need; names what is missing. */
export class ResourceReadError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ResourceReadError';
  }
}

/** The logical id a `{ 'Fn::GetAtt': [<id>, <attribute>] }` names, if `value` is one (of `attribute`, when given). */
export function getAttOf(value: unknown, attribute?: string): string | undefined {
  const getAtt = (value as { 'Fn::GetAtt'?: unknown } | null | undefined)?.['Fn::GetAtt'];
  if (!Array.isArray(getAtt) || typeof getAtt[0] !== 'string') return undefined;
  return attribute === undefined || getAtt[1] === attribute ? getAtt[0] : undefined;
}

/** The logical id a `{ Ref: <id> }` names, if `value` is one. */
export function refOf(value: unknown): string | undefined {
  const ref = (value as { Ref?: unknown } | null | undefined)?.Ref;
  return typeof ref === 'string' ? ref : undefined;
}

/** `${Id}` or `${Id.Arn}` in an `Fn::Sub` text. */
const substitutes = (text: unknown, logicalId: string): boolean => typeof text === 'string' && (text.includes(`\${${logicalId}}`) || text.includes(`\${${logicalId}.Arn}`));

/**
 * Whether `value` points at the function `functionLogicalId` anywhere in it: its `Ref` (its name),
 * its `Fn::GetAtt` `Arn`, either inside a join (osls's `<arn>:<alias>` for a function behind an
 * alias), or `${<id>.Arn}` in an `Fn::Sub` (the plugin writes osls's joins as those).
 */
export function pointsAt(value: unknown, functionLogicalId: string): boolean {
  if (Array.isArray(value)) return value.some((item) => pointsAt(item, functionLogicalId));
  if (typeof value !== 'object' || value === null) return false;
  if (refOf(value) === functionLogicalId || getAttOf(value, 'Arn') === functionLogicalId) return true;
  const sub = (value as { 'Fn::Sub'?: unknown })['Fn::Sub'];
  if (substitutes(Array.isArray(sub) ? sub[0] : sub, functionLogicalId)) return true;
  return Object.values(value).some((item) => pointsAt(item, functionLogicalId));
}

/** The last part of a literal ARN of `service` (`arn:aws:sqs:eu-west-1:123456789012:orders` → `orders`), after `separator`. */
export function arnName(value: unknown, service: string, separator = ':'): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('arn:') || value.split(':')[2] !== service) return undefined;
  const name = value.slice(value.lastIndexOf(separator) + 1);
  return name === '' ? undefined : name;
}
