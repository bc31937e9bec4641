// What the browser checks read from the console's pages.
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { assert } from './checks.mjs';

/** Steps and attempts as the page shows them, for comparing a live page with a fresh load. */
export async function stepsShown(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="step"]')].map((step) => ({
      step: step.getAttribute('data-step'),
      status: step.getAttribute('data-status'),
      attempts: [...step.querySelectorAll('[data-testid="attempt-row"]')].map((row) => ({
        attempt: row.getAttribute('data-attempt'),
        status: row.querySelector('[data-testid="attempt-status"]')?.textContent?.trim(),
        duration: row.querySelector('[data-testid="attempt-row-duration"]')?.textContent?.trim(),
      })),
    })),
  );
}

/** The header facts that a fresh load must show the same. */
export async function headerShown(page) {
  return page.evaluate(() => ({
    status: document.querySelector('[data-testid="job-status"]')?.textContent?.trim(),
    version: document.querySelector('[data-testid="job-version"]')?.textContent?.trim(),
    step: document.querySelector('[data-testid="job-current-step"]')?.textContent?.trim(),
    progress: document.querySelector('[data-testid="job-progress"]')?.getAttribute('aria-valuenow'),
  }));
}

/** Whether the page scrolls sideways (it must not: wide content scrolls in its own box). */
export async function horizontalOverflow(page) {
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
}

/** Runs axe-core on the page; returns the serious and critical violations. */
export async function seriousViolations(page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes[0]?.target.join(' ')}`);
}

/** Saves a full-page screenshot as `<dir>/<name>-<width>.png`. */
export async function screenshot(page, dir, name) {
  mkdirSync(dir, { recursive: true });
  const width = page.viewportSize().width;
  await page.screenshot({ path: `${dir}/${name}-${width}.png`, fullPage: true });
}

/** The sequence numbers of the audit trail's rows, read by scrolling the virtual list. */
export async function auditSequences(page) {
  return page.evaluate(async () => {
    const scroller = document.querySelector('[data-testid="event-scroll"]');
    const seen = new Map();
    const read = () =>
      document.querySelectorAll('[data-testid="event-row"]').forEach((row) => {
        const sequence = Number(row.getAttribute('data-sequence'));
        seen.set(row.id, sequence);
      });
    scroller.scrollTop = 0;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    for (let guard = 0; guard < 10_000; guard++) {
      read();
      if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) break;
      scroller.scrollTop += scroller.clientHeight / 2;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    }
    read();
    return [...seen.values()].sort((a, b) => a - b);
  });
}

export function assertGapless(sequences, expected) {
  for (let i = 0; i < sequences.length; i++) {
    assert(
      sequences[i] === i + 1,
      `event #${i + 1} is missing or duplicated (got ${sequences[i]})`,
    );
  }
  assert(
    sequences.length === expected,
    `${sequences.length} events shown, the job has ${expected}`,
  );
}
