/**
 * Commission rules as pure functions. A staff member earns a percentage of the service value
 * they performed, net of discount and before tax (their share of it when several performed one
 * line), a percentage of products they sold, and a target slab: once their service value in the
 * period reaches the target, a bonus percentage of all of it. A staff member's own rule wins over
 * their role's.
 */
import { splitByShares } from './shares.js';

export interface CommissionRule {
  staffId: string | null;
  role: string | null;
  /** Basis points of service value (1,000 = 10 %). */
  serviceBp: number;
  productBp: number;
  targetPaise: number | null;
  targetBonusBp: number | null;
}

/** One invoice line as commissions see it. */
export interface CommissionLine {
  kind: 'service' | 'product';
  /** Taxable value: after discount, before tax. */
  taxablePaise: number;
  staff: ReadonlyArray<{ staffId: string; shareBp: number }>;
}

export interface StaffCommission {
  staffId: string;
  servicePaise: number;
  productPaise: number;
  serviceCommissionPaise: number;
  productCommissionPaise: number;
  bonusPaise: number;
  totalPaise: number;
}

/** Basis points of an amount, rounded half up to the paisa. */
export function bpOf(amountPaise: number, bp: number): number {
  return Math.floor((amountPaise * bp + 5_000) / 10_000);
}

/** The rule that applies to a staff member: their own, else the first of their roles that has one. */
export function ruleFor(
  rules: readonly CommissionRule[],
  staffId: string,
  roles: readonly string[],
): CommissionRule | undefined {
  return (
    rules.find((r) => r.staffId === staffId) ??
    roles.map((role) => rules.find((r) => r.staffId === null && r.role === role)).find((r) => r !== undefined)
  );
}

/** Each staff member's value performed in the period (their shares), by kind. */
export function valuesByStaff(
  lines: readonly CommissionLine[],
): Map<string, { servicePaise: number; productPaise: number }> {
  const out = new Map<string, { servicePaise: number; productPaise: number }>();
  for (const line of lines) {
    if (line.staff.length === 0) continue;
    const parts = splitByShares(
      line.taxablePaise,
      line.staff.map((s) => s.shareBp),
    );
    line.staff.forEach((s, i) => {
      const v = out.get(s.staffId) ?? { servicePaise: 0, productPaise: 0 };
      if (line.kind === 'service') v.servicePaise += parts[i] ?? 0;
      else v.productPaise += parts[i] ?? 0;
      out.set(s.staffId, v);
    });
  }
  return out;
}

/** The commission of every staff member with a rule, ordered by staff id. */
export function computeCommissions(
  lines: readonly CommissionLine[],
  rules: readonly CommissionRule[],
  rolesOf: (staffId: string) => readonly string[],
): StaffCommission[] {
  const out: StaffCommission[] = [];
  for (const [staffId, v] of [...valuesByStaff(lines)].sort(([a], [b]) => a.localeCompare(b))) {
    const rule = ruleFor(rules, staffId, rolesOf(staffId));
    if (rule === undefined) continue;
    const serviceCommissionPaise = bpOf(v.servicePaise, rule.serviceBp);
    const productCommissionPaise = bpOf(v.productPaise, rule.productBp);
    const reached = rule.targetPaise !== null && rule.targetPaise > 0 && v.servicePaise >= rule.targetPaise;
    const bonusPaise = reached ? bpOf(v.servicePaise, rule.targetBonusBp ?? 0) : 0;
    out.push({
      staffId,
      ...v,
      serviceCommissionPaise,
      productCommissionPaise,
      bonusPaise,
      totalPaise: serviceCommissionPaise + productCommissionPaise + bonusPaise,
    });
  }
  return out;
}
