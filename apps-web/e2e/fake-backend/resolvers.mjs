// Root resolvers for the real schema (graphql-js buildSchema), backed by engine.mjs.
import { GraphQLError } from 'graphql';
import * as engine from './engine.mjs';

const DEFAULT_LIMITS = {
  maxIterations: 3,
  maxAttempts: 3,
  stepTimeoutMs: 60_000,
  backoffInitialMs: 200,
  backoffMaxMs: 2_000,
};
const SIMULATED = { kind: 'simulated', settings: {} };

function notFound(id) {
  return new GraphQLError(`No job with id ${id}`, { extensions: { code: 'NOT_FOUND' } });
}

function requireJob(id) {
  if (!engine.exists(id)) throw notFound(id);
}

/** A job's state as the GraphQL Job type, with the fields that take arguments as functions. */
export function jobView(state) {
  if (!state) return null;
  return {
    ...state,
    replayOf: state.replayOf && {
      ...state.replayOf,
      job: () => jobView(engine.stateOf(state.replayOf.jobId)),
    },
    replays: () =>
      engine
        .listJobs()
        .filter((j) => j.replayOf?.jobId === state.id)
        .map(jobView),
    events: ({ after, first }) =>
      engine
        .eventsOf(state.id)
        .filter((e) => e.sequence > after)
        .slice(0, first)
        .map(eventView),
    logs: ({ after, first }) =>
      engine
        .logsOf(state.id)
        .filter((l) => l.sequence > after)
        .slice(0, first),
  };
}

export function eventView(event) {
  return {
    id: event.id,
    jobId: event.jobId,
    eventType: event.type,
    eventData: event.data,
    timestamp: event.timestamp,
    sequence: event.sequence,
    position: String(event.position),
    cursor: `${event.jobId}:${event.sequence}`,
    metadata: {
      traceId: event.id.replaceAll('-', ''),
      spanId: event.id.slice(0, 16),
      userId: event.userId,
      version: 1,
      causationId: event.causationId,
      correlationId: event.jobId,
      instanceId: 'fake-1',
    },
  };
}

function statusView(state, events = []) {
  return {
    jobId: state.id,
    status: state.status,
    currentStep: state.currentStep,
    progress: state.progress,
    timestamp: state.updatedAt,
    version: state.version,
    events,
  };
}

const command = (fn) => (args, context) => {
  requireJob(args.id);
  fn(args, context.userId);
  return jobView(engine.stateOf(args.id));
};

export const query = {
  job: ({ id }) => jobView(engine.stateOf(id)),
  jobs: ({ filter, first }) => {
    const jobs = engine
      .listJobs()
      .filter((j) => !filter?.status || filter.status.includes(j.status))
      .filter((j) => !filter?.nameContains || j.name.includes(filter.nameContains))
      .slice(0, first);
    return {
      edges: jobs.map((j) => ({ cursor: j.id, node: jobView(j) })),
      pageInfo: { hasNextPage: false, endCursor: jobs.at(-1)?.id ?? null },
    };
  },
  jobEvents: ({ jobId, after, first }) =>
    engine
      .eventsOf(jobId)
      .filter((e) => e.sequence > after)
      .slice(0, first)
      .map(eventView),
  jobAt: ({ jobId, version }) => {
    requireJob(jobId);
    const state = engine.stateOf(jobId, version);
    return { version: state.version, at: state.updatedAt, job: jobView(state) };
  },
  verifyJob: ({ jobId }) => {
    requireJob(jobId);
    return {
      jobId,
      ok: true,
      eventsChecked: engine.eventsOf(jobId).length,
      hashChainIntact: true,
      firstBrokenVersion: null,
      differences: [],
    };
  },
  compareJobs: ({ left, right }) => {
    requireJob(left);
    requireJob(right);
    const l = engine.stateOf(left);
    const r = engine.stateOf(right);
    const ids = [...new Set([...l.steps, ...r.steps].map((s) => s.id))];
    const steps = ids.map((stepId) => {
      const a = l.steps.find((s) => s.id === stepId) ?? null;
      const b = r.steps.find((s) => s.id === stepId) ?? null;
      const differences = ['status', 'error', 'attempt']
        .filter((f) => a?.[f] !== b?.[f])
        .map((f) => `${f}: ${a?.[f] ?? '—'} → ${b?.[f] ?? '—'}`);
      return { stepId, left: a, right: b, differs: differences.length > 0, differences };
    });
    const differences = ['status', 'failureReason']
      .filter((f) => l[f] !== r[f])
      .map((f) => `${f}: ${l[f]} → ${r[f]}`);
    return { left: jobView(l), right: jobView(r), steps, differences };
  },
  jobLogs: ({ jobId, after, first }) =>
    engine
      .logsOf(jobId)
      .filter((l) => l.sequence > after)
      .slice(0, first),
  orchestratorStatus: () => ({
    instanceId: 'fake-1',
    instances: [
      {
        id: 'fake-1',
        startedAt: new Date().toISOString(),
        lastHeartbeat: new Date().toISOString(),
        runningJobs: 0,
      },
    ],
    runningJobs: engine.listJobs().filter((j) => j.status === 'RUNNING').length,
    queuedJobs: 0,
    eventsPerSecond: 0,
    appendLatencyP95Ms: 0,
    subscribers: 0,
    projectionLagMs: 0,
    timestamp: new Date().toISOString(),
  }),
};

