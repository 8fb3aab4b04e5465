/**
 * A client at the salon's counter, found by phone: their value wallet (balance, every load and
 * redemption, loading it), their membership (selling one; the discount then applies to services
 * at the counter), their packages (sessions left, refund of unused sessions, transfer to another
 * client) and their notes (masked; read by the stylist serving them now, or by a manager with a
 * reason; adding a note, a colour formula or a photo). Nothing personal is kept after it closes.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { customersApi, revealReasons, type RevealReasonCategory } from '../api/customers.api';
import {
  salonApi,
  type ClientNote,
  type ClientPackageView,
  type MaskedNote,
  type MembershipPlanView,
  type WalletView,
} from '../api/salon.api';
import { useSession } from '../auth/session';
import { formatDate, formatDateOnly } from '../format/dates';
import { formatRupees, parseRupees } from '../format/money';
import { ErrorMessage, Notice } from '../shell/status';
import { useAction } from '../shell/use-load';

export interface FoundClient {
  id: string;
  name: string;
}

const NOTE_KINDS = ['allergy', 'skin', 'hair', 'colour_formula', 'photo', 'other'] as const;
const METHODS = ['cash', 'upi', 'card'] as const;
type Method = (typeof METHODS)[number];

/** Finds a client by phone: the lookup form beside the booking and the client panel. */
export function useClientLookup() {
  const { t } = useTranslation();
  const action = useAction();
  const [phone, setPhone] = useState('');
  const [client, setClient] = useState<FoundClient | null>(null);
  const find = () =>
    void action.run(async () => {
      const found = (await customersApi.lookup({ phone })).customers[0];
      setClient(found === undefined ? null : { id: found.id, name: found.name ?? '' });
      return found === undefined ? t('salon.noClient') : null;
    });
  return { phone, setPhone, client, find, action };
}

type ClientLookup = ReturnType<typeof useClientLookup>;

/**
 * The phone field and its find button (inside a form row), and the client found once found:
 * the lookup row of the booking, the walk-in queue, the client panel and a package transfer.
 */
export function ClientLookupFields({
  lookup,
  phoneLabel,
  findLabel,
  showFound = true,
}: {
  lookup: ClientLookup;
  phoneLabel: string;
  findLabel: string;
  /** Whether the row names the client found (the client panel names them below instead). */
  showFound?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <label>
        {phoneLabel}
        <input value={lookup.phone} onChange={(e) => lookup.setPhone(e.target.value)} />
      </label>
      <button type="button" onClick={lookup.find}>
        {findLabel}
      </button>
      {showFound && lookup.client !== null && (
        <span>{t('salon.clientFound', { name: lookup.client.name })}</span>
      )}
    </>
  );
}

type Prepaid = Awaited<ReturnType<typeof salonApi.clientPrepaid>>;
type ClientPrepaid = Prepaid & { customerId: string };

export function ClientPanel({ storeId }: { storeId: string }) {
  const { t } = useTranslation();
  const lookup = useClientLookup();
  const [prepaid, setPrepaid] = useState<ClientPrepaid | null>(null);
  const client = lookup.client;
  const reload = useCallback(async () => {
    if (client === null) return;
    setPrepaid({ ...(await salonApi.clientPrepaid(client.id)), customerId: client.id });
  }, [client]);
  useEffect(() => {
    if (client === null) return;
    void salonApi.clientPrepaid(client.id).then((p) => setPrepaid({ ...p, customerId: client.id }));
  }, [client]);
  return (
    <section className="panel stack" aria-labelledby="client-title">
      <h2 id="client-title">{t('salon.clientPanel')}</h2>
      <div className="row wrap">
        <ClientLookupFields
          lookup={lookup}
          phoneLabel={t('salon.clientPhone')}
          findLabel={t('salon.openClient')}
          showFound={false}
        />
      </div>
      <ErrorMessage error={lookup.action.error} />
      {lookup.action.notice !== null && <Notice>{lookup.action.notice}</Notice>}
      {client !== null && prepaid !== null && prepaid.customerId === client.id && (
        <div className="stack" key={client.id}>
          <p>{t('salon.clientFound', { name: client.name })}</p>
          <Wallets customerId={client.id} wallets={prepaid.wallets} onChange={reload} />
          <Membership
            storeId={storeId}
            customerId={client.id}
            current={prepaid.membership}
            onChange={reload}
          />
          <Packages packages={prepaid.packages} onChange={reload} />
          <Notes customerId={client.id} />
        </div>
      )}
    </section>
  );
}

