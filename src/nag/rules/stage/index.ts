export { default as StageDataTraceOff } from './StageDataTraceOff';
