// How soon the popup is usable: the time from navigation start to the mark the popup sets once its first wallet
// control can be used, per state measured. A state is opened once in the flow of its test, then again a few
// times on its own: the first open may be the browser's first load of the extension's code, the median is what
// a user who opens the popup now and then sees. Each browser suite prints its figures and writes them to
// .data/test-reports/popup-interactive-<suite>.json; `npm test` lists them in its summary (target: 150 ms).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { median } from '../../bench/process-stats.ts';
import { POPUP_INTERACTIVE_MARK } from '../../extension/entrypoints/popup/interactive-mark.ts';

export const POPUP_INTERACTIVE_TARGET_MS = 150;
export const popupReportDir = join(import.meta.dirname, '..', '..', '.data', 'test-reports');
/** Opens of a state after its first, for the median. */
const REOPENS = 4;

/** Milliseconds from the page's navigation start until the popup marked itself interactive. */
export async function interactiveMs(page: Page): Promise<number> {
  await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, POPUP_INTERACTIVE_MARK);
  return page.evaluate((mark) => performance.getEntriesByName(mark)[0]!.startTime, POPUP_INTERACTIVE_MARK);
}

/**
 * The time to interactive of `first` (already open), then of `REOPENS` fresh popups in the same state, each
 * waited on with `ready` and closed.
 */
export async function openTimings(
  first: Page,
  openPopup: () => Promise<Page>,
  ready: (page: Page) => Promise<unknown>,
): Promise<number[]> {
  const timings = [await interactiveMs(first)];
  for (let open = 0; open < REOPENS; open++) {
    const page = await openPopup();
    await ready(page);
    timings.push(await interactiveMs(page));
    await page.close();
  }
  return timings;
}

export interface StateTiming {
  first_ms: number;
  median_ms: number;
  opens_ms: number[];
}

function summarise(opens: number[]): StateTiming {
  const round = (ms: number) => Math.round(ms);
  return { first_ms: round(opens[0]!), median_ms: round(median(opens)), opens_ms: opens.map(round) };
}

/** How `npm test`'s summary and the suites print one state: the median, with the first open beside it. */
export function describeTiming(state: string, timing: StateTiming, targetMs: number): string {
  const over = timing.median_ms > targetMs;
  if (timing.opens_ms.length === 1) return `${state} ${timing.median_ms} ms${over ? ' (over target)' : ''}`;
  return `${state} ${timing.median_ms} ms (median of ${timing.opens_ms.length}; first ${timing.first_ms} ms${over ? ', over target' : ''})`;
}

/** Prints and stores one suite's timings, by the state the popup opened in. */
export function reportPopupTimings(suite: string, timings: Record<string, number[]>): void {
  const states = Object.fromEntries(
    Object.entries(timings)
      .filter(([, opens]) => opens.length > 0)
      .map(([state, opens]) => [state, summarise(opens)]),
  );
  if (Object.keys(states).length === 0) return;
  console.log(
    `popup interactive (navigation start → first wallet control usable; target ${POPUP_INTERACTIVE_TARGET_MS} ms): ${Object.entries(
      states,
    )
      .map(([state, timing]) => describeTiming(state, timing, POPUP_INTERACTIVE_TARGET_MS))
      .join(', ')}`,
  );
  mkdirSync(popupReportDir, { recursive: true });
  writeFileSync(
    join(popupReportDir, `popup-interactive-${suite}.json`),
    `${JSON.stringify({ suite, target_ms: POPUP_INTERACTIVE_TARGET_MS, interactive: states }, null, 2)}\n`,
  );
}
