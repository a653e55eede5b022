import { AwsNamespace, apiMetric, dynamoDbMetric, lambdaMetric, mathExpression, messageDimensions, metricStat, sqsMetric } from '../../../src/cloudwatch';

describe('metric identities', () => {
  it('names each AWS service metric by its namespace and its dimensions, in CloudWatch order', () => {
    expect([
      lambdaMetric('orders-dev-createOrder', 'Errors'),
      apiMetric({ name: 'dev-orders', stage: 'dev' }, '5XXError'),
      dynamoDbMetric('orders-dev', 'ConsumedReadCapacityUnits'),
      dynamoDbMetric('orders-dev', 'ThrottledRequests', 'PutItem'),
      sqsMetric('orders-dev-alerts-dead-letter', 'ApproximateNumberOfMessagesVisible'),
    ]).toEqual([
      { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: 'orders-dev-createOrder' } },
      { namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensions: { ApiName: 'dev-orders', Stage: 'dev' } },
      { namespace: 'AWS/DynamoDB', metricName: 'ConsumedReadCapacityUnits', dimensions: { TableName: 'orders-dev' } },
      { namespace: 'AWS/DynamoDB', metricName: 'ThrottledRequests', dimensions: { TableName: 'orders-dev', Operation: 'PutItem' } },
      { namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', dimensions: { QueueName: 'orders-dev-alerts-dead-letter' } },
    ]);
    expect(Object.keys(apiMetric({ name: 'a', stage: 'b' }, 'Count').dimensions)).toEqual(['ApiName', 'Stage']);
    expect(Object.values(AwsNamespace)).toEqual(['AWS/Lambda', 'AWS/ApiGateway', 'AWS/DynamoDB', 'AWS/SQS']);
  });
});

describe('metricStat', () => {
  it('writes a MetricDataQuery that feeds an expression, keys in the order of the generated templates', () => {
    // Act
    const query = metricStat('errors', dynamoDbMetric('orders-dev', 'SystemErrors', 'GetItem'), 'Sum', 60);

    // Assess
    expect(JSON.stringify(query)).toBe(
      '{"Id":"errors","MetricStat":{"Metric":{"Namespace":"AWS/DynamoDB","MetricName":"SystemErrors","Dimensions":[{"Name":"TableName","Value":"orders-dev"},{"Name":"Operation","Value":"GetItem"}]},"Period":60,"Stat":"Sum"},"ReturnData":false}',
    );
  });

  it('returns the series when asked: the query a single-metric alarm compares', () => {
    expect(metricStat('duration', lambdaMetric('f', 'Duration'), 'p99', 300, true)).toMatchObject({ MetricStat: { Stat: 'p99', Period: 300 }, ReturnData: true });
  });

  it('writes a metric without dimensions with an empty list', () => {
    expect(metricStat('m', { namespace: 'Periscope/Test', metricName: 'Plain', dimensions: {} }, 'Average', 60).MetricStat?.Metric.Dimensions).toEqual([]);
  });
});

describe('mathExpression', () => {
  it('writes a returned expression with its label', () => {
    expect(JSON.stringify(mathExpression('rate', '100 * FILL(errors, 0) / requests', '5XX rate (%)'))).toBe(
      '{"Id":"rate","Expression":"100 * FILL(errors, 0) / requests","Label":"5XX rate (%)","ReturnData":true}',
    );
  });
});

describe('messageDimensions', () => {
  it('lists dimensions as an alarm notification does: value first, then name', () => {
    expect(JSON.stringify(messageDimensions({ ApiName: 'dev-orders', Stage: 'dev' }))).toBe('[{"value":"dev-orders","name":"ApiName"},{"value":"dev","name":"Stage"}]');
    expect(messageDimensions({})).toEqual([]);
  });
});
