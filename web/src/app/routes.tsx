/**
 * The pages, who may open each, and the navigation by role. Pages load on demand (one chunk per
 * screen family), so the first page costs only the shell and itself.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Role } from '../shared/api/types';
import type { MessageKey } from '../shared/i18n/en';

const REGULATOR: readonly Role[] = ['policy-admin', 'reviewer', 'approver', 'auditor'];
const ALL: readonly Role[] = [...REGULATOR, 'applicant', 'vendor', 'customs'];

export interface PageRoute {
  pattern: string;
  roles: readonly Role[];
  page: LazyExoticComponent<ComponentType<{ params: Record<string, string> }>>;
}

const DashboardPage = lazy(() => import('../features/dashboard/dashboard-page').then((module) => ({ default: module.DashboardPage })));
const QueuePage = lazy(() => import('../features/review/queue-page').then((module) => ({ default: module.QueuePage })));
const ApplicationPage = lazy(() => import('../features/review/application-page').then((module) => ({ default: module.ApplicationPage })));
const RoundsPage = lazy(() => import('../features/rounds/rounds-page').then((module) => ({ default: module.RoundsPage })));
const RoundPage = lazy(() => import('../features/rounds/round-page').then((module) => ({ default: module.RoundPage })));
const LicencesPage = lazy(() => import('../features/licences/licences-page').then((module) => ({ default: module.LicencesPage })));
const LicencePage = lazy(() => import('../features/licences/licence-page').then((module) => ({ default: module.LicencePage })));
const PortalPage = lazy(() => import('../features/applicant/portal-page').then((module) => ({ default: module.PortalPage })));
const NewApplicationPage = lazy(() => import('../features/applicant/new-application-page').then((module) => ({ default: module.NewApplicationPage })));
const FleetPage = lazy(() => import('../features/applicant/fleet-page').then((module) => ({ default: module.FleetPage })));
const CoveragePage = lazy(() => import('../features/vendor/coverage-page').then((module) => ({ default: module.CoveragePage })));
const ShipmentsPage = lazy(() => import('../features/vendor/shipments-page').then((module) => ({ default: module.ShipmentsPage })));
const VerifyPage = lazy(() => import('../features/customs/verify-page').then((module) => ({ default: module.VerifyPage })));
const ClearancePage = lazy(() => import('../features/customs/clearance-page').then((module) => ({ default: module.ClearancePage })));
const PolicyPage = lazy(() => import('../features/policy/policy-page').then((module) => ({ default: module.PolicyPage })));
const AuditPage = lazy(() => import('../features/audit/audit-page').then((module) => ({ default: module.AuditPage })));

export const ROUTES: readonly PageRoute[] = [
  { pattern: '/dashboard', roles: REGULATOR, page: DashboardPage },
  { pattern: '/review', roles: REGULATOR, page: QueuePage },
  { pattern: '/applications/:id', roles: [...REGULATOR, 'applicant'], page: ApplicationPage },
  { pattern: '/rounds', roles: REGULATOR, page: RoundsPage },
  { pattern: '/rounds/:id', roles: REGULATOR, page: RoundPage },
  { pattern: '/licences', roles: [...REGULATOR, 'applicant', 'vendor'], page: LicencesPage },
  { pattern: '/licences/:id', roles: [...REGULATOR, 'applicant', 'vendor', 'customs'], page: LicencePage },
  { pattern: '/portal', roles: ['applicant'], page: PortalPage },
  { pattern: '/portal/new', roles: ['applicant'], page: NewApplicationPage },
  { pattern: '/portal/fleet', roles: ['applicant'], page: FleetPage },
  { pattern: '/vendor', roles: ['vendor'], page: CoveragePage },
  { pattern: '/vendor/shipments', roles: ['vendor'], page: ShipmentsPage },
  { pattern: '/customs', roles: ['customs'], page: VerifyPage },
  { pattern: '/customs/clearance', roles: ['customs'], page: ClearancePage },
  { pattern: '/policy', roles: ALL.filter((role) => role !== 'vendor' && role !== 'customs'), page: PolicyPage },
  // The API lets auditors and policy-admins read the audit log.
  { pattern: '/audit', roles: ['auditor', 'policy-admin'], page: AuditPage },
];

export interface NavigationEntry {
  path: string;
  label: MessageKey;
}

/** The navigation each role sees, in order; the first entry is its home page. */
export function navigationFor(role: Role): NavigationEntry[] {
  const entries: Record<Role, NavigationEntry[]> = {
    'policy-admin': [dashboard, review, rounds, licences, policy, audit],
    reviewer: [dashboard, review, rounds, licences, policy],
    approver: [dashboard, review, rounds, licences, policy],
    auditor: [dashboard, review, rounds, licences, policy, audit],
    applicant: [
      { path: '/portal', label: 'nav.myApplications' },
      { path: '/portal/new', label: 'nav.newApplication' },
      { path: '/portal/fleet', label: 'nav.fleet' },
      licences,
      policy,
    ],
    vendor: [
      { path: '/vendor', label: 'nav.coverage' },
      { path: '/vendor/shipments', label: 'nav.shipments' },
      licences,
    ],
    customs: [
      { path: '/customs', label: 'nav.verify' },
      { path: '/customs/clearance', label: 'nav.clearance' },
    ],
  };
  return entries[role];
}

const dashboard: NavigationEntry = { path: '/dashboard', label: 'nav.dashboard' };
const review: NavigationEntry = { path: '/review', label: 'nav.review' };
const rounds: NavigationEntry = { path: '/rounds', label: 'nav.rounds' };
const licences: NavigationEntry = { path: '/licences', label: 'nav.licences' };
const policy: NavigationEntry = { path: '/policy', label: 'nav.policy' };
const audit: NavigationEntry = { path: '/audit', label: 'nav.audit' };
