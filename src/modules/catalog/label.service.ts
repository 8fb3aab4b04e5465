/**
 * Barcode labels for received or selected item variants. A variant without a barcode is given
 * the next one in the shop's in-store EAN-13 range first (written and audited in one
 * transaction, so the label and the till agree); then the sheet is drawn by `label-sheet.ts`.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.js';
import { invalid } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { ServiceActor } from '../../kernel/actor.js';
import { id } from '../../kernel/schema-atoms.js';
import { isUniqueViolation } from '../billing/db-errors.js';
import { nextInStoreBarcodes } from './in-store-barcode.js';
import { findSellable } from './item.repository.js';
import { labelLayouts, renderLabelSheet, type LabelContent } from './label-sheet.js';
import { AppError } from '../../domain/app-error.js';

/** At most this many labels in one sheet request (about 30 pages of the 65-up sheet). */
export const MAX_LABELS = 2000;

export const labelRequest = z
  .object({
    layout: z.enum(labelLayouts),
    /** The first free position on the (partly used) first sheet, 1-based. */
    startAt: z.number().int().min(1).max(65).default(1),
    lines: z
      .array(z.object({ variantId: id, copies: z.number().int().min(1).max(MAX_LABELS) }).strict())
      .min(1, 'choose at least one item')
      .max(500),
    /** Words printed before the price and the MRP, in the language the person prints in. */
    language: z.enum(['en', 'hi']).default('en'),
  })
  .strict()
  .superRefine((input, ctx) => {
    const total = input.lines.reduce((sum, l) => sum + l.copies, 0);
    if (total > MAX_LABELS)
      ctx.addIssue({ code: 'custom', path: ['lines'], message: `at most ${MAX_LABELS} labels at once` });
  });
export type LabelRequest = z.infer<typeof labelRequest>;

const WORDS = {
  en: { price: 'Price', mrp: 'MRP' },
  hi: { price: 'मूल्य', mrp: 'एमआरपी' },
} as const;

export class LabelService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
  ) {}

  /** The PDF sheet; variants without a barcode get one in the shop's range first. */
  async print(actor: ServiceActor, input: LabelRequest): Promise<Buffer> {
    const ids = input.lines.map((l) => l.variantId);
    let rows = await findSellable(this.db, actor.tenantId, { ids });
    const byId = new Map(rows.map((r) => [r.id, r]));
    input.lines.forEach((line, i) => {
      const row = byId.get(line.variantId);
      if (row === undefined) throw invalid(`lines.${i}.variantId`, 'no such item variant');
      if (row.item_kind !== 'goods') throw invalid(`lines.${i}.variantId`, 'services carry no labels');
    });
    const missing = rows.filter((r) => r.barcode === null || r.barcode === '').map((r) => r.id);
    if (missing.length > 0) {
      await this.#assignBarcodes(actor, missing);
      rows = await findSellable(this.db, actor.tenantId, { ids });
    }
    const fresh = new Map(rows.map((r) => [r.id, r]));
    const labels: LabelContent[] = [];
    for (const line of input.lines) {
      const row = fresh.get(line.variantId);
      if (row === undefined || row.barcode === null) continue;
      const content: LabelContent = {
        name: row.name,
        size: row.size,
        colour: row.colour,
        barcode: row.barcode,
        pricePaise: row.price,
        mrpPaise: row.mrp,
      };
      for (let c = 0; c < line.copies; c += 1) labels.push(content);
    }
    return renderLabelSheet(input.layout, labels, {
      startAt: input.startAt,
      printedAt: this.clock.now().toISOString(),
      labels: WORDS[input.language],
    });
  }

  async #assignBarcodes(actor: ServiceActor, variantIds: readonly string[]): Promise<void> {
    const now = this.clock.now().toISOString();
    try {
      await this.db.transaction().execute(async (trx) => {
        // Read again inside the transaction: a variant may have been given one meanwhile.
        const still = await trx
          .selectFrom('item_variants')
          .select('id')
          .where('tenant_id', '=', actor.tenantId)
          .where('id', 'in', [...variantIds])
          .where((eb) => eb.or([eb('barcode', 'is', null), eb('barcode', '=', '')]))
          .orderBy('id')
          .execute();
        const codes = await nextInStoreBarcodes(trx, actor.tenantId, still.length);
        for (const [i, row] of still.entries()) {
          await trx
            .updateTable('item_variants')
            .set({ barcode: codes[i] ?? null, updated_at: now })
            .where('tenant_id', '=', actor.tenantId)
            .where('id', '=', row.id)
            .execute();
          await this.audit.record(trx, actor.audit, {
            action: 'catalog.variant.update',
            objectType: 'item_variant',
            objectId: row.id,
            outcome: 'success',
            details: { fields: ['barcode'], reason: 'label' },
          });
        }
      });
    } catch (error) {
      if (isUniqueViolation(error, 'barcode'))
        throw new AppError('conflict', 'another change took the same barcode; print again', 'lines');
      throw error;
    }
  }
}
