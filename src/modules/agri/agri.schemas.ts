/** Request schemas of agri-input billing: category rules, batch queries, dealer licences. */
import { z } from 'zod';
import { id, isoDate, label } from '../../kernel/schema-atoms.js';
import { findSensitiveNumber } from '../../domain/sensitive-numbers.js';
import { revealReasons } from '../auth/step-up.policy.js';
import { licenceKinds } from './batch.repository.js';
import { NEAR_EXPIRY_MAX_DAYS, NEAR_EXPIRY_MIN_DAYS } from './agri-settings.service.js';
import { statementLanguages } from './statement-pdf.js';

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
    /** Subsidised fertiliser sold through the government PoS device (needs `licenceKind` fertiliser). */
    subsidised: z.boolean().optional(),
  })
  .strict();

export const batchQuery = z
  .object({
    storeId: id,
    variantId: id.optional(),
    includeEmpty: z.enum(['true', 'false']).optional(),
  })
  .strict();

/** `days` left out: the shop's own near-expiry window. */
export const nearExpiryQuery = z
  .object({ days: z.coerce.number().int().min(0).max(365).optional() })
  .strict();

/** The shop's agri-input settings: the near-expiry window in whole days. */
export const agriSettingsInput = z
  .object({
    nearExpiryDays: z
      .number()
      .int('must be a whole number of days')
      .min(NEAR_EXPIRY_MIN_DAYS, `must be at least ${String(NEAR_EXPIRY_MIN_DAYS)} day`)
      .max(NEAR_EXPIRY_MAX_DAYS, `must be at most ${String(NEAR_EXPIRY_MAX_DAYS)} days`),
  })
  .strict();

/** What the counter needs to know of the items in its cart (comma-separated variant ids). */
export const saleRulesQuery = z
  .object({
    storeId: id,
    variantIds: z
      .string()
      .transform((v) => v.split(',').filter((x) => x !== ''))
      .pipe(z.array(id).min(1).max(500)),
  })
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

const monthDay = z
  .string()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/, 'must be a month and day (MM-DD)');

/** The shop's khata settings: interest on overdue amounts (off by default), season due days, reminders. */
export const khataSettingsInput = z
  .object({
    interest: z
      .object({
        enabled: z.boolean(),
        /** Yearly simple rate in basis points (at most 60 % a year). */
        rateBp: z.number().int().min(0).max(6000),
        graceDays: z.number().int().min(0).max(365),
      })
      .strict(),
    seasonDue: z.object({ kharif: monthDay, rabi: monthDay, zaid: monthDay }).strict(),
    remindersEnabled: z.boolean(),
  })
  .strict();

export const khataQuery = z.object({ asOf: isoDate.optional() }).strict();

export const statementQuery = z
  .object({ from: isoDate, to: isoDate, lang: z.enum(statementLanguages).default('en') })
  .strict();

export const recallRevealBody = z
  .object({
    reason: z
      .object({ category: z.enum(revealReasons), text: z.string().trim().max(500).default('') })
      .strict(),
  })
  .strict();

export const stockRegisterQuery = z
  .object({ storeId: id, variantId: id, from: isoDate, to: isoDate })
  .strict();
