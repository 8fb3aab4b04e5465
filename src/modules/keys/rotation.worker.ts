/**
 * Key rotation as a job of the shared runner: every few seconds the instance holding the job picks
 * up running rotations (including ones a crashed process left behind) and re-encrypts batches until
 * each is done or the pass's time budget (most of the interval) is spent, yielding to the event loop
 * so that requests keep being served. The runner's lease keeps two instances off the same pass.
 * A suspended business's rotation waits (`mayRun`) and goes on once the business is resumed.
 */
import type { Logger } from '../../logging/logger.js';
import type { JobDefinition } from '../jobs/job-runner.js';
import type { RotationService } from './rotation.service.js';

export function rotationJob(
  rotation: RotationService,
  logger: Logger,
  mayRun: (tenantId: string) => Promise<boolean>,
  intervalMs = 5_000,
): JobDefinition {
  return {
    name: 'key-rotation',
    intervalMs,
    retryMs: intervalMs,
    async run() {
      for (const r of await rotation.running()) {
        if (!(await mayRun(r.tenantId))) continue;
        const progress = await rotation.runToCompletion(r.tenantId, r.id, { budgetMs: intervalMs * 0.8 });
        if (progress.status === 'completed')
          logger.info({ rotationId: r.id, keyId: r.keyId, toVersion: r.toVersion }, 'key rotation completed');
      }
    },
  };
}
