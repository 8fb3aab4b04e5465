/** Request schemas of agri-input billing: category rules, batch queries, dealer licences. */
import { z } from 'zod';
import { id, isoDate, label } from '../../kernel/schema-atoms.js';
import { licenceKinds } from './batch.repository.js';

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
