/**
 * Client notes (allergies, skin and hair notes, colour formulas, photos): sensitive personal data,
 * encrypted under the client's own key (purpose `customer_pii`, subject the client) so that
 * erasing the client shreds them with the rest of their data. Listed masked; read in clear only
 * by the staff member serving the client during their appointment, or by a manager with a reason
 * and a fresh re-authentication (the reveal gate). Every read, and every refused read, is an audit
 * entry (without the note).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, notFound } from '../../domain/app-error.js';
import { findCustomer } from '../customers/customer.repository.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import { actorCan, requireActorPermission, type ServiceActor } from '../../kernel/actor.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { RevealGate } from '../auth/step-up.policy.js';
import { declareEncryptedColumn } from '../keys/encrypted-columns.js';
import type { FieldCipher } from '../keys/field-crypto.types.js';
import type { ClientNoteKind } from '../../db/tables/salon.tables.js';
import { requireCustomer } from './appointment.service.js';
import type { NoteEditInput, NoteInput, NoteReadInput } from './salon.schemas.js';

for (const column of ['body_enc', 'photo_enc'])
  declareEncryptedColumn({
    table: 'client_notes',
    column,
    purpose: 'customer_pii',
    rowIdColumn: 'id',
    subjectColumn: 'customer_id',
  });

/** How long before its start and after its end an appointment opens the client's notes to its stylist. */
export const NOTE_WINDOW_BEFORE_MS = 15 * 60_000;
export const NOTE_WINDOW_AFTER_MS = 30 * 60_000;

export interface MaskedNote {
  id: string;
  kind: ClientNoteKind;
  hasText: boolean;
  hasPhoto: boolean;
  createdAt: string;
  /** When the note was last edited (null: never). */
  updatedAt: string | null;
  /** The reader may edit it: they wrote it, or they manage the salon's notes. */
  editable: boolean;
}

export interface ClientNote extends MaskedNote {
  text: string | null;
  photo: string | null;
}

export interface ClientNotesDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  cipher: FieldCipher;
  reveal?: RevealGate;
}

export class ClientNotesService {
  constructor(private readonly deps: ClientNotesDeps) {}