export const mutation = {
  createJob: ({ input }, context) => {
    const agents = input.agents ?? {};
    const id = engine.createJob(
      {
        ...input,
        agents: {
          planner: { ...SIMULATED, ...agents.planner },
          coder: { ...SIMULATED, ...agents.coder },
          critique: { ...SIMULATED, ...agents.critique },
        },
        limits: { ...DEFAULT_LIMITS, ...input.limits },
      },
      context.userId,
    );
    return jobView(engine.stateOf(id));
  },
  startJob: command(({ id }, user) => engine.startJob(id, user)),
  pauseJob: command(({ id, reason }, user) => engine.pauseJob(id, reason, user)),
  resumeJob: command(({ id }, user) => engine.resumeJob(id, user)),
  cancelJob: command(({ id, reason }, user) => engine.cancelJob(id, reason, user)),
  replayJob: ({ id, fromVersion, overrides }, context) => {
    requireJob(id);
    return jobView(engine.stateOf(engine.replayJob(id, fromVersion, overrides, context.userId)));
  },
};

// Subscriptions: each root field returns an async iterable of { field: value } payloads.
export const subscription = {
  jobStatusUpdated: ({ jobId }) =>
    follow(`event:${jobId}`, [null], (event) => {
      const state = engine.stateOf(jobId);
      return { jobStatusUpdated: statusView(state, event ? [eventView(event)] : []) };
    }),
  jobEvents: ({ jobId, after }) => {
    const from = after ? Number(after.split(':')[1]) : 0;
    const history = engine.eventsOf(jobId).filter((e) => e.sequence > from);
    let last = from;
    return follow(`event:${jobId}`, history, (event) => {
      if (event.sequence <= last) return null;
      last = event.sequence;
      return { jobEvents: eventView(event) };
    });
  },
  jobLogsStream: ({ jobId, after }) => {
    const history = engine.logsOf(jobId).filter((l) => l.sequence > (after ?? 0));
    return follow(`log:${jobId}`, history, (line) => ({ jobLogsStream: line }));
  },
};

/** Yields `initial` items, then every item emitted on `topic`, each mapped (null skips it). */
async function* follow(topic, initial, map) {
  const queue = [...initial];
  let wake = null;
  const listener = (item) => {
    queue.push(item);
    wake?.();
  };
  engine.bus.on(topic, listener);
  try {
    for (;;) {
      while (queue.length > 0) {
        const payload = map(queue.shift());
        if (payload) yield payload;
      }
      await new Promise((resolve) => (wake = resolve));
    }
  } finally {
    engine.bus.off(topic, listener);
  }
}
