/**
 * The crypto inventory: every key with its purpose, version, algorithm, provider, age, status and
 * the end of its cryptoperiod. Data keys (per tenant and purpose, and blind-index keys) come from
 * the key store; the long-lived key pairs (the installation signing key, each tenant's sealed-box
 * key) follow; the KEK is described by its provider.
 */
import type { Clock } from '../../domain/clock.js';
import type { KeyRing } from './key-ring.service.js';

export interface KeyInventoryEntry {
  tenantId: string;
  keyId: string;
  purpose: string;
  /** `encryption`, `blind_index` or `key_pair`. */
  kind: string;
  version: number;
  algorithm: string;
  provider: string;
  kekId: string;
  status: string;
  createdAt: string;
  ageDays: number;
  /** End of the cryptoperiod (rotate by then); empty for key pairs, which are not rotated here. */
  rotateBy: string;
  overdue: boolean;
}

const DAY_MS = 86_400_000;
const pairAlgorithms: Record<string, string> = { signing: 'Ed25519', sealed_box: 'X25519' };

export async function keyInventory(
  keyRing: KeyRing,
  clock: Clock,
  tenantId?: string,
): Promise<KeyInventoryEntry[]> {
  const now = clock.now().getTime();
  const age = (at: string) => Math.floor((now - new Date(at).getTime()) / DAY_MS);
  const keys = (await keyRing.repository.listAll(tenantId)).map((r) => ({
    tenantId: r.tenant_id,
    keyId: r.key_id,
    purpose: r.purpose,
    kind: r.kind,
    version: r.version,
    algorithm: r.algorithm,
    provider: r.provider,
    kekId: r.kek_id,
    status: r.status,
    createdAt: r.created_at,
    ageDays: age(r.created_at),
    rotateBy: r.rotate_by,
    overdue: r.status === 'active' && new Date(r.rotate_by).getTime() < now,
  }));
  const kek = keyRing.describeProvider();
  const pairs = (await keyRing.repository.listKeyPairs(tenantId)).map((p) => ({
    tenantId: p.tenant_id,
    keyId: p.purpose,
    purpose: p.purpose,
    kind: 'key_pair',
    version: 1,
    algorithm: pairAlgorithms[p.purpose] ?? 'unknown',
    // The signing seed is wrapped by the KEK itself; a sealed-box private key by the tenant's
    // `documents` data key.
    provider: p.purpose === 'signing' ? kek.provider : 'documents key',
    kekId: p.purpose === 'signing' ? kek.kekId : '',
    status: 'active',
    createdAt: p.created_at,
    ageDays: age(p.created_at),
    rotateBy: '',
    overdue: false,
  }));
  return [...keys, ...pairs];
}
