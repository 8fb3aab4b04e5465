/**
 * The scan box: a barcode scanner types the code and presses Enter, and so can a person. Focus
 * comes back here after every action, and F2 brings it back from anywhere on the counter. A code
 * entered while the previous one is still being looked up is taken too (the counter queues it):
 * a disabled Add button would make the browser drop the scanner's Enter.
 */
import { forwardRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

export interface ScanBoxProps {
  busy: boolean;
  onScan: (code: string) => void;
}

export const ScanBox = forwardRef<HTMLInputElement, ScanBoxProps>(function ScanBox({ busy, onScan }, ref) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = code.trim();
    if (trimmed === '') return;
    performance.mark('tijori:scan');
    onScan(trimmed);
    setCode('');
  };
  return (
    <form className="scan" onSubmit={submit} role="search" aria-busy={busy}>
      <label htmlFor="scan-input">{t('counter.scanLabel')}</label>
      <div className="row">
        <input
          id="scan-input"
          ref={ref}
          className="scan-input"
          autoFocus
          autoComplete="off"
          spellCheck={false}
          inputMode="text"
          maxLength={64}
          value={code}
          aria-describedby="scan-hint"
          onChange={(e) => setCode(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setCode('');
          }}
        />
        <button type="submit" className="primary">
          {t('counter.add')}
        </button>
      </div>
      <p id="scan-hint" className="hint">
        {t('counter.scanHint')}
      </p>
    </form>
  );
});
