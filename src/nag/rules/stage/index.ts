export { default as StageDataTraceOff } from './StageDataTraceOff';
export { default as StageJsonAccessLogging } from './StageJsonAccessLogging';
export { default as StageExecutionLogging } from './StageExecutionLogging';
export { default as StageXRayTracing } from './StageXRayTracing';
export { default as StageThrottling } from './StageThrottling';
export { default as StageCacheEncrypted } from './StageCacheEncrypted';
export { default as RouteThrottlingWithinStage } from './RouteThrottlingWithinStage';
