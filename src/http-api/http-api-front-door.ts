import { Aws, CfnRule, Duration, Fn, Lazy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { OriginVerifyAuthorizerFunction } from './origin-verify-authorizer-function';
import { ORIGIN_VERIFY_ENV } from './origin-verify-authorizer.lambda';
import { OAuthUserPool } from '../auth/oauth-user-pool';
import { DataKey } from '../encryption/data-key';
import { ProtectedLogGroup } from '../encryption/protected-log-group';
import { ApiFirewall, ApiFirewallProps } from '../firewall/api-firewall';
import { CLOUDFRONT_WAF_REGION, FirewallScope } from '../firewall/firewall-scope';
import { checkPattern, invalidProp, withConstructPath } from '../private/validation';

/** A custom domain of the CloudFront front door. */
export interface HttpApiFrontDoorDomainOptions {
  /** The domain names (aliases) the distribution answers, e.g. `['api.example.com']`. */
  readonly domainNames: string[];
  /** The ACM certificate for the names; CloudFront only uses certificates in us-east-1. */
  readonly certificate: acm.ICertificate;
}

/** Options of the CloudFront front door of a `SecureHttpApi` (`frontDoor` prop). */
export interface HttpApiFrontDoorOptions {
  /**
   * ARN of an existing web ACL of CLOUDFRONT scope (`arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>`),
   * for example an `ApiFirewall` with `scope: FirewallScope.CLOUDFRONT` in a us-east-1 stack. Required when the
   * stack is not in us-east-1: AWS WAF creates CLOUDFRONT-scope web ACLs in us-east-1 only.
   * @default - a new `ApiFirewall` of CLOUDFRONT scope (the stack must be in us-east-1)
   */
  readonly webAclArn?: string;
  /**
   * Properties of the `ApiFirewall` the front door creates (its `scope` is CLOUDFRONT). Not allowed with `webAclArn`.
   * @default - the `ApiFirewall` defaults: managed rule groups, rate limit per IP, size limits, redacted logs
   */
  readonly firewall?: ApiFirewallProps;
  /**
   * Name of the header in which CloudFront sends the origin-verify secret (lower case, `x-` then letters, digits or
   * `-`; not an `x-amz`, `x-amzn`, `x-edge` or `x-forwarded` header).
   * @default 'x-origin-verify'
   */
  readonly originVerifyHeaderName?: string;
  /**
   * A custom domain for the distribution (TLS 1.2 minimum, `TLSv1.2_2021`, SNI).
   * @default - the distribution's `*.cloudfront.net` name, whose certificate CloudFront serves with its default
   * security policy (TLSv1 minimum); set a domain for TLS 1.2 at the viewer
   */
  readonly domain?: HttpApiFrontDoorDomainOptions;
  /**
   * KMS key that encrypts the origin-verify secret.
   * @default - a new `DataKey` (customer-managed, rotated yearly, retained)
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Edge locations the distribution serves from.
   * @default cloudfront.PriceClass.PRICE_CLASS_ALL
   */
  readonly priceClass?: cloudfront.PriceClass;
}

/** Properties of an {@link HttpApiFrontDoor}. */
export interface HttpApiFrontDoorProps extends HttpApiFrontDoorOptions {
  /** The HTTP API behind the distribution. */
  readonly httpApi: apigwv2.IHttpApi;
  /** The stage CloudFront forwards to (`$default` or a named stage, then the origin path is the stage name). */
  readonly stageName: string;
  /** The user pool whose access tokens the authorizer verifies (issuer the pool, audience its app clients). */
  readonly userPool: OAuthUserPool;
}

const DEFAULT_HEADER = 'x-origin-verify';
const HEADER_NAME = /^x-[a-z0-9-]{1,62}$/;
const RESERVED_HEADER = /^x-(amz|amzn|edge|forwarded)(-|$)/;
const CLOUDFRONT_WEB_ACL_ARN = /^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[^/]+\/[^/]+$/;
/** Lambda allows 4 KB of environment; the route map gets what the other variables leave. */
const MAX_ROUTE_SCOPES_JSON = 3000;

/**
 * The CloudFront front door of an HTTP API: a web ACL (WAF) in front of an API that cannot have one itself.
 *
 * A CloudFront distribution (HTTPS only, TLS 1.2 to the origin, caching disabled, every viewer header but `Host`
 * forwarded, `Authorization` included) with a CLOUDFRONT-scope web ACL sends each request to the API's execute-api
 * endpoint with a secret origin-verify header. The secret is generated in Secrets Manager, encrypted with a
 * customer-managed key. Every route gets a Lambda REQUEST authorizer that refuses requests without the header's
 * current (or previous) value, so the API cannot be reached around the firewall, and verifies the access token as
 * the JWT authorizer would: RS256 signature against the pool's JWKS, issuer, app client, expiry and the route's
 * scopes (HTTP API Lambda authorizers do not check scopes themselves; the route → scopes map is given to the
 * function). The authorizer does not cache its answers.
 *
 * Created by `SecureHttpApi` when `frontDoor` is set.
 */
export class HttpApiFrontDoor extends Construct {
  /** The CloudFront distribution. */
  public readonly distribution: cloudfront.Distribution;
  /** The secret CloudFront sends in the origin-verify header. */
  public readonly originVerifySecret: secretsmanager.Secret;
  /** Name of the origin-verify header. */
  public readonly originVerifyHeaderName: string;
  /** The function of the Lambda REQUEST authorizer. */
  public readonly authorizerFunction: lambda.Function;
  /** The route authorizer that checks the origin-verify header and the access token. */
  public readonly routeAuthorizer: apigwv2.IHttpRouteAuthorizer;
  /** ARN of the distribution's web ACL (CLOUDFRONT scope). */
  public readonly webAclArn: string;
  /**
   * The firewall the front door created.
   * @default - none when `webAclArn` is given
   */
  public readonly firewall?: ApiFirewall;

  private readonly routeScopes: { [routeKey: string]: string[] | null } = {};
  private readonly domainNames?: string[];

  constructor(scope: Construct, id: string, props: HttpApiFrontDoorProps) {
    super(scope, id);
    try {
      const header = props.originVerifyHeaderName ?? DEFAULT_HEADER;
      if (!Token.isUnresolved(header) && (!HEADER_NAME.test(header) || RESERVED_HEADER.test(header))) {
        throw invalidProp('frontDoor.originVerifyHeaderName', header,
          'must be lower case, start with "x-" and hold only letters, digits or "-" (at most 64 characters), and not be an x-amz, x-amzn, x-edge or x-forwarded header');
      }
      this.originVerifyHeaderName = header;
      if (props.domain) {
        if (!props.domain.certificate) {
          throw invalidProp('frontDoor.domain.certificate', undefined, 'must be set (an ACM certificate in us-east-1 for the domain names)');
        }
        if (!Array.isArray(props.domain.domainNames) || props.domain.domainNames.length === 0) {
          throw invalidProp('frontDoor.domain.domainNames', props.domain.domainNames, 'must list at least one domain name');
        }
        this.domainNames = props.domain.domainNames;
      }

      const { webAclArn, firewall } = this.resolveWebAcl(props);
      this.webAclArn = webAclArn;
      this.firewall = firewall;

      const encryptionKey = props.encryptionKey ?? new DataKey(this, 'Key', {
        description: 'Encrypts the origin-verify secret of an HTTP API front door (cdk-api-baseline)',
      });
      this.originVerifySecret = new secretsmanager.Secret(this, 'OriginVerifySecret', {
        description: 'Value CloudFront sends to the HTTP API in the origin-verify header; the API refuses requests without it',
        encryptionKey,
        generateSecretString: { passwordLength: 48, excludePunctuation: true },
      });
      const rotationReason = 'The origin-verify value is written into the CloudFront origin configuration when the stack '
        + 'deploys; a scheduled rotation would change it behind CloudFront\'s back. Rotate it by putting a new value and '
        + 'updating the distribution: the authorizer accepts the current and the previous value meanwhile.';
      for (const ruleId of ['AwsSolutions-SMG4', 'NIST.800.53.R5-SecretsManagerRotationEnabled',
        'HIPAA.Security-SecretsManagerRotationEnabled', 'PCI.DSS.321-SecretsManagerRotationEnabled']) {
        Validations.of(this.originVerifySecret).acknowledge({ id: ruleId, reason: rotationReason });
      }

      this.authorizerFunction = this.createFunction(props);
      this.routeAuthorizer = new HttpLambdaAuthorizer('OriginVerify', this.authorizerFunction, {
        authorizerName: 'origin-verify',
        identitySource: [`$request.header.${header}`],
        responseTypes: [HttpLambdaResponseType.SIMPLE],
        // a cached answer would be served to another route (other scopes) or after the token expired
        resultsCacheTtl: Duration.seconds(0),
      });

      const apiDomain = Fn.select(2, Fn.split('/', props.httpApi.apiEndpoint));
      const stageName = props.stageName;
      this.distribution = new cloudfront.Distribution(this, 'Distribution', {
        comment: 'Front door of an HTTP API: web ACL, then the API with the origin-verify header',
        defaultBehavior: {
          origin: new origins.HttpOrigin(apiDomain, {
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
            originPath: stageName === '$default' ? undefined : `/${stageName}`,
            customHeaders: { [header]: this.originVerifySecret.secretValue.unsafeUnwrap() },
          }),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        },
        webAclId: webAclArn,
        domainNames: props.domain?.domainNames,
        certificate: props.domain?.certificate,
        minimumProtocolVersion: props.domain ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
        sslSupportMethod: props.domain ? cloudfront.SSLMethod.SNI : undefined,
        httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
        priceClass: props.priceClass ?? cloudfront.PriceClass.PRICE_CLASS_ALL,
      });
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR3',
        reason: 'The web ACL logs every request at the edge (allowed and blocked, with client IP, country and headers, '
          + 'credentials redacted) and the API stage logs every request it serves; a CloudFront access log would repeat them.',
      });
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR1',
        reason: 'Whether callers from some countries are blocked is a decision of the deployment: the firewall\'s blockedCountries (frontDoor.firewall) does it in the web ACL.',
      });
      if (!props.domain) {
        Validations.of(this.distribution).acknowledge({
          id: 'AwsSolutions-CFR4',
          reason: 'Without frontDoor.domain the distribution answers on its *.cloudfront.net name, whose certificate '
            + 'CloudFront serves with a TLSv1 minimum that cannot be changed; set frontDoor.domain for TLS 1.2 at the viewer.',
        });
      }

      this.node.addValidation({
        validate: () => {
          const json = JSON.stringify(this.routeScopes);
          return json.length > MAX_ROUTE_SCOPES_JSON
            ? [invalidProp('routes', `${json.length} characters of route → scopes JSON`,
              `must fit in ${MAX_ROUTE_SCOPES_JSON} characters (the front door's authorizer reads it from its Lambda environment)`).message]
            : [];
        },
      });
    } catch (e) {
      throw withConstructPath(this, e);
    }
  }

  /** The URL of the API through the distribution (the first custom domain name when one is set). */
  public get url(): string {
    return `https://${this.domainNames ? this.domainNames[0] : this.distribution.distributionDomainName}/`;
  }

  /**
   * Records what the authorizer requires on a route: one of `scopes` in the access token, or (no scopes) the
   * origin-verify header only, for a declared public route.
   * @param routeKey the route key, e.g. `GET /orders/{id}` or `$default`
   * @param scopes the route's scopes (full names)
   */
  public requireOnRoute(routeKey: string, scopes?: string[]): void {
    this.routeScopes[routeKey] = scopes && scopes.length > 0 ? [...scopes] : null;
  }

  private resolveWebAcl(props: HttpApiFrontDoorProps): { webAclArn: string; firewall?: ApiFirewall } {
    const region = Stack.of(this).region;
    if (props.webAclArn !== undefined) {
      if (props.firewall !== undefined) {
        throw invalidProp('frontDoor.firewall', 'firewall properties', 'must not be set with "frontDoor.webAclArn" (the web ACL exists already)');
      }
      checkPattern('frontDoor.webAclArn', props.webAclArn, CLOUDFRONT_WEB_ACL_ARN, 'must be the ARN of a CLOUDFRONT-scope web ACL (arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>)');
      return { webAclArn: props.webAclArn };
    }
    if (!Token.isUnresolved(region) && region !== CLOUDFRONT_WAF_REGION) {
      throw invalidProp('frontDoor.webAclArn', undefined,
        `must be set when the stack is not in ${CLOUDFRONT_WAF_REGION} (this stack is in ${region}): AWS WAF creates `
        + `CLOUDFRONT-scope web ACLs in ${CLOUDFRONT_WAF_REGION} only; create one there (ApiFirewall with scope CLOUDFRONT) and pass its ARN`);
    }
    if (props.firewall?.scope !== undefined && props.firewall.scope !== FirewallScope.CLOUDFRONT) {
      throw invalidProp('frontDoor.firewall.scope', props.firewall.scope, 'must be CLOUDFRONT (or left out): the web ACL protects the distribution');
    }
    if (Token.isUnresolved(region)) {
      // an environment-agnostic stack: CloudFormation refuses the deployment outside us-east-1 before creating anything
      new CfnRule(this, 'CloudFrontWebAclRegion', {
        assertions: [{
          assert: Fn.conditionEquals(Aws.REGION, CLOUDFRONT_WAF_REGION),
          assertDescription: `The front door creates a CLOUDFRONT-scope web ACL, which AWS WAF allows in ${CLOUDFRONT_WAF_REGION} only: deploy there or set frontDoor.webAclArn.`,
        }],
      });
    }
    const firewall = new ApiFirewall(this, 'Firewall', { ...props.firewall, scope: FirewallScope.CLOUDFRONT });
    return { webAclArn: firewall.webAclArn, firewall };
  }

  private createFunction(props: HttpApiFrontDoorProps): lambda.Function {
    const logGroup = new ProtectedLogGroup(this, 'AuthorizerLogs');
    const role = new iam.Role(this, 'AuthorizerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Origin-verify authorizer of an HTTP API front door: reads the origin-verify secret, writes its logs',
    });
    logGroup.grantWrite(role);
    this.originVerifySecret.grantRead(role);
    const pool = props.userPool;
    const fn = new OriginVerifyAuthorizerFunction(this, 'Authorizer', {
      description: 'Refuses requests that did not come through the CloudFront front door; verifies access tokens and route scopes',
      role,
      logGroup,
      timeout: Duration.seconds(5),
      memorySize: 256,
      environment: {
        [ORIGIN_VERIFY_ENV.secretArn]: this.originVerifySecret.secretArn,
        [ORIGIN_VERIFY_ENV.header]: this.originVerifyHeaderName,
        [ORIGIN_VERIFY_ENV.issuer]: `https://${pool.userPool.userPoolProviderUrl}`,
        [ORIGIN_VERIFY_ENV.audience]: Lazy.string({
          // no clients: SecureHttpApi refuses the pool at synth with a message that says so
          produce: () => (pool.clients.length > 0 ? Fn.join(',', pool.clients.map((c) => c.userPoolClientId)) : ''),
        }),
        [ORIGIN_VERIFY_ENV.routeScopes]: Lazy.string({ produce: () => Stack.of(this).toJsonString(this.routeScopes) }),
      },
    });
    fn.node.addDependency(role);
    return fn;
  }
}
