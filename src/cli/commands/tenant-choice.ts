/** Which business a CLI command acts for: the one given, or the only one the installation has. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { CliError, ExitCode } from '../cli-context.js';

export async function chooseTenant(db: Kysely<Database>, given?: string): Promise<string> {
  const tenants = await db.selectFrom('tenants').select('id').orderBy('created_at').execute();
  if (given !== undefined) {
    if (!tenants.some((t) => t.id === given))
      throw new CliError(`No business with id ${given}.`, ExitCode.usage);
    return given;
  }
  if (tenants.length === 0)
    throw new CliError(
      'No business yet: create one with `tijori init --business ...` or the setup page.',
      ExitCode.usage,
    );
  if (tenants.length > 1)
    throw new CliError('This installation has several businesses: pass --tenant ID.', ExitCode.usage);
  return tenants[0]?.id ?? '';
}

/** The business's first store (where demo stock goes). */
export async function firstStore(db: Kysely<Database>, tenantId: string): Promise<string> {
  const store = await db
    .selectFrom('stores')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .executeTakeFirst();
  if (store === undefined) throw new CliError('The business has no store.', ExitCode.problem);
  return store.id;
}
