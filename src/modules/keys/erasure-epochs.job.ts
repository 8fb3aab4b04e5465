/**
 * The `erasure-epochs` job: carries survivors of doomed erasure epochs to the live one and destroys
 * doomed epochs once their grace period has passed (ADR 0024). It runs at least twice per grace
 * period (at most once a minute), so an erasure is final everywhere within about the grace period.
 */
import type { Logger } from '../../logging/logger.js';
import type { JobDefinition } from '../jobs/job-runner.js';
import type { EpochShredder } from './epoch-shredder.js';

export function erasureEpochsJob(shredder: EpochShredder, logger: Logger, graceMs: number): JobDefinition {
  const intervalMs = Math.max(1_000, Math.min(60_000, Math.floor(graceMs / 2)));
  return {
    name: 'erasure-epochs',
    intervalMs,
    retryMs: intervalMs,
    initialDelayMs: 0,
    async run() {
      const result = await shredder.run();
      if (result.adopted + result.carried + result.destroyed > 0)
        logger.info(result, 'erasure key epochs: customer keys moved, doomed epochs destroyed');
    },
  };
}
