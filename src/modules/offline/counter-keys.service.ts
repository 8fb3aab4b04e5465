/**
 * The offline counter's keys and its remote wipe (issue 21, ADR 0066). Each counter and session
 * gets its own AES-256 key, made here from the CSPRNG and kept encrypted under the tenant's
 * `auth_secrets` data key. The browser holds it only as a non-extractable WebCrypto key and
 * encrypts everything it caches or queues under it. Signing out closes the key (the browser drops
 * its copy; a later session of the same counter may fetch it again to send what still waits); a
 * wipe destroys it here, so nothing the counter kept can be read or sent any more, and the
 * manager sees which numbers never arrived.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import { financialYear, formatDocumentNumber } from '../../domain/numbering/index.js';
import { requireStoreVisible, type ServiceActor } from '../../kernel/actor.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import { authorizeStore } from '../auth/access.policy.js';
import { declareEncryptedColumn } from '../keys/encrypted-columns.js';
import type { FieldCipher } from '../keys/field-crypto.types.js';
import {
  activeKeyOf,
  arrivedSeqs,
  counterById,
  ensureSeriesCode,
  findCounter,
  findKey,
  seriesFormat,
  type KeyRow,
} from './offline.repository.js';

declareEncryptedColumn({
  table: 'counter_keys',
  column: 'key_enc',
  purpose: 'auth_secrets',
  rowIdColumn: 'id',
});

export interface CounterKeyView {
  keyId: string;
  counterId: string;
  counterName: string;
  storeId: string;
  seriesCode: string;
  /** The AES-256 key, base64url: the browser imports it as a non-extractable key. */
  key: string;
}

export interface LostRange {
  from: string;
  to: string;
  count: number;
}

export interface CounterStatus {
  counterId: string;
  counterName: string;
  seriesCode: string | null;
  activeKeys: number;
  blocks: {
    firstNumber: string;
    lastNumber: string;
    state: 'open' | 'released' | 'wiped';
    received: number;
    reservedAt: string;
    closedAt: string | null;
    /** Numbers of a wiped block that never arrived (sales lost with the counter, or never made). */
    notReceived: LostRange[];
  }[];
  lastWipedAt: string | null;
}

export interface CounterKeyDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  cipher: FieldCipher;
}

const refOf = (tenantId: string, keyId: string) => ({
  tenantId,
  table: 'counter_keys',
  column: 'key_enc',
  rowId: keyId,
});

/** The signed-in session's id; API tokens and the operator have no counter to key. */
export function sessionOf(actor: ServiceActor): string {
  const sessionId = actor.auth?.sessionId;
  if (sessionId === undefined)
    throw new AppError('forbidden', 'the offline counter works in a signed-in browser session only');
  return sessionId;
}

export class CounterKeyService {
  constructor(private readonly deps: CounterKeyDeps) {}

  /** This session's key for the store's counter (made on first use) with the counter's series code. */
  async open(actor: ServiceActor, input: { storeId: string; counterId?: string }): Promise<CounterKeyView> {
    const { db, clock, cipher, audit } = this.deps;
    const sessionId = sessionOf(actor);
    await authorizeStore(db, actor, 'invoice.create', input.storeId);
    const counter = await findCounter(db, actor.tenantId, input.storeId, input.counterId);
    if (counter === undefined) throw notFound('counter');
    const now = clock.now().toISOString();
    return db.transaction().execute(async (trx) => {
      const seriesCode = await ensureSeriesCode(trx, actor.tenantId, counter, now);
      const existing = await activeKeyOf(trx, actor.tenantId, counter.id, sessionId);
      if (existing !== undefined) return this.view(trx, actor, existing, counter.name, seriesCode);
      const id = newId();
      const key = randomBytes(32).toString('base64url');
      await trx
        .insertInto('counter_keys')
        .values({
          tenant_id: actor.tenantId,
          id,
          counter_id: counter.id,
          store_id: counter.store_id,
          session_id: sessionId,
          user_id: actor.userId ?? '',
          key_enc: await cipher.encrypt('auth_secrets', refOf(actor.tenantId, id), key, trx),
          state: 'active',
          created_at: now,
          closed_at: null,
        })
        .execute();
      await audit.record(trx, actor.audit, {
        action: 'counter.key.issue',
        objectType: 'counter',
        objectId: counter.id,
        outcome: 'success',
        details: { keyId: id, storeId: counter.store_id },
      });
      return {
        keyId: id,
        counterId: counter.id,
        counterName: counter.name,
        storeId: counter.store_id,
        seriesCode,
        key,
      };
    });
  }

