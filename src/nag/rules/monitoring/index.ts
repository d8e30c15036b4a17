export { default as Stage5xxAlarm } from './Stage5xxAlarm';
export { default as AlarmHasAction } from './AlarmHasAction';
