import type { JobtrailClient } from '../graphql/client';
import { createJobtrailClient } from '../graphql/client';
import { clearToken, saveToken } from './token';

/** A signed-in console: the token and the GraphQL clients that send it. */
export interface Session {
  token: string | null;
  client: JobtrailClient | null;
  /** Why the sign-in box is shown again, if the server turned the last token down. */
  rejected: boolean;
}

const UNAUTHENTICATED_EVENT = 'jobtrail:unauthenticated';

export function startSession(token: string | null, rejected = false): Session {
  if (!token) return { token: null, client: null, rejected };
  const client = createJobtrailClient({
    token,
    onUnauthenticated: () => window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT)),
  });
  return { token, client, rejected: false };
}

export function endSession(session: Session): void {
  // Deferred: this may run inside one of the client's own callbacks.
  if (session.client) setTimeout(session.client.dispose, 0);
}

export function rememberToken(token: string | null): void {
  if (token) saveToken(token);
  else clearToken();
}

export function onUnauthenticated(listener: () => void): () => void {
  window.addEventListener(UNAUTHENTICATED_EVENT, listener);
  return () => window.removeEventListener(UNAUTHENTICATED_EVENT, listener);
}
