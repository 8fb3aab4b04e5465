/**
 * The cart's lines: quantity and a line discount in rupees or as a percentage (the server says whether it is within
 * the cashier's allowance), the amount, and a remove button, each labelled for screen readers.
 */
import { useTranslation } from 'react-i18next';
import { formatRupees } from '../format/money';
import { MoneyInput } from '../shell/money-input';
import { lineAmount, lineGross, type CartAction, type CartLine } from './cart';

/** What a line saves by an offer or sale price, as the server's quote says. */
export interface LineSavingText {
  name: string;
  paise: number;
}

export interface CartTableProps {
  lines: readonly CartLine[];
  /** Each line's savings from the quote, by position (absent until the server answers). */
  savings?: readonly (readonly LineSavingText[] | undefined)[];
  dispatch: (action: CartAction) => void;
}

export function CartTable({ lines, savings, dispatch }: CartTableProps) {
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
        {lines.map((line, index) => (
          <tr key={line.itemId} data-testid="cart-line">
            <th scope="row">
              {line.name}
              <span className="code">{line.code}</span>
              {(savings?.[index] ?? []).map((s, k) => (
                <span key={k} className="line-saving" data-testid="line-saving">
                  {s.name}: {t('counterOffers.lineSaving', { amount: formatRupees(s.paise) })}
                </span>
              ))}
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
              <MoneyInput
                value={line.discountPaise}
                percentOf={lineGross(line)}
                aria-label={t('counter.discountOn', { name: line.name })}
                onAmount={(paise) =>
                  dispatch({ type: 'setDiscount', itemId: line.itemId, discountPaise: paise })
                }
              />
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
