import { Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Writes a resolved CloudFormation value the way cdk-nag names it in finding ids: `Ref` → `<Id>`,
 * `Fn::GetAtt` → `<Id.Attr>`, `Fn::Join` joined, `Fn::Sub` placeholders as `<...>`, anything else as JSON.
 */
export function nagName(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const v = value as Record<string, any>;
  if (v['Fn::Join']) return (v['Fn::Join'][1] as unknown[]).map(nagName).join(v['Fn::Join'][0]);
  if (v['Fn::Sub']) return nagName(v['Fn::Sub']);
  if (v['Fn::GetAtt']) return `<${nagName(v['Fn::GetAtt'][0])}.${nagName(v['Fn::GetAtt'][1])}>`;
  if (v['Fn::ImportValue']) return nagName(v['Fn::ImportValue']);
  if (v.Ref) return `<${nagName(v.Ref)}>`;
  return JSON.stringify(value);
}

/**
 * Acknowledges the AwsSolutions-IAM5 finding for exactly one wildcard resource of the policies under `scope`.
 */
export function acknowledgeWildcardResource(scope: IConstruct, resource: string, reason: string): void {
  const name = nagName(Stack.of(scope).resolve(resource));
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::${name}]`, reason });
}
