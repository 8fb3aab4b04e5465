/**
 * The salon screen: services, packages and memberships (managers), the day or week of
 * appointments (all staff or one) with booking by phone or the walk-in queue, check-in,
 * cancellation and no-show, the bill of a checked-in appointment (the stylist on the line, a
 * package sold or a session of one used, part paid from the client's wallet, a member's price),
 * its receipt (stylist's first name, sessions left, wallet balance), the client panel (wallet,
 * membership, packages, notes) and commissions (staff see their own).
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi } from '../api/admin.api';
import { searchItems, type CatalogItem } from '../api/catalog.api';
import {
  salonApi,
  type AppointmentView,
  type ClientPackageView,
  type PackagePlanView,
  type SalonBill,
  type SalonServiceView,
  type StaffMember,
} from '../api/salon.api';
import { useSession } from '../auth/session';
import { formatDateOnly, todayInIst } from '../format/dates';
import { formatRupees, parseRupees } from '../format/money';
import { ErrorMessage, Notice } from '../shell/status';
import { useAction } from '../shell/use-load';
import { ClientLookupFields, ClientPanel, useClientLookup } from './client-panel';
import { CommissionsPanel } from './commissions-panel';
import { LiabilityPanel } from './liability-panel';
import { SalonSettingsPanel } from './settings-panel';
import { WalkInPanel } from './walk-in-panel';
import { DocumentLinks } from '../documents/document-links';
import { privacyApi, type ConsentState } from '../api/privacy.api';

const IST_MS = 330 * 60_000;

/** `HH:MM` in IST on an IST date, as a UTC instant. */
function instantOf(date: string, time: string): string {
  return new Date(Date.parse(`${date}T${time}:00.000Z`) - IST_MS).toISOString();
}
function istTime(instant: string): string {
  return new Date(Date.parse(instant) + IST_MS).toISOString().slice(11, 16);
}
function istDay(instant: string): string {
  return new Date(Date.parse(instant) + IST_MS).toISOString().slice(0, 10);
}
function nextHour(): string {
  const ist = new Date(Date.now() + IST_MS + 3_600_000);
  return `${String(ist.getUTCHours()).padStart(2, '0')}:00`;
}
function newKey(): string {
  return `salon-${crypto.randomUUID()}`;
}

