/** An in-memory GSTR-1 source that orders documents as the database query must. */
import type { IssuedDocument } from '../../src/domain/gst/index.js';
import type { Gstr1Pass, Gstr1Source } from '../../src/modules/returns/returns.types.js';

export function memorySource(
  documents: readonly IssuedDocument[],
  options: { unordered?: boolean } = {},
): Gstr1Source {
  return {
    async *documents(pass: Gstr1Pass) {
      const registered = pass.buyers === 'registered';
      const selected = documents.filter(
        (d) =>
          (d.type === 'invoice') === (pass.documents === 'invoices') &&
          (d.buyer?.gstin !== undefined && d.buyer.gstin !== null) === registered,
      );
      const group = (d: IssuedDocument) => (registered ? d.buyer!.gstin! : d.placeOfSupply);
      if (options.unordered !== true)
        selected.sort(
          (a, b) =>
            group(a).localeCompare(group(b)) ||
            a.date.localeCompare(b.date) ||
            a.number.localeCompare(b.number),
        );
      yield* selected;
    },
  };
}

/** Collects a chunked JSON stream into a value. */
export async function collectJson(chunks: AsyncIterable<string>): Promise<unknown> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return JSON.parse(text) as unknown;
}
