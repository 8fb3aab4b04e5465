/**
 * The GST state and union-territory codes (the first two digits of a GSTIN and the place of
 * supply in returns), with the tax head each uses for its half of intra-state tax: SGST for
 * states and UTs with a legislature (Delhi, Puducherry, Jammu and Kashmir), UTGST for UTs
 * without one.
 */

/** A two-digit state code as text: "07", "27", "97". */
export type StateCode = string;

/** One row of the state table. */
export interface GstState {
  readonly code: StateCode;
  readonly name: string;
  /** `ut` = union territory without a legislature (CGST + UTGST); others use CGST + SGST. */
  readonly kind: 'state' | 'ut-with-legislature' | 'ut' | 'other';
  /** Legacy codes (25, 28) are valid only on historical documents. */
  readonly legacy?: boolean;
}

const rows: readonly GstState[] = [
  { code: '01', name: 'Jammu and Kashmir', kind: 'ut-with-legislature' },
  { code: '02', name: 'Himachal Pradesh', kind: 'state' },
  { code: '03', name: 'Punjab', kind: 'state' },
  { code: '04', name: 'Chandigarh', kind: 'ut' },
  { code: '05', name: 'Uttarakhand', kind: 'state' },
  { code: '06', name: 'Haryana', kind: 'state' },
  { code: '07', name: 'Delhi', kind: 'ut-with-legislature' },
  { code: '08', name: 'Rajasthan', kind: 'state' },
  { code: '09', name: 'Uttar Pradesh', kind: 'state' },
  { code: '10', name: 'Bihar', kind: 'state' },
  { code: '11', name: 'Sikkim', kind: 'state' },
  { code: '12', name: 'Arunachal Pradesh', kind: 'state' },
  { code: '13', name: 'Nagaland', kind: 'state' },
  { code: '14', name: 'Manipur', kind: 'state' },
  { code: '15', name: 'Mizoram', kind: 'state' },
  { code: '16', name: 'Tripura', kind: 'state' },
  { code: '17', name: 'Meghalaya', kind: 'state' },
  { code: '18', name: 'Assam', kind: 'state' },
  { code: '19', name: 'West Bengal', kind: 'state' },
  { code: '20', name: 'Jharkhand', kind: 'state' },
  { code: '21', name: 'Odisha', kind: 'state' },
  { code: '22', name: 'Chhattisgarh', kind: 'state' },
  { code: '23', name: 'Madhya Pradesh', kind: 'state' },
  { code: '24', name: 'Gujarat', kind: 'state' },
  { code: '25', name: 'Daman and Diu', kind: 'ut', legacy: true },
  { code: '26', name: 'Dadra and Nagar Haveli and Daman and Diu', kind: 'ut' },
  { code: '27', name: 'Maharashtra', kind: 'state' },
  { code: '28', name: 'Andhra Pradesh (before reorganisation)', kind: 'state', legacy: true },
  { code: '29', name: 'Karnataka', kind: 'state' },
  { code: '30', name: 'Goa', kind: 'state' },
  { code: '31', name: 'Lakshadweep', kind: 'ut' },
  { code: '32', name: 'Kerala', kind: 'state' },
  { code: '33', name: 'Tamil Nadu', kind: 'state' },
  { code: '34', name: 'Puducherry', kind: 'ut-with-legislature' },
  { code: '35', name: 'Andaman and Nicobar Islands', kind: 'ut' },
  { code: '36', name: 'Telangana', kind: 'state' },
  { code: '37', name: 'Andhra Pradesh', kind: 'state' },
  { code: '38', name: 'Ladakh', kind: 'ut' },
  { code: '96', name: 'Other Countries', kind: 'other' },
  { code: '97', name: 'Other Territory', kind: 'other' },
];

const byCode: ReadonlyMap<StateCode, GstState> = new Map(rows.map((row) => [row.code, row]));

/** Every state and UT, legacy codes included (filter on `legacy` for pickers). */
export const GST_STATES: readonly GstState[] = rows;

/** The state for a code, or undefined; legacy codes only when asked for. */
export function findState(code: string, options: { allowLegacy?: boolean } = {}): GstState | undefined {
  const state = byCode.get(code);
  if (state === undefined || (state.legacy === true && options.allowLegacy !== true)) return undefined;
  return state;
}

/** True for a current (non-legacy) state code. */
export function isStateCode(code: string): boolean {
  return findState(code) !== undefined;
}

/** The state's name for printing ("27 - Maharashtra" is built by callers); throws on unknown codes. */
export function stateName(code: StateCode): string {
  const state = findState(code, { allowLegacy: true });
  if (state === undefined) throw new RangeError('unknown state code');
  return state.name;
}

/** True where the state half of intra-state tax is UTGST (UTs without a legislature). */
export function usesUtgst(code: StateCode): boolean {
  return findState(code, { allowLegacy: true })?.kind === 'ut';
}
