/**
 * Customer CSV import. Columns: name, phone, email, gstin, state_code, address_line1,
 * address_line2, city, pincode, credit_limit (rupees). Rows are checked like the API's input,
 * encrypted before the transaction, then checked against the customers on file and written in one
 * transaction under the lock customer creates and edits take; bad rows are reported by row
 * and column only (never by value), and a file with a bad row imports nothing unless asked to
 * skip bad rows. A phone number or GSTIN already on file, or twice in the file, is a bad row.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import { parseRupees } from '../../domain/money/index.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { ServiceActor } from '../../kernel/actor.js';
import {
  cell,
  columnMapper,
  checkRow,
  importDecision,
  parseCsv,
  type CsvSpec,
  type ImportReport,
} from '../billing/csv-import.js';
import { openPii, type CustomerCipher } from './customer-crypto.js';
import {
  candidatesBy,
  insertCustomers,
  lockCustomerIdentities,
  type CustomerRow,
} from './customer.repository.js';
import { customerInput, type CustomerInput } from './customer.schemas.js';
import type { CustomerService, PreparedCustomer } from './customer.service.js';

const COLUMN_OF: Record<string, string> = {
  name: 'name',
  phone: 'phone',
  email: 'email',
  gstin: 'gstin',
  stateCode: 'state_code',
  line1: 'address_line1',
  line2: 'address_line2',
  city: 'city',
  pincode: 'pincode',
  creditLimitPaise: 'credit_limit',
};
const columnOf = columnMapper(COLUMN_OF);

const spec: CsvSpec<CustomerInput> = {
  required: ['name'],
  known: Object.values(COLUMN_OF),
  schema: customerInput,
  columnOf,
  toInput(r) {
    const line1 = cell(r.address_line1);
    const city = cell(r.city);
    const pincode = cell(r.pincode);
    const state = cell(r.state_code) ?? cell(r.gstin)?.slice(0, 2);
    const anyAddress = [line1, city, pincode, cell(r.address_line2)].some((v) => v !== undefined);
    const limit = cell(r.credit_limit);
    return {
      name: r.name ?? '',
      ...Object.fromEntries(
        (['phone', 'email', 'gstin'] as const).flatMap((c) =>
          cell(r[c]) === undefined ? [] : [[c, cell(r[c])]],
        ),
      ),
      ...(cell(r.state_code) === undefined ? {} : { stateCode: cell(r.state_code) }),
      ...(anyAddress
        ? {
            address: {
              line1: line1 ?? '',
              line2: cell(r.address_line2) ?? null,
              city: city ?? '',
              pincode: pincode ?? '',
              stateCode: state ?? '',
            },
          }
        : {}),
      creditLimitPaise: limit === undefined ? 0 : parseRupees(limit, 'credit_limit'),
    };
  },
};

export class CustomerImportService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cipher: CustomerCipher,
    private readonly customers: CustomerService,
    private readonly audit: AuditRecorder,
  ) {}

  async importCustomers(
    actor: ServiceActor,
    csv: string,
    options: { skipInvalid: boolean },
  ): Promise<ImportReport> {
    const parsed = parseCsv(csv, spec);
    const problems = [...parsed.problems];
    const prepared: { row: number; customer: PreparedCustomer }[] = [];
    for (const { row, input } of parsed.good) {
      let ready: PreparedCustomer | undefined;
      const ok = await checkRow(
        problems,
        row,
        (f) => columnOf(f.split('.')),
        async () => {
          ready = await this.customers.prepare(actor.tenantId, input);
        },
      );
      if (ok && ready !== undefined) prepared.push({ row, customer: ready });
    }
    // Checked against the file and written under the lock that creates and edits take, so a
    // customer added meanwhile at a counter cannot slip in twice.
    return this.db.transaction().execute(async (trx) => {
      await lockCustomerIdentities(trx, actor.tenantId);
      const existing = {
        phone: await this.#existing(
          trx,
          actor.tenantId,
          'phone',
          prepared.map((p) => p.customer.phone),
        ),
        gstin: await this.#existing(
          trx,
          actor.tenantId,
          'gstin',
          prepared.map((p) => p.customer.gstin),
        ),
      };
      const seen = { phone: new Map<string, number>(), gstin: new Map<string, number>() };
      const accepted: CustomerRow[] = [];
      for (const { row, customer } of prepared) {
        const ok = await checkRow(
          problems,
          row,
          (f) => f,
          () => {
            for (const kind of ['phone', 'gstin'] as const) {
              const value = customer[kind];
              if (value === null) continue;
              if (existing[kind].has(value))
                throw new AppError('conflict', 'a customer with this value exists', kind);
              const first = seen[kind].get(value);
              if (first !== undefined) throw new AppError('conflict', `repeats row ${first}`, kind);
            }
          },
        );
        if (!ok) continue;
        for (const kind of ['phone', 'gstin'] as const) {
          const value = customer[kind];
          if (value !== null) seen[kind].set(value, row);
        }
        accepted.push(customer.row);
      }
      const { write, report } = importDecision(parsed.rows, accepted.length, problems, options.skipInvalid);
      if (!write) return report;
      await insertCustomers(trx, accepted);
      await this.audit.record(trx, actor.audit, {
        action: 'customer.import',
        objectType: 'customer',
        outcome: 'success',
        details: { customers: accepted.length, skippedRows: report.skipped },
      });
      return report;
    });
  }

  /** Clear values of a field already on file among the candidates of these values' index values. */
  async #existing(
    trx: Kysely<Database>,
    tenantId: string,
    kind: 'phone' | 'gstin',
    clear: readonly (string | null)[],
  ): Promise<Set<string>> {
    // Every index value each may be stored under (generations and class widths), once each.
    const values = [
      ...new Set(
        (
          await Promise.all(
            clear
              .filter((v): v is string => v !== null)
              .map(async (v) => (await this.cipher.searchTerm(tenantId, kind, v, trx)).indexes),
          )
        ).flat(),
      ),
    ];
    const found = new Set<string>();
    for (let i = 0; i < values.length; i += 500) {
      const rows = await candidatesBy(
        trx,
        tenantId,
        kind === 'phone' ? 'phone_idx' : 'gstin_idx',
        values.slice(i, i + 500),
      );
      for (const row of rows) {
        const clear = (await openPii(this.cipher, row, [kind], trx))[kind];
        if (clear !== null) found.add(clear);
      }
    }
    return found;
  }
}
