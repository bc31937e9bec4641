export { JobPage } from './JobPage';
export { formatUsd } from './usage';
