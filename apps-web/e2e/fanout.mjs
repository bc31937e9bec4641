// The fan-out benchmark from outside (not a test: it asserts nothing and never runs in the build).
//   JOBTRAIL_BASE_URL, JOBTRAIL_TOKEN (operator or admin) as for run.mjs; the server must run with
//   jobtrail.rate-limits.enabled=false. FANOUT_JOBS (100), FANOUT_SUBSCRIBERS (1000),
//   FANOUT_SECONDS (15), FANOUT_LATENCY_MS (200), FANOUT_JITTER_MS (0: each call up to this much
//   longer, so the jobs drift out of step instead of finishing their calls together).
// Real jobs on the orchestrator (the simulated agent, each call FANOUT_LATENCY_MS, critiques that
// keep asking for changes: 101 calls, so a job outlasts the measurement at 200 ms a call) and subscribers in this
// process, one WebSocket each (graphql-ws), spread evenly over the jobs. For every event a
// subscriber receives: the time from the event's timestamp (taken when it was decided, before its
// commit) to its arrival here; per subscriber, events lost, duplicated or out of order (by the
// job's sequence numbers). Prints one JSON object.
import { readFileSync } from 'node:fs';
import { createClient } from 'graphql-ws';
import { api } from './lib/api.mjs';

const base = (process.env.JOBTRAIL_BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const token = process.env.JOBTRAIL_TOKEN;
const jobs = Number(process.env.FANOUT_JOBS || 100);
const subscribers = Number(process.env.FANOUT_SUBSCRIBERS || 1000);
const seconds = Number(process.env.FANOUT_SECONDS || 15);
const latencyMs = Number(process.env.FANOUT_LATENCY_MS || 200);
const jitterMs = Number(process.env.FANOUT_JITTER_MS || 0);
const warmupSeconds = Number(process.env.FANOUT_WARMUP_SECONDS || 20);
if (!token) {
  console.error('set JOBTRAIL_TOKEN to an operator or admin token');
  process.exit(2);
}
const server = api(base, token);
const log = (message) => console.error(`[fanout] ${message}`);

// The server's CPU time (user + system, ms) from /proc, when its pid is given (Linux).
const serverPid = process.env.JOBTRAIL_SERVER_PID;
const cpuMs = () => {
  if (!serverPid) return null;
  const fields = readFileSync(`/proc/${serverPid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in 1/100 s
};
// The server's resident memory (KB) and threads, from /proc (Linux).
const serverStatus = () => {
  if (!serverPid) return null;
  const status = readFileSync(`/proc/${serverPid}/status`, 'utf8');
  const field = (name) => Number(status.match(new RegExp(`^${name}:\\s+(\\d+)`, 'm'))[1]);
  return { rssKb: field('VmRSS'), threads: field('Threads') };
};
const pct = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const sleep = (s) => new Promise((r) => setTimeout(r, s * 1_000));

async function createJobs(tag) {
  log(`creating ${jobs} jobs (not started)`);
  const ids = [];
  for (let i = 0; i < jobs; i++) {
    const data = await server.graphql(
      'mutation($in: CreateJobInput!) { createJob(input: $in) { id } }',
      {
        in: {
          name: `${tag}-${i}`,
          task: 'fan-out benchmark',
          start: false,
          parameters: {
            simulated: {
              latencyMs: { PLANNER: latencyMs, CODER: latencyMs, CRITIQUE: latencyMs },
              latencyJitterMs: jitterMs,
              verdicts: ['CHANGES_REQUESTED'],
              quiet: true,
            },
          },
          limits: { maxIterations: 50 },
        },
      },
    );
    ids.push(data.createJob.id);
  }
  return ids;
}

const wsUrl = `${base.replace(/^http/, 'ws')}/graphql`;
const latencies = [];
let measuring = false;
let delivered = 0;
const written = new Set();

/** One graphql-ws client per subscriber, spread evenly over the jobs; resolves when all are live. */
async function openSubscribers(ids) {
  log(`opening ${subscribers} subscribers`);
  const subs = [];
  const opened = [];
  for (let i = 0; i < subscribers; i++) {
    const jobId = ids[i % ids.length];
    const sub = { jobId, last: 0, lost: 0, duplicated: 0, errors: 0, ready: null };
    const client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { Authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: false,
    });
    sub.client = client;
    opened.push(
      new Promise((resolve) => {
        sub.ready = resolve;
      }),
    );
    client.subscribe(
      {
        query: 'subscription($id: ID) { jobEvents(jobId: $id) { sequence timestamp } }',
        variables: { id: jobId },
      },
      {
        next: ({ data, errors }) => {
          if (errors) {
            sub.errors++;
            return;
          }
          const e = data.jobEvents;
          if (e.sequence === 1) sub.ready();
          if (e.sequence <= sub.last) sub.duplicated++;
          else if (e.sequence > sub.last + 1) sub.lost += e.sequence - sub.last - 1;
          sub.last = Math.max(sub.last, e.sequence);
          if (measuring) {
            latencies.push(Date.now() - Date.parse(e.timestamp));
            delivered++;
            written.add(`${jobId}/${e.sequence}`);
          }
        },
        error: () => {
          sub.errors++;
          sub.ready();
        },
        complete: () => undefined,
      },
    );
    subs.push(sub);
    if (i % 50 === 49) await Promise.all(opened.slice(i - 49, i + 1));
  }
  await Promise.all(opened);
  return subs;
}

/** Starts the jobs, 20 requests at a time: a thousand at once would queue for the server's pool. */
async function startJobs(ids) {
  for (let i = 0; i < ids.length; i += 20) {
    await Promise.all(
      ids
        .slice(i, i + 20)
        .map((id) => server.graphql('mutation($id: ID!) { startJob(id: $id) { id } }', { id })),
    );
  }
}

async function finish(ids, subs) {
  log('cancelling the jobs and closing the subscribers');
  await Promise.all(
    ids.map((id) =>
      server
        .graphql('mutation($id: ID!) { cancelJob(id: $id, reason: "benchmark over") { id } }', {
          id,
        })
        .catch(() => undefined),
    ),
  );
  await Promise.all(subs.map((s) => s.client.dispose()));
}

// A first round of jobs and subscribers of its own, not measured: the server's JIT compiles the
// delivery path meanwhile (C2 took half a core for the first half minute).
if (warmupSeconds > 0) {
  log(`warming up for ${warmupSeconds} s`);
  const warmIds = await createJobs('warmup');
  const warmSubs = await openSubscribers(warmIds);
  await startJobs(warmIds);
  await sleep(warmupSeconds);
  await finish(warmIds, warmSubs);
}

const ids = await createJobs('fanout');
const beforeSubscribers = serverStatus();
const subs = await openSubscribers(ids);
// Idle subscribers: what each one costs the server before any event flows.
await sleep(2);
const withSubscribers = serverStatus();

log(`starting the ${jobs} jobs`);
await startJobs(ids);
// Let every job reach its steps before measuring.
await sleep(3);
log(`measuring for ${seconds} s`);
measuring = true;
const started = Date.now();
const cpuAtStart = cpuMs();
// How late this client's own event loop runs: a timer every 50 ms, and how much later it fired.
const loopLags = [];
let expected = Date.now() + 50;
const loopTimer = setInterval(() => {
  loopLags.push(Date.now() - expected);
  expected = Date.now() + 50;
}, 50);
const clientCpuAtStart = process.cpuUsage();
await new Promise((r) => setTimeout(r, seconds * 1_000));
measuring = false;
clearInterval(loopTimer);
loopLags.sort((a, b) => a - b);
const elapsed = (Date.now() - started) / 1_000;
const serverCpuMs = cpuAtStart === null ? null : cpuMs() - cpuAtStart;
const clientCpu = process.cpuUsage(clientCpuAtStart);

await finish(ids, subs);

latencies.sort((a, b) => a - b);
const sum = (key) => subs.reduce((n, s) => n + s[key], 0);
console.log(
  JSON.stringify(
    {
      jobs,
      subscribers,
      agentLatencyMs: latencyMs,
      agentJitterMs: jitterMs,
      seconds: Number(elapsed.toFixed(1)),
      writtenEventsPerSecond: Math.round(written.size / elapsed),
      deliveredEventsPerSecond: Math.round(delivered / elapsed),
      eventToSubscriberMs: {
        n: latencies.length,
        p50: pct(latencies, 50),
        p95: pct(latencies, 95),
        p99: pct(latencies, 99),
        max: latencies[latencies.length - 1],
      },
      serverCpuCores:
        serverCpuMs === null ? null : Number((serverCpuMs / 1000 / elapsed).toFixed(2)),
      serverCpuMsPerDelivery:
        serverCpuMs === null || delivered === 0
          ? null
          : Number((serverCpuMs / delivered).toFixed(3)),
      // A late loop means the client, not the server, is behind.
      clientLoopLagMs: { p50: pct(loopLags, 50), p99: pct(loopLags, 99), max: loopLags.at(-1) },
      // This client's own CPU: near 1 core, it is the bound (one JavaScript thread).
      clientCpuCores: Number(((clientCpu.user + clientCpu.system) / 1e6 / elapsed).toFixed(2)),
      perIdleSubscriber:
        beforeSubscribers === null
          ? null
          : {
              rssKb: Math.round((withSubscribers.rssKb - beforeSubscribers.rssKb) / subscribers),
              threads: Number(
                ((withSubscribers.threads - beforeSubscribers.threads) / subscribers).toFixed(2),
              ),
            },
      lost: sum('lost'),
      duplicated: sum('duplicated'),
      errors: sum('errors'),
    },
    null,
    2,
  ),
);
process.exit(0);
