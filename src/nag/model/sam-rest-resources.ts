import { RestBuild } from './sam-types';
import { describe, isMap, own, SamContext, shortHash } from './sam-values';

/**
 * Emits the deployment and stage the transform creates for a REST API, and records `<id>.Stage` and `<id>.Deployment`;
 * the logical id of the stage.
 */
export function restStage(ctx: SamContext, build: RestBuild): string {
  const { id, props, condition } = build;
  const stageName = props.StageName;
  const openApi3 = typeof props.OpenApiVersion === 'string' && /^3\.\d+(\.\d+)?$/.test(props.OpenApiVersion);
  // the transform adds a hash of the definition to the deployment's id; without it the id (and acknowledgements of
  // findings on the deployment's stage) stays the same when the API changes
  const deploymentId = `${id}Deployment`;
  ctx.emit({
    logicalId: deploymentId,
    type: 'AWS::ApiGateway::Deployment',
    props: { RestApiId: { Ref: id }, ...(openApi3 ? {} : { StageName: 'Stage' }) },
    condition,
    origin: build.origin,
  });
  const stageId = `${id}${typeof stageName === 'string' ? stageName.replace(/[^A-Za-z0-9]/g, '') : ''}Stage`;
  const stage: Record<string, any> = { RestApiId: { Ref: id }, DeploymentId: { Ref: deploymentId }, StageName: stageName };
  for (const key of ['AccessLogSetting', 'MethodSettings', 'TracingEnabled', 'CacheClusterEnabled', 'CacheClusterSize', 'Variables', 'CanarySetting', 'Description', 'Tags']) {
    if (props[key] !== undefined) stage[key] = props[key];
  }
  if (stageName === undefined) ctx.note(build.origin, `${id} has no StageName`);
  ctx.references.set(`${id}.Stage`, stageId);
  ctx.references.set(`${id}.Deployment`, deploymentId);
  ctx.emit({ logicalId: stageId, type: 'AWS::ApiGateway::Stage', props: stage, condition, origin: build.origin });
  return stageId;
}

/** The usage plans and API keys of `Auth.UsagePlan`: one per API, or one shared by every API that asks for it. */
export class RestUsagePlans {
  private sharedPlan?: { origin: string; stages: any[]; settings: any; condition?: string };

  constructor(private readonly ctx: SamContext) {}

  /** Adds the usage plan of one API's stage. */
  public add(build: RestBuild, auth: any, stageId: string): void {
    const plan = own(auth, 'UsagePlan');
    if (plan === undefined) return;
    if (!isMap(plan)) {
      this.ctx.note(build.origin, `the UsagePlan of ${build.id} is ${describe(plan)}, not a map`);
      return;
    }
    const create = plan.CreateUsagePlan;
    const settings: Record<string, any> = {};
    for (const key of ['Description', 'Quota', 'Tags', 'Throttle', 'UsagePlanName']) if (plan[key] !== undefined) settings[key] = plan[key];
    const stage = { ApiId: { Ref: build.id }, Stage: { Ref: stageId } };
    if (create === 'PER_API') {
      this.ctx.emit({ logicalId: `${build.id}UsagePlan`, type: 'AWS::ApiGateway::UsagePlan', props: { ...settings, ApiStages: [stage] }, condition: build.condition, origin: build.origin });
      this.ctx.emit({ logicalId: `${build.id}ApiKey`, type: 'AWS::ApiGateway::ApiKey', props: { Enabled: true, StageKeys: [{ RestApiId: { Ref: build.id }, StageName: { Ref: stageId } }] }, condition: build.condition, origin: build.origin });
    } else if (create === 'SHARED') {
      if (!this.sharedPlan) this.sharedPlan = { origin: build.origin, stages: [], settings, condition: build.condition };
      this.sharedPlan.stages.push(stage);
    } else if (create !== 'NONE') {
      this.ctx.note(build.origin, `CreateUsagePlan of ${build.id} is ${describe(create)}, not PER_API, SHARED or NONE`);
    }
  }

  /** Emits the shared usage plan and API key, when an API asked for them. */
  public finish(): void {
    if (!this.sharedPlan) return;
    const plan = this.sharedPlan;
    this.ctx.emit({ logicalId: 'ServerlessUsagePlan', type: 'AWS::ApiGateway::UsagePlan', props: { ...plan.settings, ApiStages: plan.stages }, origin: plan.origin });
    this.ctx.emit({ logicalId: 'ServerlessApiKey', type: 'AWS::ApiGateway::ApiKey', props: { Enabled: true, StageKeys: plan.stages.map((s) => ({ RestApiId: s.ApiId, StageName: s.Stage })) }, origin: plan.origin });
  }
}

/** The custom domain name and base path mappings of `Domain`. */
export function restDomain(ctx: SamContext, build: RestBuild, stageId: string): void {
  const domain = build.props.Domain;
  if (domain === undefined) return;
  if (!isMap(domain)) {
    ctx.note(build.origin, `the Domain of ${build.id} is ${describe(domain)}, not a map`);
    return;
  }
  const endpoint = domain.EndpointConfiguration ?? 'REGIONAL';
  const props: Record<string, any> = {
    DomainName: domain.DomainName,
    EndpointConfiguration: { Types: [endpoint] },
    [endpoint === 'EDGE' ? 'CertificateArn' : 'RegionalCertificateArn']: domain.CertificateArn,
  };
  if (domain.SecurityPolicy !== undefined) props.SecurityPolicy = domain.SecurityPolicy;
  if (domain.MutualTlsAuthentication !== undefined) props.MutualTlsAuthentication = domain.MutualTlsAuthentication;
  const ownership = domain.OwnershipVerificationCertificateArn;
  if (ownership !== undefined) props.OwnershipVerificationCertificateArn = ownership;
  const domainId = `ApiGatewayDomainName${shortHash(JSON.stringify(domain.DomainName))}`;
  ctx.references.set(`${build.id}.DomainName`, domainId);
  ctx.emit({ logicalId: domainId, type: 'AWS::ApiGateway::DomainName', props, condition: build.condition, origin: build.origin });
  const basePaths = Array.isArray(domain.BasePath) ? domain.BasePath : [domain.BasePath ?? undefined];
  basePaths.forEach((basePath: unknown, i: number) => ctx.emit({
    logicalId: `${build.id}BasePathMapping${i === 0 ? '' : i}`,
    type: 'AWS::ApiGateway::BasePathMapping',
    props: {
      DomainName: { Ref: domainId },
      RestApiId: { Ref: build.id },
      Stage: { Ref: stageId },
      ...(basePath !== undefined ? { BasePath: basePath } : {}),
    },
    condition: build.condition,
    origin: build.origin,
  }));
}
