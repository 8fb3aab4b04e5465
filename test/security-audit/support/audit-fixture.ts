/**
 * An installation for self-audit tests: the real services over the suite's database, with a data
 * folder that holds the SQLite file (so backups snapshot the database under test), a generated
 * certificate, an environment-provided KEK, a manual clock, and a self-audit service whose Node.js
 * version is pinned (the check must not depend on the machine running the tests).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildConfig, type Config } from '../../../src/config/config.js';
import { loadEnvKeyProvider } from '../../../src/crypto/env.key-provider.js';
import type { KeyProvider } from '../../../src/crypto/key-provider.js';
import type { Engine } from '../../../src/db/database.js';
import { ManualClock } from '../../../src/domain/clock.js';
import { generateSelfSigned } from '../../../src/http/tls.js';
import type { AccessContext } from '../../../src/kernel/access-context.js';
import { createLogger } from '../../../src/logging/logger.js';
import { systemContext, type AuditContext } from '../../../src/kernel/audit.js';
import { loadGrants } from '../../../src/modules/auth/account.repository.js';
import { operatorActor } from '../../../src/kernel/actor.js';
import type { PaymentInput } from '../../../src/modules/billing/checkout.schemas.js';
import { loadInstallationSigner } from '../../../src/modules/keys/installation-keys.js';
import { auditEnvironment } from '../../../src/modules/security-audit/audit-environment.js';
import type { AuditEnvironment, CheckContext } from '../../../src/modules/security-audit/check.types.js';
import { scanPlaintext } from '../../../src/modules/security-audit/scanner/plaintext-scanner.js';
import { SecurityAuditService } from '../../../src/modules/security-audit/security-audit.service.js';
import { createServices, type Services } from '../../../src/services.js';
import type { TestDatabase } from '../../support/engines.js';
import { LogCapture } from '../../support/app.js';
import { createTenant } from '../../support/factories.js';
import { createAccount, seedRoles } from '../../support/identity.js';

/** A Node.js version whose line is supported until 2028. */
export const SUPPORTED_NODE = 'v24.11.0';

export interface AuditFixture {
  db: TestDatabase['db'];
  engine: Engine;
  config: Config;
  clock: ManualClock;
  keyProvider: KeyProvider;
  services: Services;
  env: AuditEnvironment;
  /** The self-audit with the pinned runtime. */
  selfAudit: SecurityAuditService;
  log: LogCapture;
  dataDir: string;
  close(): Promise<void>;
}

let certificateDir: string | undefined;

/** One self-signed certificate per test process (generating RSA keys takes a moment). */
async function sharedCertificate(): Promise<string> {
  if (certificateDir === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'tijori-audit-tls-'));
    await generateSelfSigned(dir);
    certificateDir = dir;
  }
  return join(certificateDir, 'cert.pem');
}

