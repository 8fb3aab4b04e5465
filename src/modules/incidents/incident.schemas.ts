/**
 * Request shapes of incident response. Instants that people enter (the moment of awareness, a
 * scope window) carry their offset, `2026-06-01T23:30:00+05:30` as the web app sends IST, or UTC
 * with `Z`; they are stored as UTC instants. Free text is bounded and has no control characters
 * except line breaks.
 */
import { z } from 'zod';
import { id, label } from '../../kernel/schema-atoms.js';
import { categoryCodes, dataCategoryCodes, severities, statuses } from './incident-categories.js';

/** An instant with its time-zone offset (IST, UTC or any other). */
export const zonedInstant = z.iso.datetime({ offset: true });

/** Control characters other than tab, line feed and carriage return. */
const hasControl = (s: string): boolean =>
  [...s].some((ch) => {
    const code = ch.charCodeAt(0);
    return (code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 127;
  });

/** Multi-line text: trimmed, bounded, no control characters but line breaks and tabs. */
export function text(max: number) {
  return z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max)
    .refine((s) => !hasControl(s), 'must not contain control characters');
}

export const severity = z.enum(severities as ['low', 'medium', 'high', 'critical']);
export const category = z.enum(categoryCodes);
export const dataCategory = z.enum(dataCategoryCodes);
export const status = z.enum(
  statuses as ['detected', 'triaged', 'contained', 'eradicated', 'recovered', 'closed', 'reviewed'],
);

const incidentFields = {
  title: label(120),
  category,
  severity,
  awareAt: zonedInstant,
  description: text(5000).optional(),
  ownerUserId: id.optional(),
  storeIds: z.array(id).max(100).optional(),
  dataCategories: z.array(dataCategory).max(dataCategoryCodes.length).optional(),
  euAffected: z.boolean().optional(),
};

export const incidentInput = z.object(incidentFields).strict();
export type IncidentInput = z.infer<typeof incidentInput>;

/** Promotion of an alert: everything but the alert is optional (the alert suggests it). */
export const promotionInput = z
  .object({ ...incidentFields, title: incidentFields.title.optional(), category: category.optional() })
  .partial()
  .strict();
export type PromotionInput = z.infer<typeof promotionInput>;

export const incidentPatch = z
  .object({
    ...incidentFields,
    ownerUserId: id.nullable(),
    description: text(5000).nullable(),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'change at least one field');
export type IncidentPatch = z.infer<typeof incidentPatch>;

export const transitionInput = z
  .object({
    to: status,
    note: text(2000).optional(),
    resolution: z.enum(['resolved', 'false_positive']).optional(),
  })
  .strict();

export const noteInput = z.object({ text: text(5000) }).strict();

export const incidentFilter = z
  .object({
    status: status.optional(),
    open: z.enum(['true', 'false']).optional(),
    drill: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    beforeNumber: z.coerce.number().int().min(1).optional(),
  })
  .strict();
