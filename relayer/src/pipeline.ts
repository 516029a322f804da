// Runs the stages after intake in loops: the batcher forms batches, the submitter signs and sends them, the
// tracker follows them. `drain` stops taking new work and lets what is in flight finish.
import type { Logger } from 'pino';
import type { Batcher } from './batcher/batcher.ts';
import type { RemoteSubmitter } from './submitter/remote-submitter.ts';
import type { Submitter } from './submitter/submitter.ts';
import type { Tracker } from './tracker/tracker.ts';

export interface PipelineOptions {
  batcher: Batcher;
  submitter: Submitter;
  tracker: Tracker;
  /** Sends and follows the batches of a remote signer backend, when one is configured. */
  remoteSubmitter?: RemoteSubmitter;
  logger: Logger;
  /** Pause between batcher/submitter rounds when there was nothing to do (ms). */
  idleMs: number;
  /** Pause between tracker rounds (ms). */
  trackMs: number;
}

export class Pipeline {
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(private readonly options: PipelineOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = [
      this.loop('batcher', () => this.options.batcher.formBatch().then(Boolean), this.options.idleMs),
      this.loop('submitter', () => this.options.submitter.submitNext().then(Boolean), this.options.idleMs),
      this.loop('tracker', () => this.options.tracker.tick().then(() => false), this.options.trackMs),
    ];
    const remote = this.options.remoteSubmitter;
    if (remote)
      this.loops.push(
        this.loop('remote submitter', () => remote.submitNext().then(Boolean), this.options.idleMs),
        this.loop('remote tracker', () => remote.tick().then(() => false), this.options.trackMs),
      );
  }

  /** Stops the loops after their current round. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  /** Repeats `work`; sleeps only when it reports nothing done. Errors are logged and retried after a pause. */
  private async loop(name: string, work: () => Promise<boolean>, pauseMs: number): Promise<void> {
    while (this.running) {
      let busy = false;
      try {
        busy = await work();
      } catch (error) {
        this.options.logger.warn({ err: error, stage: name }, 'pipeline stage failed; retrying');
      }
      if (!busy) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}
