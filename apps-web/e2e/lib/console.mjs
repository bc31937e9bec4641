// What a person does in the Jobtrail console, as Playwright steps.
import { assert } from './checks.mjs';

export const JOB_TIMEOUT_MS = Number(process.env.JOBTRAIL_E2E_JOB_TIMEOUT_MS || 90_000);

export function jobIdFromUrl(url) {
  const match = /#\/jobs\/([^/?]+)/.exec(url);
  return match ? decodeURIComponent(match[1]) : null;
}

/** Waits until the page shows a job other than `previousId` and returns its id. */
export async function waitForJobPage(page, previousId = null) {
  await page.waitForFunction(
    (previous) => {
      const match = /#\/jobs\/([^/?]+)$/.exec(window.location.hash);
      return match && decodeURIComponent(match[1]) !== previous;
    },
    previousId,
    { timeout: 15_000 },
  );
  await page.getByTestId('job-status').first().waitFor();
  return jobIdFromUrl(page.url());
}

/** Waits for the status badge to read `status`, failing early on another final status. */
export async function waitForStatus(page, status, testId = 'job-status') {
  const final = ['COMPLETED', 'FAILED', 'CANCELLED'].filter((s) => s !== status);
  const handle = await page.waitForFunction(
    ({ testId, status, final }) => {
      const text = document.querySelector(`[data-testid="${testId}"]`)?.textContent?.trim();
      return text === status || final.includes(text) ? text : false;
    },
    { testId, status, final },
    { timeout: JOB_TIMEOUT_MS, polling: 100 },
  );
  const seen = await handle.jsonValue();
  assert(seen === status, `status became ${seen}, expected ${status}`);
}

/** Remembers every text the status badge shows from now on, to tell a live change from a load. */
export async function watchStatus(page) {
  await page.evaluate(() => {
    window.__statuses = [];
    window.__noReload = true;
    const record = () => {
      const text = document.querySelector('[data-testid="job-status"]')?.textContent?.trim();
      if (text && window.__statuses.at(-1) !== text) window.__statuses.push(text);
    };
    record();
    new MutationObserver(record).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
}

export async function watchedStatuses(page) {
  return page.evaluate(() => ({ statuses: window.__statuses, noReload: window.__noReload }));
}

export async function progressOf(page, testId = 'job-progress') {
  return page.getByTestId(testId).first().getAttribute('aria-valuenow');
}
