export { default as StageWebAcl } from './StageWebAcl';
export { default as WebAclManagedRules } from './WebAclManagedRules';
export { default as WebAclRateRule } from './WebAclRateRule';
export { default as WebAclLoggingRedaction } from './WebAclLoggingRedaction';
export { default as WebAclAllowBeforeManaged } from './WebAclAllowBeforeManaged';
export { default as WebAclSampledRequestsProtected } from './WebAclSampledRequestsProtected';
