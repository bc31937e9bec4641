// The bearer token lives in localStorage; a ?token= in the page URL is taken once and removed.
const STORAGE_KEY = 'jobtrail.token';

export function takeTokenFromUrl(location: Location = window.location): string | null {
  const url = new URL(location.href);
  const token = url.searchParams.get('token');
  if (token === null) {
    return null;
  }
  url.searchParams.delete('token');
  window.history.replaceState(window.history.state, '', url.toString());
  const trimmed = token.trim();
  if (trimmed) {
    saveToken(trimmed);
  }
  return trimmed || null;
}

export function loadToken(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function saveToken(token: string): void {
  window.localStorage.setItem(STORAGE_KEY, token);
}

export function clearToken(): void {
  window.localStorage.removeItem(STORAGE_KEY);
}
