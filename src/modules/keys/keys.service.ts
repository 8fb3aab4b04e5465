/** The crypto inventory: every data key with its purpose, version, age, status and due date. */
import type { Clock } from '../../domain/clock.js';
import type { KeyRing } from './key-ring.service.js';

export interface KeyInventoryEntry {
  tenantId: string;
  keyId: string;
  purpose: string;
  kind: string;
  version: number;
  algorithm: string;
  provider: string;
  kekId: string;
  status: string;
  createdAt: string;
  ageDays: number;
  rotateBy: string;
  overdue: boolean;
}

export async function keyInventory(
  keyRing: KeyRing,
  clock: Clock,
  tenantId?: string,
): Promise<KeyInventoryEntry[]> {
  const now = clock.now().getTime();
  const rows = await keyRing.repository.listAll(tenantId);
  return rows.map((r) => ({
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
    ageDays: Math.floor((now - new Date(r.created_at).getTime()) / 86_400_000),
    rotateBy: r.rotate_by,
    overdue: r.status === 'active' && new Date(r.rotate_by).getTime() < now,
  }));
}
