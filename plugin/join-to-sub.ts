/** A compiled template, as far as {@link replaceEmptyJoins} rewrites it. */
export interface JoinedTemplate {
  readonly Resources: Record<string, unknown>;
  readonly Outputs?: Record<string, unknown>;
}

/**
 * One piece of the `Fn::Sub` string: literal text (escaped when written), text already in `Fn::Sub`
 * syntax (an inlined one-string `Fn::Sub`), a `${Name}` reference, or an intrinsic given a variable.
 */
type Segment = { readonly text: string } | { readonly sub: string } | { readonly name: string } | { readonly value: unknown };

/** The `${Name}` references of a string in `Fn::Sub` syntax (`${!Literal}` is none). */
const REFERENCE = /\$\{(?!!)([^}]*)\}/g;

/** A plain JSON object, not an array. */
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The name and argument of an intrinsic function call (`{ Ref: 'X' }` → `['Ref', 'X']`); undefined for any other value. */
function intrinsic(value: unknown): readonly [string, unknown] | undefined {
  if (!isRecord(value)) return undefined;
  const [name, ...others] = Object.keys(value);
  return name !== undefined && others.length === 0 && (name === 'Ref' || name.startsWith('Fn::')) ? [name, value[name]] : undefined;
}

/** What one part of an empty-delimiter join becomes in the `Fn::Sub`. */
function segmentOf(part: unknown): Segment {
  if (typeof part === 'string') return { text: part };
  const [fn, argument] = intrinsic(part) ?? [];
  if ((fn === 'Ref' || fn === 'Fn::GetAtt') && typeof argument === 'string') return { name: argument };
  if (fn === 'Fn::GetAtt' && Array.isArray(argument) && argument.length === 2 && argument.every((piece) => typeof piece === 'string')) return { name: argument.join('.') };
  if (fn === 'Fn::Sub' && typeof argument === 'string') return { sub: argument };
  return { value: part };
}

/** Every name the string refers to, so that no variable shadows one of them. */
const referencedNames = (segments: readonly Segment[]): Set<string> =>
  new Set(segments.flatMap((segment) => ('name' in segment ? [segment.name] : 'sub' in segment ? [...segment.sub.matchAll(REFERENCE)].map((match) => match[1]!) : [])));

/**
 * The `Fn::Sub` that deploys the same string as `{ 'Fn::Join': ['', parts] }`: literal text with
 * `${` escaped as `${!`, `{ Ref: X }` as `${X}`, `{ 'Fn::GetAtt': [X, A] }` (or `'X.A'`) as
 * `${X.A}`, a one-string `Fn::Sub` inlined, any other intrinsic as a variable (`${Part0}`) of the
 * two-element form. A join of literals only becomes that literal.
 */
function subOf(parts: readonly unknown[]): unknown {
  const segments = parts.map(segmentOf);
  if (segments.every((segment) => 'text' in segment)) return segments.map((segment) => segment.text).join('');
  const taken = referencedNames(segments);
  const variables: Record<string, unknown> = {};
  const variableFor = (value: unknown): string => {
    let index = Object.keys(variables).length;
    while (taken.has(`Part${index}`) || `Part${index}` in variables) index += 1;
    variables[`Part${index}`] = value;
    return `Part${index}`;
  };
  const text = segments
    .map((segment) => {
      if ('text' in segment) return segment.text.replaceAll('${', '${!');
      if ('sub' in segment) return segment.sub;
      return `\${${'name' in segment ? segment.name : variableFor(segment.value)}}`;
    })
    .join('');
  return Object.keys(variables).length === 0 ? { 'Fn::Sub': text } : { 'Fn::Sub': [text, variables] };
}

/**
 * A copy of a template value with every `{ 'Fn::Join': ['', [parts…]] }` in it, at any depth,
 * replaced by the `Fn::Sub` that deploys the same string (cfn-lint I1022 prefers it: one string
 * reads as the value it becomes). Inner joins are rewritten first, so a nested empty join is
 * inlined. A join with a delimiter, or whose list is itself an intrinsic (a `Ref` to a list
 * parameter), stays a join.
 *
 * @example
 * ```ts
 * joinsAsSubs({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { Ref: 'Bucket' }, '/*']] });
 * // { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Bucket}/*' }
 * ```
 */
export function joinsAsSubs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(joinsAsSubs);
  if (!isRecord(value)) return value;
  const rewritten = Object.fromEntries(Object.entries(value).map(([key, child]) => [key, joinsAsSubs(child)]));
  const [fn, argument] = intrinsic(rewritten) ?? [];
  if (fn !== 'Fn::Join' || !Array.isArray(argument) || argument.length !== 2) return rewritten;
  const [delimiter, parts] = argument as [unknown, unknown];
  return delimiter === '' && Array.isArray(parts) ? subOf(parts) : rewritten;
}

/**
 * Rewrites the empty-delimiter joins of a compiled template's resources and outputs as `Fn::Sub`s
 * ({@link joinsAsSubs}): osls writes its ARNs, URLs and the deployment bucket's policy as joins.
 *
 * @returns the logical ids of the resources and outputs that changed (`Outputs.ServiceEndpoint` for an output)
 */
export function replaceEmptyJoins(template: JoinedTemplate): string[] {
  const changed: string[] = [];
  const rewrite = (section: Record<string, unknown>, label: (id: string) => string): void => {
    for (const [id, value] of Object.entries(section)) {
      const rewritten = joinsAsSubs(value);
      if (JSON.stringify(rewritten) === JSON.stringify(value)) continue;
      section[id] = rewritten;
      changed.push(label(id));
    }
  };
  rewrite(template.Resources, (id) => id);
  if (template.Outputs !== undefined) rewrite(template.Outputs, (id) => `Outputs.${id}`);
  return changed;
}
