/** Request schemas of agri-input billing: category rules, batch queries, dealer licences. */
import { z } from 'zod';
import { id, isoDate, label } from '../../kernel/schema-atoms.js';
import { findSensitiveNumber } from '../../domain/sensitive-numbers.js';
import { licenceKinds } from './batch.repository.js';

/**
 * Subsidised fertiliser sold through the government PoS device: its transaction reference and
 * the bags. An Aadhaar number typed here by mistake is refused, never stored.
 */
export const fertiliserSubsidyInput = z
  .object({
    posReference: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9/-]{4,30}$/, 'must be the PoS transaction reference as printed on its slip')
      .refine(
        (v) => findSensitiveNumber(v.replace(/[/-]/g, ' ')) === undefined,
        "looks like an Aadhaar number: enter the PoS slip's transaction reference, never the farmer's Aadhaar",
      ),
    bags: z.number().int().min(1).max(10_000),
  })
  .strict();

export const categoryRuleInput = z
  .object({
    category: label(60),
    needsBatch: z.boolean(),
    licenceKind: z.enum(licenceKinds).nullable(),
  })
  .strict();

export const batchQuery = z
  .object({
    storeId: id,
    variantId: id.optional(),
    includeEmpty: z.enum(['true', 'false']).optional(),
  })
  .strict();

export const nearExpiryQuery = z
  .object({ days: z.coerce.number().int().min(0).max(365).default(30) })
  .strict();

export const storeBody = z.object({ storeId: id }).strict();

export const licenceParams = z.object({ storeId: id, kind: z.enum(licenceKinds) }).strict();

export const licenceInput = z
  .object({
    number: z
      .string()
      .trim()
      .regex(
        /^[A-Za-z0-9/().,: -]{3,60}$/,
        'must be the licence number as issued (letters, digits, / - . :)',
      ),
    validFrom: isoDate.nullish(),
    validUntil: isoDate,
  })
  .strict();
