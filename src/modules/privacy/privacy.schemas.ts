/** Request and response shapes of the privacy routes (zod, validated at the boundary). */
import { z } from 'zod';
import { revealReasons } from '../auth/step-up.policy.js';
import { id, isoDate, label } from '../../kernel/schema-atoms.js';
import { consentPurposes, consentSources } from './consent.service.js';
import { laws } from './deadlines.js';
import { MIN_EXPORT_PASSWORD } from './export-package.js';
import { closingOutcomes, requestKinds } from './request.repository.js';
import { contractStatuses, dpaStatuses, processorServices } from './registers.service.js';
import { policyNames } from './retention-policies.js';

export const binary = z.any().describe('file contents');
export const idParams = z.object({ id });
export const customerParams = z.object({ customerId: id });

export const consentInput = z
  .object({
    purposes: z.array(z.enum(consentPurposes)).min(1).max(consentPurposes.length),
    granted: z.boolean(),
    source: z.enum(consentSources),
    noticeVersion: z.string().trim().min(1).max(40).optional(),
    storeId: id.optional(),
  })
  .strict();

export const consentState = z.object({
  purpose: z.string(),
  granted: z.boolean(),
  noticeVersion: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

export const noticeInput = z
  .object({
    version: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._-]{1,40}$/, 'letters, digits, dots and dashes'),
    summary: z.string().trim().min(20).max(4000),
  })
  .strict();

export const protection = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('password'), password: z.string().min(MIN_EXPORT_PASSWORD).max(200) }).strict(),
  z.object({ kind: z.literal('openpgp'), publicKey: z.string().min(100).max(20_000) }).strict(),
]);

/**
 * Asks for the Aadhaar vault's number to be put in the export (left out otherwise), with the
 * reason recorded in the audit trail.
 */
export const includeAadhaar = z
  .object({
    reason: z
      .object({ category: z.enum(revealReasons), text: z.string().trim().max(500).default('') })
      .strict(),
  })
  .strict();

export const newRequestInput = z
  .object({
    kind: z.enum(requestKinds),
    law: z.enum(laws).optional(),
    channel: z.enum(['counter', 'back_office']),
    customerId: id,
    details: z.string().trim().min(1).max(2000).optional(),
    verifiedInPerson: z.boolean().optional(),
  })
  .strict();

export const requestView = z.object({
  id: z.string(),
  reference: z.string(),
  kind: z.string(),
  law: z.string(),
  channel: z.string(),
  status: z.string(),
  customerId: z.string().nullable(),
  verification: z.string(),
  verifiedAt: z.string().nullable(),
  receivedAt: z.string(),
  ackDueAt: z.string(),
  dueAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  extendedAt: z.string().nullable(),
  extensionReason: z.string().nullable(),
  closedAt: z.string().nullable(),
  outcome: z.string().nullable(),
  hasDetails: z.boolean(),
});

export const exportView = z.object({
  id: z.string(),
  customerId: z.string(),
  requestId: z.string().nullable(),
  protection: z.string(),
  sha256: z.string(),
  sizeBytes: z.number(),
  counts: z.record(z.string(), z.number()),
  createdAt: z.string(),
  expiresAt: z.string(),
  downloads: z.number(),
});

export const extensionReasons = ['complex_request', 'many_requests', 'awaiting_information'] as const;
export const closeInput = z.object({ outcome: z.enum(closingOutcomes) }).strict();

export const settingsInput = z
  .object({
    dpdpResponseDays: z.number().int().min(1).max(90),
    defaultLaw: z.enum(laws),
    holidays: z.array(isoDate).max(200),
    recurringHolidays: z.array(z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'MM-DD')).max(50),
    reminderDays: z.number().int().min(2).max(30),
    exportDays: z.number().int().min(1).max(30),
    grievanceContact: z.string().trim().max(200),
  })
  .strict();

export const policyInput = z
  .object({ enabled: z.boolean(), period: z.number().int().min(0).max(3650) })
  .strict();
export const runInput = z
  .object({ dryRun: z.boolean(), policies: z.array(z.enum(policyNames)).min(1).optional() })
  .strict();

export const processorInput = z
  .object({
    name: label(120),
    service: z.enum(processorServices),
    purpose: label(300),
    dataCategories: z.array(label(40)).max(20),
    location: label(80),
    contractStatus: z.enum(contractStatuses),
    dpaStatus: z.enum(dpaStatuses),
    dpaSignedOn: isoDate.nullish(),
    lastReviewedOn: isoDate.nullish(),
    nextReviewOn: isoDate.nullish(),
    notes: z.string().trim().max(1000).nullish(),
  })
  .strict();

export const courseInput = z
  .object({
    title: label(120),
    renewMonths: z.number().int().min(0).max(60),
    requiredRoles: z.array(z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/)).max(20),
  })
  .strict();

export const completionInput = z.object({ courseId: id, userId: id, completedOn: isoDate }).strict();

export const marketingInput = z
  .object({
    channel: z.enum(['sms', 'whatsapp', 'email']),
    reason: z
      .object({ category: z.enum(revealReasons), text: z.string().trim().max(500).default('') })
      .strict(),
  })
  .strict();

/** The public page: the kind of request and exactly one of email or phone. */
export const publicRequestInput = z
  .object({
    kind: z.enum(requestKinds),
    law: z.enum(laws).optional(),
    email: z.email().max(254).optional(),
    phone: z.string().trim().min(6).max(24).optional(),
  })
  .strict()
  .refine((b) => (b.email === undefined) !== (b.phone === undefined), {
    message: 'give either an email or a phone number',
    path: ['email'],
  });
export const reference = z
  .string()
  .trim()
  .regex(/^PR-[A-Z0-9]{8}$/i, 'a reference such as PR-7K3M9QXA');
export const requestToken = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, 'the token given when the request was made');
export const tenantParams = z.object({ tenantId: id });