  /**
   * A key of this counter issued to an earlier session (signed out, or ended), so a new session
   * can read and send what still waits; a wiped key is gone for good.
   */
  async recover(actor: ServiceActor, keyId: string): Promise<CounterKeyView> {
    const { db, audit } = this.deps;
    sessionOf(actor);
    const row = await findKey(db, actor.tenantId, keyId);
    if (row === undefined) throw notFound('counter key');
    requireStoreVisible(actor, row.store_id, 'counter key');
    await authorizeStore(db, actor, 'invoice.create', row.store_id);
    if (row.state === 'wiped' || row.key_enc === null)
      throw new AppError(
        'conflict',
        'this counter was wiped: what it kept cannot be read any more',
        'keyId',
        {
          reason: 'counter-wiped',
        },
      );
    const counter = await counterById(db, actor.tenantId, row.counter_id);
    if (counter === undefined) throw notFound('counter key');
    const code = await db.transaction().execute(async (trx) => {
      await audit.record(trx, actor.audit, {
        action: 'counter.key.recover',
        objectType: 'counter',
        objectId: row.counter_id,
        outcome: 'success',
        details: { keyId: row.id },
      });
      return ensureSeriesCode(trx, actor.tenantId, counter, this.deps.clock.now().toISOString());
    });
    return this.view(db, actor, row, counter.name, code);
  }