export default function SalonPage() {
  const { t } = useTranslation();
  const session = useSession();
  const permissions = new Set(session.profile?.permissions ?? []);
  const [storeId, setStoreId] = useState<string | null>(null);
  const [staff, setStaff] = useState<StaffMember[]>([]);
  const [services, setServices] = useState<SalonServiceView[]>([]);
  const [plans, setPlans] = useState<PackagePlanView[]>([]);
  const [date, setDate] = useState(todayInIst());
  const [view, setView] = useState<'day' | 'week'>('day');
  const [staffFilter, setStaffFilter] = useState('');
  const [appointments, setAppointments] = useState<AppointmentView[]>([]);
  const [billing, setBilling] = useState<AppointmentView | null>(null);
  /** Bills taken on this screen: the liability report reads again after each. */
  const [billsTaken, setBillsTaken] = useState(0);
  const action = useAction();

  const reload = useCallback(async () => {
    const [stores, people, list, packages] = await Promise.all([
      adminApi.stores(),
      salonApi.staff(),
      salonApi.services(),
      salonApi.plans(),
    ]);
    const store = stores.stores[0]?.id ?? null;
    setStoreId(store);
    setStaff(people.staff);
    setServices(list.services);
    setPlans(packages.plans);
    if (store !== null)
      setAppointments(
        (await salonApi.calendar(store, date, view, staffFilter === '' ? undefined : staffFilter))
          .appointments,
      );
  }, [date, view, staffFilter]);
  const close = (id: string, outcome: 'cancelled' | 'no_show') =>
    void action.run(async () => {
      await salonApi.close(id, outcome);
      await reload();
    });
  useEffect(() => {
    void action.run(reload);
  }, [reload]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <main className="stack">
      <h1>{t('salon.title')}</h1>
      <ErrorMessage error={action.error} />
      {permissions.has('salon.manage') && <Setup services={services} staff={staff} onChange={reload} />}
      {permissions.has('salon.manage') && <SalonSettingsPanel />}
      {permissions.has('appointment.manage') && storeId !== null && (
        <section className="panel stack" aria-labelledby="calendar-title">
          <h2 id="calendar-title">{t('salon.calendar')}</h2>
          <div className="row wrap">
            <label>
              {t('salon.date')}
              <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
            </label>
            <label>
              {t('salon.view')}
              <select value={view} onChange={(e) => setView(e.target.value as 'day' | 'week')}>
                <option value="day">{t('salon.dayView')}</option>
                <option value="week">{t('salon.weekView')}</option>
              </select>
            </label>
            <label>
              {t('salon.showStaff')}
              <select value={staffFilter} onChange={(e) => setStaffFilter(e.target.value)}>
                <option value="">{t('salon.allStaff')}</option>
                {staff.map((s) => (
                  <option key={s.staffId} value={s.staffId}>
                    {s.firstName}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <Booking
            storeId={storeId}
            date={date}
            staff={staff}
            services={services}
            onBooked={reload}
            mayRecordConsent={permissions.has('consent.capture')}
          />
          {appointments.length === 0 ? (
            <p>{t(view === 'week' ? 'salon.noneWeek' : 'salon.none')}</p>
          ) : (
            <table data-testid="appointments">
              <thead>
                <tr>
                  <th scope="col">{t('salon.when')}</th>
                  <th scope="col">{t('salon.stylist')}</th>
                  <th scope="col">{t('salon.forService')}</th>
                  <th scope="col">{t('salon.clientColumn')}</th>
                  <th scope="col">{t('salon.state')}</th>
                  <th scope="col">{t('salon.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {appointments.map((a) => (
                  <tr key={a.id}>
                    <td>
                      {view === 'week' && `${formatDateOnly(istDay(a.startsAt))} `}
                      {istTime(a.startsAt)}
                      {a.queueNumber !== null && ` ${t('salon.queue', { number: a.queueNumber })}`}
                    </td>
                    <td>{a.staffFirstName}</td>
                    <td>{a.serviceName}</td>
                    <td>{a.customerMasked ?? ''}</td>
                    <td>{t(`salon.status.${a.status}`)}</td>
                    <td>
                      {a.status === 'booked' && (
                        <>
                          <button
                            type="button"
                            onClick={() =>
                              void action.run(async () => {
                                await salonApi.checkIn(a.id);
                                await reload();
                              })
                            }
                          >
                            {t('salon.checkIn')}
                          </button>
                          <button type="button" onClick={() => close(a.id, 'no_show')}>
                            {t('salon.noShow')}
                          </button>
                          <button type="button" onClick={() => close(a.id, 'cancelled')}>
                            {t('salon.cancel')}
                          </button>
                        </>
                      )}
                      {a.status === 'checked_in' && (
                        <button type="button" onClick={() => setBilling(a)}>
                          {t('salon.billIt')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      {permissions.has('appointment.manage') && storeId !== null && (
        <WalkInPanel storeId={storeId} staff={staff} services={services} onAssigned={reload} />
      )}
      {billing !== null && storeId !== null && (
        <Bill
          key={billing.id}
          storeId={storeId}
          appointment={billing}
          plans={plans}
          staff={staff}
          onDone={() => {
            setBillsTaken((n) => n + 1);
            void action.run(reload);
          }}
        />
      )}
      {storeId !== null && permissions.has('customer.read') && <ClientPanel storeId={storeId} />}
      {storeId !== null && <CommissionsPanel storeId={storeId} staff={staff} />}
      {permissions.has('report.sales') && <LiabilityPanel changes={billsTaken} />}
    </main>
  );
}

interface SetupProps {
  services: SalonServiceView[];
  staff: StaffMember[];
  onChange: () => Promise<void>;
}

function Setup({ services, staff, onChange }: SetupProps) {
  const { t } = useTranslation();
  const action = useAction();
  const [name, setName] = useState('');
  const [sac, setSac] = useState('999721');
  /** Who may perform the new service (nobody ticked: anyone). */
  const [performers, setPerformers] = useState<string[]>([]);
  const [price, setPrice] = useState('');
  const [minutes, setMinutes] = useState('45');
  const [planName, setPlanName] = useState('');
  const [planService, setPlanService] = useState('');
  const [sessions, setSessions] = useState('6');
  const [planPrice, setPlanPrice] = useState('');
  const [days, setDays] = useState('90');
  const [rate, setRate] = useState('10');
  const [memberName, setMemberName] = useState('');
  const [memberPrice, setMemberPrice] = useState('');
  const [memberPercent, setMemberPercent] = useState('10');
  const [memberDays, setMemberDays] = useState('365');
  const addMembership = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      await salonApi.createMembershipPlan({
        name: memberName,
        pricePaise: parseRupees(memberPrice) ?? 0,
        discountPercent: Number(memberPercent),
        validityDays: Number(memberDays),
      });
      return t('salon.membershipAdded');
    });
  };
  const addService = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      await salonApi.createService({
        name,
        sac,
        pricePaise: parseRupees(price) ?? 0,
        durationMinutes: Number(minutes),
        staffIds: performers,
      });
      await onChange();
      return t('salon.serviceAdded');
    });
  };
  const addPlan = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      await salonApi.createPlan({
        name: planName,
        serviceId: planService || (services[0]?.id ?? ''),
        sessions: Number(sessions),
        pricePaise: parseRupees(planPrice) ?? 0,
        validityDays: Number(days),
      });
      await onChange();
      return t('salon.packageAdded');
    });
  };
  const setRule = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      await salonApi.setRoleRule('owner', Number(rate));
      await salonApi.setRoleRule('stylist', Number(rate));
      return t('salon.ruleSet');
    });
  };
  return (
    <section className="panel stack" aria-labelledby="setup-title">
      <h2 id="setup-title">{t('salon.setup')}</h2>
      <ErrorMessage error={action.error} />
      {action.notice !== null && <Notice>{action.notice}</Notice>}
      <form className="row wrap" onSubmit={addService}>
        <label>
          {t('salon.serviceName')}
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {t('salon.price')}
          <input inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} />
        </label>
        <label>
          {t('salon.duration')}
          <input inputMode="numeric" value={minutes} onChange={(e) => setMinutes(e.target.value)} />
        </label>
        <label>
          {t('salon.serviceSetup.sac')}
          <input inputMode="numeric" value={sac} onChange={(e) => setSac(e.target.value)} />
        </label>
        <fieldset className="row wrap">
          <legend>{t('salon.serviceSetup.performers')}</legend>
          {staff.map((s) => (
            <label key={s.staffId}>
              <input
                type="checkbox"
                checked={performers.includes(s.staffId)}
                onChange={(e) =>
                  setPerformers(
                    e.target.checked
                      ? [...performers, s.staffId]
                      : performers.filter((id) => id !== s.staffId),
                  )
                }
              />
              {s.firstName}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={action.busy}>
          {t('salon.addService')}
        </button>
      </form>
      <form className="row wrap" onSubmit={addPlan}>
        <label>
          {t('salon.packageName')}
          <input value={planName} onChange={(e) => setPlanName(e.target.value)} />
        </label>
        <label>
          {t('salon.forService')}
          <select value={planService} onChange={(e) => setPlanService(e.target.value)}>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('salon.sessions')}
          <input inputMode="numeric" value={sessions} onChange={(e) => setSessions(e.target.value)} />
        </label>
        <label>
          {t('salon.price')}
          <input inputMode="decimal" value={planPrice} onChange={(e) => setPlanPrice(e.target.value)} />
        </label>
        <label>
          {t('salon.validity')}
          <input inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} />
        </label>
        <button type="submit" disabled={action.busy}>
          {t('salon.addPackage')}
        </button>
      </form>
      <form className="row wrap" onSubmit={addMembership}>
        <label>
          {t('salon.membershipName')}
          <input value={memberName} onChange={(e) => setMemberName(e.target.value)} />
        </label>
        <label>
          {t('salon.membershipPrice')}
          <input inputMode="decimal" value={memberPrice} onChange={(e) => setMemberPrice(e.target.value)} />
        </label>
        <label>
          {t('salon.memberDiscount')}
          <input
            inputMode="decimal"
            value={memberPercent}
            onChange={(e) => setMemberPercent(e.target.value)}
          />
        </label>
        <label>
          {t('salon.membershipValidity')}
          <input inputMode="numeric" value={memberDays} onChange={(e) => setMemberDays(e.target.value)} />
        </label>
        <button type="submit" disabled={action.busy}>
          {t('salon.addMembership')}
        </button>
      </form>
      <form className="row wrap" onSubmit={setRule}>
        <label>
          {t('salon.commissionRate')}
          <input inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} />
        </label>
        <button type="submit" disabled={action.busy}>
          {t('salon.setRule')}
        </button>
      </form>
    </section>
  );
}

