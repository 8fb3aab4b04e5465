/** The short reference a UPI payment carries before the invoice has a number (from the sale's key). */
export const saleReference = (key: string): string => `T-${key.replace(/-/g, '').slice(0, 10)}`;
