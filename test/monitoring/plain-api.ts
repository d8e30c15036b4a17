import { Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as logs from 'aws-cdk-lib/aws-logs';

/** A plain aws-cdk-lib REST API (`orders`, stage `prod`, one mock GET) with JSON access logs, for alarms to watch. */
export function plainApiWithAccessLogs(stack: Stack): { api: apigw.RestApi; accessLogGroup: logs.LogGroup } {
  const accessLogGroup = new logs.LogGroup(stack, 'AccessLogs');
  const api = new apigw.RestApi(stack, 'Api', {
    restApiName: 'orders',
    cloudWatchRole: false,
    deployOptions: {
      stageName: 'prod',
      accessLogDestination: new apigw.LogGroupLogDestination(accessLogGroup),
      accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
    },
  });
  api.root.addMethod('GET', new apigw.MockIntegration());
  return { api, accessLogGroup };
}
