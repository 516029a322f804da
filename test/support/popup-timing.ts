// How soon the popup is usable: the time from navigation start to the mark the popup sets once its first wallet
// control can be used, per state measured. Each browser suite prints its figures and writes them to
// .data/test-reports/popup-interactive-<suite>.json; `npm test` lists them in its summary (target: 150 ms).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { POPUP_INTERACTIVE_MARK } from '../../extension/entrypoints/popup/interactive-mark.ts';

export const POPUP_INTERACTIVE_TARGET_MS = 150;
export const popupReportDir = join(import.meta.dirname, '..', '..', '.data', 'test-reports');

/** Milliseconds from the page's navigation start until the popup marked itself interactive. */
export async function interactiveMs(page: Page): Promise<number> {
  await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, POPUP_INTERACTIVE_MARK);
  return page.evaluate((mark) => performance.getEntriesByName(mark)[0]!.startTime, POPUP_INTERACTIVE_MARK);
}

/** Prints and stores one suite's timings, by the state the popup opened in. */
export function reportPopupTimings(suite: string, timings: Record<string, number>): void {
  if (Object.keys(timings).length === 0) return;
  console.log(
    `popup interactive (navigation start → first wallet control usable; target ${POPUP_INTERACTIVE_TARGET_MS} ms): ${Object.entries(
      timings,
    )
      .map(([state, ms]) => `${state} ${ms.toFixed(0)} ms`)
      .join(', ')}`,
  );
  mkdirSync(popupReportDir, { recursive: true });
  writeFileSync(
    join(popupReportDir, `popup-interactive-${suite}.json`),
    `${JSON.stringify({ suite, target_ms: POPUP_INTERACTIVE_TARGET_MS, interactive_ms: timings }, null, 2)}\n`,
  );
}
