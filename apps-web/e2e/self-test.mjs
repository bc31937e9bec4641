// Runs the e2e checks (run.mjs) against the fake backend, then checks what the console does when
// the backend is missing, rejects the token, or drops the WebSocket. Needs `npm run build` first.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromePath, hasChrome, launchBrowser } from './lib/browser.mjs';
import { assert, Checks } from './lib/checks.mjs';
import { startFakeBackend } from './fake-backend/server.mjs';

if (!existsSync(fileURLToPath(new URL('../dist/index.html', import.meta.url)))) {
  console.log('FAIL setup: no dist/index.html; run `npm run build` first');
  process.exit(2);
}
if (!hasChrome()) {
  console.log(
    `SKIP: no Chromium at ${chromePath()}; install it with 'apt-get install -y chromium'`,
  );
  process.exit(3);
}

const backend = await startFakeBackend();
// Asynchronously: the fake backend runs in this process and must keep serving meanwhile.
const runStatus = await new Promise((resolve) => {
  spawn(process.execPath, [fileURLToPath(new URL('run.mjs', import.meta.url))], {
    env: { ...process.env, JOBTRAIL_BASE_URL: backend.url, JOBTRAIL_TOKEN: backend.token },
    stdio: 'inherit',
  }).on('exit', resolve);
});

const dead = await startFakeBackend({ down: true });
const browser = await launchBrowser();
const page = browser.context.pages()[0] ?? (await browser.context.newPage());
page.setDefaultTimeout(10_000);
const checks = new Checks(page);

try {
  await checks.run('without a token the sign-in box is shown', async () => {
    await page.goto(`${backend.url}/`);
    await page.getByTestId('sign-in').waitFor();
    await page.getByLabel('Access token').waitFor();
  });

  await checks.run('a rejected token brings the sign-in box back', async () => {
    await page.goto(`${backend.url}/?token=wrong`);
    await page.getByText('The server did not accept the token').waitFor();
    const stored = await page.evaluate(() => localStorage.getItem('jobtrail.token'));
    assert(stored === null, `the rejected token is still stored: ${stored}`);
  });

  await checks.run('with the backend down the pages show errors, not a crash', async () => {
    await page.goto(`${dead.url}/?token=any`);
    await page.getByRole('heading', { name: 'Jobs', exact: true }).waitFor();
    await page.getByTestId('error').first().waitFor();
    await page.goto(`${dead.url}/#/jobs/some-id`);
    await page.locator('[data-testid="live-state"][data-state="error"]').waitFor();
    assert(checks.pageErrors.length === 0, `page errors: ${checks.pageErrors.join('; ')}`);
  });

  await checks.run(
    'a dropped WebSocket reconnects and the event list has no gaps or duplicates',
    async () => {
      await page.goto(`${backend.url}/?token=${backend.token}`);
      await page.getByRole('button', { name: 'Demo run' }).click();
      await page.getByTestId('job-status').waitFor();
      const jobId = /#\/jobs\/([^/?]+)/.exec(page.url())[1];
      await page.goto(`${backend.url}/#/jobs/${jobId}/audit`);
      await page.locator('[data-testid="live-state"][data-state="live"]').waitFor();
      backend.dropConnections();
      await page.locator('[data-testid="live-state"][data-state="reconnecting"]').waitFor();
      await page.locator('[data-testid="live-state"][data-state="live"]').waitFor();
      await page.getByTestId('event-type').getByText('JobCompleted').waitFor({ timeout: 30_000 });
      const sequences = await page
        .getByTestId('event-row')
        .evaluateAll((rows) => rows.map((r) => Number(r.dataset.sequence)));
      assert(
        sequences.every((s, i) => s === i + 1),
        `sequences are ${sequences.join(',')}`,
      );
      return `${sequences.length} events`;
    },
  );
} finally {
  await browser.close();
  await backend.close();
  await dead.close();
}

const own = checks.finish();
process.exit(runStatus === 0 && own === 0 ? 0 : 1);
