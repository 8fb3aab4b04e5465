/**
 * `tijori init`: creates the data folder (0700), the database, the certificate and the keys, and,
 * given the business details, the business and its owner. Without them the owner is created
 * later through the one-time setup link that `tijori serve` prints. `--demo` fills the new (or
 * the only existing) business with a sample apparel shop.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { prepareInstallation } from '../../bootstrap.js';
import { systemClock } from '../../domain/clock.js';
import { createLogger } from '../../logging/logger.js';
import { operatorActor } from '../../kernel/actor.js';
import { createServices, type Services } from '../../services.js';
import { CliError, ExitCode, configFor, type CliContext } from '../cli-context.js';
import { ask, readFirstLine } from '../prompt.js';
import { chooseTenant, firstStore } from './tenant-choice.js';
import { firstStoreFields } from '../../modules/setup/setup.schemas.js';
import type { BusinessInput } from '../../modules/setup/setup.service.js';

interface InitOptions {
  dataDir?: string;
  business?: string;
  gstin?: string;
  state?: string;
  ownerEmail?: string;
  ownerName?: string;
  ownerPassword?: string;
  tradeName?: string;
  addressLine?: string;
  city?: string;
  pin?: string;
  phone?: string;
  email?: string;
  upi?: string;
  logo?: string;
  negativeStock?: string;
  nonInteractive?: boolean;
  demo?: boolean;
}

async function ownerPassword(context: CliContext, options: InitOptions): Promise<string> {
  if (options.ownerPassword !== undefined) return options.ownerPassword;
  const fromEnv = context.env.TIJORI_OWNER_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (context.stdin.isTTY === true && options.nonInteractive !== true) {
    return ask(context, 'Owner password (15+ characters; a passphrase works well): ', true);
  }
  const line = await readFirstLine(context);
  if (line === '') {
    throw new CliError(
      'No owner password: pass --owner-password, set TIJORI_OWNER_PASSWORD, or pipe it on standard input.',
      ExitCode.usage,
    );
  }
  return line;
}

async function fillInteractively(context: CliContext, options: InitOptions): Promise<InitOptions> {
  if (options.nonInteractive === true || context.stdin.isTTY !== true) return options;
  const filled = { ...options };
  filled.business ??= await ask(context, 'Business name: ');
  filled.gstin ??= (await ask(context, 'GSTIN: ')).toUpperCase();
  filled.state ??= await ask(context, 'State code (two digits): ');
  filled.ownerEmail ??= await ask(context, 'Owner email: ');
  return filled;
}

async function fillDemo(
  context: CliContext,
  services: Services,
  tenantId: string,
  storeId: string,
): Promise<void> {
  const summary = await services.billing.demo.fill(operatorActor(tenantId, 'setup'), storeId);
  context.stdout.write(
    `Filled a sample apparel shop: ${summary.items} items in ${summary.variants} sizes and colours with barcodes and stock, ${summary.customers} fake customers.\n`,
  );
}

/**
 * The logo file as the setup page sends it: a PNG or JPEG `data:` URL (the size is checked with
 * the other fields; the writer keeps only its pixels, re-encoded, as for the web upload).
 */
function logoDataUrl(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new CliError(`--logo: cannot read the file ${file}.`, ExitCode.usage);
  }
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  if (!png && !jpeg) throw new CliError('--logo must be a PNG or JPEG image.', ExitCode.usage);
  return `data:image/${png ? 'png' : 'jpeg'};base64,${bytes.toString('base64')}`;
}

/** The first store's printed details from the options (checked like the setup page's). */
function storeDetails(options: InitOptions): Pick<BusinessInput, 'details' | 'storeName'> {
  if (options.addressLine === undefined || options.city === undefined || options.pin === undefined) return {};
  const fields = firstStoreFields.safeParse({
    addressLine: options.addressLine,
    city: options.city,
    pin: options.pin,
    phone: options.phone,
    email: options.email,
    upiVpa: options.upi,
    tradeName: options.tradeName,
    logo: logoDataUrl(options.logo),
  });
  if (!fields.success) {
    const issue = fields.error.issues[0];
    const flag = String(issue?.path[0] ?? 'address-line').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    throw new CliError(
      `--${flag === 'upi-vpa' ? 'upi' : flag} ${issue?.message ?? 'is not valid'}.`,
      ExitCode.usage,
    );
  }
  const f = fields.data;
  if (f.addressLine === undefined || f.city === undefined || f.pin === undefined) return {};
  return {
    details: {
      legalName: options.business ?? '',
      tradeName: f.tradeName,
      addressLine1: f.addressLine,
      city: f.city,
      pincode: f.pin,
      phone: f.phone,
      email: f.email,
      upiVpa: f.upiVpa,
      logo: f.logo,
    },
    ...(f.tradeName === undefined ? {} : { storeName: f.tradeName }),
  };
}

