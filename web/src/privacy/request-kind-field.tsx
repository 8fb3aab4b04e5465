/**
 * The "what is asked" choice of a privacy request (access, export, correction, erasure), shared
 * by the counter's request form and the public request page.
 */
import { useTranslation } from 'react-i18next';

/** The kinds of data-subject request, in the order offered. */
export const requestKinds = ['access', 'export', 'correction', 'erasure'] as const;
export type RequestKindChoice = (typeof requestKinds)[number];

/** A labelled select of request kinds. */
export function RequestKindField(props: {
  id: string;
  label: string;
  value: RequestKindChoice;
  onChange: (kind: RequestKindChoice) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value as RequestKindChoice)}
      >
        {requestKinds.map((k) => (
          <option key={k} value={k}>
            {t(`privacy.kinds.${k}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
