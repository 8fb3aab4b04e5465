/**
 * A preValidation hook that refuses a request whose body or query holds a full card number
 * (anywhere, in any field) or, for personal-data routes, an Aadhaar number: 400 naming the field,
 * before anything is parsed further, stored or logged. The value itself is never echoed.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../domain/app-error.js';
import { refusalMessage } from '../../domain/personal-data.js';
import { scanForSensitiveNumbers, type SensitiveKind } from '../../domain/sensitive-numbers.js';

/** Builds the hook for the kinds of numbers the route refuses. */
export function refuseSensitiveNumbers(kinds: readonly SensitiveKind[] = ['card_number']) {
  const refused = new Set(kinds);
  return async (request: FastifyRequest): Promise<void> => {
    for (const [part, value] of [
      ['body', request.body],
      ['query', request.query],
    ] as const) {
      const found = scanForSensitiveNumbers(value, refused);
      if (found !== undefined) {
        const field = found.path === '' ? part : `${part}.${found.path}`;
        throw new AppError('validation_failed', `${field} ${refusalMessage(found.kind)}`, field, {
          kind: found.kind,
        });
      }
    }
  };
}
