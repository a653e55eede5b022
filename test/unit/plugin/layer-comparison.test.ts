import { type LayerCompiler, type StackDescriber, tolerateStackWithoutOutputs, withOutputs } from '../../../plugin/layer-comparison';

/** osls's `compareWithLastLayer` as far as it reads the stack: the last deployment's layer hash, from the outputs. */
async function lastLayerHash(compiler: LayerCompiler): Promise<unknown> {
  const cloudFormation = await compiler.getCloudFormationClient();
  const data = (await cloudFormation.send({ input: { StackName: 'periscope-layer-dev' } })) as { Stacks: { Outputs: { OutputKey: string; OutputValue: string }[] }[] };
  return data.Stacks[0]?.Outputs.find((output) => output.OutputKey === 'PeriscopeLambdaLayerHash')?.OutputValue;
}

/** A layer compiler whose CloudFormation answers every call with `response`, counting the clients it builds. */
function compilerAnswering(response: unknown): LayerCompiler & { clientsBuilt: number } {
  const client: StackDescriber = { send: async () => response };
  return {
    clientsBuilt: 0,
    async getCloudFormationClient() {
      this.clientsBuilt += 1;
      return client;
    },
  };
}

describe('the layer comparison on `serverless deploy`', () => {
  it('reads a stack without outputs as one with no earlier layer, where osls would crash reading them', async () => {
    // Prepare
    const compiler = compilerAnswering({ Stacks: [{ StackName: 'periscope-layer-dev', StackStatus: 'UPDATE_COMPLETE' }] });
    await expect(lastLayerHash(compiler)).rejects.toThrow(TypeError);

    // Act
    tolerateStackWithoutOutputs(compiler);

    // Assess
    await expect(lastLayerHash(compiler)).resolves.toBeUndefined();
  });

  it('still finds the last layer’s hash in a stack with outputs, so an unchanged zip is not uploaded again', async () => {
    const compiler = compilerAnswering({ Stacks: [{ Outputs: [{ OutputKey: 'PeriscopeLambdaLayerHash', OutputValue: 'c0ffee' }] }] });
    tolerateStackWithoutOutputs(compiler);
    await expect(lastLayerHash(compiler)).resolves.toBe('c0ffee');
  });

  it('builds the client once, as osls does', async () => {
    const compiler = compilerAnswering({ Stacks: [] });
    tolerateStackWithoutOutputs(compiler);
    await Promise.all([compiler.getCloudFormationClient(), compiler.getCloudFormationClient()]);
    expect(compiler.clientsBuilt).toBe(1);
  });
});

describe('withOutputs', () => {
  it('passes answers that describe no stacks through unchanged', () => {
    const answer = { NextToken: 'x' };
    expect(withOutputs(answer)).toBe(answer);
    expect(withOutputs(undefined)).toBeUndefined();
  });
});