export async function createAuditFixture(
  database: TestDatabase,
  engine: Engine,
  settings: Partial<Record<keyof Config, unknown>> = {},
  envOverrides: Partial<AuditEnvironment> = {},
): Promise<AuditFixture> {
  const ownDir = database.location.sqlitePath === undefined;
  const dataDir = ownDir
    ? mkdtempSync(join(tmpdir(), 'tijori-audit-data-'))
    : dirname(database.location.sqlitePath ?? '');
  const kek = randomBytes(32).toString('base64');
  const config = buildConfig({
    dataDir,
    keyProvider: 'env',
    kek,
    publicUrl: 'https://shop.test',
    tlsCertFile: await sharedCertificate(),
    tlsKeyFile: join(dataDir, 'unused-key.pem'),
    activeKeyCacheSeconds: 0,
    ...(database.location.url === undefined ? {} : { databaseUrl: database.location.url }),
    ...settings,
  });
  const keyProvider = loadEnvKeyProvider(kek);
  const clock = new ManualClock(new Date());
  const log = new LogCapture();
  const logger = createLogger({ level: 'warn', destination: log });
  const services = createServices({ config, database, logger, clock, keyProvider });
  const env: AuditEnvironment = {
    ...auditEnvironment(config, {
      engine,
      blocklistSize: services.identity.deps.blocklist.size,
      retentionJobs: services.jobs.jobNames.filter((n) => n.endsWith('-retention')),
    }),
    runtime: { tijoriVersion: '0.1.0', nodeVersion: SUPPORTED_NODE },
    ...envOverrides,
  };
  const selfAudit = new SecurityAuditService({
    db: database.db,
    engine,
    clock,
    logger,
    audit: services.audit.trail,
    cipher: services.fieldCipher,
    env,
    verifyKey: () => services.audit.checkpoints.verifyKey(),
    signer: () => loadInstallationSigner(database.db, keyProvider, clock),
    raiseAlert: (d) => services.monitoring.alerts.raise(d),
  });
  return {
    db: database.db,
    engine,
    config,
    clock,
    keyProvider,
    services,
    env,
    selfAudit,
    log,
    dataDir,
    async close() {
      await selfAudit.settle();
      await services.close();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A signed-in user's identity as the services take it (roles and permissions from the database). */
export async function authOf(f: AuditFixture, tenantId: string, userId: string): Promise<AccessContext> {
  const grants = await loadGrants(f.db, tenantId, userId);
  return {
    tenantId,
    userId,
    actor: { type: 'user', id: userId },
    roles: grants.roles,
    permissions: grants.permissions,
    storeIds: grants.storeIds,
    mfaSatisfied: true,
    reauthenticatedAt: f.clock.now(),
  };
}

export function userContext(auth: AccessContext): AuditContext {
  return { tenantId: auth.tenantId, actor: auth.actor, source: 'test' };
}

export const auditContext = (tenantId: string): AuditContext => systemContext(tenantId, 'test', 'test');

/** The context a check runs in, for one tenant, with parts of the environment replaced. */
export function checkContext(
  f: AuditFixture,
  tenantId: string,
  env: Partial<AuditEnvironment> = {},
): CheckContext {
  return {
    db: f.db,
    tenantId,
    now: f.clock.now(),
    env: { ...f.env, ...env },
    cipher: f.services.fieldCipher,
    verifyKey: () => f.services.audit.checkpoints.verifyKey(),
    scanPlaintext: () => scanPlaintext(f.db, f.engine, { tenantId }),
  };
}

/** A new business with the built-in roles and an owner (who has not set up MFA). */
export async function createShop(f: AuditFixture, name = 'Fake Fabrics') {
  const shop = await createTenant(f.db, { name });
  await seedRoles(f.db, shop.tenantId);
  const owner = await createAccount(f.services, shop.tenantId, {
    role: 'owner',
    email: `asha.${randomBytes(3).toString('hex')}@example.test`,
  });
  return { ...shop, ownerId: owner.userId };
}

/** One ordinary sale of a shirt in the shop (store profile, item and stock made on first use). */
export async function makeSale(
  f: AuditFixture,
  shop: { tenantId: string; storeId: string },
  payments: PaymentInput[] = [{ method: 'cash', amountPaise: 105_000 }],
): Promise<string> {
  const billing = f.services.billing;
  const operator = operatorActor(shop.tenantId);
  const existing = await f.db
    .selectFrom('item_variants')
    .select('id')
    .where('tenant_id', '=', shop.tenantId)
    .executeTakeFirst();
  let variantId = existing?.id;
  if (variantId === undefined) {
    await billing.settings.updateStoreProfile(operator, shop.storeId, {
      legalName: 'Fake Fabrics Private Limited',
      addressLine1: 'Shop 4, Test Road',
      city: 'Ahmedabad',
      pincode: '380009',
    });
    const item = await billing.items.createItem(operator, {
      kind: 'goods',
      name: 'Cotton shirt',
      hsnSac: '6205',
      uqc: 'PCS',
      rateCategory: 'apparel',
      priceIncludesTax: true,
      variants: [{ pricePaise: 105_000, size: 'M', colour: 'Blue' }],
    });
    variantId = item.variants[0]?.id ?? '';
    await billing.stock.adjust(operator, {
      storeId: shop.storeId,
      reason: 'opening',
      lines: [{ variantId, quantity: 50 }],
    });
  }
  const sale = await billing.checkout.checkout(
    operator,
    { storeId: shop.storeId, lines: [{ variantId, quantity: 1 }], payments },
    `sale-${randomBytes(8).toString('hex')}`,
  );
  return sale.id;
}
