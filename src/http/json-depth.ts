/**
 * The JSON body parser: refuses a body nested deeper than `MAX_JSON_DEPTH` with 400 naming the
 * body, before it is parsed, so no handler, hook, schema or log serialiser ever walks a structure
 * thousands of levels deep (a 10 KB body of brackets once overflowed the stack of the card
 * scanner and blocked the event loop). The depth is counted in one pass over the text, ignoring
 * brackets inside strings; parsing itself stays Fastify's (prototype-poisoning safe).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../domain/app-error.js';

/** No Tijori request body needs more than a handful of levels; 32 leaves room for every schema. */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** True when `text` opens more than `limit` nested arrays or objects at some point. */
export function exceedsJsonDepth(text: string, limit: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i += 1;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth += 1;
      if (depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth -= 1;
  }
  return false;
}

/** Replaces the JSON parser with one that checks the depth first, then parses as Fastify does. */
export function registerJsonDepthLimit(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    (request: FastifyRequest, body: string | Buffer, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (exceedsJsonDepth(text)) {
        done(
          new AppError(
            'validation_failed',
            `body: nested more than ${String(MAX_JSON_DEPTH)} levels deep`,
            'body',
          ),
          undefined,
        );
        return;
      }
      void parse(request, text, done);
    },
  );
}
