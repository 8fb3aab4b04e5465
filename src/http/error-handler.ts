/**
 * The one error mapper: application codes to HTTP statuses, a stable JSON shape, a safe message.
 * Clients never see a stack trace, SQL, or an input value.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode } from '../domain/app-error.js';

export const statusForCode: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  mfa_required: 403,
  reauthentication_required: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  rate_limited: 429,
  decryption_failed: 500,
  key_unavailable: 503,
  unavailable: 503,
  internal: 500,
};

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    field?: string;
    details?: Record<string, unknown>;
    requestId: string;
  };
}

function fieldFromValidation(error: FastifyError): string | undefined {
  const first = error.validation?.[0];
  if (first === undefined) return undefined;
  const context = error.validationContext ?? 'body';
  const path = first.instancePath
    .split('/')
    .filter((p) => p !== '')
    .join('.');
  const missing = (first.params as { missingProperty?: unknown } | undefined)?.missingProperty;
  const tail = typeof missing === 'string' ? missing : '';
  return [context, path, tail].filter((p) => p !== '').join('.');
}

/** Maps any thrown value to a status and body; unknown errors become a generic 500. */
export function toErrorResponse(error: unknown, requestId: string): { status: number; body: ErrorBody } {
  if (error instanceof AppError) {
    return {
      status: statusForCode[error.code],
      body: {
        error: {
          code: error.code,
          message: error.message,
          ...(error.field === undefined ? {} : { field: error.field }),
          ...(error.details === undefined ? {} : { details: { ...error.details } }),
          requestId,
        },
      },
    };
  }
  const fe = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fe) || fe.validation !== undefined) {
    const field = fieldFromValidation(fe);
    const issue = fe.validation?.[0]?.message ?? 'invalid value';
    return {
      status: 400,
      body: {
        error: {
          code: 'validation_failed',
          message: field === undefined ? issue : `${field}: ${issue}`,
          ...(field === undefined ? {} : { field }),
          requestId,
        },
      },
    };
  }
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (status === 413) {
    return {
      status,
      body: { error: { code: 'payload_too_large', message: 'request body too large', requestId } },
    };
  }
  if (status >= 400 && status < 500) {
    // Fastify's own client errors (bad JSON, wrong content type): a fixed message per status.
    const code: ErrorCode =
      status === 404 ? 'not_found' : status === 429 ? 'rate_limited' : 'validation_failed';
    const message =
      status === 415
        ? 'unsupported content type'
        : status === 404
          ? 'not found'
          : 'the request could not be read';
    return {
      status: status === 415 || status === 404 || status === 429 ? status : 400,
      body: { error: { code, message, requestId } },
    };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'internal error', requestId } } };
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const { status, body } = toErrorResponse(error, request.id);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.error.code, field: body.error.field }, 'request refused');
    const retryAfter = body.error.details?.retryAfterSeconds;
    if (status === 429 && typeof retryAfter === 'number')
      void reply.header('retry-after', String(retryAfter));
    void reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .send({ error: { code: 'not_found', message: 'not found', requestId: request.id } });
  });
}
