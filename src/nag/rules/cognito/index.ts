export { default as UserPoolMfa } from './UserPoolMfa';
export { default as UserPoolPasswordPolicy } from './UserPoolPasswordPolicy';
export { default as UserPoolThreatProtection } from './UserPoolThreatProtection';
export { default as UserPoolDeletionProtection } from './UserPoolDeletionProtection';
export { default as UserPoolClientNoImplicitGrant } from './UserPoolClientNoImplicitGrant';
export { default as UserPoolClientPreventUserExistenceErrors } from './UserPoolClientPreventUserExistenceErrors';
export { default as UserPoolClientTokenRevocation } from './UserPoolClientTokenRevocation';
export { default as UserPoolClientTokenValidity } from './UserPoolClientTokenValidity';
