/**
 * The first run: the business, its first store as printed on every invoice and receipt (legal and
 * trade name, GSTIN checked as it is typed with the state it names, address, phone, email, UPI id)
 * and the owner's account. The setup code travels in the URL fragment (`/setup#code=...`), which
 * the browser never sends, so it cannot reach a log; the page moves it into the form.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { LogoField } from '../back-office/logo-field';
import { validateGstin } from '../../../src/domain/gst/gstin';
import { stateName } from '../../../src/domain/gst/states';
import { setupApi, type SetupRequest } from '../api/setup.api';
import { AuthFrame } from '../auth/auth-frame';
import { ErrorMessage } from '../shell/status';
import { FieldError, messageFor, namesAField } from './field-error';

function codeFromFragment(): string {
  return /(?:^#|&)code=([A-Za-z0-9]+)/.exec(window.location.hash)?.[1] ?? '';
}

type Field =
  | 'code'
  | 'businessName'
  | 'tradeName'
  | 'gstin'
  | 'addressLine'
  | 'city'
  | 'pin'
  | 'phone'
  | 'email'
  | 'upiVpa'
  | 'ownerName'
  | 'ownerEmail'
  | 'ownerPassword';

interface FieldSpec {
  name: Field;
  required?: boolean;
  type?: string;
  maxLength: number;
  autoComplete?: string;
  inputMode?: 'numeric' | 'tel' | 'email';
  /** i18n key of what the value is printed on or used for. */
  printedOn?: string;
}

const business: FieldSpec[] = [
  {
    name: 'businessName',
    required: true,
    maxLength: 100,
    autoComplete: 'organization',
    printedOn: 'firstRun.onEveryInvoice',
  },
  { name: 'tradeName', maxLength: 100, printedOn: 'firstRun.onReceiptHeader' },
];
const address: FieldSpec[] = [
  {
    name: 'addressLine',
    required: true,
    maxLength: 100,
    autoComplete: 'address-line1',
    printedOn: 'firstRun.onEveryInvoice',
  },
  { name: 'city', required: true, maxLength: 50, autoComplete: 'address-level2' },
  { name: 'pin', required: true, maxLength: 6, inputMode: 'numeric', autoComplete: 'postal-code' },
  { name: 'phone', type: 'tel', maxLength: 20, inputMode: 'tel', printedOn: 'firstRun.onReceiptHeader' },
  { name: 'email', type: 'email', maxLength: 100, printedOn: 'firstRun.onA4Invoice' },
  { name: 'upiVpa', maxLength: 100, printedOn: 'firstRun.onUpiQr' },
];
const owner: FieldSpec[] = [
  { name: 'ownerName', maxLength: 120, autoComplete: 'name' },
  { name: 'ownerEmail', required: true, type: 'email', maxLength: 254, autoComplete: 'email' },
  { name: 'ownerPassword', required: true, type: 'password', maxLength: 1024, autoComplete: 'new-password' },
];
const allFields: Field[] = ['code', 'gstin', ...[...business, ...address, ...owner].map((f) => f.name)];

/** What the GSTIN typed so far says: nothing yet, its state, or what is wrong with it. */
function gstinStatus(gstin: string): { state: string | null; problem: string | null } {
  const value = gstin.trim().toUpperCase();
  if (value.length < 15) return { state: null, problem: null };
  const result = validateGstin(value);
  if (!result.valid) return { state: null, problem: result.problem };
  return { state: `${stateName(result.stateCode)} (${result.stateCode})`, problem: null };
}

