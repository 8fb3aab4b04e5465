/**
 * The one configuration schema. Every setting has a default that fits a single shop, a
 * `TIJORI_*` environment variable, and a hint that tells an operator how to fix a bad value.
 */
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
/** `true`/`false` from the environment, or a boolean from the config file. */
const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .or(z.boolean())
    .default(fallback);

export const configSchema = z
  .object({
    dataDir: z.string().min(1).default('./tijori-data'),
    host: z.string().min(1).default('0.0.0.0'),
    port: port.default(8443),
    /** PostgreSQL connection string; SQLite in the data folder when unset. */
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
    /** TLS to PostgreSQL: off, require (encrypted, server not verified) or verify-full. */
    databaseTls: z.enum(['off', 'require', 'verify-full']).default('off'),
    /** A CA bundle (PEM file) for verify-full. */
    databaseCaFile: z.string().min(1).optional(),
    databasePoolSize: z.coerce.number().int().min(1).max(200).default(10),
    tenantRequestsPerMinute: z.coerce.number().int().min(0).max(1_000_000).default(0),
    /** Named prepared statements for repeated queries (off behind a pooler that drops them). */
    databasePreparedStatements: flag(true),
    /** A PEM certificate and key; a self-signed pair is generated in the data folder when unset. */
    tlsCertFile: z.string().min(1).optional(),
    tlsKeyFile: z.string().min(1).optional(),
    /** Serve plain HTTP (only behind a TLS-terminating proxy). */
    httpOnly: flag(false),
    /** Offer HTTP/2 over TLS (ALPN `h2`) beside HTTP/1.1; off only for a client that mishandles it. */
    http2: flag(true),
    /** The origin browsers use to reach Tijori, for Origin checks and links. */
    publicUrl: z.url().optional(),
    /** Without a public URL: the host names browsers may use for passkeys (comma-separated). */
    hostNames: z
      .string()
      .transform((v) => v.split(',').map((n) => n.trim().toLowerCase()))
      .pipe(
        z.array(
          z
            .string()
            .regex(
              /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/,
            ),
        ),
      )
      .or(z.array(z.string().regex(/^[a-z0-9.-]{1,253}$/)))
      .optional(),
    bodyLimitBytes: z.coerce
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(1024 * 1024),
    logLevel: logLevel.default('info'),
    shutdownTimeoutMs: z.coerce.number().int().min(100).max(600_000).default(15_000),
    keyProvider: z.enum(['file', 'env', 'pkcs11']).default('file'),
    /** Key-encryption key for the env provider: 32 bytes, base64. */
    kek: z.string().min(1).optional(),
    /** Path of the KEK file for the file provider; defaults to `<key folder>/kek.key` (or `<dataDir>/keys/kek.key` where an older installation has it). */
    kekFile: z.string().min(1).optional(),
    /**
     * The key folder, outside the data folder: the KEK file of a new installation, the erasure key
     * epochs and the trusted backup signers. Defaults to `<dataDir>-keys` beside the data folder.
     */
    keyDir: z.string().min(1).optional(),
    /**
     * Seconds from an erasure until its key epoch is destroyed: after it no backup, old KEK or copy
     * of the data folder can recover the person (ADR 0024). Key-folder copies must not outlive it.
     */
    erasureGraceSeconds: z.coerce
      .number()
      .int()
      .min(1)
      .max(90 * 86_400)
      .default(7 * 86_400),
    pkcs11Module: z.string().min(1).optional(),
    /** An HSM is available to this installation (the self-audit then fails a KEK kept elsewhere). */
    hsmAvailable: flag(false),
    pkcs11TokenLabel: z.string().min(1).optional(),
    pkcs11Pin: z.string().min(1).optional(),
    pkcs11KeyLabel: z.string().min(1).default('tijori-kek'),
    /** The HSM key deriving the password pepper; `<pkcs11KeyLabel>-hmac` unless set (ADR 0010). */
    pkcs11DeriveKeyLabel: z.string().min(1).optional(),
    /**
     * How long an instance keeps using a cached active data key; a finished rotation waits this
     * long before it retires the old version, so no instance still writes with it.
     */
    activeKeyCacheSeconds: z.coerce.number().int().min(0).max(600).default(30),
    /**
     * Expected customers per tenant: blind indexes are truncated so each index value matches
     * between 2 and sqrt(N) rows (docs/security.md). Fixed per tenant when its index key is made.
     */
    blindIndexExpectedRows: z.coerce.number().int().min(100).max(1_000_000_000).default(100_000),
    /** A fixed blind-index length in bits instead of the rule above. */
    blindIndexBits: z.coerce.number().int().min(8).max(32).optional(),
    /**
     * argon2id cost: RFC 9106's second recommended option by default (64 MiB, 3 passes, 4 lanes);
     * never below the baseline's floor (19 MiB, 2 passes, 1 lane). A stored hash below these is
     * re-hashed at its next sign-in.
     */
    argon2MemoryKib: z.coerce.number().int().min(19_456).max(4_194_304).default(65_536),
    argon2Iterations: z.coerce.number().int().min(2).max(20).default(3),
    argon2Parallelism: z.coerce.number().int().min(1).max(8).default(4),
    /** Idle timeout of counter roles (cashier, stylist ...); owner, admin and manager stay at 15. */
    counterSessionIdleMinutes: z.coerce.number().int().min(5).max(480).default(60),
    /** Absolute session lifetime; the baseline allows at most 12 hours. */
    sessionAbsoluteHours: z.coerce.number().int().min(1).max(12).default(12),
    /** The built web app (`vite build` output); defaults to `dist/web` of this installation. */
    webDir: z.string().min(1).optional(),
    /** SMTP server for alert emails (and later privacy and breach notices); email is off when unset. */
    smtpHost: z.string().min(1).optional(),
    smtpPort: port.default(587),
    /** Implicit TLS (port 465); otherwise STARTTLS when the server offers it. */
    smtpSecure: flag(false),
    smtpUser: z.string().min(1).optional(),
    smtpPassword: z.string().min(1).optional(),
    smtpFrom: z.string().min(3).max(200).optional(),
    /** Check the SMTP server's certificate (turn off only for a LAN relay with a private CA). */
    smtpTlsVerify: flag(true),
    /** Where installation-wide alerts go (attacks on unknown accounts, a broken installation chain). */
    alertOperatorEmail: z.email().optional(),
    /** Minutes between signed audit checkpoints. */
    auditCheckpointMinutes: z.coerce.number().int().min(5).max(1440).default(60),
    /** Hours between full verifications of every audit chain. */
    auditVerifyHours: z.coerce.number().int().min(1).max(168).default(24),
    /** A folder (mount it from another machine) that receives every signed checkpoint as text. */
    auditCheckpointDir: z.string().min(1).optional(),
    /** Allow alert webhooks over plain http (only for a receiver on a trusted network). */
    webhookAllowHttp: flag(false),
    /** An HTTPS SMS gateway (JSON POST) for one-time codes and breach notices; SMS is off when unset. */
    smsGatewayUrl: z.url().optional(),
    smsGatewayToken: z.string().min(1).optional(),
    /** The registered sender id (DLT header), 3 to 11 letters or digits. */
    smsSenderId: z
      .string()
      .regex(/^[A-Za-z0-9]{3,11}$/)
      .default('TIJORI'),
    /** Allow a plain-http SMS gateway (only a relay on a trusted network). */
    smsGatewayAllowHttp: flag(false),
    /** The DLT template id registered for breach notices to customers (SMS). */
    smsNoticeTemplateId: z
      .string()
      .regex(/^[0-9]{10,25}$/)
      .optional(),
    /** security.txt `Contact`: a mailto:, https: or tel: URI; the public report page when unset. */
    securityContact: z
      .string()
      .regex(/^(mailto:\S+@\S+|https:\/\/\S+|tel:\+?[0-9-]+)$/, 'a mailto:, https: or tel: URI')
      .optional(),
    /** security.txt `Policy`: where the shop's disclosure policy lives; the report page when unset. */
    securityPolicyUrl: z.url().optional(),
  })
  .strict();

