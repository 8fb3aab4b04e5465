/** Salon billing (server: /api/v1 services, appointments, packages, wallets, salon/bills, commissions). */
import type { AppointmentView } from '../../../src/modules/salon/appointment.service';
import type { CommissionReport } from '../../../src/modules/salon/commission.service';
import type {
  ClientPackageView,
  PackagePlanView,
  WalletView,
} from '../../../src/modules/salon/prepaid.service';
import type { SalonBill } from '../../../src/modules/salon/salon-checkout.service';
import type { SalonServiceView } from '../../../src/modules/salon/salon-services.service';
import type { StaffMember } from '../../../src/modules/salon/salon-staff';
import type { SalonCheckoutInput } from '../../../src/modules/salon/salon.schemas';
import { api } from './api-client';

export type {
  AppointmentView,
  ClientPackageView,
  CommissionReport,
  PackagePlanView,
  SalonBill,
  SalonServiceView,
  StaffMember,
  WalletView,
};

const id = encodeURIComponent;

export const salonApi = {
  staff: () => api<{ staff: StaffMember[] }>('GET', '/staff'),
  services: () => api<{ services: SalonServiceView[] }>('GET', '/services'),
  createService: (body: { name: string; pricePaise: number; durationMinutes: number }) =>
    api<SalonServiceView>('POST', '/services', body),
  plans: () => api<{ plans: PackagePlanView[] }>('GET', '/packages'),
  createPlan: (body: {
    name: string;
    serviceId: string;
    sessions: number;
    pricePaise: number;
    validityDays: number;
  }) => api<PackagePlanView>('POST', '/packages', body),
  calendar: (storeId: string, date: string) =>
    api<{ appointments: AppointmentView[] }>(
      'GET',
      `/appointments?storeId=${id(storeId)}&date=${id(date)}&view=day`,
    ),
  book: (body: {
    storeId: string;
    staffId: string;
    serviceId: string;
    customerId: string | null;
    source: 'phone' | 'walk_in';
    startsAt?: string;
  }) => api<AppointmentView>('POST', '/appointments', body),
  checkIn: (appointmentId: string) =>
    api<AppointmentView>('POST', `/appointments/${id(appointmentId)}/check-in`),
  clientPrepaid: (customerId: string) =>
    api<{ packages: ClientPackageView[]; wallets: WalletView[] }>(
      'GET',
      `/customers/${id(customerId)}/packages`,
    ),
  bill: (body: SalonCheckoutInput, key: string) =>
    api<SalonBill>('POST', '/salon/bills', body, { headers: { 'Idempotency-Key': key } }),
  setRoleRule: (role: string, servicePercent: number) =>
    api('POST', '/commissions/rules', { role, servicePercent, productPercent: 0 }),
  commissions: (storeId: string, from: string, to: string) =>
    api<CommissionReport>('GET', `/commissions?storeId=${id(storeId)}&from=${id(from)}&to=${id(to)}`),
};