export function SetupPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [values, setValues] = useState<Record<Field, string>>(() => {
    const code = codeFromFragment();
    if (code !== '') window.history.replaceState(null, '', '/setup');
    const empty = Object.fromEntries(allFields.map((f) => [f, ''])) as Record<Field, string>;
    return { ...empty, code };
  });
  const [demo, setDemo] = useState(false);
  const [negativeStock, setNegativeStock] = useState<'allow' | 'refuse'>('allow');
  const [logo, setLogo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const gstin = gstinStatus(values.gstin);

  const label = (name: Field) => t(`firstRun.fields.${name}`);
  const input = (spec: FieldSpec) => {
    const id = `setup-${spec.name}`;
    const message = messageFor(error, spec.name);
    const hint = spec.printedOn === undefined ? undefined : `${id}-hint`;
    const described = [hint, message === null ? undefined : `${id}-error`].filter(Boolean).join(' ');
    return (
      <div className="field" key={spec.name}>
        <label htmlFor={id}>{label(spec.name)}</label>
        <input
          id={id}
          name={spec.name}
          type={spec.type ?? 'text'}
          required={spec.required}
          maxLength={spec.maxLength}
          autoComplete={spec.autoComplete ?? 'off'}
          inputMode={spec.inputMode}
          aria-invalid={message !== null}
          aria-describedby={described === '' ? undefined : described}
          value={values[spec.name]}
          onChange={(e) => {
            setValues({ ...values, [spec.name]: e.target.value });
            if (message !== null) setError(null);
          }}
        />
        {hint === undefined ? null : (
          <p id={hint} className="hint">
            {t(spec.printedOn ?? '')}
          </p>
        )}
        <FieldError id={`${id}-error`} label={label(spec.name)} message={message} />
      </div>
    );
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (gstin.problem !== null) return;
    setBusy(true);
    setError(null);
    const optional = (name: Field) => (values[name].trim() === '' ? {} : { [name]: values[name].trim() });
    const body: SetupRequest = {
      code: values.code.trim(),
      businessName: values.businessName,
      gstin: values.gstin.trim().toUpperCase(),
      addressLine: values.addressLine,
      city: values.city,
      pin: values.pin.trim(),
      ownerEmail: values.ownerEmail.trim(),
      ownerPassword: values.ownerPassword,
      ...optional('tradeName'),
      ...optional('phone'),
      ...optional('email'),
      ...optional('upiVpa'),
      ...optional('ownerName'),
      negativeStock,
      ...(logo === null ? {} : { logo }),
      ...(demo ? { demo: true } : {}),
    };
    try {
      await setupApi.create(body);
      void navigate('/sign-in');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const gstinMessage = messageFor(error, 'gstin') ?? messageFor(error, 'stateCode');
  return (
    <AuthFrame wide>
      <h1>{t('firstRun.title')}</h1>
      <p>{t('firstRun.intro')}</p>
      <form className="stack" onSubmit={(e) => void submit(e)} aria-busy={busy} noValidate={false}>
        {input({ name: 'code', required: true, maxLength: 64 })}
        <fieldset className="stack">
          <legend>{t('firstRun.businessSection')}</legend>
          <div className="row wrap">{business.map(input)}</div>
          <div className="field">
            <label htmlFor="setup-gstin">{label('gstin')}</label>
            <input
              id="setup-gstin"
              name="gstin"
              required
              maxLength={15}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={gstin.problem !== null || gstinMessage !== null}
              aria-describedby="setup-gstin-status"
              value={values.gstin}
              onChange={(e) => setValues({ ...values, gstin: e.target.value.toUpperCase() })}
            />
            <p id="setup-gstin-status" className="hint" role="status">
              {gstin.problem !== null
                ? t(`firstRun.gstinProblems.${gstin.problem}`)
                : gstin.state !== null
                  ? t('firstRun.stateFromGstin', { state: gstin.state })
                  : t('firstRun.gstinHint')}
            </p>
            <FieldError id="setup-gstin-error" label={label('gstin')} message={gstinMessage} />
          </div>
        </fieldset>
        <fieldset className="stack">
          <legend>{t('firstRun.storeSection')}</legend>
          <div className="row wrap">{address.map(input)}</div>
          <LogoField value={logo} onChange={setLogo} />
          <FieldError id="setup-logo-error" label={t('logo.title')} message={messageFor(error, 'logo')} />
        </fieldset>
        <fieldset className="stack">
          <legend>{t('firstRun.ownerSection')}</legend>
          <div className="row wrap">{owner.map(input)}</div>
          <p className="hint">{t('firstRun.passwordHint')}</p>
        </fieldset>
        <fieldset className="stack">
          <legend>{t('firstRun.negativeStock.legend')}</legend>
          {(['allow', 'refuse'] as const).map((choice) => (
            <label className="check" key={choice}>
              <input
                type="radio"
                name="negativeStock"
                value={choice}
                checked={negativeStock === choice}
                onChange={() => setNegativeStock(choice)}
              />{' '}
              {t(`firstRun.negativeStock.${choice}`)}
            </label>
          ))}
          <p className="hint">{t('firstRun.negativeStock.hint')}</p>
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={demo} onChange={(e) => setDemo(e.target.checked)} />{' '}
          {t('firstRun.demo')}
        </label>
        {namesAField(error, allFields) ? null : <ErrorMessage error={error} />}
        <button type="submit" className="primary" disabled={busy || gstin.problem !== null}>
          {t('firstRun.submit')}
        </button>
      </form>
    </AuthFrame>
  );
}