export type Config = Readonly<z.infer<typeof configSchema>>;
export type ConfigKey = keyof z.infer<typeof configSchema>;

/** Environment variable, secrecy and a fix hint for each setting. */
export const settingInfo: Record<ConfigKey, { env: string; secret?: boolean; hint: string }> = {
  dataDir: { env: 'TIJORI_DATA_DIR', hint: 'a folder path, for example ./tijori-data' },
  host: { env: 'TIJORI_HOST', hint: 'an address to listen on, for example 0.0.0.0' },
  port: { env: 'TIJORI_PORT', hint: 'a port number from 1 to 65535, for example 8443' },
  databaseUrl: {
    env: 'TIJORI_DATABASE_URL',
    secret: true,
    hint: 'a PostgreSQL URL such as postgres://user:pass@host:5432/tijori, or unset it to use SQLite',
  },
  databaseTls: { env: 'TIJORI_DATABASE_TLS', hint: 'one of off, require, verify-full' },
  databaseCaFile: { env: 'TIJORI_DATABASE_CA_FILE', hint: 'the path of a PEM CA bundle' },
  databasePoolSize: { env: 'TIJORI_DATABASE_POOL_SIZE', hint: 'a whole number from 1 to 200' },
  tenantRequestsPerMinute: {
    env: 'TIJORI_TENANT_REQUESTS_PER_MINUTE',
    hint: 'a whole number from 0 (no limit) to 1000000',
  },
  databasePreparedStatements: {
    env: 'TIJORI_DATABASE_PREPARED_STATEMENTS',
    hint: 'true or false (false behind PgBouncer in transaction mode before 1.21)',
  },
  tlsCertFile: { env: 'TIJORI_TLS_CERT_FILE', hint: 'the path of a PEM certificate' },
  tlsKeyFile: { env: 'TIJORI_TLS_KEY_FILE', hint: 'the path of a PEM private key' },
  httpOnly: { env: 'TIJORI_HTTP_ONLY', hint: 'true or false' },
  http2: { env: 'TIJORI_HTTP2', hint: 'true or false' },
  publicUrl: { env: 'TIJORI_PUBLIC_URL', hint: 'an absolute URL such as https://shop.local:8443' },
  hostNames: {
    env: 'TIJORI_HOST_NAMES',
    hint: 'host names without scheme or port, separated by commas, for example shop-pc,shop-pc.local',
  },
  bodyLimitBytes: { env: 'TIJORI_BODY_LIMIT_BYTES', hint: 'a size in bytes from 1024 to 67108864' },
  logLevel: { env: 'TIJORI_LOG_LEVEL', hint: 'one of fatal, error, warn, info, debug, trace, silent' },
  shutdownTimeoutMs: { env: 'TIJORI_SHUTDOWN_TIMEOUT_MS', hint: 'milliseconds from 100 to 600000' },
  keyProvider: { env: 'TIJORI_KEY_PROVIDER', hint: 'one of file, env, pkcs11' },
  kek: { env: 'TIJORI_KEK', secret: true, hint: '32 random bytes in base64 (openssl rand -base64 32)' },
  kekFile: { env: 'TIJORI_KEK_FILE', hint: 'the path of the key file that tijori init created' },
  keyDir: {
    env: 'TIJORI_KEY_DIR',
    hint: 'a folder outside the data folder (another disk or a mount), kept out of database backups',
  },
  erasureGraceSeconds: {
    env: 'TIJORI_ERASURE_GRACE_SECONDS',
    hint: 'seconds from 1 to 7776000 (90 days) before an erasure becomes final in every backup',
  },
  pkcs11Module: { env: 'TIJORI_PKCS11_MODULE', hint: 'the path of the PKCS#11 library (.so)' },
  pkcs11TokenLabel: { env: 'TIJORI_PKCS11_TOKEN_LABEL', hint: 'the label of the HSM token' },
  hsmAvailable: {
    env: 'TIJORI_HSM_AVAILABLE',
    hint: 'true when an HSM (PKCS#11) is available to hold the key-encryption key, else false',
  },
  pkcs11Pin: { env: 'TIJORI_PKCS11_PIN', secret: true, hint: 'the user PIN of the HSM token' },
  pkcs11KeyLabel: { env: 'TIJORI_PKCS11_KEY_LABEL', hint: 'the label of the wrapping key in the HSM' },
  pkcs11DeriveKeyLabel: {
    env: 'TIJORI_PKCS11_DERIVE_KEY_LABEL',
    hint: 'the label of the HMAC key in the HSM (after a KEK rotation: the first KEK label plus -hmac)',
  },
  activeKeyCacheSeconds: {
    env: 'TIJORI_ACTIVE_KEY_CACHE_SECONDS',
    hint: 'seconds from 0 to 600 (every instance must use the same value)',
  },
  blindIndexExpectedRows: {
    env: 'TIJORI_BLIND_INDEX_EXPECTED_ROWS',
    hint: 'the number of customers you expect per business, from 100 to 1000000000',
  },
  blindIndexBits: {
    env: 'TIJORI_BLIND_INDEX_BITS',
    hint: 'a whole number of bits from 8 to 32, or unset it to follow the expected-rows rule',
  },
  argon2MemoryKib: {
    env: 'TIJORI_ARGON2_MEMORY_KIB',
    hint: 'KiB of memory per password hash, at least 19456 (default 65536)',
  },
  argon2Iterations: { env: 'TIJORI_ARGON2_ITERATIONS', hint: 'argon2id passes, from 2 to 20 (default 3)' },
  argon2Parallelism: { env: 'TIJORI_ARGON2_PARALLELISM', hint: 'argon2id lanes, from 1 to 8 (default 4)' },
  counterSessionIdleMinutes: {
    env: 'TIJORI_COUNTER_SESSION_IDLE_MINUTES',
    hint: 'minutes from 5 to 480 before an idle counter session ends',
  },
  sessionAbsoluteHours: { env: 'TIJORI_SESSION_ABSOLUTE_HOURS', hint: 'hours from 1 to 12' },
  webDir: {
    env: 'TIJORI_WEB_DIR',
    hint: 'the folder holding the built web app (index.html and assets/), or unset it for dist/web',
  },
  smtpHost: {
    env: 'TIJORI_SMTP_HOST',
    hint: 'the host name of your SMTP server, for example smtp.example.com',
  },
  smtpPort: { env: 'TIJORI_SMTP_PORT', hint: 'the SMTP port, usually 587 (STARTTLS) or 465 (TLS)' },
  smtpSecure: { env: 'TIJORI_SMTP_SECURE', hint: 'true for implicit TLS (port 465), false for STARTTLS' },
  smtpUser: { env: 'TIJORI_SMTP_USER', hint: 'the SMTP login name' },
  smtpPassword: { env: 'TIJORI_SMTP_PASSWORD', secret: true, hint: 'the SMTP password' },
  smtpFrom: { env: 'TIJORI_SMTP_FROM', hint: 'the sender, for example "Tijori <alerts@shop.example>"' },
  smtpTlsVerify: { env: 'TIJORI_SMTP_TLS_VERIFY', hint: 'true or false (false only for a LAN relay)' },
  alertOperatorEmail: {
    env: 'TIJORI_ALERT_OPERATOR_EMAIL',
    hint: 'an email address for installation alerts',
  },
  auditCheckpointMinutes: { env: 'TIJORI_AUDIT_CHECKPOINT_MINUTES', hint: 'minutes from 5 to 1440' },
  auditVerifyHours: { env: 'TIJORI_AUDIT_VERIFY_HOURS', hint: 'hours from 1 to 168' },
  auditCheckpointDir: {
    env: 'TIJORI_AUDIT_CHECKPOINT_DIR',
    hint: 'a folder path, ideally a mount from another machine',
  },
  webhookAllowHttp: { env: 'TIJORI_WEBHOOK_ALLOW_HTTP', hint: 'true or false' },
  smsGatewayUrl: {
    env: 'TIJORI_SMS_GATEWAY_URL',
    hint: "your SMS gateway's https endpoint, for example https://sms.example.in/v1/messages",
  },
  smsGatewayToken: {
    env: 'TIJORI_SMS_GATEWAY_TOKEN',
    secret: true,
    hint: 'the API token of the SMS gateway',
  },
  smsSenderId: { env: 'TIJORI_SMS_SENDER_ID', hint: 'your registered sender id, 3 to 11 letters or digits' },
  smsGatewayAllowHttp: { env: 'TIJORI_SMS_GATEWAY_ALLOW_HTTP', hint: 'true or false' },
  smsNoticeTemplateId: {
    env: 'TIJORI_SMS_NOTICE_TEMPLATE_ID',
    hint: 'the DLT template id (digits) of your registered breach-notice SMS',
  },
  securityContact: {
    env: 'TIJORI_SECURITY_CONTACT',
    hint: 'a URI such as mailto:security@shop.example or https://shop.example/security',
  },
  securityPolicyUrl: {
    env: 'TIJORI_SECURITY_POLICY_URL',
    hint: 'an absolute https URL of your disclosure policy',
  },
};
