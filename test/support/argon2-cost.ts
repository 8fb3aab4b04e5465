/**
 * The password-hashing cost the test harnesses use: the baseline's floor (19 MiB, 2 passes,
 * 1 lane) instead of the production default (RFC 9106's 64 MiB, 3 passes, 4 lanes), so that the
 * suite's hundreds of sign-ins stay fast on a shared machine. The production default itself is
 * exercised by test/security/passwords.test.ts (an upgrade from an old hash to the real
 * parameters, on both engines) and measured by `npm run bench -- login-flood`.
 */
export const testArgon2Config = {
  argon2MemoryKib: 19_456,
  argon2Iterations: 2,
  argon2Parallelism: 1,
} as const;

/** The same as `TIJORI_*` variables, for spawned `tijori` processes. */
export const testArgon2Env: Record<string, string> = {
  TIJORI_ARGON2_MEMORY_KIB: String(testArgon2Config.argon2MemoryKib),
  TIJORI_ARGON2_ITERATIONS: String(testArgon2Config.argon2Iterations),
  TIJORI_ARGON2_PARALLELISM: String(testArgon2Config.argon2Parallelism),
};