  async add(actor: ServiceActor, customerId: string, input: NoteInput): Promise<MaskedNote> {
    requireActorPermission(actor, 'client_note.write', 'writing client notes');
    const { db, cipher, clock } = this.deps;
    await requireCustomer(db, actor.tenantId, customerId);
    const id = newId();
    const seal = (column: string, value: string | undefined, within: Kysely<Database>) =>
      value === undefined
        ? Promise.resolve(null)
        : cipher.encrypt(
            'customer_pii',
            { tenantId: actor.tenantId, table: 'client_notes', column, rowId: id, subjectId: customerId },
            value,
            within,
          );
    const now = clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('client_notes')
        .values({
          tenant_id: actor.tenantId,
          id,
          customer_id: customerId,
          kind: input.kind,
          body_enc: await seal('body_enc', input.text, trx),
          photo_enc: await seal('photo_enc', input.photo, trx),
          created_by: actor.userId ?? 'operator',
          created_at: now,
        })
        .execute();
      await this.deps.audit.record(trx, actor.audit, {
        action: 'client_note.add',
        objectType: 'customer',
        objectId: customerId,
        outcome: 'success',
        details: { kind: input.kind },
      });
    });
    return {
      id,
      kind: input.kind,
      hasText: input.text !== undefined,
      hasPhoto: input.photo !== undefined,
      createdAt: now,
      updatedAt: null,
      editable: true,
    };
  }

  /**
   * Replaces a note's text or photo (what is not sent stays). Its author may, and a manager who
   * may reveal notes. The new content is sealed in place under the client's key, so no earlier
   * version survives, in clear or sealed; the edit is an audit entry without the note.
   */
  async edit(
    actor: ServiceActor,
    customerId: string,
    noteId: string,
    input: NoteEditInput,
  ): Promise<MaskedNote> {
    requireActorPermission(actor, 'client_note.write', 'writing client notes');
    const { db, cipher, clock } = this.deps;
    const row = await db
      .selectFrom('client_notes')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('customer_id', '=', customerId)
      .where('id', '=', noteId)
      .executeTakeFirst();
    if (row === undefined) throw notFound('note');
    if (!mayEdit(actor, row.created_by)) {
      await this.deps.audit.record(db, actor.audit, {
        action: 'client_note.edit',
        objectType: 'customer',
        objectId: customerId,
        outcome: 'denied',
        details: { noteId, kind: row.kind },
      });
      throw new AppError('forbidden', 'only the note’s author or a manager can edit it');
    }
    const now = clock.now().toISOString();
    const seal = (column: 'body_enc' | 'photo_enc', value: string, within: Kysely<Database>) =>
      cipher.encrypt(
        'customer_pii',
        { tenantId: actor.tenantId, table: 'client_notes', column, rowId: noteId, subjectId: customerId },
        value,
        within,
      );
    const changed = [
      ...(input.text === undefined ? [] : ['text']),
      ...(input.photo === undefined ? [] : ['photo']),
    ];
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('client_notes')
        .set({
          ...(input.text === undefined ? {} : { body_enc: await seal('body_enc', input.text, trx) }),
          ...(input.photo === undefined ? {} : { photo_enc: await seal('photo_enc', input.photo, trx) }),
          updated_by: actor.userId ?? 'operator',
          updated_at: now,
        })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', noteId)
        .execute();
      await this.deps.audit.record(trx, actor.audit, {
        action: 'client_note.edit',
        objectType: 'customer',
        objectId: customerId,
        outcome: 'success',
        details: { noteId, kind: row.kind, changed, byAuthor: row.created_by === actor.userId },
      });
    });
    return {
      id: noteId,
      kind: row.kind,
      hasText: input.text !== undefined || row.body_enc !== null,
      hasPhoto: input.photo !== undefined || row.photo_enc !== null,
      createdAt: row.created_at,
      updatedAt: now,
      editable: true,
    };
  }

  /** The client's notes without their content. */
  async list(actor: ServiceActor, customerId: string): Promise<MaskedNote[]> {
    requireActorPermission(actor, 'customer.read', 'seeing clients');
    await findCustomer(this.deps.db, actor.tenantId, customerId); // 404 for a client not of this shop
    const rows = await this.#rows(actor.tenantId, customerId);
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      hasText: r.body_enc !== null,
      hasPhoto: r.photo_enc !== null,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      editable: actorCan(actor, 'client_note.write') && mayEdit(actor, r.created_by),
    }));
  }

  /**
   * The client's notes in clear, for the stylist serving them now or a manager with a reason.
   * `erased` when the client was erased (the key is gone).
   */
  async read(
    actor: ServiceActor,
    customerId: string,
    input: NoteReadInput,
  ): Promise<{ notes: ClientNote[]; basis: 'appointment' | 'manager'; erased: boolean }> {
    const { db, clock } = this.deps;
    const auth = actor.auth;
    if (auth === undefined) throw new AppError('forbidden', 'client notes are read by people, not commands');
    await requireCustomer(db, actor.tenantId, customerId);
    const now = clock.now();
    const serving =
      actorCan(actor, 'client_note.read') && actor.userId !== null
        ? await db
            .selectFrom('appointments')
            .select(['id'])
            .where('tenant_id', '=', actor.tenantId)
            .where('customer_id', '=', customerId)
            .where('staff_id', '=', actor.userId)
            .where('status', 'in', ['booked', 'checked_in'])
            .where('starts_at', '<=', new Date(now.getTime() + NOTE_WINDOW_BEFORE_MS).toISOString())
            .where('ends_at', '>=', new Date(now.getTime() - NOTE_WINDOW_AFTER_MS).toISOString())
            .orderBy('starts_at')
            .executeTakeFirst()
        : undefined;
    const rows = await this.#rows(actor.tenantId, customerId);
    let basis: 'appointment' | 'manager';
    if (serving !== undefined) {
      basis = 'appointment';
      await this.deps.audit.record(db, actor.audit, {
        action: 'client_note.read',
        objectType: 'customer',
        objectId: customerId,
        outcome: 'success',
        details: { basis, appointmentId: serving.id, notes: rows.length },
      });
    } else if (
      input.reason !== undefined &&
      this.deps.reveal !== undefined &&
      auth.permissions.has('client_note.reveal')
    ) {
      basis = 'manager';
      const gate = this.deps.reveal;
      const reason = input.reason;
      await db
        .transaction()
        .execute((trx) =>
          gate.authorize(
            trx,
            auth,
            actor.audit,
            { objectType: 'client_note', objectId: customerId, field: 'notes', reason },
            'client_note.reveal',
          ),
        );
    } else {
      await this.deps.audit.record(db, actor.audit, {
        action: 'client_note.read',
        objectType: 'customer',
        objectId: customerId,
        outcome: 'denied',
        details: { reason: input.reason === undefined ? 'not_serving' : 'not_permitted' },
      });
      throw new AppError(
        'forbidden',
        actorCan(actor, 'client_note.reveal')
          ? 'give a reason to read this client’s notes'
          : 'only the stylist serving this client, during the appointment, can read these notes',
      );
    }
    const notes: ClientNote[] = [];
    try {
      for (const r of rows) {
        const open = (column: 'body_enc' | 'photo_enc', envelope: string | null) =>
          envelope === null
            ? Promise.resolve(null)
            : this.deps.cipher.decrypt(
                {
                  tenantId: actor.tenantId,
                  table: 'client_notes',
                  column,
                  rowId: r.id,
                  subjectId: customerId,
                },
                envelope,
              );
        notes.push({
          id: r.id,
          kind: r.kind,
          hasText: r.body_enc !== null,
          hasPhoto: r.photo_enc !== null,
          createdAt: r.created_at,
          updatedAt: r.updated_at,
          editable: actorCan(actor, 'client_note.write') && mayEdit(actor, r.created_by),
          text: await open('body_enc', r.body_enc),
          photo: await open('photo_enc', r.photo_enc),
        });
      }
    } catch (error) {
      if (
        error instanceof AppError &&
        error.code === 'decryption_failed' &&
        error.details?.reason === 'erased'
      )
        return { notes: [], basis, erased: true };
      throw error;
    }
    return { notes, basis, erased: false };
  }

  async #rows(tenantId: string, customerId: string) {
    return this.deps.db
      .selectFrom('client_notes')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('customer_id', '=', customerId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }
}

/** The note's author, or whoever may reveal any client's notes (a manager). */
function mayEdit(actor: ServiceActor, createdBy: string): boolean {
  return (actor.userId !== null && actor.userId === createdBy) || actorCan(actor, 'client_note.reveal');
}
