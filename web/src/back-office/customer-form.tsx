/**
 * Adding a customer in the back office: name, phone, email, GSTIN (a business), state, address
 * (needed on invoices of Rs 50,000 or more and for B2B) and a credit limit. The server encrypts
 * every personal field and answers the masked view.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { customersApi, type CustomerInput, type CustomerView } from '../api/customers.api';
import { MoneyInput } from '../shell/money-input';
import { FormFooter } from '../shell/form-footer';
import { useAction } from '../shell/use-load';

const blank = { name: '', phone: '', email: '', gstin: '', stateCode: '', line1: '', city: '', pincode: '' };

function optional(value: string): string | undefined {
  return value.trim() === '' ? undefined : value.trim();
}

export function CustomerForm({ onAdded }: { onAdded: (customer: CustomerView) => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState(blank);
  const [creditLimit, setCreditLimit] = useState(0);
  const action = useAction();
  const field = (
    name: keyof typeof blank,
    label: string,
    extra: { maxLength?: number; required?: boolean } = {},
  ) => (
    <div className="field">
      <label htmlFor={`customer-${name}`}>{label}</label>
      <input
        id={`customer-${name}`}
        autoComplete="off"
        value={form[name]}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
        {...extra}
      />
    </div>
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const stateCode = optional(form.stateCode);
      const hasAddress = form.line1.trim() !== '' || form.city.trim() !== '' || form.pincode.trim() !== '';
      const input: Partial<CustomerInput> & { name: string } = {
        name: form.name.trim(),
        creditLimitPaise: creditLimit,
        ...(optional(form.phone) === undefined ? {} : { phone: optional(form.phone) }),
        ...(optional(form.email) === undefined ? {} : { email: optional(form.email) }),
        ...(optional(form.gstin) === undefined ? {} : { gstin: optional(form.gstin)?.toUpperCase() }),
        ...(stateCode === undefined ? {} : { stateCode }),
        ...(hasAddress
          ? {
              address: {
                line1: form.line1.trim(),
                city: form.city.trim(),
                pincode: form.pincode.trim(),
                stateCode: stateCode ?? '',
              },
            }
          : {}),
      };
      onAdded(await customersApi.create(input));
      setForm(blank);
      setCreditLimit(0);
      return t('customers.added');
    });
  };
  return (
    <section className="panel stack" aria-labelledby="add-customer-title">
      <h2 id="add-customer-title">{t('customer.quickAdd')}</h2>
      <form className="stack" onSubmit={submit}>
        <div className="row wrap">
          {field('name', t('customer.name'), { required: true, maxLength: 120 })}
          {field('phone', t('customer.phone'), { maxLength: 24 })}
          {field('email', t('customers.fields.email'), { maxLength: 254 })}
          {field('gstin', t('customers.fields.gstin'), { maxLength: 15 })}
          {field('stateCode', t('customers.stateCode'), { maxLength: 2 })}
        </div>
        <div className="row wrap">
          {field('line1', t('customers.addressLine'), { maxLength: 120 })}
          {field('city', t('customers.city'), { maxLength: 60 })}
          {field('pincode', t('customers.pincode'), { maxLength: 6 })}
          <div className="field">
            <label htmlFor="customer-credit">{t('customers.creditLimit')}</label>
            <MoneyInput id="customer-credit" value={creditLimit} onAmount={setCreditLimit} live />
          </div>
        </div>
        <FormFooter action={action} label={t('customers.add')} />
      </form>
    </section>
  );
}
