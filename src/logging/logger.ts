/**
 * The structured JSON logger (pino). Every log object and message passes through redaction;
 * request logs carry the method, the path without its query string, the request id and status.
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import { redactKeys, redactValue, scrubText } from './redact.js';

export type { Logger } from 'pino';

interface RequestLike {
  id?: string;
  method?: string;
  url?: string;
  ip?: string;
}

/** The path only: query strings can carry identifiers and are never logged. */
export function pathOnly(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const q = url.search(/[?#]/);
  return q === -1 ? url : url.slice(0, q);
}

export function createLogger(options: { level: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      serializers: {
        req: (req: RequestLike) => ({ id: req.id, method: req.method, path: pathOnly(req.url) }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
        err: (err: Error & { code?: unknown; statusCode?: unknown; details?: unknown }) => ({
          type: err.name,
          code: typeof err.code === 'string' ? err.code : undefined,
          statusCode: typeof err.statusCode === 'number' ? err.statusCode : undefined,
          // Application errors carry safe details (a reason code, never data); redacted all the same.
          details:
            typeof err.details === 'object' && err.details !== null ? redactValue(err.details, 1) : undefined,
          message: scrubText(err.message),
          stack: err.stack === undefined ? undefined : scrubText(err.stack),
        }),
      },
      formatters: {
        // req, res and err have their own safe serializers, applied after this formatter.
        log: (object) => {
          const out: Record<string, unknown> = {};
          for (const [key, value] of Object.entries(object)) {
            out[key] = key === 'req' || key === 'res' || key === 'err' ? value : redactValue(value, 1);
          }
          return redactKeys(out);
        },
      },
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((a: unknown) => (typeof a === 'string' ? scrubText(a) : a));
          method.apply(this, cleaned as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
