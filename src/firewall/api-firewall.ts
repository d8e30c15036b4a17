import { Annotations, ArnFormat, Duration, Names, Stack, Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct, IConstruct } from 'constructs';
import { ApiFirewallProps, FirewallLoggingOptions } from './api-firewall-props';
import { INCLUDED_WEB_ACL_WCU } from './capacity';
import {
  checkSampling, checkWafLogGroupName, dataProtectionConfig, loggingSettings, protectedHeaders,
} from './firewall-logging';
import {
  BLOCKED_BODY_KEY, buildFirewallRules, FirewallSets, RATE_LIMITED_BODY_KEY, RULE, visibilityConfig,
} from './firewall-rules';
import { checkFirewallScope, FirewallScope } from './firewall-scope';
import { checkJsonBody, checkWafName } from './firewall-validation';
import { ProtectedLogGroup } from '../encryption/protected-log-group';
import { IFirewallMetrics } from '../monitoring/api-alarms';
import { atConstructPath, invalidProp, withConstructPath } from '../private/validation';

/** AWS WAF allows this many regex pattern sets per account and Region. */
const MAX_REGEX_PATTERN_SETS = 10;
const DEFAULT_BLOCK_BODY = JSON.stringify({
  message: 'Forbidden',
  reason: 'The request was blocked by the API firewall.',
  requestId: 'Quote the x-amzn-RequestId response header when you contact support.',
});
const DEFAULT_RATE_LIMIT_BODY = JSON.stringify({
  message: 'Too Many Requests',
  reason: 'The request rate limit was exceeded.',
  requestId: 'Quote the x-amzn-RequestId response header when you contact support.',
});

/** Stages already associated with a firewall, app-wide: AWS allows one web ACL per stage. */
const ASSOCIATED_STAGES = new WeakMap<IConstruct, string>();

export * from './api-firewall-props';

/**
 * A REGIONAL AWS WAFv2 web ACL for API Gateway REST API stages.
 *
 * Rules, in priority order: optional IP deny and allow lists; the AWS managed groups AmazonIpReputationList,
 * (optional AnonymousIpList), CommonRuleSet, KnownBadInputsRuleSet, SQLiRuleSet, (optional LinuxRuleSet,
 * UnixRuleSet, BotControlRuleSet) — unpinned, so AWS keeps them up to date; a rate limit per client IP and
 * optionally per API key; body and query-string size limits; optional geo-blocking; optional regex pattern rules.
 * Every rule and the web ACL publish CloudWatch metrics and sampled requests; the web ACL logs to a KMS-encrypted
 * `aws-waf-logs-` log group with the authorization, x-api-key and cookie headers redacted. The web ACL's data
 * protection hides the same headers in sampled requests (and logs), where log redaction does not apply; see
 * `sampledRequests` and `dataProtection`.
 *
 * The WCU total of the rule set is computed at synth (see `capacity`); more than AWS WAF's maximum of 5,000 is
 * an error. Above 1,500 WCUs AWS WAF charges an extra fee per 500 WCUs, so the firewall adds a warning.
 *
 * Attach it to stages with `associate(stage)`; one firewall can serve several APIs in its region.
 */
export class ApiFirewall extends Construct implements IFirewallMetrics {
  /** The web ACL. */
  public readonly webAcl: wafv2.CfnWebACL;

  /** ARN of the web ACL. */
  public readonly webAclArn: string;

  /** Name of the web ACL (the `WebACL` dimension of its CloudWatch metrics). */
  public readonly webAclName: string;

  /** The encrypted log group the web ACL logs to. */
  public readonly logGroup: ProtectedLogGroup;

  /** The logging configuration of the web ACL. */
  public readonly loggingConfiguration: wafv2.CfnLoggingConfiguration;

  /** Metric name (the `Rule` dimension) of the per-client-IP rate rule, for alarms. */
  public readonly rateRuleName: string;

  /** Names of all rules in priority order; each is also the rule's metric name. */
  public readonly ruleNames: string[];

  /** Web ACL capacity units (WCUs) the rule set needs. */
  public readonly capacity: number;

  /**
   * What the web ACL protects: REGIONAL (API Gateway stages) or CLOUDFRONT (distributions). The web ACL, its IP
   * and regex pattern sets, its body inspection, `associate` and the metrics' dimensions follow it.
   */
  public readonly scope: FirewallScope;

