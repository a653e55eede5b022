import type { CompiledTemplate } from './read-resources';

type FunctionResource = CompiledTemplate['Resources'][string] & { DependsOn?: string | string[] };

/**
 * osls lists a function's own role in its `DependsOn`, beside the `Fn::GetAtt` of that role's ARN in
 * `Properties.Role` that already makes CloudFormation create the role first. cfn-lint reports each as
 * W3005, and moto's CloudFormation, which validates with cfn-lint, refuses the template for it. This
 * drops the role from every function's `DependsOn` when its `Role` already reads the role's ARN, and
 * the `DependsOn` when nothing else is left in it; the order CloudFormation follows does not change.
 *
 * @returns the logical ids of the functions whose `DependsOn` changed
 */
export function dropRedundantRoleDependsOn(template: CompiledTemplate): string[] {
  const changed: string[] = [];
  for (const [id, resource] of Object.entries(template.Resources) as [string, FunctionResource][]) {
    if (resource.Type !== 'AWS::Lambda::Function' || resource.DependsOn === undefined) continue;
    const role = resource.Properties?.Role?.['Fn::GetAtt'];
    const roleId = Array.isArray(role) && role[1] === 'Arn' ? role[0] : undefined;
    const dependsOn = [resource.DependsOn].flat();
    if (typeof roleId !== 'string' || !dependsOn.includes(roleId)) continue;
    const rest = dependsOn.filter((dependency) => dependency !== roleId);
    if (rest.length === 0) delete resource.DependsOn;
    else resource.DependsOn = rest;
    changed.push(id);
  }
  return changed;
}
