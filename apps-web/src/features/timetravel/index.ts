export { TimeTravelPage } from './TimeTravelPage';
