export { default as LambdaSupportedRuntime } from './LambdaSupportedRuntime';
export { default as LambdaNewestRuntime } from './LambdaNewestRuntime';
