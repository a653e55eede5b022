import { isObject } from './cfn-read';
import { AlarmMessageError } from './errors';
import { partitionOf, urlSuffixOf } from './regions';
import type { CfnValue } from './types';

/** Where an `Fn::Sub` is resolved: the pseudo parameters it may use. */
export interface SubContext {
  readonly region: string;
  readonly accountId: string;
}

const VARIABLE = /\$\{([^}]*)\}/g;

/**
 * A string, or an `Fn::Sub` resolved as CloudFormation would with only the pseudo parameters
 * `AWS::Region`, `AWS::AccountId`, `AWS::Partition` and `AWS::URLSuffix` (and the variables of its
 * list form, when they are strings); `${!Literal}` stays `${Literal}`.
 *
 * @param what names the value in errors (`AlarmDescription of "orders-dev-critical"`)
 * @throws {@link AlarmMessageError} for any other variable or intrinsic, naming it
 * @example
 * ```ts
 * resolveSub({ 'Fn::Sub': 'https://${AWS::Region}.console.aws.amazon.com' }, { region: 'eu-west-1', accountId: '123456789012' }, 'the URL');
 * // 'https://eu-west-1.console.aws.amazon.com'
 * ```
 */
export function resolveSub(value: CfnValue, context: SubContext, what: string): string {
  if (typeof value === 'string') return value;
  const sub = isObject(value) && Object.keys(value).length === 1 ? value['Fn::Sub'] : undefined;
  const [template, variables] =
    typeof sub === 'string' ? [sub, {}] : Array.isArray(sub) && typeof sub[0] === 'string' && (sub[1] === undefined || isObject(sub[1])) ? [sub[0], sub[1] ?? {}] : [undefined, {}];
  if (template === undefined) throw new AlarmMessageError(`${what} is ${JSON.stringify(value)}: only a string or an Fn::Sub can be resolved locally`);
  const pseudo: Record<string, string> = {
    'AWS::Region': context.region,
    'AWS::AccountId': context.accountId,
    'AWS::Partition': partitionOf(context.region),
    'AWS::URLSuffix': urlSuffixOf(context.region),
  };
  return template.replace(VARIABLE, (whole, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    const given = (variables as Record<string, CfnValue>)[name];
    if (typeof given === 'string') return given;
    const known = pseudo[name];
    if (known === undefined) {
      throw new AlarmMessageError(`${what} uses ${whole}, which cannot be resolved locally (only \${AWS::Region}, \${AWS::AccountId}, \${AWS::Partition} and \${AWS::URLSuffix})`);
    }
    return known;
  });
}
