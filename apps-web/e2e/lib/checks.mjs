// A tiny check runner: named checks in order, PASS/FAIL lines, a screenshot for each failure.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../target/e2e/', import.meta.url));

export class Checks {
  constructor(page) {
    this.page = page;
    this.results = [];
    this.pageErrors = [];
    page.on('pageerror', (error) => this.pageErrors.push(error.message));
  }

  /**
   * Runs fn unless a check it needs failed; never throws. With JOBTRAIL_E2E_ONLY set (a part of a
   * name, for working on one check), other checks are left out unless another one needs them.
   */
  async run(name, fn, { needs = [], always = false } = {}) {
    const only = process.env.JOBTRAIL_E2E_ONLY;
    if (only && !always && !name.includes(only)) return false;
    if (only && needs.some((n) => !this.results.some((r) => r.name === n))) return false;
    const missing = needs.filter((n) => !this.passed(n));
    if (missing.length > 0) {
      return this.record(name, false, `not run, needs ${missing.join(', ')}`);
    }
    const started = Date.now();
    const took = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
    try {
      const note = await fn();
      return this.record(name, true, note ? `${note}; ${took()}` : took());
    } catch (error) {
      await this.screenshot(name);
      return this.record(
        name,
        false,
        `${(error?.message ?? String(error)).split('\n')[0]} (${took()})`,
      );
    }
  }

  passed(name) {
    return this.results.some((r) => r.name === name && r.ok);
  }

  record(name, ok, detail) {
    this.results.push({ name, ok });
    if (ok) console.log(`PASS ${name}${detail ? ` (${detail})` : ''}`);
    else console.log(`FAIL ${name}: ${detail}`);
    return ok;
  }

  async screenshot(name) {
    try {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const file = `${SCREENSHOT_DIR}${name.replace(/[^a-z0-9]+/gi, '-')}.png`;
      await this.page.screenshot({ path: file, fullPage: true });
      console.log(`  screenshot: ${file}`);
    } catch (error) {
      console.log(`  no screenshot: ${error.message}`);
    }
  }

  /** Prints the summary line and returns the process exit code. */
  finish() {
    const passed = this.results.filter((r) => r.ok).length;
    const failed = this.results.length - passed;
    if (failed > 0 && this.pageErrors.length > 0) {
      console.log(`Errors thrown in the page:\n  ${this.pageErrors.join('\n  ')}`);
    }
    console.log(`e2e: ${passed} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
  }
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}
