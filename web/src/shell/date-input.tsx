/**
 * Dates typed the Indian way, DD-MM-YYYY (and months as MM-YYYY), whatever the browser's own
 * locale would make a native date field show. The value is the ISO calendar date (`2026-04-01`,
 * or `2026-04` for a month), or '' while the field is empty or not yet a date.
 */
import { useState, type InputHTMLAttributes } from 'react';
import { formatDateOnly } from '../format/dates';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  value: string;
  onValue: (iso: string) => void;
};

/** `01-04-2026` -> `2026-04-01`; null when it is not a real date. */
export function parseIndianDate(text: string): string | null {
  const m = /^(\d{2})-(\d{2})-(\d{4})$/.exec(text.trim());
  if (m === null) return null;
  const iso = `${m[3] ?? ''}-${m[2] ?? ''}-${m[1] ?? ''}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? null : iso;
}

/** `04-2026` -> `2026-04`; null when it is not a month. */
export function parseIndianMonth(text: string): string | null {
  const m = /^(0[1-9]|1[0-2])-(\d{4})$/.exec(text.trim());
  return m === null ? null : `${m[2] ?? ''}-${m[1] ?? ''}`;
}

function PatternInput({
  value,
  onValue,
  show,
  parse,
  placeholder,
  ...rest
}: Props & { show: (iso: string) => string; parse: (text: string) => string | null; placeholder: string }) {
  const [text, setText] = useState(value === '' ? '' : show(value));
  const [known, setKnown] = useState(value);
  if (known !== value) {
    setKnown(value);
    if (value !== (parse(text) ?? '')) setText(value === '' ? '' : show(value));
  }
  const parsed = parse(text);
  return (
    <input
      {...rest}
      inputMode="numeric"
      autoComplete="off"
      placeholder={placeholder}
      maxLength={placeholder.length}
      value={text}
      aria-invalid={text !== '' && parsed === null}
      onChange={(e) => {
        setText(e.target.value);
        const next = e.target.value.trim() === '' ? '' : (parse(e.target.value) ?? '');
        setKnown(next);
        onValue(next);
      }}
    />
  );
}

export function DateInput(props: Props) {
  return <PatternInput {...props} show={formatDateOnly} parse={parseIndianDate} placeholder="DD-MM-YYYY" />;
}

export function MonthInput(props: Props) {
  return (
    <PatternInput
      {...props}
      show={(iso) => `${iso.slice(5, 7)}-${iso.slice(0, 4)}`}
      parse={parseIndianMonth}
      placeholder="MM-YYYY"
    />
  );
}
