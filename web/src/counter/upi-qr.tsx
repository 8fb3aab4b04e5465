/**
 * The UPI payment QR for the amount to be paid by UPI: the customer scans it with any UPI app
 * (the shop's address and the amount are filled in), then the cashier types the reference the
 * app shows. Drawn by the server from the shop's UPI settings; asked again when the amount changes.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { billingApi } from '../api/billing.api';
import { ApiError } from '../api/api-error';
import { formatRupees } from '../format/money';

export function UpiQr({
  storeId,
  amountPaise,
  reference,
}: {
  storeId: string;
  amountPaise: number;
  reference: string;
}) {
  const { t } = useTranslation();
  const [qr, setQr] = useState<{ amount: number; src: string } | null>(null);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    if (amountPaise <= 0) return;
    let live = true;
    const timer = setTimeout(() => {
      billingApi.upiRequest(storeId, amountPaise, reference).then(
        (answer) => live && setQr({ amount: amountPaise, src: answer.qrDataUrl }),
        (error: unknown) =>
          live && setMissing(error instanceof ApiError && error.code === 'precondition_failed'),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [storeId, amountPaise, reference]);
  if (amountPaise <= 0) return null;
  if (missing) return <p className="hint">{t('pay.upiNotSet')}</p>;
  if (qr === null || qr.amount !== amountPaise) return <p className="hint">{t('pay.upiDrawing')}</p>;
  return (
    <figure className="upi-qr">
      <img
        src={qr.src}
        width={200}
        height={200}
        alt={t('pay.upiQrAlt', { amount: formatRupees(amountPaise) })}
      />
      <figcaption>{t('pay.upiScan', { amount: formatRupees(amountPaise) })}</figcaption>
    </figure>
  );
}
