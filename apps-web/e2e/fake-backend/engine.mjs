// The fake backend's jobs: an in-memory event log per job, state as a fold of it, and a simulated
// planner → coder → critique run. Just enough orchestrator to drive the console; not the product.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';

const ROLES = ['PLANNER', 'CODER', 'CRITIQUE'];
const STEP_MS = Number(process.env.FAKE_STEP_MS || 300);

export const bus = new EventEmitter().setMaxListeners(0);
const jobs = new Map(); // id -> { events: [], logs: [] }
let position = 0;

export function listJobs() {
  return [...jobs.keys()].map((id) => stateOf(id)).reverse();
}

export function eventsOf(id) {
  return jobs.get(id)?.events ?? [];
}

export function logsOf(id) {
  return jobs.get(id)?.logs ?? [];
}

export function exists(id) {
  return jobs.has(id);
}

/** The job's state after its first `version` events (all of them by default). */
export function stateOf(id, version = Infinity) {
  const events = eventsOf(id).filter((e) => e.sequence <= version);
  return events.reduce(evolve, null);
}

export function createJob(input, userId) {
  const id = randomUUID();
  jobs.set(id, { events: [], logs: [] });
  append(id, 'JobCreated', { ...input, createdBy: userId }, userId);
  if (input.start !== false) startJob(id, userId);
  return id;
}

export function startJob(id, userId) {
  append(id, 'JobStarted', {}, userId);
  schedule(id);
}

export function pauseJob(id, reason, userId) {
  append(id, 'JobPaused', { reason: reason ?? null }, userId);
}

export function resumeJob(id, userId) {
  append(id, 'JobResumed', {}, userId);
  schedule(id);
}

export function cancelJob(id, reason, userId) {
  append(id, 'JobCancelled', { reason: reason ?? null }, userId);
}

/** A new job with the original's history up to fromVersion and the overrides merged in. */
export function replayJob(id, fromVersion, overrides, userId) {
  const original = eventsOf(id);
  const created = original[0].data;
  const newId = randomUUID();
  jobs.set(newId, { events: [], logs: [] });
  append(
    newId,
    'JobCreated',
    {
      ...created,
      name: `${created.name} (replay)`,
      parameters: mergePatch(created.parameters ?? {}, overrides ?? {}),
      replayOf: { jobId: id, version: fromVersion, overrides: overrides ?? {} },
    },
    userId,
  );
  for (const event of original.slice(1, fromVersion)) {
    if (!['JobFailed', 'JobCompleted', 'JobCancelled'].includes(event.type)) {
      append(newId, event.type, event.data, userId);
    }
  }
  append(newId, 'JobReplayed', { from: { jobId: id, version: fromVersion } }, userId);
  if (stateOf(newId).status === 'PENDING') append(newId, 'JobStarted', {}, userId);
  schedule(newId);
  return newId;
}

function append(id, type, data, userId) {
  const job = jobs.get(id);
  const event = {
    id: randomUUID(),
    jobId: id,
    type,
    data,
    sequence: job.events.length + 1,
    position: ++position,
    timestamp: new Date().toISOString(),
    userId,
    causationId: job.events.at(-1)?.id ?? null,
  };
  job.events.push(event);
  bus.emit(`event:${id}`, event);
}

function log(id, level, message, stepId = null) {
  const job = jobs.get(id);
  const line = {
    jobId: id,
    sequence: job.logs.length + 1,
    timestamp: new Date().toISOString(),
    level,
    stepId,
    message,
  };
  job.logs.push(line);
  bus.emit(`log:${id}`, line);
}

// Runs the next step of a running job after a pause.
function schedule(id, delay = STEP_MS) {
  setTimeout(() => advance(id), delay);
}

function advance(id) {
  const state = stateOf(id);
  if (state.status !== 'RUNNING') return;
  const running = state.steps.find((s) => s.status === 'RUNNING');
  if (running) return finishStep(id, state, running);
  const retry = state.steps.find((s) => s.status === 'RETRY_SCHEDULED');
  if (retry) return startStep(id, retry.role, retry.iteration, retry.attempt + 1);
  const last = state.steps.at(-1);
  if (!last) return startStep(id, 'PLANNER', 1, 1);
  if (last.role === 'CRITIQUE') {
    append(id, 'JobCompleted', {}, 'orchestrator');
    return log(id, 'INFO', 'job completed');
  }
  startStep(id, ROLES[ROLES.indexOf(last.role) + 1], last.iteration, 1);
}

function startStep(id, role, iteration, attempt) {
  const stepId = `${role.toLowerCase()}-${iteration}`;
  append(id, `${title(role)}Started`, { stepId, role, iteration, attempt }, 'orchestrator');
  log(id, 'INFO', `${role.toLowerCase()} started (attempt ${attempt})`, stepId);
  schedule(id);
}

