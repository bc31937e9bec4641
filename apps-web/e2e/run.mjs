// Browser checks of the web console against the real Jobtrail server.
//   JOBTRAIL_BASE_URL (default http://127.0.0.1:8080), JOBTRAIL_TOKEN (admin or operator),
//   CHROME_PATH (default /usr/bin/chromium), JOBTRAIL_CONTROL_URL (POST /restart restarts the
//   server on the same data; without it the restart check is skipped), JOBTRAIL_E2E_SCREENSHOTS
//   (where each page's screenshots go; default target/e2e/pages), JOBTRAIL_VIEWER_TOKEN (a VIEWER
//   token, for the read-only alerts check). The alert checks start a webhook receiver on 127.0.0.1:
//   the server must run with jobtrail.alerts.allow-private-targets=true.
// Exit code: 0 all checks passed, 1 a check failed, 2 bad configuration, 3 no Chromium.
import { fileURLToPath } from 'node:url';
import { ALL_SIMULATED, api } from './lib/api.mjs';
import { chromePath, hasChrome, launchBrowser } from './lib/browser.mjs';
import { assert, Checks } from './lib/checks.mjs';
import {
  jobIdFromUrl,
  waitForJobPage,
  waitForStatus,
  watchedStatuses,
  watchStatus,
} from './lib/console.mjs';
import {
  assertGapless,
  auditSequences,
  headerShown,
  horizontalOverflow,
  screenshot,
  seriousViolations,
  stepsShown,
} from './lib/pages.mjs';
import { startProxy } from './lib/proxy.mjs';
import { startReceiver } from './lib/receiver.mjs';

