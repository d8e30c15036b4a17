export { default as DomainTls12 } from './DomainTls12';
export { default as DomainDisablesDefaultEndpoint } from './DomainDisablesDefaultEndpoint';
