/**
 * A rupee amount typed as people write it (`1,250.50`, `₹ 99`), held as integer paise. It follows
 * its value when that changes from outside (a "rest" button, a capped discount) and reports a new
 * amount as typed (`live`) or when the person leaves the field or presses Enter.
 */
import { useState, type InputHTMLAttributes } from 'react';
import { formatRupees, parseDiscount, parseRupees } from '../format/money';

export interface MoneyInputProps extends Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'value' | 'onChange' | 'defaultValue'
> {
  value: number;
  onAmount: (paise: number) => void;
  /** Report every valid change as it is typed instead of on leaving the field. */
  live?: boolean;
  /** Also accept a percentage of this amount (`25%`), e.g. a discount on a line worth it. */
  percentOf?: number;
}

const shown = (paise: number) => (paise === 0 ? '' : formatRupees(paise, { symbol: false }));

export function MoneyInput({
  value,
  onAmount,
  live = false,
  percentOf,
  className,
  ...rest
}: MoneyInputProps) {
  const [text, setText] = useState(shown(value));
  const [known, setKnown] = useState(value);
  if (known !== value) {
    setKnown(value);
    setText(shown(value));
  }
  const read = (input: string) =>
    input.trim() === '' ? 0 : percentOf === undefined ? parseRupees(input) : parseDiscount(input, percentOf);
  const commit = () => {
    const paise = read(text);
    if (paise !== null && paise !== value) onAmount(paise);
    else setText(shown(value));
  };
  return (
    <input
      {...rest}
      className={className === undefined ? 'money' : `money ${className}`}
      inputMode="decimal"
      autoComplete="off"
      value={text}
      aria-invalid={read(text) === null}
      onChange={(e) => {
        setText(e.target.value);
        const paise = read(e.target.value);
        if (live && paise !== null) {
          setKnown(paise);
          onAmount(paise);
        }
      }}
      onBlur={live ? undefined : commit}
      onKeyDown={(e) => {
        if (!live && e.key === 'Enter') {
          e.preventDefault();
          commit();
        }
      }}
    />
  );
}