const base = (process.env.JOBTRAIL_BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const token = process.env.JOBTRAIL_TOKEN;
const viewerToken = process.env.JOBTRAIL_VIEWER_TOKEN;
const control = process.env.JOBTRAIL_CONTROL_URL;
const shots =
  process.env.JOBTRAIL_E2E_SCREENSHOTS ||
  fileURLToPath(new URL('../target/e2e/pages', import.meta.url));

if (!token) {
  console.log('FAIL setup: set JOBTRAIL_TOKEN to a token with the operator role');
  process.exit(2);
}
if (!hasChrome()) {
  console.log(
    `SKIP: no Chromium at ${chromePath()}. Install it with 'apt-get install -y chromium' ` +
      'or point CHROME_PATH at a Chrome or Chromium binary.',
  );
  process.exit(3);
}

const server = api(base, token);
const run = `e2e-${Date.now().toString(36)}`;
const browser = await launchBrowser();
const context = browser.context;
const page = context.pages()[0] ?? (await context.newPage());
page.setDefaultTimeout(20_000);
const checks = new Checks(page);
const state = {};
const open = (path) => page.goto(`${base}/#${path}`);
const slowAgents = (latencyMs) => ({ simulated: { latencyMs } });
const webhookSecret = 'e2e-webhook-secret-0123456789';
const receiver = await startReceiver(webhookSecret);

try {
  await checks.run(
    'the sign-in page says where the generated token is',
    async () => {
      await page.goto(`${base}/`);
      await page.getByTestId('sign-in').waitFor();
      const hint = await page.getByTestId('token-hint').textContent();
      assert(hint.includes('data/admin-token'), `the hint says: ${hint}`);
      await screenshot(page, shots, 'sign-in');
      const violations = await seriousViolations(page);
      assert(violations.length === 0, violations.join('; '));
    },
    { always: true },
  );

  await checks.run(
    'console opens with the token from the URL',
    async () => {
      await page.goto(`${base}/?token=${encodeURIComponent(token)}`);
      await page.getByRole('heading', { name: 'Jobs', exact: true }).waitFor();
      assert(!new URL(page.url()).searchParams.has('token'), 'the token is still in the URL');
      await page.locator('[data-testid="job-list"], [data-testid="no-jobs"]').first().waitFor();
      assert((await page.title()) === 'Jobs · Jobtrail', `the title is ${await page.title()}`);
    },
    { always: true },
  );
  const signedIn = ['console opens with the token from the URL'];

  await checks.run(
    'the new-job form checks agent settings and creates a job that appears in the list live',
    async () => {
      state.name = `${run} form`;
      const form = page.getByTestId('new-job-form');
      await form.getByLabel('Name', { exact: true }).fill(state.name);
      await form.getByLabel('Task', { exact: true }).fill('Reverse a string, with tests.');
      await form.getByLabel('Parameters (JSON object)').fill('{"simulated": {"latencyMs": 150}}');
      await form.getByLabel('Coder', { exact: true }).selectOption('openai');
      await form.locator('#agent-coder-apiKeyEnv').fill('sk-live-not-a-variable');
      const create = form.getByRole('button', { name: 'Create job' });
      assert(await create.isDisabled(), 'a job with an inline secret can be submitted');
      await form.getByLabel('Coder', { exact: true }).selectOption('simulated');
      assert(await create.isEnabled(), 'the form stays disabled with valid settings');
      await create.click();
      const created = page.getByTestId('job-created').getByRole('link');
      await created.waitFor();
      state.jobId = jobIdFromUrl(await created.getAttribute('href'));
      // No reload and no polling: the list is told by jobSummariesChanged.
      await page.locator(`[data-testid="job-row"][data-job-id="${state.jobId}"]`).waitFor();
      return state.jobId;
    },
    { needs: signedIn },
  );

  await checks.run(
    'the job page reaches COMPLETED live, with a timeline bar per attempt',
    async () => {
      await page
        .locator(`[data-testid="job-row"][data-job-id="${state.jobId}"]`)
        .getByRole('link', { name: state.name })
        .click();
      await waitForJobPage(page);
      await watchStatus(page);
      await waitForStatus(page, 'COMPLETED');
      const { statuses, noReload } = await watchedStatuses(page);
      assert(noReload, 'the page was reloaded');
      const progress = await page.getByTestId('job-progress').getAttribute('aria-valuenow');
      assert(progress === '100', `progress shows ${progress}%`);
      const bars = await page.getByTestId('attempt-bar').count();
      assert(bars >= 3, `${bars} attempt bars`);
      await screenshot(page, shots, 'job');
      return `saw ${statuses.join(' → ')}`;
    },
    {
      needs: [
        'the new-job form checks agent settings and creates a job that appears in the list live',
      ],
    },
  );

  await checks.run(
    'a retried step shows each attempt with its own duration',
    async () => {
      const id = await server.createJob({
        name: `${run} retried`,
        task: 'Reverse a string.',
        parameters: { simulated: { latencyMs: 200, failures: [{ role: 'CODER', attempt: 1 }] } },
        agents: ALL_SIMULATED,
        limits: { maxIterations: 1, backoffInitialMs: 1500, backoffMaxMs: 1500 },
      });
      await open(`/jobs/${id}`);
      await waitForStatus(page, 'COMPLETED');
      const code = page.locator('[data-testid="step"][data-step="code-1"]');
      const rows = code.getByTestId('attempt-row');
      assert((await rows.count()) === 2, `code-1 shows ${await rows.count()} attempts`);
      assert(
        (await rows.nth(0).getByTestId('attempt-status').textContent()) === 'FAILED',
        'attempt 1 is not FAILED',
      );
      const bars = page.locator(
        '[data-testid="timeline-step"][data-step="code-1"] [data-testid="attempt-bar"]',
      );
      assert((await bars.count()) === 2, 'the timeline does not show two bars for code-1');
      const second = Number(await bars.nth(1).getAttribute('data-duration-ms'));
      assert(
        second > 0 && second < 1_500,
        `attempt 2 took ${second} ms, counted from the first attempt?`,
      );
      await bars.nth(1).click();
      const panel = page.getByTestId('attempt-panel');
      await panel.waitFor();
      assert(
        (await panel.getByRole('heading').first().textContent()).includes('attempt 2'),
        'the panel is not attempt 2',
      );
      assert(
        new URL(page.url().replace('#', '')).searchParams.get('attempt') === '2',
        'the attempt is not in the URL',
      );
      // The simulated agent reports synthetic usage of its priced model.
      const model = (await panel.getByTestId('attempt-model').textContent()).trim();
      assert(model === 'simulated-1', `the attempt's model shows ${model}`);
      const tokens = (await panel.getByTestId('attempt-tokens').textContent()).trim();
      assert(/^[\d,]+ tokens \([\d,]+ in, [\d,]+ out\)$/.test(tokens), `tokens show ${tokens}`);
      const cost = (await panel.getByTestId('attempt-cost').textContent()).trim();
      assert(/^\$\d/.test(cost), `the attempt's cost shows ${cost}`);
      const jobCost = (await page.getByTestId('job-cost').textContent()).trim();
      assert(/^\$\d/.test(jobCost), `the job's cost shows ${jobCost}`);
      await screenshot(page, shots, 'job-attempt');
      return `attempt 2: ${second} ms, ${tokens}, ${cost}; job ${jobCost}`;
    },
    { needs: signedIn },
  );

  await checks.run(
    'a job that awaits approval after the plan is approved from the console and completes',
    async () => {
      const id = await server.createJob({
        name: `${run} approval`,
        task: 'Reverse a string.',
        parameters: { simulated: { latencyMs: 100 } },
        agents: ALL_SIMULATED,
        limits: { maxIterations: 1 },
        approval: { afterPlan: true },
      });
      await open(`/jobs/${id}`);
      await waitForStatus(page, 'AWAITING_APPROVAL');
      const panel = page.getByTestId('approval-panel');
      await panel.waitFor();
      const subject = (await panel.getByTestId('approval-subject').textContent()).trim();
      const plan = (await page.getByTestId('job-plan').textContent()).trim();
      assert(subject.length > 0 && subject === plan, `the panel shows ${subject}, not the plan`);
      assert(
        (await page.locator('[data-testid="step"]').count()) === 1,
        'a step started while the job awaits approval',
      );
      await screenshot(page, shots, 'job-awaiting-approval');
      await page.getByLabel('Comment (sent back as feedback on reject)').fill('looks right');
      await page.getByRole('button', { name: 'Approve' }).click();
      await waitForStatus(page, 'COMPLETED');
      const decided = (await panel.getByTestId('approval-decisions').textContent()).trim();
      assert(decided.includes('approved by') && decided.includes('looks right'), decided);
      const job = await server.job(id);
      assert(job.status === 'COMPLETED', `the server says ${job.status}`);
      return decided;
    },
    { needs: signedIn },
  );

  await checks.run(
    'pause, resume and cancel keep the steps right without a reload, equal to a fresh load',
    async () => {
      const id = await server.createJob({
        name: `${run} controlled`,
        task: 'Reverse a string.',
        parameters: slowAgents(2_500),
        agents: ALL_SIMULATED,
        limits: { maxIterations: 1 },
        start: false,
      });
      await open(`/jobs/${id}`);
      await waitForStatus(page, 'PENDING');
      await watchStatus(page);
      await page.getByRole('button', { name: 'Start' }).click();
      await waitForStatus(page, 'RUNNING');
      await page.getByRole('button', { name: 'Pause' }).click();
      await waitForStatus(page, 'PAUSED');
      await page.getByRole('button', { name: 'Resume' }).click();
      await waitForStatus(page, 'RUNNING');
      await page
        .locator('[data-testid="step"][data-step="critique-1"]')
        .waitFor({ timeout: 30_000 });
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: 'Cancel' }).click();
      await waitForStatus(page, 'CANCELLED');
      await page.waitForFunction(
        () =>
          ![...document.querySelectorAll('[data-testid="step"]')].some(
            (s) => s.getAttribute('data-status') === 'RUNNING',
          ),
        null,
        { timeout: 15_000 },
      );
      const { noReload, statuses } = await watchedStatuses(page);
      assert(noReload, 'the page was reloaded');
      // PENDING only before the start, QUEUED only before the first step: either one later means
      // the page showed a stale job (a command's answer mixed into an older one).
      const stale =
        statuses.slice(1).includes('PENDING') ||
        statuses.slice(statuses.indexOf('RUNNING')).includes('QUEUED');
      assert(!stale, `the page showed a stale status: ${statuses.join(' → ')}`);
      const live = { header: await headerShown(page), steps: await stepsShown(page) };
      const fresh = await context.newPage();
      await fresh.goto(`${base}/#/jobs/${id}`);
      await waitForStatus(fresh, 'CANCELLED');
      const loaded = { header: await headerShown(fresh), steps: await stepsShown(fresh) };
      await fresh.close();
      assert(
        JSON.stringify(live) === JSON.stringify(loaded),
        `live ${JSON.stringify(live)} but a fresh load shows ${JSON.stringify(loaded)}`,
      );
      return statuses.join(' → ');
    },
    { needs: signedIn },
  );

  await checks.run(
    'a failed job replayed from the step boundary completes, and compares step by step',
    async () => {
      await open('/');
      await page.getByRole('button', { name: 'Demo failure' }).click();
      state.failedId = await waitForJobPage(page);
      await waitForStatus(page, 'FAILED');
      await page.getByRole('button', { name: 'Replay…' }).click();
      const dialog = page.getByTestId('replay-dialog');
      await dialog.getByTestId('fork-plan').waitFor();
      const from = await dialog
        .getByLabel('Fork after event')
        .locator('option:checked')
        .textContent();
      assert(from.includes('step boundary'), `the default fork point is ${from}`);
      const kept = await dialog.getByTestId('fork-kept').textContent();
      const rerun = await dialog.getByTestId('fork-rerun').textContent();
      assert(kept === 'plan', `kept: ${kept}`);
      assert(rerun.startsWith('code-1'), `runs again: ${rerun}`);
      await screenshot(page, shots, 'replay-dialog');
      await dialog.getByLabel('Parameters (JSON object)').fill('{}');
      await dialog.getByRole('button', { name: 'Replay', exact: true }).click();
      state.replayId = await waitForJobPage(page, state.failedId);
      await page.getByTestId('replay-of').waitFor();
      await waitForStatus(page, 'COMPLETED');
      const copied = await page.locator('[data-testid="attempt-bar"].copied').count();
      assert(copied === 1, `${copied} copied attempts (the plan)`);
      const interrupted = await page.getByText('interrupted', { exact: false }).count();
      assert(interrupted === 0, 'the replay began with an interrupted attempt');
      await page.getByTestId('replay-of').getByRole('link', { name: 'compare' }).click();
      await page.getByRole('heading', { name: 'Compare', exact: true }).waitFor();
      const left = await page.getByTestId('compare-left').textContent();
      const right = await page.getByTestId('compare-right').textContent();
      assert(left.startsWith('Original: ') && right.startsWith('Replay: '), `${left} | ${right}`);
      const paths = await page
        .getByTestId('job-differences')
        .getByTestId('difference')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-path')));
      assert(paths.includes('/status'), `differences: ${paths}`);
      assert(
        paths.some((p) => p.startsWith('/parameters/simulated')),
        `differences: ${paths}`,
      );
      const text = await page.locator('main').textContent();
      assert(!/AgentInput\[|=\{/.test(text), 'the page shows Java toString output');
      const code = page.locator('[data-testid="compare-step"][data-step="code-1"]');
      assert(
        (await code.getAttribute('data-differs')) === 'true',
        'code-1 is not marked as differing',
      );
      await screenshot(page, shots, 'compare');
      return `${paths.length} differences`;
    },
    { needs: signedIn },
  );

  await checks.run(
    'the family page shows the replay under its original, what it kept and what it changed',
    async () => {
      await open(`/jobs/${state.replayId}`);
      await page.getByRole('link', { name: 'Family', exact: true }).click();
      await page.getByTestId('family-page').waitFor();
      const depths = await page
        .getByTestId('family-member')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-depth')));
      assert(depths.join(',') === '0,1', `family depths: ${depths}`);
      const replay = page.locator(`[data-testid="family-replay"][data-replay="${state.replayId}"]`);
      const outcome = await replay.getByTestId('replay-outcome').textContent();
      assert(outcome.includes('FAILED') && outcome.includes('COMPLETED'), `outcome: ${outcome}`);
      const forked = await replay.locator('td[data-label="Forked"]').textContent();
      assert(forked.includes('kept plan'), `forked: ${forked}`);
      const planRuns = await page
        .getByTestId('family-steps')
        .locator('[data-key="plan"]')
        .getByTestId('runs')
        .textContent();
      assert(planRuns.startsWith('1 '), `plan runs (the replay copied it): ${planRuns}`);
      const codeRate = await page
        .getByTestId('family-steps')
        .locator('[data-key="code-1"]')
        .getByTestId('success-rate')
        .textContent();
      assert(codeRate === '50%', `code-1 success: ${codeRate}`);
      await page.getByTestId('family-duration-chart').waitFor();
      await screenshot(page, shots, 'family');
      return `code-1 ${codeRate}`;
    },
    {
      needs: ['a failed job replayed from the step boundary completes, and compares step by step'],
    },
  );

  await checks.run(
    "the replay's audit trail marks the copied events with the original's principal",
    async () => {
      await open(`/jobs/${state.replayId}/audit`);
      await page.getByTestId('copied-note').waitFor();
      const copiedRows = page.locator('[data-testid="event-row"].copied');
      await copiedRows.first().waitFor();
      // The planner's events were written by the orchestrator in the original, not by whoever
      // replayed it.
      const planner = copiedRows.filter({ hasText: 'PlannerStarted' });
      const who = await planner.locator('.who').textContent();
      assert(who.startsWith('orchestrator'), `the copied PlannerStarted names ${who}`);
      const first = page.getByTestId('event-row').first();
      assert(
        (await first.getByTestId('event-type').textContent()).startsWith('JobCreated'),
        'the first event is not JobCreated',
      );
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.getByTestId('verify-report').waitFor();
      assert(
        (await page.getByTestId('verify-report').getAttribute('data-ok')) === 'true',
        'the replay does not verify',
      );
      await screenshot(page, shots, 'audit');
    },
    {
      needs: ['a failed job replayed from the step boundary completes, and compares step by step'],
    },
  );

  await checks.run(
    'time travel shows what each event changed and replays from there',
    async () => {
      await open(`/jobs/${state.failedId}/time-travel`);
      const slider = page.getByTestId('tt-slider');
      await slider.waitFor();
      // The history loads after the slider appears: move only once its event shows, one key at
      // a time, each after the page has followed the last.
      await page.getByTestId('tt-event-type').waitFor();
      await slider.focus();
      await page.keyboard.press('Home');
      await page.waitForFunction(
        () => document.querySelector('[data-testid="tt-version"]')?.textContent === '1',
      );
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(
        () => document.querySelector('[data-testid="tt-version"]')?.textContent === '2',
      );
      assert(
        (await page.getByTestId('tt-event-type').textContent()) === 'JobStarted',
        'version 2 is not JobStarted',
      );
      const changes = page.getByTestId('tt-changes').getByTestId('difference');
      await changes.first().waitFor();
      const paths = await changes.evaluateAll((rows) =>
        rows.map((r) => r.getAttribute('data-path')),
      );
      assert(paths.includes('/status'), `JobStarted changed ${paths}`);
      await screenshot(page, shots, 'time-travel');
      await page.getByRole('button', { name: 'Replay from here' }).click();
      const chosen = await page
        .getByTestId('replay-dialog')
        .getByLabel('Fork after event')
        .locator('option:checked')
        .textContent();
      assert(chosen.startsWith('#2 '), `the dialog offers ${chosen}`);
      await page.getByTestId('replay-dialog').getByRole('button', { name: 'Close' }).click();
    },
    {
      needs: ['a failed job replayed from the step boundary completes, and compares step by step'],
    },
  );

  await checks.run(
    'queued jobs are QUEUED, not RUNNING, and a selection is cancelled in bulk',
    async () => {
      const ids = [];
      for (let i = 0; i < 8; i++) {
        ids.push(
          await server.createJob({
            name: `${run} busy ${i}`,
            task: 'Take a while.',
            parameters: slowAgents(60_000),
            agents: ALL_SIMULATED,
          }),
        );
      }
      await open(`/?q=${encodeURIComponent(`${run} busy`)}`);
      await page.waitForFunction(
        () =>
          Number(
            document.querySelector('[data-testid="count-QUEUED"]')?.getAttribute('data-count'),
          ) > 0,
        null,
        { timeout: 15_000 },
      );
      const queued = await page.locator('[data-testid="job-row"][data-status="QUEUED"]').count();
      assert(queued > 0, 'no row is QUEUED');
      await screenshot(page, shots, 'jobs');
      for (const row of await page.getByTestId('job-row').all())
        await row.getByRole('checkbox').check();
      await page
        .getByTestId('bulk-actions')
        .getByRole('button', { name: /^Cancel/ })
        .click();
      await page.waitForFunction(
        () =>
          Number(
            document.querySelector('[data-testid="count-CANCELLED"]')?.getAttribute('data-count'),
          ) === 8,
        null,
        { timeout: 20_000 },
      );
      for (const id of ids) await server.waitForStatus(id, ['CANCELLED'], 5_000);
      return `${queued} queued`;
    },
    { needs: signedIn },
  );

  await checks.run(
    '60 jobs are paged through to the oldest, with the total',
    async () => {
      const prefix = `${run} paged`;
      for (let i = 0; i < 60; i++) {
        await server.createJob({
          name: `${prefix} ${String(i).padStart(2, '0')}`,
          task: 'wait',
          start: false,
        });
      }
      await open(`/?q=${encodeURIComponent(prefix)}`);
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="job-count"]')?.textContent === 'Showing 50 of 60',
      );
      await page.getByTestId('load-more').click();
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="job-count"]')?.textContent === 'Showing 60 of 60',
      );
      assert((await page.getByTestId('load-more').count()) === 0, 'still offers more');
      const names = await page.getByTestId('job-row').getByRole('link').allTextContents();
      assert(names.at(-1) === `${prefix} 00`, `the last row is ${names.at(-1)}`);
      assert(new Set(names).size === 60, 'a job is listed twice');
    },
    { needs: signedIn },
  );

  await checks.run(
    'a 10,000-event audit trail scrolls to its end',
    async () => {
      const id = await server.createJob({
        name: `${run} long`,
        task: 'Wait.',
        parameters: slowAgents(600_000),
        agents: ALL_SIMULATED,
      });
      await server.waitForStatus(id, ['RUNNING']);
      await server.toggle(id, 5_000);
      await server.graphql('mutation($id: ID!) { cancelJob(id: $id) { version } }', { id });
      const { version } = await server.job(id);
      state.longJob = { id, version };
      const started = Date.now();
      await open(`/jobs/${id}/audit`);
      await page.waitForFunction(
        (n) => document.querySelector('[data-testid="event-count"]')?.textContent === `(${n})`,
        version,
        { timeout: 60_000 },
      );
      const loaded = Date.now() - started;
      const rendered = await page.getByTestId('event-row').count();
      assert(rendered < 200, `${rendered} rows in the DOM: the list is not virtualized`);
      await page.getByTestId('event-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
      await page.locator(`[data-testid="event-row"][data-sequence="${version}"]`).waitFor();
      return `${version} events, all loaded in ${loaded} ms`;
    },
    { needs: signedIn },
  );

  await checks.run(
    'a dropped connection shows reconnecting and loses or repeats no event',
    async () => {
      const proxy = await startProxy(base);
      try {
        const id = await server.createJob({
          name: `${run} dropped`,
          task: 'Reverse a string.',
          parameters: slowAgents(400),
          agents: ALL_SIMULATED,
          limits: { maxIterations: 2 },
        });
        const viaProxy = await context.newPage();
        viaProxy.setDefaultTimeout(20_000);
        await viaProxy.goto(`${proxy.url}/?token=${encodeURIComponent(token)}#/jobs/${id}/audit`);
        await viaProxy.getByTestId('event-row').first().waitFor();
        await proxy.outage(1_500);
        await viaProxy.waitForFunction(() => {
          const s = document
            .querySelector('[data-testid="live-state"]')
            ?.getAttribute('data-state');
          return s === 'reconnecting' || s === 'live';
        });
        const job = await server.waitForStatus(id, ['COMPLETED']);
        await viaProxy.waitForFunction(
          (n) => document.querySelector('[data-testid="event-count"]')?.textContent === `(${n})`,
          job.version,
          { timeout: 30_000 },
        );
        assertGapless(await auditSequences(viaProxy), job.version);
        await viaProxy.close();
        return `${job.version} events`;
      } finally {
        await proxy.close();
      }
    },
    { needs: signedIn },
  );

  await checks.run(
    'a server restart mid-job shows reconnecting, then every event once',
    async () => {
      if (!control) return 'skipped: no JOBTRAIL_CONTROL_URL';
      const id = await server.createJob({
        name: `${run} restarted`,
        task: 'Reverse a string.',
        parameters: slowAgents(1_500),
        agents: ALL_SIMULATED,
        limits: { maxIterations: 2 },
      });
      await open(`/jobs/${id}/audit`);
      await page.getByTestId('event-row').first().waitFor();
      const audit = page;
      const jobPage = await context.newPage();
      await jobPage.goto(`${base}/#/jobs/${id}`);
      await waitForStatus(jobPage, 'RUNNING');
      const restart = fetch(`${control}/restart`, { method: 'POST' });
      await jobPage.waitForFunction(
        () =>
          document.querySelector('[data-testid="live-state"]')?.getAttribute('data-state') ===
          'reconnecting',
        null,
        { timeout: 30_000 },
      );
      await audit.waitForFunction(
        () =>
          document.querySelector('[data-testid="live-state"]')?.getAttribute('data-state') !==
          'live',
        null,
        { timeout: 30_000 },
      );
      await screenshot(jobPage, shots, 'job-reconnecting');
      const answer = await restart;
      assert(answer.ok, `the restart answered ${answer.status}`);
      await waitForStatus(jobPage, 'COMPLETED');
      const job = await server.waitForStatus(id, ['COMPLETED']);
      await audit.waitForFunction(
        (n) => document.querySelector('[data-testid="event-count"]')?.textContent === `(${n})`,
        job.version,
        { timeout: 60_000 },
      );
      assertGapless(await auditSequences(audit), job.version);
      await jobPage.close();
      return `${job.version} events`;
    },
    { needs: signedIn },
  );

  const alertRule =
    'an alert rule made in the console signs a webhook for a failed job, logged as delivered';
  await checks.run(
    alertRule,
    async () => {
      await open('/alerts');
      await page.getByTestId('alerts-page').and(page.locator('[data-role="ADMIN"]')).waitFor();
      await page.getByRole('link', { name: 'New rule' }).click();
      const create = page.getByTestId('rule-form').getByRole('button', { name: 'Create rule' });
      await create.click();
      const fieldError = (field) => page.getByTestId(`error-${field}`).textContent();
      assert((await fieldError('name')) === 'Required', 'an empty name is not reported');
      assert(
        (await fieldError('webhook.secret')).startsWith('Required'),
        'a missing secret is not reported',
      );
      state.ruleName = `${run} failures`;
      await page.locator('#rule-new-name').fill(state.ruleName);
      await page.locator('#rule-new-job-name').fill(`${run} alerted*`);
      await page.locator('#rule-new-secret').fill(webhookSecret);
      // The console checks the URL's shape; the target policy is the server's, shown by the field.
      await page.locator('#rule-new-url').fill(receiver.url().replace('://', '://user:pw@'));
      await create.click();
      await page.waitForFunction(() =>
        document
          .querySelector('[data-testid="error-webhook.url"]')
          ?.textContent.includes('credentials'),
      );
      assert(
        (await page.locator('#rule-new-url').getAttribute('aria-invalid')) === 'true',
        'the URL is not marked invalid',
      );
      await page.locator('#rule-new-url').fill(receiver.url());
      await create.click();
      await page.getByTestId('rule-name').waitFor();
      state.ruleId = decodeURIComponent(/#\/alerts\/([^/?]+)/.exec(page.url())[1]);

      await page.getByRole('button', { name: 'Send test' }).click();
      const tested = page.getByTestId('test-result');
      await tested.waitFor();
      assert(
        (await tested.getAttribute('data-outcome')) === 'delivered',
        `the test: ${await tested.textContent()}`,
      );

      const jobId = await server.createJob({
        name: `${run} alerted job`,
        task: 'Fail.',
        parameters: { simulated: { failAt: { role: 'CODER' } } },
        agents: ALL_SIMULATED,
        limits: { maxIterations: 1, maxAttempts: 1 },
      });
      await server.waitForStatus(jobId, ['FAILED']);
      const failed = page.locator('[data-testid="delivery"][data-trigger="JOB_FAILED"]');
      await page
        .locator('[data-testid="delivery"][data-trigger="JOB_FAILED"][data-state="DELIVERED"]')
        .waitFor({ timeout: 30_000 });
      assert((await failed.count()) === 1, `${await failed.count()} JOB_FAILED deliveries`);
      const attempt = failed.getByTestId('delivery-attempt').first();
      assert(
        (await attempt.getByTestId('attempt-status').textContent()) === 'HTTP 204',
        `the attempt shows ${await attempt.getByTestId('attempt-status').textContent()}`,
      );
      const test = page.locator('[data-testid="delivery"][data-trigger="TEST"]');
      assert((await test.count()) === 1, 'the test delivery is not in the log');

      const forJob = receiver.received.filter((r) => r.json?.job?.id === jobId);
      assert(forJob.length === 1, `the receiver got ${forJob.length} deliveries for the job`);
      assert(forJob[0].signed, 'the delivery is not signed with the rule’s secret');
      assert(forJob[0].json.trigger === 'JOB_FAILED', `trigger ${forJob[0].json.trigger}`);
      assert(
        receiver.received.filter((r) => r.json?.test === true).length === 1,
        'the receiver did not get the test once',
      );
      state.deliveryKey = forJob[0].key;
      state.alertJobId = jobId;
      await screenshot(page, shots, 'alert-rule');
      return `${receiver.received.length} webhooks received, all signed: ${receiver.received.every((r) => r.signed)}`;
    },
    { needs: signedIn },
  );

  await checks.run(
    'an alert delivery is redelivered with the same idempotency key; an edit is in the history',
    async () => {
      await open(`/alerts/${state.ruleId}`);
      const failed = page.locator('[data-testid="delivery"][data-trigger="JOB_FAILED"]');
      const before = receiver.received.length;
      await failed.getByRole('button', { name: 'Redeliver' }).click();
      await page.waitForFunction(
        () =>
          document
            .querySelector('[data-testid="delivery"][data-trigger="JOB_FAILED"]')
            ?.querySelectorAll('[data-testid="delivery-attempt"]').length === 2,
        null,
        { timeout: 30_000 },
      );
      const again = receiver.received
        .slice(before)
        .filter((r) => r.json?.job?.id === state.alertJobId);
      assert(again.length === 1, `${again.length} redeliveries arrived`);
      assert(again[0].key === state.deliveryKey, 'the redelivery has another idempotency key');
      assert(
        (await failed.getAttribute('data-state')) === 'DELIVERED',
        `the redelivery is ${await failed.getAttribute('data-state')}`,
      );

      await page.getByRole('button', { name: 'Edit' }).click();
      const name = page.locator(`#rule-${state.ruleId}-name`);
      assert((await name.inputValue()) === state.ruleName, 'the form does not show the rule');
      await name.fill(`${state.ruleName} (edited)`);
      await page.getByRole('button', { name: 'Save rule' }).click();
      await page
        .getByTestId('rule-name')
        .and(page.getByText(`${state.ruleName} (edited)`))
        .waitFor();
      const updated = page.locator('[data-testid="rule-change"][data-kind="UPDATED"]');
      await updated.waitFor();
      assert(
        (await updated.getByTestId('changed-by').textContent()) === 'browser',
        'the change does not say who made it',
      );
      const paths = await updated
        .getByTestId('difference')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-path')));
      assert(paths.includes('/name'), `the change shows ${paths}`);
      await open('/alerts');
      const row = page.locator(`[data-testid="rule-row"][data-rule-id="${state.ruleId}"]`);
      await row.getByTestId('last-delivery').waitFor();
      const last = await row.getByTestId('last-delivery').getAttribute('data-state');
      assert(last === 'DELIVERED', `the list shows the last delivery as ${last}`);
      await screenshot(page, shots, 'alerts');
    },
    { needs: [alertRule] },
  );

  await checks.run(
    'the health page shows the alerts consumer, who holds it and its lag',
    async () => {
      await open('/health');
      const consumer = page.locator('[data-testid="consumer"][data-consumer="alerts"]');
      await consumer.waitFor();
      assert((await consumer.getAttribute('data-active')) === 'true', 'nobody holds it');
      const lag = await consumer.getByTestId('consumer-lag').textContent();
      assert(/^\d+ events, [\d.]+ s$/.test(lag), `the lag reads ${lag}`);
      return lag;
    },
    { needs: signedIn },
  );

  await checks.run(
    'a VIEWER reads the alert rules, the delivery log and a job but gets no controls',
    async () => {
      if (!viewerToken) return 'skipped: no JOBTRAIL_VIEWER_TOKEN';
      try {
        await page.goto(`${base}/?token=${encodeURIComponent(viewerToken)}#/alerts`);
        await page.locator('[data-testid="alerts-page"][data-role="VIEWER"]').waitFor();
        await page.getByTestId('rule-list').waitFor();
        assert(
          (await page.getByRole('link', { name: 'New rule' }).count()) === 0,
          'New rule shown',
        );
        await open(`/alerts/${state.ruleId}`);
        await page.locator('[data-testid="alert-rule-page"][data-role="VIEWER"]').waitFor();
        await page.locator('[data-testid="delivery"][data-trigger="JOB_FAILED"]').waitFor();
        for (const name of ['Edit', 'Send test', 'Delete', 'Redeliver']) {
          const n = await page.getByRole('button', { name }).count();
          assert(n === 0, `a VIEWER sees ${n} ${name} button(s)`);
        }
        assert(
          (await page.getByTestId('rule-change').count()) >= 2,
          'a VIEWER does not see the history',
        );
        const jobId = state.replayId ?? state.jobId;
        if (jobId) {
          await open(`/jobs/${jobId}`);
          await page.locator('[data-testid="job-toolbar"][data-role="VIEWER"]').waitFor();
          for (const name of ['Pause', 'Resume', 'Cancel', 'Replay…']) {
            const n = await page.getByRole('button', { name, exact: true }).count();
            assert(n === 0, `a VIEWER sees ${n} ${name} button(s) on the job page`);
          }
          await page.getByRole('link', { name: 'Family', exact: true }).waitFor();
        }
      } finally {
        await page.goto(`${base}/?token=${encodeURIComponent(token)}#/alerts`);
        await page.locator('[data-testid="alerts-page"][data-role="ADMIN"]').waitFor();
      }
    },
    { needs: [alertRule] },
  );

  const pages = () => [
    ['jobs', '/'],
    ['job', `/jobs/${state.replayId ?? state.jobId}`],
    ['audit', `/jobs/${state.replayId ?? state.jobId}/audit`],
    ['time-travel', `/jobs/${state.failedId ?? state.jobId}/time-travel`],
    [
      'compare',
      state.replayId ? `/compare?left=${state.failedId}&right=${state.replayId}` : '/compare',
    ],
    ...(state.replayId ? [['family', `/jobs/${state.replayId}/family`]] : []),
    ['health', '/health'],
    ['alerts', '/alerts'],
    ...(state.ruleId ? [['alert-rule', `/alerts/${state.ruleId}`]] : []),
    ['new-alert-rule', '/alerts/new'],
    ['not-found', '/no/such/page'],
  ];

  await checks.run(
    'every page fits 390 px with no sideways page scroll',
    async () => {
      const narrow = await context.newPage();
      await narrow.setViewportSize({ width: 390, height: 844 });
      const wide = [];
      for (const [name, path] of pages()) {
        await narrow.goto(`${base}/#${path}`);
        await narrow.locator('main h1').first().waitFor();
        await narrow.waitForTimeout(600);
        const overflow = await horizontalOverflow(narrow);
        if (overflow > 0) wide.push(`${name} by ${overflow}px`);
        await screenshot(narrow, shots, name);
      }
      await narrow.close();
      assert(wide.length === 0, `scrolls sideways: ${wide.join(', ')}`);
    },
    { needs: signedIn },
  );

  await checks.run(
    'dark mode follows the system and keeps its contrast',
    async () => {
      const dark = await context.newPage();
      await dark.emulateMedia({ colorScheme: 'dark' });
      const found = [];
      for (const [name, path] of pages().filter(([n]) =>
        ['jobs', 'job', 'audit', 'alerts', 'alert-rule'].includes(n),
      )) {
        await dark.goto(`${base}/#${path}`);
        await dark.locator('main h1').first().waitFor();
        await dark.waitForTimeout(600);
        const background = await dark.evaluate(
          () => getComputedStyle(document.documentElement).backgroundColor,
        );
        const [r, g, b] = background.match(/\d+/g).map(Number);
        if (r + g + b > 3 * 80) found.push(`${name}: background ${background}`);
        for (const v of await seriousViolations(dark)) found.push(`${name}: ${v}`);
        await screenshot(dark, shots, `${name}-dark`);
      }
      await dark.close();
      assert(found.length === 0, found.join('; '));
    },
    { needs: signedIn },
  );

  await checks.run(
    'the main pages have no serious or critical accessibility violation (axe-core)',
    async () => {
      const found = [];
      for (const [name, path] of pages()) {
        await open(path);
        await page.locator('main h1').first().waitFor();
        await page.waitForTimeout(600);
        if (name !== 'not-found') await screenshot(page, shots, name);
        for (const v of await seriousViolations(page)) found.push(`${name}: ${v}`);
      }
      assert(found.length === 0, found.join('; '));
    },
    { needs: signedIn },
  );
} finally {
  await browser.close();
  await receiver.close();
}

process.exit(checks.finish());