function Wallets({
  customerId,
  wallets,
  onChange,
}: {
  customerId: string;
  wallets: WalletView[];
  onChange: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const action = useAction();
  const [paid, setPaid] = useState('');
  const [value, setValue] = useState('');
  const [method, setMethod] = useState<Method>('cash');
  const active = wallets.filter((w) => w.status === 'active');
  const balance = active.reduce((a, w) => a + w.balancePaise, 0);
  const load = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      const paidPaise = parseRupees(paid) ?? 0;
      const after = await salonApi.loadWallet({
        customerId,
        paidPaise,
        valuePaise: value.trim() === '' ? paidPaise : (parseRupees(value) ?? 0),
        method,
      });
      setPaid('');
      setValue('');
      await onChange();
      return t('salon.walletLoaded', { amount: formatRupees(after.balancePaise) });
    });
  };
  const entries = wallets.flatMap((w) => w.ledger).sort((a, b) => a.at.localeCompare(b.at) || a.seq - b.seq);
  return (
    <section className="stack" aria-labelledby="wallet-title">
      <h3 id="wallet-title">{t('salon.wallet')}</h3>
      <p data-testid="wallet-balance">
        {active.length === 0
          ? t('salon.noWallet')
          : t('salon.walletBalanceUntil', {
              amount: formatRupees(balance),
              date: formatDateOnly(active[0]?.expiresOn ?? ''),
            })}
      </p>
      {entries.length > 0 && (
        <table data-testid="wallet-ledger">
          <thead>
            <tr>
              <th scope="col">{t('salon.when')}</th>
              <th scope="col">{t('salon.entry')}</th>
              <th scope="col">{t('salon.paid')}</th>
              <th scope="col">{t('salon.value')}</th>
              <th scope="col">{t('salon.balanceAfter')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={`${e.at}-${e.seq}`}>
                <td>{formatDate(e.at)}</td>
                <td>{t(`salon.ledgerKind.${e.kind}`, { defaultValue: t('salon.ledgerKind.other') })}</td>
                <td>{formatRupees(e.paidPaise)}</td>
                <td>{formatRupees(e.valuePaise)}</td>
                <td>{formatRupees(e.balanceAfterPaise)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="row wrap" onSubmit={load}>
        <label>
          {t('salon.walletPaid')}
          <input inputMode="decimal" value={paid} onChange={(e) => setPaid(e.target.value)} />
        </label>
        <label>
          {t('salon.walletValue')}
          <input inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} />
        </label>
        <MethodSelect value={method} onChange={setMethod} />
        <button type="submit" disabled={action.busy}>
          {t('salon.loadWallet')}
        </button>
      </form>
      <ErrorMessage error={action.error} />
      {action.notice !== null && <Notice>{action.notice}</Notice>}
    </section>
  );
}

function MethodSelect({ value, onChange }: { value: Method; onChange: (m: Method) => void }) {
  const { t } = useTranslation();
  return (
    <label>
      {t('salon.method')}
      <select value={value} onChange={(e) => onChange(e.target.value as Method)}>
        {METHODS.map((m) => (
          <option key={m} value={m}>
            {t(`salon.methods.${m}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

function Membership({
  storeId,
  customerId,
  current,
  onChange,
}: {
  storeId: string;
  customerId: string;
  current: Prepaid['membership'];
  onChange: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const action = useAction();
  const [plans, setPlans] = useState<MembershipPlanView[]>([]);
  const [planId, setPlanId] = useState('');
  const [key, setKey] = useState(() => crypto.randomUUID());
  useEffect(() => {
    void salonApi.membershipPlans().then((p) => setPlans(p.plans));
  }, []);
  const plan = plans.find((p) => p.id === planId) ?? plans[0];
  const sell = (e: FormEvent) => {
    e.preventDefault();
    if (plan === undefined) return;
    void action.run(async () => {
      const bill = await salonApi.bill(
        {
          storeId,
          customerId,
          lines: [{ membershipPlanId: plan.id }],
          payments: [{ method: 'cash', amountPaise: plan.pricePaise }],
        },
        `salon-${key}`,
      );
      setKey(crypto.randomUUID());
      await onChange();
      return t('salon.membershipSold', {
        name: plan.name,
        number: bill.document.number,
        amount: formatRupees(bill.document.totals.totalPaise),
      });
    });
  };
  return (
    <section className="stack" aria-labelledby="membership-title">
      <h3 id="membership-title">{t('salon.membership')}</h3>
      <p data-testid="membership">
        {current === null
          ? t('salon.noMembership')
          : t('salon.memberUntil', {
              name: current.name,
              percent: current.discountPercent,
              date: formatDateOnly(current.endsOn),
            })}
      </p>
      {plans.length > 0 && (
        <form className="row wrap" onSubmit={sell}>
          <label>
            {t('salon.membershipPlan')}
            <select value={plan?.id ?? ''} onChange={(e) => setPlanId(e.target.value)}>
              {plans.map((p) => (
                <option key={p.id} value={p.id}>
                  {t('salon.membershipOption', {
                    name: p.name,
                    amount: formatRupees(p.pricePaise),
                    percent: p.discountPercent,
                  })}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={action.busy}>
            {t('salon.sellMembership')}
          </button>
        </form>
      )}
      <ErrorMessage error={action.error} />
      {action.notice !== null && <Notice>{action.notice}</Notice>}
    </section>
  );
}

function Packages({ packages, onChange }: { packages: ClientPackageView[]; onChange: () => Promise<void> }) {
  const { t } = useTranslation();
  return (
    <section className="stack" aria-labelledby="packages-title">
      <h3 id="packages-title">{t('salon.packages')}</h3>
      {packages.length === 0 ? (
        <p>{t('salon.noPackages')}</p>
      ) : (
        <ul className="stack" data-testid="client-packages">
          {packages.map((p) => (
            <PackageRow key={p.id} pkg={p} onChange={onChange} />
          ))}
        </ul>
      )}
    </section>
  );
}

function PackageRow({ pkg, onChange }: { pkg: ClientPackageView; onChange: () => Promise<void> }) {
  const { t } = useTranslation();
  const action = useAction();
  const [sessions, setSessions] = useState('1');
  const [method, setMethod] = useState<Method>('cash');
  const to = useClientLookup();
  const live = pkg.status === 'active' && pkg.sessionsLeft > 0;
  const refund = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      const after = await salonApi.refundPackage(pkg.id, Number(sessions), method);
      await onChange();
      return t('salon.refunded', { sessions: Number(sessions), left: after.sessionsLeft });
    });
  };
  const transfer = () =>
    void action.run(async () => {
      if (to.client === null) return t('salon.findFirst');
      await salonApi.transferPackage(pkg.id, to.client.id);
      await onChange();
      return t('salon.transferred', { name: to.client.name });
    });
  return (
    <li className="stack">
      <span>
        {t('salon.packageLine', {
          name: pkg.name,
          left: pkg.sessionsLeft,
          total: pkg.sessionsTotal,
          date: formatDateOnly(pkg.expiresOn),
        })}{' '}
        {pkg.status !== 'active' && t(`salon.packageStatus.${pkg.status}`)}
      </span>
      {live && pkg.refundable && (
        <form className="row wrap" onSubmit={refund}>
          <label>
            {t('salon.refundSessions', { name: pkg.name })}
            <input inputMode="numeric" value={sessions} onChange={(e) => setSessions(e.target.value)} />
          </label>
          <MethodSelect value={method} onChange={setMethod} />
          <button type="submit" disabled={action.busy}>
            {t('salon.refund')}
          </button>
        </form>
      )}
      {live && pkg.transferable && (
        <div className="row wrap">
          <ClientLookupFields
            lookup={to}
            phoneLabel={t('salon.transferTo', { name: pkg.name })}
            findLabel={t('salon.findClient')}
            showFound={false}
          />
          {to.client !== null && (
            <button type="button" disabled={action.busy} onClick={transfer}>
              {t('salon.transferNow', { name: to.client.name })}
            </button>
          )}
          <ErrorMessage error={to.action.error} />
          {to.action.notice !== null && <Notice>{to.action.notice}</Notice>}
        </div>
      )}
      <ErrorMessage error={action.error} />
      {action.notice !== null && <Notice>{action.notice}</Notice>}
    </li>
  );
}

function readPhoto(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

function Notes({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const canReveal = session.permissions.has('client_note.reveal');
  const canWrite = session.permissions.has('client_note.write');
  const action = useAction();
  const [masked, setMasked] = useState<MaskedNote[]>([]);
  const [open, setOpen] = useState<ClientNote[] | null>(null);
  const [category, setCategory] = useState<RevealReasonCategory>('customer_request');
  const [reasonText, setReasonText] = useState('');
  const [kind, setKind] = useState<MaskedNote['kind']>('allergy');
  const [text, setText] = useState('');
  const [photo, setPhoto] = useState<File | null>(null);
  const [editing, setEditing] = useState<{ id: string; text: string } | null>(null);
  const reload = useCallback(async () => {
    setMasked((await salonApi.notes(customerId)).notes);
  }, [customerId]);
  useEffect(() => {
    void action.run(reload);
  }, [reload]); // eslint-disable-line react-hooks/exhaustive-deps
  const read = (withReason: boolean) =>
    void action.run(async () => {
      const result = await salonApi.readNotes(
        customerId,
        withReason ? { category, text: reasonText.trim() } : undefined,
      );
      setOpen(result.notes);
      return result.erased ? t('salon.notesErased') : t('salon.notesRecorded');
    });
  const add = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      await salonApi.addNote(customerId, {
        kind,
        ...(text.trim() === '' ? {} : { text: text.trim() }),
        ...(photo === null ? {} : { photo: await readPhoto(photo) }),
      });
      setText('');
      setPhoto(null);
      setOpen(null);
      await reload();
      return t('salon.noteAdded');
    });
  };
  const saveEdit = (e: FormEvent) => {
    e.preventDefault();
    if (editing === null) return;
    const { id: noteId, text: newText } = editing;
    void action.run(async () => {
      const saved = await salonApi.editNote(customerId, noteId, { text: newText.trim() });
      setOpen((notes) =>
        notes === null
          ? null
          : notes.map((n) => (n.id === noteId ? { ...n, ...saved, text: newText.trim() } : n)),
      );
      setEditing(null);
      await reload();
      return t('salon.noteEdited');
    });
  };
  return (
    <section className="stack" aria-labelledby="notes-title">
      <h3 id="notes-title">{t('salon.notes')}</h3>
      {open === null ? (
        masked.length === 0 ? (
          <p>{t('salon.noNotes')}</p>
        ) : (
          <ul data-testid="notes-masked">
            {masked.map((n) => (
              <li key={n.id}>
                {t('salon.maskedNote', {
                  kind: t(`salon.noteKinds.${n.kind}`),
                  date: formatDate(n.createdAt),
                })}
                {n.updatedAt !== null && <> ({t('salon.editedOn', { date: formatDate(n.updatedAt) })})</>}
              </li>
            ))}
          </ul>
        )
      ) : (
        <ul data-testid="notes-open">
          {open.map((n) => (
            <li key={n.id} className="stack">
              <strong>{t(`salon.noteKinds.${n.kind}`)}</strong>
              {editing?.id === n.id ? (
                <form className="stack" onSubmit={saveEdit}>
                  <label>
                    {t('salon.noteText')}
                    <textarea
                      maxLength={2000}
                      value={editing.text}
                      onChange={(e) => setEditing({ id: n.id, text: e.target.value })}
                    />
                  </label>
                  <div className="row wrap">
                    <button type="submit" disabled={action.busy || editing.text.trim() === ''}>
                      {t('salon.saveNote')}
                    </button>
                    <button type="button" onClick={() => setEditing(null)}>
                      {t('salon.cancelEdit')}
                    </button>
                  </div>
                </form>
              ) : (
                <>
                  {n.text !== null && <span>{n.text}</span>}
                  {n.editable && n.text !== null && (
                    <button type="button" onClick={() => setEditing({ id: n.id, text: n.text ?? '' })}>
                      {t('salon.editNote')}
                    </button>
                  )}
                </>
              )}
              {n.photo !== null && (
                <img
                  src={n.photo}
                  alt={t('salon.notePhoto', { kind: t(`salon.noteKinds.${n.kind}`) })}
                  width={160}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {masked.length > 0 && open === null && (
        <div className="row wrap">
          <button type="button" disabled={action.busy} onClick={() => read(false)}>
            {t('salon.readServing')}
          </button>
          {canReveal && (
            <>
              <label>
                {t('salon.reason')}
                <select
                  value={category}
                  onChange={(e) => setCategory(e.target.value as RevealReasonCategory)}
                >
                  {revealReasons.map((r) => (
                    <option key={r} value={r}>
                      {t(`customers.reasons.${r}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('salon.reasonText')}
                <input maxLength={500} value={reasonText} onChange={(e) => setReasonText(e.target.value)} />
              </label>
              <button type="button" disabled={action.busy} onClick={() => read(true)}>
                {t('salon.revealNotes')}
              </button>
            </>
          )}
        </div>
      )}
      {open !== null && (
        <button
          type="button"
          onClick={() => {
            setOpen(null);
            setEditing(null);
          }}
        >
          {t('salon.hideNotes')}
        </button>
      )}
      {canWrite && (
        <form className="row wrap" onSubmit={add}>
          <label>
            {t('salon.noteKind')}
            <select value={kind} onChange={(e) => setKind(e.target.value as MaskedNote['kind'])}>
              {NOTE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`salon.noteKinds.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('salon.noteText')}
            <textarea maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} />
          </label>
          <label>
            {t('salon.notePhotoFile')}
            <input
              type="file"
              accept="image/jpeg,image/png"
              onChange={(e) => setPhoto(e.target.files?.[0] ?? null)}
            />
          </label>
          <button type="submit" disabled={action.busy}>
            {t('salon.addNote')}
          </button>
        </form>
      )}
      <ErrorMessage error={action.error} />
      {action.notice !== null && <Notice>{action.notice}</Notice>}
    </section>
  );
}