export function registerInitCommand(program: Command, context: CliContext): void {
  program
    .command('init')
    .description('create the data folder, database, certificate, keys and (with details) the owner')
    .option('--data-dir <dir>', 'data folder (default ./tijori-data, or TIJORI_DATA_DIR)')
    .option('--business <name>', 'business (trade) name')
    .option('--gstin <gstin>', "the first store's GSTIN")
    .option('--state <code>', "the first store's state code, two digits (27 for Maharashtra)")
    .option('--owner-email <email>', "the owner's email, used to sign in")
    .option('--owner-name <name>', "the owner's name")
    .option('--owner-password <password>', 'owner password (prefer TIJORI_OWNER_PASSWORD or standard input)')
    .option('--trade-name <name>', "the first store's trade name, when it differs from the business name")
    .option('--address-line <line>', "the first store's address line, printed on its invoices")
    .option('--city <city>', "the first store's city")
    .option('--pin <pin>', "the first store's six-digit PIN code")
    .option('--phone <phone>', "the store's phone number, printed on its invoices")
    .option('--email <email>', "the store's email address, printed on its invoices")
    .option('--upi <vpa>', "the shop's UPI address for payment QR codes (shop@okbank)")
    .option('--logo <file>', "the shop's logo for A4 bills: a PNG or JPEG file of at most 96 KB")
    .option(
      '--negative-stock <choice>',
      'allow (default) or refuse: whether a sale may take an item below zero stock (each time raises an alert)',
    )
    .option('--non-interactive', 'never prompt; fail when something is missing')
    .option('--demo', 'fill a sample apparel shop with items, stock and customers')
    .action(async (given: InitOptions) => {
      const config = configFor(context, given);
      const options = await fillInteractively(context, given);
      const details = [options.business, options.gstin, options.state, options.ownerEmail];
      const someDetails = details.some((d) => d !== undefined);
      if (someDetails && details.some((d) => d === undefined || d === '')) {
        throw new CliError(
          'To create the owner, give --business, --gstin, --state and --owner-email together.',
          ExitCode.usage,
        );
      }
      const address = [options.addressLine, options.city, options.pin];
      if (address.some((a) => a !== undefined) && address.some((a) => a === undefined || a === ''))
        throw new CliError('Give --address-line, --city and --pin together.', ExitCode.usage);
      if (options.logo !== undefined && options.addressLine === undefined)
        throw new CliError(
          '--logo goes with the store details: give --address-line, --city and --pin too.',
          ExitCode.usage,
        );
      const printed = storeDetails(options);
      const negativeStock = options.negativeStock;
      if (negativeStock !== undefined && negativeStock !== 'allow' && negativeStock !== 'refuse')
        throw new CliError('--negative-stock must be allow or refuse.', ExitCode.usage);
      const prepared = await prepareInstallation(config);
      const { database } = prepared;
      const logger = createLogger({ level: 'silent' });
      const services = createServices({
        config,
        database,
        logger,
        clock: systemClock,
        keyProvider: prepared.keyProvider,
      });
      try {
        context.stdout.write(
          `${prepared.createdDataDir ? 'Created' : 'Using'} data folder ${config.dataDir} (${database.engine}).\n`,
        );
        const kek = prepared.keyProvider.describe();
        context.stdout.write(
          `Key-encryption key: ${kek.provider} provider, id ${kek.kekId}. Back it up apart from the database.\n`,
        );
        if (prepared.tls !== null) {
          context.stdout.write(`Certificate SHA-256 fingerprint: ${prepared.tls.fingerprint256}\n`);
        }
        if (someDetails) {
          const created = await services.setup.initializeBusiness({
            businessName: options.business ?? '',
            gstin: (options.gstin ?? '').toUpperCase(),
            stateCode: options.state ?? '',
            ...printed,
            ...(negativeStock === undefined ? {} : { negativeStock }),
            ownerEmail: options.ownerEmail ?? '',
            ...(options.ownerName === undefined ? {} : { ownerName: options.ownerName }),
            ownerPassword: await ownerPassword(context, options),
          });
          context.stdout.write(`Created the business and its owner (tenant ${created.tenantId}).\n`);
          if (options.demo === true) await fillDemo(context, services, created.tenantId, created.storeId);
          context.stdout.write(
            'Start Tijori with `tijori serve` and sign in; you will set up two-factor sign-in first.\n',
          );
        } else if (options.demo === true) {
          await services.setup.ensureInstallation();
          const tenantId = await chooseTenant(database.db);
          await fillDemo(context, services, tenantId, await firstStore(database.db, tenantId));
        } else {
          await services.setup.ensureInstallation();
          context.stdout.write(
            'Start Tijori with `tijori serve`; it prints a one-time setup link to create the owner.\n',
          );
        }
      } finally {
        await services.close();
        await database.close();
        await prepared.keyProvider.close();
      }
    });
}
