import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ApiCorsOptions } from './cors';
import { ApiDomainOptions } from './domain';
import { ApiEndpointType } from './endpoint';
import { ApiCacheOptions } from './stage-settings';
import { ApiThrottle, UsagePlanTier } from './usage-plans';
import { OAuthUserPool } from '../auth/oauth-user-pool';
import { ApiFirewall } from '../firewall/api-firewall';

/** Properties of a `SecureRestApi`. */
export interface SecureRestApiProps {
  /**
   * Name of the REST API (also the `ApiName` dimension of its metrics).
   * @default - a name unique in the stack, derived from the construct path
   */
  readonly restApiName?: string;
  /**
   * Description of the REST API.
   * @default - no description
   */
  readonly description?: string;
  /**
   * Name of the deployment stage.
   * @default 'prod'
   */
  readonly stageName?: string;
  /**
   * The user pool whose access tokens the COGNITO authorizer validates; route scopes must be defined by its
   * resource servers.
   * @default - a new `OAuthUserPool` (add resource servers with `api.userPool.addResourceServer(...)`)
   */
  readonly userPool?: OAuthUserPool;
  /**
   * Stage-wide throttling (every method): steady rate 1-10000 per second, burst 1-5000.
   * @default { rateLimit: 100, burstLimit: 200 }
   */
  readonly throttle?: ApiThrottle;
  /**
   * Response caching of the stage (encrypted).
   * @default - no cache
   */
  readonly cache?: ApiCacheOptions;
  /**
   * Log group for the JSON access logs (see `ApiAccessLogFormat`).
   * @default - a new `ProtectedLogGroup` (KMS-encrypted, one year, retained, masked)
   */
  readonly accessLogGroup?: logs.ILogGroup;
  /**
   * Explicit opt-out of X-Ray tracing of the stage.
   * @default false - tracing is on
   */
  readonly disableTracing?: boolean;
  /**
   * A custom domain (TLS 1.2 or stronger). When set, the default execute-api endpoint is disabled.
   * @default - no custom domain; the execute-api endpoint serves the API
   */
  readonly domain?: ApiDomainOptions;
  /**
   * Endpoint type of the API.
   * @default ApiEndpointType.REGIONAL
   */
  readonly endpointType?: ApiEndpointType;
  /**
   * Interface VPC endpoints (for `execute-api`) a PRIVATE API accepts calls from; required for PRIVATE. The
   * resource policy denies calls from anywhere else.
   * @default - none (REGIONAL endpoint)
   */
  readonly vpcEndpoints?: ec2.IInterfaceVpcEndpoint[];
  /**
   * Source IP ranges (IPv4 or IPv6 CIDR blocks) allowed to call the API; the resource policy denies every other
   * address. The same name and rule as the firewall's `allowedCidrs`.
   * @default - any address (restrict with a firewall, the default)
   */
  readonly allowedCidrs?: string[];
  /**
   * Former name of `allowedCidrs`; still accepted. Setting both is an error.
   * @deprecated use `allowedCidrs`
   * @default - any address (see `allowedCidrs`)
   */
  readonly allowedIpRanges?: string[];
  /**
   * CORS preflight (OPTIONS) on every route's resource, for the named origins only.
   * @default - no CORS preflight
   */
  readonly cors?: ApiCorsOptions;
  /**
   * Usage-plan tiers by name, e.g. `{ free: {...}, partner: {...} }`. When set, methods require an API key by
   * default and `addApiKey` issues keys for a tier.
   * @default - no usage plans; methods do not require API keys
   */
  readonly plans?: { [name: string]: UsagePlanTier };
  /**
   * `maxLength` given to strings of request schemas that have none. Without it such strings are errors.
   * @default - strings without `maxLength` (or enum) are refused
   */
  readonly maxStringLength?: number;
  /**
   * Whether this API sets up the account-wide role API Gateway uses to write execution logs. It is created once
   * per stack (later APIs of the stack reuse it) and retained. Turn it off when another stack already sets it.
   * @default true
   */
  readonly cloudWatchRole?: boolean;
  /**
   * The firewall (WAF web ACL) to associate with the stage.
   * @default - a new `ApiFirewall` with the library's defaults, unless `disableFirewall` is set
   */
  readonly firewall?: ApiFirewall;
  /**
   * Explicit opt-out: no firewall is associated with the stage.
   * @default false
   */
  readonly disableFirewall?: boolean;
  /**
   * Explicit opt-out: no `ApiAlarms` are created for the stage.
   * @default false - anomaly alarms on requests, errors and latency, plus WAF and caller-behaviour alarms
   */
  readonly disableAlarms?: boolean;
  /**
   * Topic the alarms notify.
   * @default - a new KMS-encrypted `AlertTopic` created by the alarms
   */
  readonly alertTopic?: sns.ITopic;
  /**
   * Resources the API's stack may hold before new routes go to nested stacks (CloudFormation allows 500 per
   * stack). Each `addRoute` counts the stack's resources plus what the route adds (its new path resources, the
   * method, a CORS preflight, Lambda permissions); when that would pass the threshold, this route and every later
   * one are placed in nested stacks grouped by top-level path segment, each nested stack holding at most this many
   * resources. The first route always stays in the API's stack. Keep room (500 minus the threshold) for resources
   * added to the stack after the routes and for one nested-stack resource per shard. Integer, 20-500.
   * @default 450
   */
  readonly shardingThreshold?: number;
}