  constructor(scope: Construct, id: string, props: ApiFirewallProps = {}) {
    super(scope, id);
    try {
      this.scope = checkFirewallScope(this, props.scope ?? FirewallScope.REGIONAL);
      this.webAclName = props.webAclName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' });
      checkWafName('webAclName', this.webAclName);
      this.rateRuleName = RULE.ratePerIp;
      const blockBody = props.blockResponseBody ?? DEFAULT_BLOCK_BODY;
      const rateLimitBody = props.rateLimitResponseBody ?? DEFAULT_RATE_LIMIT_BODY;
      checkJsonBody('blockResponseBody', blockBody);
      checkJsonBody('rateLimitResponseBody', rateLimitBody);
      const loggingOptions = props.logging ?? {};
      const headers = protectedHeaders(props);
      const sampledRequests = checkSampling(props.sampledRequests, loggingOptions.redactUriPath ?? false);

      const ruleSet = buildFirewallRules(props, { sets: this.sets(), sampledRequests });
      this.ruleNames = ruleSet.ruleNames;
      this.capacity = ruleSet.capacity;
      this.warnAboutQuotas(props);

      this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
        name: this.webAclName,
        description: 'API firewall: managed rule groups, rate limits, size limits and custom rules',
        scope: this.scope,
        defaultAction: { allow: {} },
        visibilityConfig: visibilityConfig(this.webAclName, sampledRequests),
        rules: ruleSet.rules,
        customResponseBodies: {
          [BLOCKED_BODY_KEY]: { contentType: 'APPLICATION_JSON', content: blockBody },
          [RATE_LIMITED_BODY_KEY]: { contentType: 'APPLICATION_JSON', content: rateLimitBody },
        },
        associationConfig: {
          requestBody: {
            [this.scope === FirewallScope.CLOUDFRONT ? 'CLOUDFRONT' : 'API_GATEWAY']: { defaultSizeInspectionLimit: ruleSet.bodyInspectionLimit },
          },
        },
        dataProtectionConfig: dataProtectionConfig(props.dataProtection ?? {}, headers, loggingOptions.redactQueryString ?? false),
      });
      this.webAclArn = this.webAcl.attrArn;

