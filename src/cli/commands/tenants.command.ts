/**
 * `tijori tenants create|list|suspend|resume`: hosted mode's operator commands (PostgreSQL only;
 * a SQLite installation holds one business, made by `tijori init`). They run with the database
 * role and read no shop's data: no command here decrypts a field or signs in as a user.
 */
import type { Command } from 'commander';
import type { Config } from '../../config/config.js';
import { systemClock } from '../../domain/clock.js';
import { TenantService } from '../../modules/tenants/tenant.service.js';
import { CliError, ExitCode, configFor, type CliContext } from '../cli-context.js';
import { withRuntime, type Runtime } from '../runtime.js';

interface CreateOptions {
  business: string;
  gstin: string;
  state: string;
  ownerEmail: string;
  dataDir?: string;
}

const IST_MS = 330 * 60_000;
const inIst = (instant: string) =>
  `${new Date(Date.parse(instant) + IST_MS).toISOString().slice(0, 16).replace('T', ' ')} IST`;

/** The configuration, refused unless it points at PostgreSQL. */
function hostedConfig(context: CliContext, options: { dataDir?: string }): Config {
  const config = configFor(context, options);
  if (config.databaseUrl === undefined)
    throw new CliError(
      'Several businesses need PostgreSQL (hosted mode): set TIJORI_DATABASE_URL. ' +
        'A SQLite installation holds one business, made by `tijori init`.',
      ExitCode.usage,
    );
  return config;
}

function withTenants<T>(
  context: CliContext,
  options: { dataDir?: string },
  run: (tenants: TenantService, runtime: Runtime) => Promise<T>,
): Promise<T> {
  return withRuntime(hostedConfig(context, options), (runtime) => {
    const { deps } = runtime.services.identity;
    const tenants = new TenantService({
      db: runtime.database.db,
      clock: systemClock,
      audit: deps.audit,
      loginIndex: deps.loginIndex,
    });
    return run(tenants, runtime);
  });
}

/** Where the owner opens the link: the public URL when configured. */
function ownerLinkUrl(config: Config, token: string): string {
  const base = config.publicUrl === undefined ? 'https://<this service address>' : config.publicUrl;
  return `${base.replace(/\/+$/, '')}/accept-invite#token=${token}`;
}

function registerCreate(tenants: Command, context: CliContext): void {
  tenants
    .command('create')
    .description("create a business with its first store and print its owner's one-time setup link")
    .requiredOption('--business <name>', 'business (trade) name')
    .requiredOption('--gstin <gstin>', "the first store's GSTIN")
    .requiredOption('--state <code>', "the first store's state code, two digits (27 for Maharashtra)")
    .requiredOption('--owner-email <email>', "the owner's email; only this email can use the link")
    .option('--data-dir <dir>', 'data folder')
    .action(async (options: CreateOptions) => {
      await withTenants(context, options, async (service, runtime) => {
        const created = await service.create({
          businessName: options.business,
          gstin: options.gstin,
          stateCode: options.state,
          ownerEmail: options.ownerEmail,
        });
        context.stdout.write(
          `Created the business ${options.business.trim()} (tenant ${created.tenantId}).\n` +
            `Owner's one-time setup link, valid until ${inIst(created.ownerLink.expiresAt)}; ` +
            'give it only to the owner, it works once and only with their email:\n' +
            `${ownerLinkUrl(runtime.config, created.ownerLink.token)}\n`,
        );
      });
    });
}

function registerList(tenants: Command, context: CliContext): void {
  tenants
    .command('list')
    .description('list the businesses with their status (no shop data)')
    .option('--data-dir <dir>', 'data folder')
    .action(async (options: { dataDir?: string }) => {
      await withTenants(context, options, async (service) => {
        const rows = await service.list();
        if (rows.length === 0)
          context.stdout.write('No business yet: create one with `tijori tenants create`.\n');
        for (const t of rows)
          context.stdout.write(
            `${t.id}  ${t.status.padEnd(9)}  ${inIst(t.createdAt)}  stores ${String(t.stores)}  users ${String(t.users)}  ${t.name}\n`,
          );
      });
    });
}

function registerStatusChange(
  tenants: Command,
  context: CliContext,
  name: 'suspend' | 'resume',
  status: 'active' | 'suspended',
  description: string,
): void {
  tenants
    .command(name)
    .description(description)
    .requiredOption('--tenant <id>', 'the business id (from `tijori tenants list`)')
    .option('--data-dir <dir>', 'data folder')
    .action(async (options: { tenant: string; dataDir?: string }) => {
      await withTenants(context, options, async (service) => {
        const outcome = await service.setStatus(options.tenant, status);
        const word = status === 'suspended' ? 'suspended' : 'active';
        context.stdout.write(
          outcome === 'changed'
            ? `The business ${options.tenant} is now ${word}.\n`
            : `The business ${options.tenant} was already ${word}.\n`,
        );
      });
    });
}

export function registerTenantsCommands(program: Command, context: CliContext): void {
  const tenants = program
    .command('tenants')
    .description('hosted mode (PostgreSQL): create, list, suspend and resume businesses');
  registerCreate(tenants, context);
  registerList(tenants, context);
  registerStatusChange(
    tenants,
    context,
    'suspend',
    'suspended',
    'suspend a business: its users cannot sign in or use the API until it is resumed',
  );
  registerStatusChange(tenants, context, 'resume', 'active', 'resume a suspended business');
}