interface BookingProps {
  storeId: string;
  date: string;
  staff: StaffMember[];
  services: SalonServiceView[];
  onBooked: () => Promise<void>;
  /** Whether the person at the desk may record a client's consent (`consent.capture`). */
  mayRecordConsent: boolean;
}

function Booking({ storeId, date, staff, services, onBooked, mayRecordConsent }: BookingProps) {
  const { t } = useTranslation();
  const action = useAction();
  const [staffId, setStaffId] = useState('');
  const [serviceId, setServiceId] = useState('');
  const lookup = useClientLookup();
  const { client } = lookup;
  const [reminder, setReminder] = useState<'' | 'sms' | 'email'>('');
  const [consents, setConsents] = useState<{ customerId: string; list: ConsentState[] } | null>(null);
  /** The client for whom the "agrees" box is ticked (a new client starts unticked). */
  const [agreedFor, setAgreedFor] = useState<string | null>(null);
  const [time, setTime] = useState(nextHour());
  useEffect(() => {
    if (client === null) return;
    void privacyApi.consents(client.id).then((c) => setConsents({ customerId: client.id, list: c.consents }));
  }, [client]);
  // Reminders go only while the consent ledger grants them for the channel chosen.
  const purpose = reminder === 'sms' ? 'reminders_sms' : 'reminders_email';
  const consented =
    client !== null &&
    consents?.customerId === client.id &&
    consents.list.some((c) => c.purpose === purpose && c.granted);
  const agrees = client !== null && agreedFor === client.id;
  const book = (source: 'phone' | 'walk_in') =>
    void action.run(async () => {
      if (client !== null && reminder !== '' && !consented && agrees)
        setConsents({
          customerId: client.id,
          list: (await privacyApi.recordConsent(client.id, [purpose], true)).consents,
        });
      const made = await salonApi.book({
        storeId,
        staffId: staffId || (staff[0]?.staffId ?? ''),
        serviceId: serviceId || (services[0]?.id ?? ''),
        customerId: client?.id ?? null,
        source,
        ...(source === 'phone' ? { startsAt: instantOf(date, time) } : {}),
        ...(reminder === '' || client === null ? {} : { reminder }),
      });
      await onBooked();
      return t('salon.booked', { time: istTime(made.startsAt) });
    });
  return (
    <div className="stack">
      <div className="row wrap">
        <label>
          {t('salon.stylist')}
          <select value={staffId} onChange={(e) => setStaffId(e.target.value)}>
            {staff.map((s) => (
              <option key={s.staffId} value={s.staffId}>
                {s.firstName}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('salon.forService')}
          <select value={serviceId} onChange={(e) => setServiceId(e.target.value)}>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <ClientLookupFields
          lookup={lookup}
          phoneLabel={t('salon.client')}
          findLabel={t('salon.findClient')}
        />
        <label>
          {t('salon.time')}
          <input type="time" value={time} onChange={(e) => setTime(e.target.value)} />
        </label>
        <label>
          {t('salon.remindBy')}
          <select value={reminder} onChange={(e) => setReminder(e.target.value as '' | 'sms' | 'email')}>
            <option value="">{t('salon.noReminder')}</option>
            <option value="sms">{t('salon.remindSms')}</option>
            <option value="email">{t('salon.remindEmail')}</option>
          </select>
        </label>
        {client !== null && reminder !== '' && consented && <span>{t('salon.consent.has')}</span>}
        {client !== null && reminder !== '' && !consented && mayRecordConsent && (
          <label>
            <input
              type="checkbox"
              checked={agrees}
              onChange={(e) => setAgreedFor(e.target.checked ? client.id : null)}
            />
            {t('salon.consent.agrees')}
          </label>
        )}
        {client !== null && reminder !== '' && !consented && !agrees && (
          <span>{t('salon.consent.missing')}</span>
        )}
        <button type="button" disabled={action.busy} onClick={() => book('phone')}>
          {t('salon.book')}
        </button>
        <button type="button" disabled={action.busy} onClick={() => book('walk_in')}>
          {t('salon.walkIn')}
        </button>
      </div>
      <ErrorMessage error={lookup.action.error ?? action.error} />
      {lookup.action.notice !== null && <Notice>{lookup.action.notice}</Notice>}
      {action.notice !== null && <Notice>{action.notice}</Notice>}
    </div>
  );
}

interface BillProps {
  storeId: string;
  appointment: AppointmentView;
  plans: PackagePlanView[];
  staff: StaffMember[];
  onDone: () => void;
}

function Bill({ storeId, appointment, plans, staff, onDone }: BillProps) {
  const { t } = useTranslation();
  const action = useAction();
  const products = useAction();
  /** A second stylist who shared the service, and the first one's share of it in percent. */
  const [partner, setPartner] = useState('');
  const [share, setShare] = useState('50');
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<CatalogItem[] | null>(null);
  const [product, setProduct] = useState('');
  const [quantity, setQuantity] = useState('1');
  const findProducts = () =>
    void products.run(async () => {
      const items = await searchItems(query);
      setFound(items);
      setProduct(items[0]?.id ?? '');
      return items.length === 0 ? t('salon.billProducts.none') : null;
    });
  const [owned, setOwned] = useState<ClientPackageView[]>([]);
  const [wallet, setWallet] = useState<{ id: string; balancePaise: number } | null>(null);
  const [member, setMember] = useState<{ name: string; discountPercent: number } | null>(null);
  const [fromWallet, setFromWallet] = useState('');
  const [sell, setSell] = useState('');
  const [useSession, setUseSession] = useState('');
  const [cash, setCash] = useState('');
  const [done, setDone] = useState<SalonBill | null>(null);
  const [key] = useState(newKey);
  const customerId = appointment.customerId;
  useEffect(() => {
    if (customerId === null) return;
    void salonApi.clientPrepaid(customerId).then((p) => {
      setOwned(
        p.packages.filter(
          (x) => x.status === 'active' && x.serviceId === appointment.serviceId && x.sessionsLeft > 0,
        ),
      );
      const w = p.wallets.find((x) => x.status === 'active' && x.balancePaise > 0);
      setWallet(w === undefined ? null : { id: w.id, balancePaise: w.balancePaise });
      setMember(p.membership);
    });
  }, [customerId, appointment.serviceId]);
  const charge = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      const paise = parseRupees(cash) ?? 0;
      const walletPaise = parseRupees(fromWallet) ?? 0;
      const bill = await salonApi.bill(
        {
          storeId,
          customerId,
          appointmentId: appointment.id,
          lines: [
            {
              variantId: appointment.serviceId,
              quantity: 1,
              ...(partner === ''
                ? { staffIds: [appointment.staffId] }
                : {
                    staffIds: [appointment.staffId, partner],
                    staffShares: [Math.round(Number(share) * 100), 10_000 - Math.round(Number(share) * 100)],
                  }),
              ...(useSession === '' ? {} : { packageId: useSession }),
            },
            ...(product === '' ? [] : [{ variantId: product, quantity: Number(quantity) }]),
            ...(sell === '' ? [] : [{ packagePlanId: sell }]),
          ],
          payments: paise > 0 ? [{ method: 'cash', amountPaise: paise }] : [],
          ...(wallet !== null && walletPaise > 0 ? { walletId: wallet.id, walletPaise } : {}),
        },
        key,
      );
      setDone(bill);
      onDone();
    });
  };
  if (done !== null) return <Receipt bill={done} />;
  return (
    <form className="panel stack" aria-labelledby="bill-title" onSubmit={charge}>
      <h2 id="bill-title">{t('salon.bill')}</h2>
      <p>{t('salon.servedBy', { service: appointment.serviceName, names: appointment.staffFirstName })}</p>
      <div className="row wrap">
        <label>
          {t('salon.billShare.partner')}
          <select value={partner} onChange={(e) => setPartner(e.target.value)}>
            <option value="">{t('salon.billShare.nobody')}</option>
            {staff
              .filter((s) => s.staffId !== appointment.staffId)
              .map((s) => (
                <option key={s.staffId} value={s.staffId}>
                  {s.firstName}
                </option>
              ))}
          </select>
        </label>
        {partner !== '' && (
          <label>
            {t('salon.billShare.share', { name: appointment.staffFirstName })}
            <input inputMode="decimal" value={share} onChange={(e) => setShare(e.target.value)} />
          </label>
        )}
      </div>
      <div className="row wrap">
        <label>
          {t('salon.billProducts.search')}
          <input value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
        <button type="button" disabled={products.busy} onClick={findProducts}>
          {t('salon.billProducts.find')}
        </button>
        {found !== null && found.length > 0 && (
          <>
            <label>
              {t('salon.billProducts.product')}
              <select value={product} onChange={(e) => setProduct(e.target.value)}>
                <option value="">{t('salon.billProducts.noProduct')}</option>
                {found.map((item) => (
                  <option key={item.id} value={item.id}>
                    {item.name} ({formatRupees(item.pricePaise)})
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('salon.billProducts.quantity')}
              <input inputMode="numeric" value={quantity} onChange={(e) => setQuantity(e.target.value)} />
            </label>
          </>
        )}
      </div>
      <ErrorMessage error={products.error} />
      {products.notice !== null && <Notice>{products.notice}</Notice>}
      {owned.map((p) => (
        <label key={p.id}>
          <input
            type="checkbox"
            checked={useSession === p.id}
            onChange={(e) => setUseSession(e.target.checked ? p.id : '')}
          />
          {t('salon.useSession', { name: p.name, left: p.sessionsLeft })}
        </label>
      ))}
      {customerId !== null && (
        <label>
          {t('salon.sellPackage')}
          <select value={sell} onChange={(e) => setSell(e.target.value)}>
            <option value="">{t('salon.noPackage')}</option>
            {plans.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {member !== null && (
        <p>{t('salon.memberPrice', { name: member.name, percent: member.discountPercent })}</p>
      )}
      {wallet !== null && (
        <label>
          {t('salon.payFromWallet', { amount: formatRupees(wallet.balancePaise) })}
          <input inputMode="decimal" value={fromWallet} onChange={(e) => setFromWallet(e.target.value)} />
        </label>
      )}
      <label>
        {t('salon.cash')}
        <input inputMode="decimal" value={cash} onChange={(e) => setCash(e.target.value)} />
      </label>
      <ErrorMessage error={action.error} />
      <button type="submit" disabled={action.busy}>
        {t('salon.charge')}
      </button>
    </form>
  );
}

function Receipt({ bill }: { bill: SalonBill }) {
  const { t } = useTranslation();
  const doc = bill.document;
  return (
    <section className="panel stack" data-testid="salon-receipt" aria-labelledby="receipt-title">
      <h2 id="receipt-title">{t('salon.receipt', { number: doc.number })}</h2>
      <p>{t('salon.total', { amount: formatRupees(doc.totals.totalPaise) })}</p>
      <ul>
        {doc.lines.map((line) => {
          const staff = bill.salon.staff.find((s) => s.line === line.number);
          return (
            <li key={line.number}>
              {staff === undefined
                ? line.description
                : t('salon.servedBy', { service: line.description, names: staff.firstNames.join(', ') })}{' '}
              {formatRupees(line.totalPaise)}
            </li>
          );
        })}
      </ul>
      {bill.salon.packages.map((p) => (
        <p key={p.packageId}>{t('salon.sessionsLeft', { name: p.name, count: p.sessionsLeft })}</p>
      ))}
      {bill.salon.membership !== null && (
        <p>
          {t('salon.memberReceipt', {
            name: bill.salon.membership.name,
            percent: bill.salon.membership.discountPercent,
          })}
        </p>
      )}
      {bill.salon.walletBalancePaise !== null && (
        <p>{t('salon.walletBalance', { amount: formatRupees(bill.salon.walletBalancePaise) })}</p>
      )}
      <DocumentLinks type={doc.type} documentId={doc.id} />
    </section>
  );
}
