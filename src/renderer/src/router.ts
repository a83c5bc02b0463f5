// A tiny hash router: `#/dashboard`, `#/holdings`, … The Electron menu navigates by assigning
// `location.hash`, so the current route always follows the hashchange event.
import { useSyncExternalStore } from 'react';

export const ROUTES = [
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'holdings', label: 'Holdings' },
  { id: 'prices', label: 'Prices' },
  { id: 'accounts', label: 'Accounts' },
  { id: 'import', label: 'Import' },
  { id: 'targets', label: 'Targets' },
  { id: 'classification', label: 'Classification' },
  { id: 'rebalance', label: 'Rebalance' },
  { id: 'plans', label: 'Plans' },
  { id: 'signals', label: 'Signals' },
  { id: 'settings', label: 'Settings' },
] as const;

export type RouteId = (typeof ROUTES)[number]['id'];
export const DEFAULT_ROUTE: RouteId = 'dashboard';

/** The route a hash names: '' and '#/' mean the dashboard; an unknown path is reported as such. */
export function parseHash(hash: string): { id: RouteId } | { id: 'not-found'; path: string } {
  const path = hash.replace(/^#\/?/, '').split(/[?/]/)[0] ?? '';
  if (path === '') return { id: DEFAULT_ROUTE };
  const route = ROUTES.find((r) => r.id === path);
  return route ? { id: route.id } : { id: 'not-found', path };
}

export function hrefFor(id: RouteId): string {
  return `#/${id}`;
}

/** The printable trade list of a recorded plan (issue 6): `#/plans/12/print`. */
export function hrefForPrint(planId: number): string {
  return `#/plans/${planId}/print`;
}

/** The plan a print-view hash names, else null. */
export function printPlanId(hash: string): number | null {
  const m = /^#\/?plans\/(\d{1,12})\/print\/?$/.exec(hash);
  return m ? Number(m[1]) : null;
}

export function navigate(id: RouteId): void {
  window.location.hash = hrefFor(id);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}
