/**
 * Runs rotations in the background of a server: every few seconds it picks up running rotations
 * (including ones a crashed process left behind) and re-encrypts a batch. Several instances may
 * work on the same rotation; the compare-and-set updates keep that correct.
 */
import type { Logger } from '../../logging/logger.js';
import type { RotationService } from './rotation.service.js';

export class RotationWorker {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(
    private readonly rotation: RotationService,
    private readonly logger: Logger,
    private readonly intervalMs = 5_000,
  ) {}

  start(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => {
      this.#running ??= this.tick().finally(() => (this.#running = undefined));
    }, this.intervalMs);
    this.#timer.unref();
  }

  /**
   * One pass: batches for every running rotation until it is done or this pass's time budget is
   * spent (most of the interval), yielding to the event loop between and within batches so that
   * requests keep being served.
   */
  async tick(): Promise<void> {
    try {
      for (const r of await this.rotation.running()) {
        const progress = await this.rotation.runToCompletion(r.tenantId, r.id, {
          budgetMs: this.intervalMs * 0.8,
        });
        if (progress.status === 'completed')
          this.logger.info(
            { rotationId: r.id, keyId: r.keyId, toVersion: r.toVersion },
            'key rotation completed',
          );
      }
    } catch (error) {
      this.logger.error({ err: error }, 'key rotation batch failed; will retry');
    }
  }

  async stop(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }
}
