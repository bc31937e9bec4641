// Forking a job from an event: the dialog (job and time-travel pages) and the bulk replay (jobs).
export { ReplayDialog } from './ReplayDialog';
export { replayAtDefaultFork } from './replayAtDefault';