function finishStep(id, state, step) {
  const failAt = state.parameters?.simulated?.failAt;
  if (failAt && failAt.role === step.role) {
    const willRetry = step.attempt < state.limits.maxAttempts;
    const error = `simulated failure in ${step.role.toLowerCase()}`;
    append(id, 'JobStepFailed', { stepId: step.id, error, willRetry }, 'orchestrator');
    log(id, 'ERROR', `${error} (attempt ${step.attempt})`, step.id);
    if (!willRetry) return append(id, 'JobFailed', { reason: error }, 'orchestrator');
    return schedule(id, state.limits.backoffInitialMs);
  }
  const output = {
    PLANNER: { plan: `1. Understand: ${state.task}\n2. Write it\n3. Test it` },
    CODER: { artifact: 'const reverse = (s) => [...s].reverse().join("");' },
    CRITIQUE: { approved: true, feedback: 'Looks good.' },
  }[step.role];
  append(id, `${title(step.role)}Completed`, { stepId: step.id, output }, 'orchestrator');
  append(id, 'JobStepCompleted', { stepId: step.id }, 'orchestrator');
  log(id, 'INFO', `${step.role.toLowerCase()} done`, step.id);
  schedule(id);
}

function title(role) {
  return role[0] + role.slice(1).toLowerCase();
}

const PROGRESS = { PLANNER: 1 / 3, CODER: 2 / 3, CRITIQUE: 1 };

function evolve(state, event) {
  const d = event.data;
  const next = state && { ...state, version: event.sequence, updatedAt: event.timestamp };
  const step = (change) => ({
    ...next,
    steps: next.steps.map((s) => (s.id === d.stepId ? { ...s, ...change(s) } : s)),
  });
  switch (event.type) {
    case 'JobCreated':
      return {
        id: event.jobId,
        name: d.name,
        task: d.task,
        parameters: d.parameters ?? {},
        agents: d.agents,
        limits: d.limits,
        createdBy: d.createdBy,
        status: 'PENDING',
        currentStep: null,
        progress: 0,
        version: 1,
        createdAt: event.timestamp,
        updatedAt: event.timestamp,
        plan: null,
        iteration: 0,
        artifact: null,
        lastFeedback: null,
        failureReason: null,
        pauseReason: null,
        cancelReason: null,
        steps: [],
        replayOf: d.replayOf ?? null,
      };
    case 'JobStarted':
    case 'JobResumed':
      return { ...next, status: 'RUNNING', pauseReason: null };
    case 'JobPaused':
      return { ...next, status: 'PAUSED', pauseReason: d.reason };
    case 'JobCancelled':
      return { ...next, status: 'CANCELLED', cancelReason: d.reason };
    case 'JobCompleted':
      return { ...next, status: 'COMPLETED', progress: 1, currentStep: null };
    case 'JobFailed':
      return { ...next, status: 'FAILED', failureReason: d.reason, currentStep: null };
    case 'PlannerStarted':
    case 'CoderStarted':
    case 'CritiqueStarted': {
      const started = {
        id: d.stepId,
        role: d.role,
        iteration: d.iteration,
        attempt: d.attempt,
        status: 'RUNNING',
        input: { task: next.task, parameters: next.parameters },
        output: null,
        error: null,
        startedAt: event.timestamp,
        endedAt: null,
        durationMs: null,
        retryAt: null,
      };
      const others = next.steps.filter((s) => s.id !== d.stepId);
      return {
        ...next,
        iteration: d.iteration,
        currentStep: d.stepId,
        steps: [...others, started],
      };
    }
    case 'PlannerCompleted':
    case 'CoderCompleted':
    case 'CritiqueCompleted': {
      const done = step((s) => ({
        status: 'SUCCEEDED',
        output: d.output,
        endedAt: event.timestamp,
        durationMs: Date.parse(event.timestamp) - Date.parse(s.startedAt),
      }));
      const role = done.steps.find((s) => s.id === d.stepId).role;
      return {
        ...done,
        progress: PROGRESS[role],
        plan: d.output.plan ?? done.plan,
        artifact: d.output.artifact ?? done.artifact,
        lastFeedback: d.output.feedback ?? done.lastFeedback,
      };
    }
    case 'JobStepFailed':
      return step((s) => ({
        status: d.willRetry ? 'RETRY_SCHEDULED' : 'FAILED',
        error: d.error,
        endedAt: event.timestamp,
        durationMs: Date.parse(event.timestamp) - Date.parse(s.startedAt),
      }));
    default:
      return next;
  }
}

function mergePatch(target, patch) {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const result =
    typeof target === 'object' && target && !Array.isArray(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}
