// Runs a task again and again with a pause in between, until stopped; a failure is logged and the task goes on.
import type { Logger } from 'pino';

export interface PeriodicTask {
  /** Stops after the current run (if any) and waits for it. */
  stop(): Promise<void>;
}

export function startPeriodic(
  name: string,
  everyMs: number,
  task: () => Promise<unknown>,
  logger: Logger,
): PeriodicTask {
  let running = true;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (running) {
      try {
        await task();
      } catch (error) {
        logger.warn({ err: error, task: name }, 'periodic task failed; retrying');
      }
      if (!running) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, everyMs).unref();
      });
    }
  })();
  return {
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}
