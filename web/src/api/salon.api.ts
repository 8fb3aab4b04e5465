/** Salon billing (server: /api/v1 services, appointments, packages, wallets, salon/bills, commissions). */
import type { AppointmentView } from '../../../src/modules/salon/appointment.service';
import type { MaskedNote, ClientNote } from '../../../src/modules/salon/client-notes.service';
import type { CommissionReport, RuleView } from '../../../src/modules/salon/commission.service';
import type {
  ClientPackageView,
  LiabilityReport,
  MembershipPlanView,
  PackagePlanView,
  WalletView,
} from '../../../src/modules/salon/prepaid.service';
import type { SalonBill } from '../../../src/modules/salon/salon-checkout.service';
import type { SalonServiceView } from '../../../src/modules/salon/salon-services.service';
import type { StaffMember } from '../../../src/modules/salon/salon-staff';
import type { WalkInView } from '../../../src/modules/salon/walk-in.service';
import type { SalonCheckoutInput } from '../../../src/modules/salon/salon.schemas';
import { api } from './api-client';
import type { RevealReasonCategory } from './customers.api';

export type {
  ClientNote,
  MaskedNote,
  MembershipPlanView,
  RuleView,
  AppointmentView,
  ClientPackageView,
  CommissionReport,
  LiabilityReport,
  PackagePlanView,
  SalonBill,
  SalonServiceView,
  StaffMember,
  WalletView,
  WalkInView,
};

const id = encodeURIComponent;

export const salonApi = {
  staff: () => api<{ staff: StaffMember[] }>('GET', '/staff'),
  services: () => api<{ services: SalonServiceView[] }>('GET', '/services'),
  createService: (body: {
    name: string;
    sac?: string;
    pricePaise: number;
    durationMinutes: number;
    staffIds?: string[];
  }) => api<SalonServiceView>('POST', '/services', body),
  plans: () => api<{ plans: PackagePlanView[] }>('GET', '/packages'),
  createPlan: (body: {
    name: string;
    serviceId: string;
    sessions: number;
    pricePaise: number;
    validityDays: number;
  }) => api<PackagePlanView>('POST', '/packages', body),
  calendar: (storeId: string, date: string, view: 'day' | 'week' = 'day', staffId?: string) =>
    api<{ appointments: AppointmentView[] }>(
      'GET',
      `/appointments?storeId=${id(storeId)}&date=${id(date)}&view=${view}${
        staffId === undefined ? '' : `&staffId=${id(staffId)}`
      }`,
    ),
  close: (appointmentId: string, outcome: 'cancelled' | 'no_show') =>
    api<AppointmentView>('POST', `/appointments/${id(appointmentId)}/close`, { outcome }),
  book: (body: {
    storeId: string;
    staffId: string;
    serviceId: string;
    customerId: string | null;
    source: 'phone' | 'walk_in';
    startsAt?: string;
    reminder?: 'sms' | 'email' | null;
  }) => api<AppointmentView>('POST', '/appointments', body),
  queue: (storeId: string) => api<{ queue: WalkInView[] }>('GET', `/salon/queue?storeId=${id(storeId)}`),
  joinQueue: (body: {
    storeId: string;
    serviceId: string;
    customerId: string | null;
    preferredStaffId: string | null;
  }) => api<WalkInView>('POST', '/salon/queue', body),
  assignWalkIn: (walkInId: string, staffId: string) =>
    api<AppointmentView>('POST', `/salon/queue/${id(walkInId)}/assign`, { staffId }),
  leaveQueue: (walkInId: string) => api<{ id: string }>('POST', `/salon/queue/${id(walkInId)}/leave`),
  checkIn: (appointmentId: string) =>
    api<AppointmentView>('POST', `/appointments/${id(appointmentId)}/check-in`),
  clientPrepaid: (customerId: string) =>
    api<{
      packages: ClientPackageView[];
      wallets: WalletView[];
      membership: { name: string; discountPercent: number; endsOn: string } | null;
    }>('GET', `/customers/${id(customerId)}/packages`),
  bill: (body: SalonCheckoutInput, key: string) =>
    api<SalonBill>('POST', '/salon/bills', body, { headers: { 'Idempotency-Key': key } }),
  setRoleRule: (role: string, servicePercent: number) =>
    api('POST', '/commissions/rules', { role, servicePercent, productPercent: 0 }),
  rules: () => api<{ rules: RuleView[] }>('GET', '/commissions/rules'),
  setRule: (body: {
    staffId?: string;
    role?: string;
    servicePercent: number;
    productPercent: number;
    targetPaise?: number;
    targetBonusPercent?: number;
  }) => api<RuleView>('POST', '/commissions/rules', body),
  commissions: (storeId: string, from: string, to: string) =>
    api<CommissionReport>('GET', `/commissions?storeId=${id(storeId)}&from=${id(from)}&to=${id(to)}`),
  liability: () => api<LiabilityReport>('GET', '/packages/liability'),
  payCommissions: (storeId: string, from: string, to: string) =>
    api<CommissionReport>('POST', '/commissions/payouts', { storeId, from, to }),
  membershipPlans: () => api<{ plans: MembershipPlanView[] }>('GET', '/memberships'),
  createMembershipPlan: (body: {
    name: string;
    pricePaise: number;
    discountPercent: number;
    validityDays: number;
  }) => api<MembershipPlanView>('POST', '/memberships', body),
  loadWallet: (body: {
    customerId: string;
    paidPaise: number;
    valuePaise: number;
    method: 'cash' | 'upi' | 'card';
  }) => api<WalletView>('POST', '/wallets', body),
  refundPackage: (packageId: string, sessions: number, method: 'cash' | 'upi' | 'card') =>
    api<ClientPackageView>('POST', `/packages/sold/${id(packageId)}/refund`, { sessions, method }),
  transferPackage: (packageId: string, customerId: string) =>
    api<ClientPackageView>('POST', `/packages/sold/${id(packageId)}/transfer`, { customerId }),
  notes: (customerId: string) => api<{ notes: MaskedNote[] }>('GET', `/customers/${id(customerId)}/notes`),
  addNote: (customerId: string, body: { kind: MaskedNote['kind']; text?: string; photo?: string }) =>
    api<MaskedNote>('POST', `/customers/${id(customerId)}/notes`, body),
  editNote: (customerId: string, noteId: string, body: { text?: string; photo?: string }) =>
    api<MaskedNote>('PATCH', `/customers/${id(customerId)}/notes/${id(noteId)}`, body),
  settings: () => api<{ reminderLeadMinutes: number }>('GET', '/salon/settings'),
  saveSettings: (body: { reminderLeadMinutes: number }) =>
    api<{ reminderLeadMinutes: number }>('PUT', '/salon/settings', body),
  readNotes: (customerId: string, reason?: { category: RevealReasonCategory; text: string }) =>
    api<{ notes: ClientNote[]; basis: 'appointment' | 'manager'; erased: boolean }>(
      'POST',
      `/customers/${id(customerId)}/notes/read`,
      reason === undefined ? {} : { reason },
    ),
};
