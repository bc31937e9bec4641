export { AlertsPage, NewAlertRulePage } from './AlertsPage';
export { AlertRulePage } from './AlertRulePage';
