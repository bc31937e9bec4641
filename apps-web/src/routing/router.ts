// Hash routing (#/jobs/42): the server only has to serve index.html at /, and every page of the
// console stays reachable by URL and reload.
import { useSyncExternalStore } from 'react';

export interface Location {
  path: string;
  query: URLSearchParams;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function currentHash(): string {
  return window.location.hash;
}

export function parseHash(hash: string): Location {
  const raw = hash.replace(/^#/, '') || '/';
  const [path, search = ''] = raw.split('?', 2);
  return { path: path || '/', query: new URLSearchParams(search) };
}

export function useLocation(): Location {
  return parseHash(useSyncExternalStore(subscribe, currentHash));
}

export function navigate(to: string): void {
  window.location.hash = to;
}

/** Matches `/jobs/:id/audit` style patterns; returns the decoded parameters or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const have = path.replace(/\/+$/, '').split('/');
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) params[want[i].slice(1)] = decodeURIComponent(have[i]);
    else if (want[i] !== have[i]) return null;
  }
  return params;
}

export function href(to: string): string {
  return `#${to}`;
}

export const paths = {
  jobs: () => '/',
  job: (id: string) => `/jobs/${encodeURIComponent(id)}`,
  audit: (id: string) => `/jobs/${encodeURIComponent(id)}/audit`,
  timeTravel: (id: string) => `/jobs/${encodeURIComponent(id)}/time-travel`,
  compare: (left: string, right: string) =>
    `/compare?${new URLSearchParams({ left, right }).toString()}`,
};
