/** What of a CloudFormation client osls's layer compiler calls: `send`, with a DescribeStacks command. */
export interface StackDescriber {
  send(command: unknown, ...rest: unknown[]): Promise<unknown>;
}

/** osls's layer compiler (`AwsCompileLayers`): where it gets the client it asks for the last deployment's outputs. */
export interface LayerCompiler {
  getCloudFormationClient(): Promise<StackDescriber>;
}

interface Stack {
  readonly Outputs?: readonly unknown[];
}

const describesStacks = (response: unknown): response is { readonly Stacks: readonly Stack[] } =>
  typeof response === 'object' && response !== null && Array.isArray((response as { Stacks?: unknown }).Stacks);

/**
 * Gives every stack in a DescribeStacks response an `Outputs` list, empty where the response has
 * none. CloudFormation leaves `Outputs` out for a stack without outputs; moto's CloudFormation does
 * so for every stack updated through a change set.
 */
export function withOutputs(response: unknown): unknown {
  if (!describesStacks(response)) return response;
  return { ...response, Stacks: response.Stacks.map((stack) => ({ ...stack, Outputs: stack.Outputs ?? [] })) };
}

/**
 * On `serverless deploy` of a service with a layer, osls compares the layer zip with the one the
 * last deployment uploaded by reading the stack's outputs (`compareWithLastLayer` in
 * lib/plugins/aws/package/compile/layers.js), and reads `Stacks[0].Outputs.find(…)` without checking
 * that `Outputs` is there: a stack without outputs crashes the deploy with "Cannot read properties of
 * undefined (reading 'find')" (an osls bug, written up in docs/upstream.md). This gives that comparison a
 * client whose DescribeStacks answers always carry an `Outputs` list, so a stack without outputs
 * reads as one with no earlier layer: the zip is uploaded again and the deploy goes on. Nothing else
 * of osls uses that client.
 */
export function tolerateStackWithoutOutputs(compiler: LayerCompiler): void {
  const clientOf = compiler.getCloudFormationClient.bind(compiler);
  let tolerant: Promise<StackDescriber> | undefined;
  compiler.getCloudFormationClient = () => {
    tolerant ??= clientOf().then((client) => ({ send: async (command, ...rest) => withOutputs(await client.send(command, ...rest)) }));
    return tolerant;
  };
}
