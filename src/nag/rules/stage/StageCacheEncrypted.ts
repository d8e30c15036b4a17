import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { asList, intrinsicIn, isStageWide, isTrue } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/** A stage that caches responses encrypts the cache. */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.ENCRYPTION,
  owasp: 'API3:2023 Broken Object Property Level Authorization',
  resourceTypes: [],
  subject: 'stage',
  info: 'The API Gateway stage caches responses without encrypting the cache.',
  explanation:
    'Cached responses hold the same data as the backend (personal data, tokens in bodies); an unencrypted cache keeps it in clear on shared infrastructure outside the controls of the data store.',
  cfnFix: 'With `CacheClusterEnabled` or `CachingEnabled`, set `CacheDataEncrypted: true` on the `MethodSettings` entry with `HttpMethod: "*"` and `ResourcePath: "/*"` and on every entry that enables caching.',
  fix: 'With `cacheClusterEnabled` or `cachingEnabled`, set `cacheDataEncrypted: true` in the stage options (the `/*` `*` method setting) and on every method setting that enables caching.',
  check: ({ props }) => {
    const settings = props.MethodSettings ?? [];
    const bad = intrinsicIn({ CacheClusterEnabled: props.CacheClusterEnabled, MethodSettings: settings });
    if (bad) return unverifiable(`${bad} is an intrinsic`);
    const list = asList(settings);
    for (const s of list) {
      if (isIntrinsic(s)) return unverifiable('a method setting is an intrinsic');
      const badSetting = intrinsicIn({ CachingEnabled: s.CachingEnabled, CacheDataEncrypted: s.CacheDataEncrypted });
      if (badSetting) return unverifiable(`${badSetting} is an intrinsic`);
    }
    const stageWide = list.find(isStageWide);
    const cacheCluster = isTrue(props.CacheClusterEnabled);
    const caching = list.filter((s) => isTrue(s.CachingEnabled));
    if (!cacheCluster && caching.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
    const stageWideEncrypted = isTrue(stageWide?.CacheDataEncrypted);
    if (cacheCluster && !stageWideEncrypted) return NagRuleCompliance.NON_COMPLIANT;
    const allEncrypted = caching.every((s) =>
      s.CacheDataEncrypted === undefined ? stageWideEncrypted : isTrue(s.CacheDataEncrypted));
    return allEncrypted ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