  /** Signing out: this session's key is closed (kept only so what waits can still be sent). */
  async close(actor: ServiceActor, keyId: string): Promise<void> {
    const { db, clock, audit } = this.deps;
    const sessionId = sessionOf(actor);
    const row = await findKey(db, actor.tenantId, keyId);
    if (row?.session_id !== sessionId) throw notFound('counter key');
    if (row.state !== 'active') return;
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('counter_keys')
        .set({ state: 'closed', closed_at: clock.now().toISOString() })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', keyId)
        .where('state', '=', 'active')
        .execute();
      await audit.record(trx, actor.audit, {
        action: 'counter.key.close',
        objectType: 'counter',
        objectId: row.counter_id,
        outcome: 'success',
        details: { keyId },
      });
    });
  }

  /**
   * Wipes a counter from afar (a stolen or lost till): every key it was given is destroyed and
   * its open blocks of numbers are closed, so its cache cannot be read and its queue cannot be
   * sent. Answers what the counter's numbers look like now (what never arrived).
   */
  async wipe(actor: ServiceActor, counterId: string): Promise<CounterStatus> {
    const { db, clock, audit } = this.deps;
    const counter = await counterById(db, actor.tenantId, counterId);
    if (counter === undefined) throw notFound('counter');
    requireStoreVisible(actor, counter.store_id, 'counter');
    await authorizeStore(db, actor, 'invoice.void', counter.store_id);
    const now = clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      const keys = await trx
        .updateTable('counter_keys')
        .set({ state: 'wiped', key_enc: null, closed_at: now })
        .where('tenant_id', '=', actor.tenantId)
        .where('counter_id', '=', counterId)
        .where('state', '!=', 'wiped')
        .executeTakeFirst();
      const blocks = await trx
        .updateTable('counter_number_blocks')
        .set({ state: 'wiped', closed_at: now })
        .where('tenant_id', '=', actor.tenantId)
        .where('counter_id', '=', counterId)
        .where('state', '=', 'open')
        .executeTakeFirst();
      await audit.record(trx, actor.audit, {
        action: 'counter.wipe',
        objectType: 'counter',
        objectId: counterId,
        outcome: 'success',
        details: {
          storeId: counter.store_id,
          keysDestroyed: Number(keys.numUpdatedRows),
          blocksClosed: Number(blocks.numUpdatedRows),
        },
      });
    });
    return this.status(actor, counterId);
  }

  /** The counters of a store the caller may see, each with its offline numbers. */
  async list(actor: ServiceActor, storeId: string): Promise<CounterStatus[]> {
    const { db } = this.deps;
    requireStoreVisible(actor, storeId, 'store');
    await authorizeStore(db, actor, 'invoice.read', storeId);
    const counters = await db
      .selectFrom('counters')
      .select('id')
      .where('tenant_id', '=', actor.tenantId)
      .where('store_id', '=', storeId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return Promise.all(counters.map((c) => this.status(actor, c.id)));
  }

  /** A counter's series, its blocks, what arrived of each and what a wipe lost. */
  async status(actor: ServiceActor, counterId: string): Promise<CounterStatus> {
    const { db } = this.deps;
    const counter = await counterById(db, actor.tenantId, counterId);
    if (counter === undefined) throw notFound('counter');
    requireStoreVisible(actor, counter.store_id, 'counter');
    const series = await db
      .selectFrom('counter_series')
      .select('code')
      .where('tenant_id', '=', actor.tenantId)
      .where('counter_id', '=', counterId)
      .executeTakeFirst();
    const keys = await db
      .selectFrom('counter_keys')
      .select(['state', 'closed_at'])
      .where('tenant_id', '=', actor.tenantId)
      .where('counter_id', '=', counterId)
      .execute();
    const blocks = await db
      .selectFrom('counter_number_blocks')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('counter_id', '=', counterId)
      .orderBy('fy')
      .orderBy('first_seq')
      .execute();
    const arrived = await arrivedSeqs(
      db,
      actor.tenantId,
      blocks.map((b) => b.id),
    );
    const wipes = keys.filter((k) => k.state === 'wiped').map((k) => k.closed_at ?? '');
    const views = [];
    for (const block of blocks) {
      const format = await seriesFormat(db, actor.tenantId, block);
      const fy = financialYear(block.fy);
      const number = (seq: number) => formatDocumentNumber(format, fy, seq);
      const got = new Set(arrived.filter((a) => a.block_id === block.id).map((a) => Number(a.seq)));
      const notReceived: LostRange[] = [];
      if (block.state === 'wiped') {
        let start: number | null = null;
        for (let seq = Number(block.first_seq); seq <= Number(block.last_seq) + 1; seq += 1) {
          const missing = seq <= Number(block.last_seq) && !got.has(seq);
          if (missing && start === null) start = seq;
          if (!missing && start !== null) {
            notReceived.push({ from: number(start), to: number(seq - 1), count: seq - start });
            start = null;
          }
        }
      }
      views.push({
        firstNumber: number(Number(block.first_seq)),
        lastNumber: number(Number(block.last_seq)),
        state: block.state,
        received: got.size,
        reservedAt: block.created_at,
        closedAt: block.closed_at,
        notReceived,
      });
    }
    return {
      counterId,
      counterName: counter.name,
      seriesCode: series?.code ?? null,
      activeKeys: keys.filter((k) => k.state === 'active').length,
      blocks: views,
      lastWipedAt: wipes.length === 0 ? null : (wipes.sort().at(-1) ?? null),
    };
  }

  private async view(
    db: Kysely<Database>,
    actor: ServiceActor,
    row: KeyRow,
    counterName: string,
    seriesCode: string,
  ): Promise<CounterKeyView> {
    if (row.key_enc === null)
      throw new AppError('conflict', 'this counter was wiped', 'keyId', { reason: 'counter-wiped' });
    const key = await this.deps.cipher.decrypt(refOf(actor.tenantId, row.id), row.key_enc, db);
    return { keyId: row.id, counterId: row.counter_id, counterName, storeId: row.store_id, seriesCode, key };
  }
}