      const logging = this.configureLogging(loggingOptions, headers);
      this.logGroup = logging.logGroup;
      this.loggingConfiguration = logging.config;
    } catch (e) {
      throw withConstructPath(this, e);
    }
  }

  /**
   * Associates the web ACL with an API Gateway REST API stage in the firewall's region. One firewall can serve
   * the stages of several APIs; a stage can be associated with one web ACL only.
   *
   * The association is created in the stage's stack (inside this firewall when both are in the same stack).
   * @returns the association
   */
  public associate(stage: apigw.IStage): wafv2.CfnWebACLAssociation {
    return atConstructPath(this, () => {
      if (this.scope === FirewallScope.CLOUDFRONT) {
        throw invalidProp('stage', stage.node.path, 'must not be associated with a CLOUDFRONT-scope firewall: set the distribution\'s webAclId to webAclArn');
      }
      const previous = ASSOCIATED_STAGES.get(stage);
      if (previous !== undefined) {
        const rule = previous === this.node.path
          ? 'must not be associated with the same firewall twice'
          : `must not already be associated with another firewall (${previous})`;
        throw invalidProp('stage', stage.node.path, rule);
      }
      const stageStack = Stack.of(stage);
      const thisStack = Stack.of(this);
      if (!Token.isUnresolved(stageStack.region) && !Token.isUnresolved(thisStack.region) && stageStack.region !== thisStack.region) {
        throw invalidProp('stage', stage.node.path, `must be in the firewall's region ${thisStack.region} (a ${this.scope} web ACL), not ${stageStack.region}`);
      }
      ASSOCIATED_STAGES.set(stage, this.node.path);

      const resourceArn = stageStack.formatArn({
        service: 'apigateway',
        account: '',
        resource: '/restapis',
        resourceName: `${stage.restApi.restApiId}/stages/${stage.stageName}`,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      });
      const sameStack = stageStack === thisStack;
      const association = new wafv2.CfnWebACLAssociation(
        sameStack ? this : stage,
        sameStack ? `Association${Names.nodeUniqueId(stage.node)}` : `WebAclAssociation${Names.nodeUniqueId(this.node)}`,
        { resourceArn, webAclArn: this.webAclArn },
      );
      // A stage's name is its Ref, so the ARN already orders the association after the stage; only a stage whose
      // name is a literal needs the explicit dependency (a redundant DependsOn is a cfn-lint warning, W3005).
      if (!Token.isUnresolved(stage.stageName)) association.node.addDependency(stage);
      return association;
    });
  }

  /**
   * A metric of the web ACL in the `AWS/WAFV2` namespace (dimensions `WebACL`, `Region`, `Rule`).
   * @param metricName for example `BlockedRequests`, `AllowedRequests`, `CountedRequests`
   * @param ruleName a rule's metric name (see `ruleNames`), or `ALL` for the whole web ACL
   */
  public metric(metricName: string, ruleName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return atConstructPath(this, () => {
      if (ruleName !== 'ALL' && !this.ruleNames.includes(ruleName)) {
        throw invalidProp('ruleName', ruleName, `must be "ALL" or a rule of this firewall (${this.ruleNames.join(', ')})`);
      }
      return new cloudwatch.Metric({
        namespace: 'AWS/WAFV2',
        metricName,
        // CloudFront web ACLs publish their metrics without a Region dimension
        dimensionsMap: this.scope === FirewallScope.CLOUDFRONT
          ? { WebACL: this.webAclName, Rule: ruleName }
          : { WebACL: this.webAclName, Region: Stack.of(this).region, Rule: ruleName },
        statistic: cloudwatch.Stats.SUM,
        period: Duration.minutes(5),
        ...props,
      });
    });
  }

  /** Requests the web ACL blocked (all rules). Sum over 5 minutes by default. */
  public metricBlockedRequests(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('BlockedRequests', 'ALL', props);
  }

  /** Requests the web ACL allowed. Sum over 5 minutes by default. */
  public metricAllowedRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('AllowedRequests', 'ALL', props);
  }

  /** Requests the web ACL counted without blocking (rules in `countOnly` and COUNT pattern rules). */
  public metricCountedRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('CountedRequests', 'ALL', props);
  }

  /**
   * Requests one rule blocked, for example `firewall.metricRuleBlockedRequests(firewall.rateRuleName)`.
   * @param ruleName one of `ruleNames`
   */
  public metricRuleBlockedRequests(ruleName: string, props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('BlockedRequests', ruleName, props);
  }

  /** The IP sets and regex pattern sets of the rules, created in this firewall. */
  private sets(): FirewallSets {
    return {
      ipSet: (list, version, addresses) => new wafv2.CfnIPSet(this, `${list}${version === 'IPV4' ? 'Ipv4' : 'Ipv6'}Set`, {
        scope: this.scope,
        ipAddressVersion: version,
        addresses,
        description: `${list} ${version} ranges of ${this.webAclName}`.slice(0, 256),
      }).attrArn,
      regexPatternSet: (id, ruleName, regexes) => new wafv2.CfnRegexPatternSet(this, id, {
        scope: this.scope,
        regularExpressionList: regexes,
        description: `Patterns of the rule ${ruleName}`,
      }).attrArn,
    };
  }

  /** Warnings for AWS WAF quotas and fees the rule set reaches. */
  private warnAboutQuotas(props: ApiFirewallProps): void {
    const patternRules = props.patternRules?.length ?? 0;
    if (patternRules > MAX_REGEX_PATTERN_SETS) {
      Annotations.of(this).addWarningV2('cdk-api-baseline:firewallRegexPatternSets',
        `${patternRules} pattern rules create ${patternRules} regex pattern sets; AWS WAF allows ` +
        `${MAX_REGEX_PATTERN_SETS} per account and Region (a quota that cannot be raised).`);
    }
    if (this.capacity > INCLUDED_WEB_ACL_WCU) {
      Annotations.of(this).addWarningV2('cdk-api-baseline:firewallCapacity',
        `The rule set needs ${this.capacity} WCUs; above ${INCLUDED_WEB_ACL_WCU} WCUs AWS WAF charges an extra fee per 500 WCUs.`);
    }
  }

  /** Creates the log group and the logging configuration with redacted fields and the optional filter. */
  private configureLogging(options: FirewallLoggingOptions, headers: string[]) {
    const logGroupName = options.logGroupName
      ?? `aws-waf-logs-${Names.uniqueResourceName(this, { maxLength: 499, separator: '-' })}`;
    checkWafLogGroupName(logGroupName);
    const settings = loggingSettings(options, headers);
    const logGroup = new ProtectedLogGroup(this, 'Logs', {
      logGroupName,
      encryptionKey: options.encryptionKey,
      retention: options.retention,
      removalPolicy: options.removalPolicy,
    });
    const config = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAclArn,
      // WAF wants the log group ARN without the trailing ":*" of logGroup.logGroupArn.
      logDestinationConfigs: [Stack.of(this).formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: logGroupName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      })],
      redactedFields: settings.redactedFields,
      loggingFilter: settings.loggingFilter,
    });
    config.node.addDependency(logGroup);
    return { logGroup, config };
  }
}
