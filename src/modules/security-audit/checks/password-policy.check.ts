/**
 * The password policy against the baseline (docs: SECURITY-BASELINE, "Passwords and login"):
 * argon2id with at least 19 MiB and 2 passes, the offline blocklist loaded, stored hashes made with
 * parameters at least that strong, and, for a shop that takes cards, PCI DSS mode whenever some
 * accounts sign in with a password alone (PCI DSS 8.3.9 asks those to change every 90 days).
 */
import { daysBefore, type SecurityCheck } from '../check.types.js';

export const ARGON2_BASELINE = { memoryKib: 19_456, iterations: 2 } as const;
/** ASVS 6.2.4: at least the 3,000 most common passwords are refused. */
export const MIN_BLOCKLIST = 3_000;

/** argon2id parameters of a stored PHC string, or null for anything else. */
export function argon2Params(hash: string): { memoryKib: number; iterations: number } | null {
  const match = /^\$argon2id\$v=\d+\$([a-z]=\d+(?:,[a-z]=\d+)*)\$/.exec(hash);
  if (match === null) return null;
  const params = new Map((match[1] ?? '').split(',').map((kv) => [kv[0], Number(kv.slice(2))] as const));
  const memoryKib = params.get('m');
  const iterations = params.get('t');
  return memoryKib === undefined || iterations === undefined ? null : { memoryKib, iterations };
}

export const passwordPolicyCheck: SecurityCheck = {
  id: 'identity.password-policy',
  title: 'Password policy at least as strong as the baseline',
  category: 'identity',
  severity: 'high',
  remediation:
    'Set TIJORI_ARGON2_MEMORY_KIB to at least 19456 and TIJORI_ARGON2_ITERATIONS to at least 2 and restart; keep the password blocklist package installed. Passwords stored with weaker settings are re-hashed at their next sign-in.',
  async run(ctx) {
    const p = ctx.env.passwords;
    const problems: string[] = [];
    if (p.memoryKib < ARGON2_BASELINE.memoryKib) problems.push('argon2_memory_below_19MiB');
    if (p.iterations < ARGON2_BASELINE.iterations) problems.push('argon2_iterations_below_2');
    if (p.blocklistSize < MIN_BLOCKLIST) problems.push('blocklist_missing');
    const accounts = await ctx.db
      .selectFrom('user_accounts as a')
      .innerJoin('users as u', (j) =>
        j.onRef('u.tenant_id', '=', 'a.tenant_id').onRef('u.id', '=', 'a.user_id'),
      )
      .select(['a.user_id', 'a.password_hash'])
      .where('a.tenant_id', '=', ctx.tenantId)
      .where('u.status', '=', 'active')
      .where('a.password_hash', 'is not', null)
      .execute();
    const weakHashes = accounts
      .filter((a) => {
        const params = argon2Params(a.password_hash ?? '');
        return (
          params === null ||
          params.memoryKib < ARGON2_BASELINE.memoryKib ||
          params.iterations < ARGON2_BASELINE.iterations
        );
      })
      .map((a) => a.user_id);
    const settings = await ctx.db
      .selectFrom('tenant_auth_settings')
      .select(['pci_mode', 'min_password_length'])
      .where('tenant_id', '=', ctx.tenantId)
      .executeTakeFirst();
    const cardSale = await ctx.db
      .selectFrom('sales_payments as p')
      .innerJoin('sales_documents as d', (j) =>
        j.onRef('d.tenant_id', '=', 'p.tenant_id').onRef('d.id', '=', 'p.document_id'),
      )
      .select('p.document_id')
      .where('p.tenant_id', '=', ctx.tenantId)
      .where('p.method', '=', 'card')
      .where('d.issued_at', '>=', daysBefore(ctx.now, 90))
      .executeTakeFirst();
    const mfaUsers = new Set(
      (
        await ctx.db
          .selectFrom('totp_secrets')
          .select('user_id')
          .where('tenant_id', '=', ctx.tenantId)
          .where('confirmed_at', 'is not', null)
          .union(
            ctx.db.selectFrom('webauthn_credentials').select('user_id').where('tenant_id', '=', ctx.tenantId),
          )
          .execute()
      ).map((r) => r.user_id),
    );
    const passwordOnly = accounts.filter((a) => !mfaUsers.has(a.user_id)).length;
    const pciNeeded = cardSale !== undefined && passwordOnly > 0 && settings?.pci_mode !== 1;
    const evidence = {
      argon2: { memoryKib: p.memoryKib, iterations: p.iterations, parallelism: p.parallelism },
      baseline: ARGON2_BASELINE,
      blocklistEntries: p.blocklistSize,
      shopMinimumLength: settings?.min_password_length ?? 0,
      pciMode: settings?.pci_mode === 1,
      cardPaymentsIn90Days: cardSale !== undefined,
      passwordOnlyAccounts: passwordOnly,
      weakerStoredHashes: weakHashes,
      problems,
    };
    if (problems.length > 0)
      return {
        status: 'fail',
        found: `The password settings are below the baseline: ${problems.join(', ')}.`,
        evidence,
      };
    if (weakHashes.length > 0 || pciNeeded)
      return {
        status: 'warn',
        found: pciNeeded
          ? `The shop takes card payments and ${String(passwordOnly)} account(s) sign in with a password alone, but PCI DSS mode is off.`
          : `${String(weakHashes.length)} stored password hash(es) use weaker settings than today's.`,
        remediation: pciNeeded
          ? 'Turn on PCI DSS mode (Settings, sign-in) so password-only accounts change their password every 90 days, or have every account set up two-step sign-in.'
          : 'Nothing to change: these passwords are re-hashed with the current settings at their next sign-in. Ask the listed people to sign in, or disable unused accounts.',
        evidence,
      };
    return {
      status: 'pass',
      found: 'argon2id settings, blocklist and stored hashes meet the baseline.',
      evidence,
    };
  },
};
