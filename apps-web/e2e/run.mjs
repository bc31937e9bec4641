// Browser end-to-end checks of the web console against a running Jobtrail.
//   JOBTRAIL_BASE_URL (default http://127.0.0.1:8080), JOBTRAIL_TOKEN (operator role or more),
//   CHROME_PATH (default /usr/bin/chromium).
// Exit code: 0 all checks passed, 1 a check failed, 2 bad configuration, 3 no Chromium.
import { chromePath, hasChrome, launchBrowser } from './lib/browser.mjs';
import { assert, Checks } from './lib/checks.mjs';
import {
  jobIdFromUrl,
  progressOf,
  waitForJobPage,
  waitForStatus,
  watchedStatuses,
  watchStatus,
} from './lib/console.mjs';

const base = (process.env.JOBTRAIL_BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const token = process.env.JOBTRAIL_TOKEN;

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

const browser = await launchBrowser();
const page = browser.context.pages()[0] ?? (await browser.context.newPage());
page.setDefaultTimeout(15_000);
const checks = new Checks(page);
const state = {};

try {
  await checks.run('console opens with the token from the URL', async () => {
    await page.goto(`${base}/?token=${encodeURIComponent(token)}`);
    await page.getByRole('heading', { name: 'Jobs', exact: true }).waitFor();
    assert(!new URL(page.url()).searchParams.has('token'), 'the token is still in the URL');
    // The job list (or its empty state) renders only once the server accepted the token.
    await page
      .locator('[data-testid="job-list"], [data-testid="no-jobs"], [data-testid="sign-in"]')
      .first()
      .waitFor();
    assert(!(await page.getByTestId('sign-in').isVisible()), 'the server rejected the token');
  });

  await checks.run(
    'create a job with the form',
    async () => {
      state.name = `e2e ${new Date().toISOString()}`;
      const form = page.getByTestId('new-job-form');
      await form.getByLabel('Name', { exact: true }).fill(state.name);
      await form.getByLabel('Task', { exact: true }).fill('Reverse a string, with tests.');
      await form.getByLabel('Parameters (JSON object)').fill('{"e2e": true}');
      for (const role of ['Planner', 'Coder', 'Critique']) {
        const kind = await form.getByLabel(role).inputValue();
        assert(kind === 'simulated', `${role} agent defaults to ${kind}, not simulated`);
      }
      await form.getByRole('button', { name: 'Create job' }).click();
      const created = page.getByTestId('job-created').getByRole('link');
      await created.waitFor();
      state.jobId = jobIdFromUrl(await created.getAttribute('href'));
      assert(state.jobId, 'no link to the new job');
      return state.jobId;
    },
    { needs: ['console opens with the token from the URL'] },
  );

  await checks.run(
    'the new job appears in the list',
    async () => {
      const row = page.locator(`[data-testid="job-row"][data-job-id="${state.jobId}"]`);
      await row.waitFor();
      assert((await row.textContent()).includes(state.name), 'the row does not show the name');
    },
    { needs: ['create a job with the form'] },
  );

  await checks.run(
    'job details reach COMPLETED live at 100%',
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
      const progress = await progressOf(page);
      assert(progress === '100', `progress shows ${progress}%`);
      assert((await page.getByTestId('step-row').count()) > 0, 'the step timeline is empty');
      return `saw ${statuses.join(' → ')}`;
    },
    { needs: ['create a job with the form'] },
  );

  await checks.run(
    'audit trail lists the events from JobCreated',
    async () => {
      await page.getByRole('link', { name: 'Audit trail' }).click();
      await page.getByRole('heading', { name: /^Audit trail/ }).waitFor();
      const rows = page.getByTestId('event-row');
      await rows.first().waitFor();
      const first = rows.first();
      const type = (await first.getByTestId('event-type').textContent()).trim();
      assert(type === 'JobCreated', `the first event is ${type}`);
      assert((await first.getAttribute('data-sequence')) === '1', 'the first event is not #1');
      // The history streams in over the subscription: wait for its end to arrive.
      await page
        .getByTestId('event-type')
        .filter({ hasText: /^\s*JobCompleted\s*$/ })
        .first()
        .waitFor({ timeout: 15_000 })
        .catch(() => {});
      const types = await page.getByTestId('event-type').allTextContents();
      assert(types.map((t) => t.trim()).includes('JobCompleted'), 'no JobCompleted event');
      await first.getByRole('button', { name: 'JSON' }).click();
      await page.getByTestId('event-details').first().waitFor();
      return `${types.length} events`;
    },
    { needs: ['job details reach COMPLETED live at 100%'] },
  );

  await checks.run(
    'verify reports the job intact',
    async () => {
      await page.getByRole('button', { name: 'Verify' }).click();
      const report = page.getByTestId('verify-report');
      await report.waitFor();
      assert((await report.getAttribute('data-ok')) === 'true', await report.textContent());
    },
    { needs: ['audit trail lists the events from JobCreated'] },
  );

  await checks.run(
    'time travel shows an earlier status',
    async () => {
      await page.goto(`${base}/#/jobs/${encodeURIComponent(state.jobId)}/time-travel`);
      await waitForStatus(page, 'COMPLETED', 'tt-status');
      const slider = page.getByTestId('tt-slider');
      await slider.focus();
      await page.keyboard.press('Home');
      await page.waitForFunction(
        () => document.querySelector('[data-testid="tt-version"]')?.textContent === '1',
      );
      const event = (await page.getByTestId('tt-event-type').textContent()).trim();
      assert(event === 'JobCreated', `version 1 is ${event}`);
      const handle = await page.waitForFunction(() => {
        const heading = document.querySelector('#state-title')?.textContent ?? '';
        const status = document.querySelector('[data-testid="tt-status"]')?.textContent;
        return heading.startsWith('State at version 1 ') && status;
      });
      const status = await handle.jsonValue();
      assert(status !== 'COMPLETED', 'version 1 shows COMPLETED');
      return `version 1 is ${status}`;
    },
    { needs: ['job details reach COMPLETED live at 100%'] },
  );

  await checks.run(
    'the failure demo ends FAILED',
    async () => {
      await page.goto(`${base}/#/`);
      await page.getByRole('button', { name: 'Demo failure' }).click();
      state.failedId = await waitForJobPage(page);
      await waitForStatus(page, 'FAILED');
      return state.failedId;
    },
    { needs: ['console opens with the token from the URL'] },
  );

  await checks.run(
    'a replay from before the failure, without the failure, completes',
    async () => {
      await page.getByRole('button', { name: 'Replay…' }).click();
      const dialog = page.getByTestId('replay-dialog');
      await dialog.waitFor();
      const select = dialog.getByLabel('Fork from event');
      // The event list may still be streaming in.
      await select
        .locator('option', { hasText: 'PlannerCompleted' })
        .first()
        .waitFor({ state: 'attached', timeout: 15_000 })
        .catch(() => {});
      const options = await select.locator('option').allTextContents();
      const planned = options.find((o) => / PlannerCompleted /.test(o));
      if (planned) await select.selectOption({ label: planned });
      const from = await select.locator('option:checked').textContent();
      assert(!/Failed/.test(from), `the fork point is a failure: ${from}`);
      await dialog.getByLabel('Parameters (JSON object)').fill('{}');
      await dialog.getByRole('button', { name: 'Replay', exact: true }).click();
      state.replayId = await waitForJobPage(page, state.failedId);
      await page.getByTestId('replay-of').waitFor();
      await waitForStatus(page, 'COMPLETED');
      return `forked at ${from.split(' · ')[0]}`;
    },
    { needs: ['the failure demo ends FAILED'] },
  );

  await checks.run(
    'compare with the original highlights a difference',
    async () => {
      await page.getByTestId('compare-with-original').click();
      await page.getByRole('heading', { name: 'Compare jobs' }).waitFor();
      const status = page.locator('[data-testid="compare-field"]', {
        has: page.getByRole('rowheader', { name: 'Status', exact: true }),
      });
      await status.waitFor();
      assert((await status.getAttribute('data-differs')) === 'true', 'status is not highlighted');
      const query = new URLSearchParams(page.url().split('?')[1]);
      assert(query.get('left') === state.failedId, 'left is not the original');
      assert(query.get('right') === state.replayId, 'right is not the replay');
      const differing = await page.locator('[data-differs="true"]').count();
      return `${differing} highlighted rows`;
    },
    { needs: ['a replay from before the failure, without the failure, completes'] },
  );
} finally {
  await browser.close();
}

process.exit(checks.finish());
