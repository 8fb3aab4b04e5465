/**
 * Masking of personal fields for display: responses carry masked values unless the caller went
 * through the reveal flow (permission, reason, recent re-authentication, audit entry).
 */

/** `9812345610` -> `98xxxxxx10`; keeps the first two and last two digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 4) return 'x'.repeat(digits.length);
  const local = digits.length > 10 ? digits.slice(-10) : digits;
  return `${local.slice(0, 2)}${'x'.repeat(local.length - 4)}${local.slice(-2)}`;
}

/** `ravi@example.com` -> `r***@example.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}

/** A name shows its initials only: `Ravi Kumar` -> `R*** K***`. */
export function maskName(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .map((part) => `${[...part][0] ?? ''}***`)
    .join(' ');
}

/** Generic fallback: the last 4 characters. */
export function maskTail(value: string, visible = 4): string {
  const chars = [...value];
  return `${'*'.repeat(Math.max(chars.length - visible, 0))}${chars.slice(-visible).join('')}`;
}

/** How the data inventory says a column is shown (`db/inventory.ts` `Mask`). */
export type MaskKind = 'name' | 'phone' | 'email' | 'tail4' | 'hidden';

/** Masks a value the way its inventory classification says; `hidden` shows nothing of it. */
export function maskAs(kind: MaskKind, value: string): string {
  switch (kind) {
    case 'name':
      return maskName(value);
    case 'phone':
      return maskPhone(value);
    case 'email':
      return maskEmail(value);
    case 'tail4':
      return maskTail(value, 4);
    case 'hidden':
      return '***';
  }
}
