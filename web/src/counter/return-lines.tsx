/** The invoice's lines with what can still come back, how many do now, and whether to restock. */
import { useTranslation } from 'react-i18next';
import type { DocumentView, ReturnableLine } from '../api/billing.api';
import { formatRupees } from '../format/money';

export interface ReturnChoice {
  quantity: number;
  restock: boolean;
}

export function ReturnLines({
  document,
  returnable,
  choices,
  onChoose,
}: {
  document: DocumentView;
  returnable: readonly ReturnableLine[];
  choices: Readonly<Record<number, ReturnChoice>>;
  onChoose: (lineNumber: number, choice: ReturnChoice) => void;
}) {
  const { t } = useTranslation();
  return (
    <table data-testid="return-lines">
      <thead>
        <tr>
          <th scope="col">{t('counter.item')}</th>
          <th scope="col" className="num">
            {t('returns.sold')}
          </th>
          <th scope="col" className="num">
            {t('returns.alreadyReturned')}
          </th>
          <th scope="col" className="num">
            {t('counter.amount')}
          </th>
          <th scope="col" className="num">
            {t('returns.returnNow')}
          </th>
          <th scope="col">{t('returns.restock')}</th>
        </tr>
      </thead>
      <tbody>
        {returnable.map((line) => {
          const left = line.soldQuantity - line.returnedQuantity;
          const choice = choices[line.lineNumber] ?? { quantity: 0, restock: true };
          const total = document.lines.find((l) => l.number === line.lineNumber)?.totalPaise ?? 0;
          return (
            <tr key={line.lineNumber}>
              <th scope="row">{line.description}</th>
              <td className="num">{line.soldQuantity}</td>
              <td className="num">{line.returnedQuantity}</td>
              <td className="num">{formatRupees(total)}</td>
              <td className="num">
                <input
                  type="number"
                  className="qty"
                  min={0}
                  max={left}
                  step={1}
                  disabled={left <= 0}
                  aria-label={t('returns.returnQuantityOf', { name: line.description })}
                  value={choice.quantity}
                  onChange={(e) => {
                    const q = Number(e.target.value);
                    if (Number.isInteger(q) && q >= 0 && q <= left)
                      onChoose(line.lineNumber, { ...choice, quantity: q });
                  }}
                />
              </td>
              <td>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={choice.restock}
                    disabled={left <= 0}
                    onChange={(e) => onChoose(line.lineNumber, { ...choice, restock: e.target.checked })}
                  />
                  <span className="visually-hidden">
                    {t('returns.restockOf', { name: line.description })}
                  </span>
                </label>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
