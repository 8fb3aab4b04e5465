/**
 * Transport and session checks: the server certificate (present, valid, not expiring within 30
 * days, a strong enough key) and TLS 1.2 as the floor; TLS to a PostgreSQL server on another
 * machine; session timeouts within the baseline (15 minutes idle for owners, admins and managers,
 * at most 12 hours absolute) and counter sessions idle at most an hour.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { DAY_MS, type SecurityCheck } from '../check.types.js';

export const CERT_WARNING_DAYS = 30;
const TLS_ORDER = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

export const tlsCheck: SecurityCheck = {
  id: 'transport.tls',
  title: `HTTPS certificate valid for at least ${String(CERT_WARNING_DAYS)} more days, TLS 1.2 or newer only`,
  category: 'transport',
  severity: 'high',
  remediation:
    'Renew the certificate before it expires: put the new PEM files where TIJORI_TLS_CERT_FILE and TIJORI_TLS_KEY_FILE point (or delete the generated tls/ folder so Tijori makes a new one, and pin the new fingerprint on the counters), then restart. Use an RSA key of 2048 bits or more, or an EC key.',
  async run(ctx) {
    const { tls } = ctx.env;
    if (tls.httpOnly)
      return {
        status: 'unknown',
        found:
          'Tijori serves plain HTTP behind a proxy (TIJORI_HTTP_ONLY); the proxy’s TLS cannot be seen from here.',
        remediation:
          'Check the proxy yourself: a certificate valid for more than 30 days and TLS 1.2 or newer only. Never expose plain HTTP beyond the proxy.',
        evidence: { httpOnly: true },
      };
    const problems: string[] = [];
    if (TLS_ORDER.indexOf(tls.minVersion) < TLS_ORDER.indexOf('TLSv1.2'))
      problems.push(`server accepts ${tls.minVersion}`);
    if (!existsSync(tls.certFile))
      return {
        status: 'fail',
        found: 'No server certificate was found.',
        evidence: { certificateFile: 'missing' },
      };
    const cert = new X509Certificate(readFileSync(tls.certFile));
    const validTo = new Date(cert.validTo);
    const daysLeft = Math.floor((validTo.getTime() - ctx.now.getTime()) / DAY_MS);
    if (daysLeft < 0) problems.push('certificate expired');
    else if (daysLeft < CERT_WARNING_DAYS) problems.push(`certificate expires in ${String(daysLeft)} day(s)`);
    if (new Date(cert.validFrom).getTime() > ctx.now.getTime()) problems.push('certificate not yet valid');
    const details = cert.publicKey.asymmetricKeyDetails;
    if (cert.publicKey.asymmetricKeyType === 'rsa' && (details?.modulusLength ?? 0) < 2048)
      problems.push(`RSA key of ${String(details?.modulusLength ?? 0)} bits`);
    const evidence = {
      fingerprint256: cert.fingerprint256,
      validTo: validTo.toISOString(),
      daysLeft,
      keyType: cert.publicKey.asymmetricKeyType ?? 'unknown',
      keyBits: details?.modulusLength ?? null,
      minimumTls: tls.minVersion,
      problems,
    };
    if (problems.length > 0) return { status: 'fail', found: `HTTPS: ${problems.join('; ')}.`, evidence };
    return {
      status: 'pass',
      found: `The certificate is valid for ${String(daysLeft)} more days; TLS 1.2 is the minimum.`,
      evidence,
    };
  },
};

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export const databaseTlsCheck: SecurityCheck = {
  id: 'transport.database-tls',
  title: 'Encrypted and verified connection to a PostgreSQL server on another machine',
  category: 'transport',
  severity: 'medium',
  remediation:
    'Set TIJORI_DATABASE_TLS=verify-full and TIJORI_DATABASE_CA_FILE to the CA that signed the database server’s certificate, then restart.',
  async run(ctx) {
    const { database } = ctx.env;
    const evidence = { engine: database.engine, tls: database.tls, remote: false };
    if (database.engine === 'sqlite')
      return { status: 'pass', found: 'SQLite in the data folder: no network connection.', evidence };
    const remote =
      database.host !== null && !LOCAL_HOSTS.has(database.host) && !database.host.startsWith('/');
    evidence.remote = remote;
    if (!remote) return { status: 'pass', found: 'PostgreSQL runs on this machine.', evidence };
    if (database.tls === 'verify-full')
      return { status: 'pass', found: 'TLS with the server verified.', evidence };
    return {
      status: database.tls === 'off' ? 'fail' : 'warn',
      found:
        database.tls === 'off'
          ? 'The connection to PostgreSQL on another machine is not encrypted.'
          : 'The connection to PostgreSQL is encrypted but the server is not verified.',
      evidence,
    };
  },
};

/** The baseline: 15 minutes idle for privileged roles, 12 hours absolute; counters an hour idle. */
export const SESSION_BASELINE = {
  privilegedIdleMinutes: 15,
  counterIdleMinutes: 60,
  absoluteHours: 12,
} as const;

export const sessionTimeoutsCheck: SecurityCheck = {
  id: 'sessions.timeouts',
  title: 'Session timeouts within the baseline',
  category: 'sessions',
  severity: 'medium',
  remediation:
    'Lower the counter idle timeout (Settings, sign-in) to 60 minutes or less and TIJORI_SESSION_ABSOLUTE_HOURS to 12 or less. Owners, admins and managers always end after 15 idle minutes.',
  async run(ctx) {
    const s = ctx.env.sessions;
    const shop = await ctx.db
      .selectFrom('tenant_auth_settings')
      .select('counter_idle_minutes')
      .where('tenant_id', '=', ctx.tenantId)
      .executeTakeFirst();
    const counterIdle = shop?.counter_idle_minutes ?? s.counterIdleMinutes;
    const evidence = {
      privilegedIdleMinutes: s.privilegedIdleMinutes,
      counterIdleMinutes: counterIdle,
      absoluteHours: s.absoluteHours,
      baseline: SESSION_BASELINE,
    };
    const over: string[] = [];
    if (s.privilegedIdleMinutes > SESSION_BASELINE.privilegedIdleMinutes)
      over.push('privileged idle timeout');
    if (s.absoluteHours > SESSION_BASELINE.absoluteHours) over.push('absolute timeout');
    if (over.length > 0)
      return { status: 'fail', found: `Longer than the baseline: ${over.join(', ')}.`, evidence };
    if (counterIdle > SESSION_BASELINE.counterIdleMinutes)
      return {
        status: 'warn',
        found: `Counter sessions stay open for ${String(counterIdle)} idle minutes.`,
        evidence,
      };
    return { status: 'pass', found: 'Idle and absolute timeouts are within the baseline.', evidence };
  },
};
