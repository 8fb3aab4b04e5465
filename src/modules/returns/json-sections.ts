/**
 * Streams a JSON array section, optionally grouped (`"b2b":[{"ctin":..,"inv":[..]},..]`), from
 * entries that arrive grouped by key. A key that comes back after its group closed means the
 * input was not grouped, which would split a buyer across two groups: that is refused.
 */
import { AppError } from '../../domain/app-error.js';

export class JsonSectionWriter {
  #opened = false;
  #entries = 0;
  #group: string | null = null;
  readonly #closed = new Set<string>();

  /**
   * @param name the section key (`b2b`)
   * @param grouping the group's key field and list field (`['ctin', 'inv']`), or none for a flat list
   */
  constructor(
    private readonly name: string,
    private readonly grouping?: readonly [keyField: string, listField: string],
  ) {}

  /** The text that appends one entry (JSON text) under a group key. */
  add(key: string | null, entryJson: string): string {
    let text = '';
    if (!this.#opened) {
      text += `,${JSON.stringify(this.name)}:[`;
      this.#opened = true;
    }
    this.#entries += 1;
    if (this.grouping === undefined) return `${text}${this.#entries > 1 ? ',' : ''}${entryJson}`;
    if (key === null) throw new Error('a grouped section needs a key');
    if (key === this.#group) return `${text},${entryJson}`;
    if (this.#closed.has(key))
      throw new AppError('precondition_failed', `the ${this.name} documents must arrive grouped`, undefined, {
        section: this.name,
      });
    if (this.#group !== null) {
      this.#closed.add(this.#group);
      text += ']},';
    }
    this.#group = key;
    const [keyField, listField] = this.grouping;
    return `${text}{${JSON.stringify(keyField)}:${JSON.stringify(key)},${JSON.stringify(listField)}:[${entryJson}`;
  }

  /** The text that closes the section (empty when nothing was written: empty sections are left out). */
  close(): string {
    if (!this.#opened) return '';
    return this.grouping !== undefined && this.#group !== null ? ']}]' : ']';
  }
}
