/** The cart's lines: quantity and (for those allowed) a line discount, each labelled for readers. */
import { useTranslation } from 'react-i18next';
import { formatRupees, parseRupees } from '../format/money';
import { lineAmount, type CartAction, type CartLine } from './cart';

export interface CartTableProps {
  lines: readonly CartLine[];
  dispatch: (action: CartAction) => void;
  canDiscount: boolean;
}

export function CartTable({ lines, dispatch, canDiscount }: CartTableProps) {
  const { t } = useTranslation();
  if (lines.length === 0) return <p className="empty">{t('counter.empty')}</p>;
  return (
    <table className="cart">
      <caption className="visually-hidden">{t('counter.cart')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('counter.item')}</th>
          <th scope="col" className="num">
            {t('counter.qty')}
          </th>
          <th scope="col" className="num">
            {t('counter.price')}
          </th>
          <th scope="col" className="num">
            {t('counter.discount')}
          </th>
          <th scope="col" className="num">
            {t('counter.amount')}
          </th>
          <th scope="col">
            <span className="visually-hidden">{t('counter.remove')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => (
          <tr key={line.itemId} data-testid="cart-line">
            <th scope="row">
              {line.name}
              <span className="code">{line.code}</span>
            </th>
            <td className="num">
              <input
                type="number"
                min={0}
                max={9999}
                step={1}
                className="qty"
                aria-label={t('counter.quantityOf', { name: line.name })}
                value={line.quantity}
                onChange={(e) =>
                  dispatch({ type: 'setQuantity', itemId: line.itemId, quantity: Number(e.target.value) })
                }
              />
            </td>
            <td className="num">{formatRupees(line.unitPricePaise)}</td>
            <td className="num">
              {canDiscount ? (
                <input
                  className="money"
                  inputMode="decimal"
                  aria-label={t('counter.discountOn', { name: line.name })}
                  defaultValue={formatRupees(line.discountPaise, { symbol: false })}
                  onBlur={(e) => {
                    const paise = parseRupees(e.target.value);
                    if (paise !== null)
                      dispatch({ type: 'setDiscount', itemId: line.itemId, discountPaise: paise });
                  }}
                />
              ) : (
                formatRupees(line.discountPaise)
              )}
            </td>
            <td className="num">{formatRupees(lineAmount(line))}</td>
            <td>
              <button
                type="button"
                className="link"
                aria-label={t('counter.removeItem', { name: line.name })}
                onClick={() => dispatch({ type: 'remove', itemId: line.itemId })}
              >
                ✕
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
