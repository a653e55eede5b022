import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { LambdaClient, ListLayersCommand } from '@aws-sdk/client-lambda';

/** Thrown when the layer service's stack holds no layer version. */
export class LayerNotDeployedError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LayerNotDeployedError';
  }
}

/** The output the layer service exports its version ARN under (layers/serverless.yml). */
const LAYER_OUTPUT = 'PeriscopeLambdaLayerQualifiedArn';

/**
 * The Periscope layer version the layer service's stack published, for `--param=periscopeLayer=<arn>`.
 * CloudFormation has it in the stack's outputs, which the services import by export name. moto's
 * CloudFormation has neither: it records exports only when a stack is created, and osls creates the
 * stack with its core template (the deployment bucket) and adds the layer in an update; it also names
 * the layer `<stack>-<logical id>-<suffix>`, not `LayerName`. So where the outputs are missing, the
 * layer is found by either name in ListLayers.
 *
 * @throws LayerNotDeployedError when neither finds a layer version
 */
export async function deployedLayerArn(config: object, stage: string): Promise<string> {
  const stack = `periscope-layer-${stage}`;
  const { Stacks } = await new CloudFormationClient(config).send(new DescribeStacksCommand({ StackName: stack }));
  const output = Stacks?.[0]?.Outputs?.find((candidate) => candidate.OutputKey === LAYER_OUTPUT)?.OutputValue;
  if (output !== undefined) return output;
  const names = [`periscope-${stage}`, `${stack}-PeriscopeLambdaLayer-`];
  const { Layers } = await new LambdaClient(config).send(new ListLayersCommand({}));
  const layer = Layers?.find((candidate) => candidate.LayerName === names[0] || candidate.LayerName?.startsWith(names[1] as string));
  const arn = layer?.LatestMatchingVersion?.LayerVersionArn;
  if (arn === undefined) throw new LayerNotDeployedError(`the stack ${stack} exports no ${LAYER_OUTPUT} and no layer is named ${names[0]} or ${names[1]}…: deploy the layer service first`);
  return arn;
}
