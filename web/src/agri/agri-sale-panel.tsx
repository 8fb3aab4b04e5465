/**
 * The counter's agri panel (issue 17): for the items in the cart, the dealer licences they are
 * sold under when one is missing, expired, not yet valid (the sale will be refused: said before
 * the payment, in words) or expiring soon (a warning); and, when subsidised fertiliser is in the
 * cart, the government PoS slip's transaction reference and bags. An Aadhaar number typed as the
 * reference is refused here as the server refuses it; none is ever asked for.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { findSensitiveNumber } from '../../../src/domain/sensitive-numbers';
import { agriApi, type SaleLicence, type SaleRules } from '../api/agri.api';
import type { SaleRequest } from '../api/billing.api';
import type { CartAction, CartLine, CartSubsidy } from '../counter/cart';
import { formatDateOnly } from '../format/dates';

const POS_REFERENCE = /^[A-Za-z0-9/-]{4,30}$/;

/** What is wrong with a typed PoS reference, as a translation key (null: nothing). */
export function posReferenceProblem(reference: string): string | null {
  const value = reference.trim();
  if (value === '') return null;
  if (findSensitiveNumber(value.replace(/[/-]/g, ' ')) !== undefined) return 'agriCounter.counter.aadhaar';
  if (!POS_REFERENCE.test(value)) return 'agriCounter.counter.badReference';
  return null;
}

/** The subsidy the sale sends: only once a reference is typed (the server asks for it otherwise). */
export function subsidyOfCart(subsidy: CartSubsidy): Pick<SaleRequest, 'fertiliserSubsidy'> {
  const posReference = subsidy.posReference.trim();
  if (posReference === '') return {};
  return { fertiliserSubsidy: { posReference, bags: Number(subsidy.bags) } };
}

export interface AgriSalePanelProps {
  lines: readonly CartLine[];
  storeId: string | null;
  subsidy: CartSubsidy;
  dispatch: (action: CartAction) => void;
}

export function AgriSalePanel({ lines, storeId, subsidy, dispatch }: AgriSalePanelProps) {
  const variantIds = [...new Set(lines.map((l) => l.itemId))].sort().join(',');
  const [known, setKnown] = useState<{ key: string; rules: SaleRules } | null>(null);
  const key = `${storeId ?? ''}|${variantIds}`;
  useEffect(() => {
    if (storeId === null || variantIds === '') return;
    let live = true;
    void agriApi.saleRules(storeId, variantIds.split(',')).then(
      (rules) => {
        if (live) setKnown({ key, rules });
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [storeId, variantIds, key]);
  // Rules of an earlier cart stay on screen until the new answer: lines no longer there are skipped.
  const rules = known?.rules;
  if (rules === undefined || lines.length === 0) return null;
  const present = new Set(lines.map((l) => l.itemId));
  const licences = rules.licences.filter(
    (l) => l.state !== 'valid' && l.variantIds.some((v) => present.has(v)),
  );
  const subsidised = rules.subsidised.filter((s) => present.has(s.variantId));
  if (licences.length === 0 && subsidised.length === 0) return null;
  return (
    <div className="stack" data-testid="agri-sale-panel">
      {licences.map((licence) => (
        <LicenceNotice key={licence.kind} licence={licence} lines={lines} />
      ))}
      {subsidised.length > 0 && (
        <SubsidyFields
          subsidy={subsidy}
          dispatch={dispatch}
          bags={
            subsidised.every((s) => s.bagged)
              ? lines
                  .filter((l) => subsidised.some((s) => s.variantId === l.itemId))
                  .reduce((sum, l) => sum + l.quantity, 0)
              : null
          }
        />
      )}
    </div>
  );
}

function LicenceNotice({ licence, lines }: { licence: SaleLicence; lines: readonly CartLine[] }) {
  const { t } = useTranslation();
  const kind = t(`agriCounter.kindsInSentence.${licence.kind}`);
  const items = lines
    .filter((l) => licence.variantIds.includes(l.itemId))
    .map((l) => l.name)
    .join(', ');
  const until = licence.validUntil === null ? '' : formatDateOnly(licence.validUntil);
  const refused = (text: string) => (
    <p className="message message-error" role="alert" data-testid="licence-refusal">
      {text}
    </p>
  );
  switch (licence.state) {
    case 'missing':
      return refused(t('agriCounter.counter.licenceMissing', { kind, items }));
    case 'expired':
      return refused(t('agriCounter.counter.licenceExpired', { kind, items, date: until }));
    case 'not-yet-valid':
      return refused(
        t('agriCounter.counter.licenceNotYetValid', {
          kind,
          items,
          date: formatDateOnly(licence.validFrom ?? ''),
        }),
      );
    default:
      return (
        <p className="message warn" role="status" data-testid="licence-warning">
          {licence.daysLeft === 0
            ? t('agriCounter.counter.licenceExpiresToday', { kind, date: until })
            : t('agriCounter.counter.licenceExpiring', { kind, date: until, count: licence.daysLeft ?? 0 })}
        </p>
      );
  }
}

function SubsidyFields({
  subsidy,
  bags,
  dispatch,
}: {
  subsidy: CartSubsidy;
  /** The bags the cart sells (null when the items are not counted in bags). */
  bags: number | null;
  dispatch: (action: CartAction) => void;
}) {
  const { t } = useTranslation();
  const problem = posReferenceProblem(subsidy.posReference);
  // The bags follow the bags sold until the cashier types their own.
  const [typed, setTyped] = useState(false);
  useEffect(() => {
    if (!typed && bags !== null && subsidy.bags !== String(bags))
      dispatch({ type: 'setSubsidy', subsidy: { ...subsidy, bags: String(bags) } });
  }, [typed, bags, subsidy, dispatch]);
  const set = (change: Partial<CartSubsidy>) =>
    dispatch({ type: 'setSubsidy', subsidy: { ...subsidy, ...change } });
  return (
    <fieldset className="stack panel" data-testid="subsidy-fields">
      <legend>{t('agriCounter.counter.subsidyTitle')}</legend>
      <p className="hint">{t('agriCounter.counter.subsidyIntro')}</p>
      <div className="row wrap">
        <div className="field">
          <label htmlFor="subsidy-reference">{t('agriCounter.counter.posReference')}</label>
          <input
            id="subsidy-reference"
            autoComplete="off"
            maxLength={30}
            required
            value={subsidy.posReference}
            aria-invalid={problem !== null}
            aria-describedby={problem === null ? undefined : 'subsidy-reference-problem'}
            onChange={(e) => set({ posReference: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="subsidy-bags">{t('agriCounter.counter.bags')}</label>
          <input
            id="subsidy-bags"
            type="number"
            min={1}
            max={10000}
            step={1}
            required
            value={subsidy.bags}
            onChange={(e) => {
              setTyped(true);
              set({ bags: e.target.value });
            }}
          />
        </div>
      </div>
      {bags !== null && <p className="hint">{t('agriCounter.counter.bagsHint', { count: bags })}</p>}
      {problem !== null && (
        <p id="subsidy-reference-problem" className="message message-error" role="alert">
          {t(problem)}
        </p>
      )}
    </fieldset>
  );
}
