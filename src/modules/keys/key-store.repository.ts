/** Reads and writes the key store tables. Key material here is always wrapped. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { DataKeysTable } from '../../db/tables/keys.tables.js';

export type DataKeyRow = DataKeysTable;

export class KeyStoreRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The newest active version of a key series, if any. */
  async findActive(
    tenantId: string,
    keyId: string,
    db: Kysely<Database> = this.db,
  ): Promise<DataKeyRow | undefined> {
    return db
      .selectFrom('data_keys')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('key_id', '=', keyId)
      .where('status', '=', 'active')
      .orderBy('version', 'desc')
      .executeTakeFirst();
  }

  async findVersion(
    tenantId: string,
    keyId: string,
    version: number,
    db: Kysely<Database> = this.db,
  ): Promise<DataKeyRow | undefined> {
    return db
      .selectFrom('data_keys')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('key_id', '=', keyId)
      .where('version', '=', version)
      .executeTakeFirst();
  }

  async latestVersion(tenantId: string, keyId: string, db: Kysely<Database> = this.db): Promise<number> {
    const row = await db
      .selectFrom('data_keys')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('tenant_id', '=', tenantId)
      .where('key_id', '=', keyId)
      .executeTakeFirst();
    return Number(row?.v ?? 0);
  }

  /** Inserts a key version; false when another writer created that version first. */
  async insert(row: DataKeyRow, db: Kysely<Database> = this.db): Promise<boolean> {
    const result = await db
      .insertInto('data_keys')
      .values(row)
      .onConflict((oc) => oc.columns(['tenant_id', 'key_id', 'version']).doNothing())
      .executeTakeFirst();
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }

  async setStatus(
    tenantId: string,
    keyId: string,
    version: number,
    status: DataKeyRow['status'],
    at: string,
    db: Kysely<Database> = this.db,
  ): Promise<void> {
    await db
      .updateTable('data_keys')
      .set({ status, retired_at: status === 'retired' ? at : null })
      .where('tenant_id', '=', tenantId)
      .where('key_id', '=', keyId)
      .where('version', '=', version)
      .execute();
  }

  async listAll(tenantId?: string): Promise<DataKeyRow[]> {
    let query = this.db.selectFrom('data_keys').selectAll();
    if (tenantId !== undefined) query = query.where('tenant_id', '=', tenantId);
    return query.orderBy('tenant_id').orderBy('key_id').orderBy('version').execute();
  }

  async updateWrapped(
    row: Pick<DataKeyRow, 'tenant_id' | 'key_id' | 'version' | 'wrapped' | 'kek_id' | 'provider'>,
    db: Kysely<Database> = this.db,
  ): Promise<void> {
    await db
      .updateTable('data_keys')
      .set({ wrapped: row.wrapped, kek_id: row.kek_id, provider: row.provider })
      .where('tenant_id', '=', row.tenant_id)
      .where('key_id', '=', row.key_id)
      .where('version', '=', row.version)
      .execute();
  }
}
