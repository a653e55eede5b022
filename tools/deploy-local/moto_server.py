"""moto_server, with its CloudFormation creating what it drops or garbles, as AWS CloudFormation does.

`npm run deploy:local` runs this instead of `moto_server` (same arguments). moto 5.2's CloudFormation
creates a Lambda function from only some of its properties, and a DynamoDB table with encryption and
point-in-time recovery dropped; what it does keep goes to moto's own Lambda and DynamoDB, as a
CreateFunction or CreateTable call would. These wrappers pass the rest on the same way:

- AWS::Lambda::Function: `Layers`, `TracingConfig` and `Architectures` (moto forwards only
  Description, MemorySize, Publish, Timeout, VpcConfig, Environment, ReservedConcurrentExecutions;
  its stack updates already forward everything, through UpdateFunctionConfiguration);
- AWS::DynamoDB::Table: `SSESpecification`, whose `SSEEnabled` moto reads as the API's `Enabled`
  (so a table asked to be encrypted is described as not), and `PointInTimeRecoverySpecification`,
  which moto ignores (applied as UpdateContinuousBackups would);
- AWS::IAM::Role `Policies` and AWS::IAM::Policy: moto keeps each policy document as the template's
  object where its IAM API keeps JSON text, so GetRolePolicy returns Python's repr of it; they are
  passed on as JSON text, as PutRolePolicy takes them.

Everything else is moto's. Each wrapper only adds to what moto creates, from the template's own values.
"""

import json
import sys

from moto.awslambda.models import LambdaFunction
from moto.dynamodb.models import dynamodb_backends
from moto.dynamodb.models.table import Table
from moto.iam.models import InlinePolicy, Role
from moto.server import main

create_function = LambdaFunction.create_from_cloudformation_json.__func__
create_table = Table.create_from_cloudformation_json.__func__
create_role = Role.create_from_cloudformation_json.__func__
create_policy = InlinePolicy.create_from_cloudformation_json.__func__


def as_json(document):
    return document if isinstance(document, str) else json.dumps(document)


def create_function_with_all_properties(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    function = create_function(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    properties = cloudformation_json["Properties"]
    if "Layers" in properties:
        function.layers = function._get_layers_data(properties["Layers"])
    if "TracingConfig" in properties:
        function.tracing_config = properties["TracingConfig"]
    if "Architectures" in properties:
        function.architectures = properties["Architectures"]
    return function


def create_table_with_all_properties(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    properties = dict(cloudformation_json["Properties"])
    sse = properties.get("SSESpecification")
    if sse is not None:
        properties["SSESpecification"] = {
            key: value
            for key, value in {"Enabled": sse.get("SSEEnabled"), "SSEType": sse.get("SSEType"), "KMSMasterKeyId": sse.get("KMSMasterKeyId")}.items()
            if value is not None
        }
    table = create_table(cls, resource_name, {**cloudformation_json, "Properties": properties}, account_id, region_name, **kwargs)
    recovery = properties.get("PointInTimeRecoverySpecification")
    if recovery is not None:
        dynamodb_backends[account_id][region_name].update_continuous_backups(table.name, recovery)
    return table


def create_role_with_json_policies(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    properties = dict(cloudformation_json["Properties"])
    properties["Policies"] = [{**policy, "PolicyDocument": as_json(policy["PolicyDocument"])} for policy in properties.get("Policies", [])]
    return create_role(cls, resource_name, {**cloudformation_json, "Properties": properties}, account_id, region_name, **kwargs)


def create_policy_with_json_document(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    properties = {**cloudformation_json["Properties"], "PolicyDocument": as_json(cloudformation_json["Properties"]["PolicyDocument"])}
    return create_policy(cls, resource_name, {**cloudformation_json, "Properties": properties}, account_id, region_name, **kwargs)


LambdaFunction.create_from_cloudformation_json = classmethod(create_function_with_all_properties)
Table.create_from_cloudformation_json = classmethod(create_table_with_all_properties)
Role.create_from_cloudformation_json = classmethod(create_role_with_json_policies)
InlinePolicy.create_from_cloudformation_json = classmethod(create_policy_with_json_document)

if __name__ == "__main__":
    main(sys.argv[1:])
