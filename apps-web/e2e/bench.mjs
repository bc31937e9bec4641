// The console's browser benchmark (not a test: it asserts nothing and never runs in the build).
//   JOBTRAIL_BASE_URL, JOBTRAIL_TOKEN as for run.mjs.
// Measures, in headless Chromium against a running Jobtrail:
//   1. first meaningful content of the job page: navigation start → the timeline is on screen;
//   2. event → visible on the job page with 10 jobs running: for every version the page shows, the
//      time from the event's timestamp (taken when it was decided, just before its commit) to the
//      moment the page shows that version;
//   3. a 10,000-event audit trail: navigation start → every event loaded and the last row shown.
import { writeFileSync, mkdirSync } from 'node:fs';
import { ALL_SIMULATED, api } from './lib/api.mjs';
import { launchBrowser } from './lib/browser.mjs';

const base = (process.env.JOBTRAIL_BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const token = process.env.JOBTRAIL_TOKEN;
const server = api(base, token);
// The watched tabs are measured as if each were in front: a background tab's work is deferred.
const browser = await launchBrowser([
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
]);
const context = browser.context;

const pct = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const summary = (values) => ({
  n: values.length,
  p50: Math.round(pct(values, 50)),
  p95: Math.round(pct(values, 95)),
  max: Math.round(Math.max(...values)),
});

// Recorded in the page, when the element first appears (not when the benchmark notices it).
const whenShown = (testId) => {
  window.__shown = null;
  new MutationObserver((_, observer) => {
    if (document.querySelector(`[data-testid="${testId}"]`)) {
      window.__shown = performance.now();
      observer.disconnect();
    }
  }).observe(document, { subtree: true, childList: true });
};
// The floor, in the same run: the same app's first content with no API call (the sign-in page of
// a browser without a token), so the job page's figure can be read against the machine's load.
const floor = [];
for (let i = 0; i < 10; i++) {
  const page = await context.newPage();
  await page.addInitScript(whenShown, 'sign-in');
  await page.goto(`${base}/`);
  await page.getByTestId('sign-in').waitFor();
  floor.push(await page.evaluate(() => window.__shown));
  await page.close();
}
// Sign in once: the token is kept in the origin's storage.
const first = await context.newPage();
await first.goto(`${base}/?token=${encodeURIComponent(token)}`);
await first.getByRole('heading', { name: 'Jobs', exact: true }).waitFor();

// 1. First meaningful content.
const done = await server.createJob({
  name: 'bench fmc',
  task: 'Reverse a string.',
  parameters: { simulated: { latencyMs: 50 } },
  agents: ALL_SIMULATED,
});
await server.waitForStatus(done, ['COMPLETED']);
const fmc = [];
for (let i = 0; i < 20; i++) {
  const page = await context.newPage();
  await page.addInitScript(whenShown, 'timeline');
  await page.goto(`${base}/#/jobs/${done}`);
  await page.getByTestId('timeline').waitFor();
  fmc.push(await page.evaluate(() => window.__shown));
  await page.close();
}

// 2. Event → visible with 10 jobs running: one tab in front watches one of them (as a person
// would), three rounds.
const lags = [];
const serverPart = [];
const pagePart = [];
for (let round = 0; round < 3; round++) {
  const running = [];
  for (let i = 0; i < 10; i++) {
    running.push(
      await server.createJob({
        name: `bench live ${round}.${i}`,
        task: 'Reverse a string.',
        parameters: { simulated: { latencyMs: 150, verdicts: ['CHANGES_REQUESTED'] } },
        agents: ALL_SIMULATED,
        limits: { maxIterations: 10 },
      }),
    );
  }
  const watched = running[round];
  // When each pushed job view reached the browser (as Playwright sees the WebSocket frame), by
  // version: splits the lag into the server's part and the page's.
  const received = new Map();
  const page = await context.newPage();
  page.on('websocket', (socket) =>
    socket.on('framereceived', ({ payload }) => {
      const at = Date.now();
      try {
        const job = JSON.parse(payload)?.payload?.data?.jobStatusUpdated?.job;
        if (job?.id === watched)
          received.set(job.version, { at, updatedAt: Date.parse(job.updatedAt) });
      } catch {
        // not a JSON frame
      }
    }),
  );
  await page.goto(`${base}/#/jobs/${watched}`);
  await page.getByTestId('job-version').waitFor();
  await page.evaluate(() => {
    window.__lags = [];
    window.__shownAt = [];
    const el = () => document.querySelector('[data-testid="job-version"]');
    let last = el()?.textContent;
    new MutationObserver(() => {
      const now = Date.now();
      const version = el()?.textContent;
      if (version && version !== last) {
        last = version;
        window.__lags.push(now - Date.parse(el().getAttribute('data-updated-at')));
        window.__shownAt.push({ version: Number(version), at: now });
      }
    }).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
  });
  for (const id of running) await server.waitForStatus(id, ['COMPLETED', 'FAILED'], 120_000);
  lags.push(...(await page.evaluate(() => window.__lags)));
  for (const { version, at } of await page.evaluate(() => window.__shownAt)) {
    const frame = received.get(version);
    if (frame) {
      serverPart.push(frame.at - frame.updatedAt);
      pagePart.push(at - frame.at);
    }
  }
  await page.close();
}

// 3. A 10,000-event audit trail.
const long = await server.createJob({
  name: 'bench long',
  task: 'Wait.',
  parameters: { simulated: { latencyMs: 600_000 } },
  agents: ALL_SIMULATED,
});
await server.waitForStatus(long, ['RUNNING']);
await server.toggle(long, 5_000);
await server.graphql('mutation($id: ID!) { cancelJob(id: $id) { version } }', { id: long });
const { version } = await server.job(long);
const audit = [];
for (let i = 0; i < 3; i++) {
  const page = await context.newPage();
  await page.goto(`${base}/#/jobs/${long}/audit`);
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="event-count"]')?.textContent === `(${n})`,
    version,
    { timeout: 120_000, polling: 'raf' },
  );
  // Interactive: every event is in the list and scrolling to the end shows the last one.
  const shown = await page.evaluate(async (n) => {
    const scroller = document.querySelector('[data-testid="event-scroll"]');
    scroller.scrollTop = scroller.scrollHeight;
    for (;;) {
      if (document.querySelector(`[data-testid="event-row"][data-sequence="${n}"]`))
        return performance.now();
      await new Promise((r) => requestAnimationFrame(r));
    }
  }, version);
  audit.push(shown);
  await page.close();
}
await browser.close();

const report = {
  at: new Date().toISOString(),
  // The machine is shared: its load says how far these figures are from an idle run.
  loadAverage: (await import('node:os')).loadavg().map((l) => Math.round(l * 10) / 10),
  firstMeaningfulContentMs: summary(fmc),
  floorSignInPageMs: floor.length ? summary(floor) : null,
  eventToVisibleMs: summary(lags),
  eventToFrameMs: summary(serverPart),
  frameToVisibleMs: summary(pagePart),
  auditTrail: { events: version, ...summary(audit) },
};
mkdirSync(new URL('../target/e2e/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('../target/e2e/bench.json', import.meta.url),
  JSON.stringify(report, null, 2),
);
console.log(JSON.stringify(report, null, 2));
