import { beforeEach, describe, expect, it } from 'vitest';
import { loadToken, takeTokenFromUrl } from './token';

describe('takeTokenFromUrl', () => {
  beforeEach(() => window.localStorage.clear());

  it('stores the token and removes it from the address bar', () => {
    window.history.replaceState(null, '', '/?token=secret&x=1#/jobs/7');

    expect(takeTokenFromUrl()).toBe('secret');

    expect(loadToken()).toBe('secret');
    expect(window.location.search).toBe('?x=1');
    expect(window.location.hash).toBe('#/jobs/7');
  });

  it('leaves the stored token alone when the URL has none', () => {
    window.localStorage.setItem('jobtrail.token', 'kept');
    window.history.replaceState(null, '', '/');
    expect(takeTokenFromUrl()).toBeNull();
    expect(loadToken()).toBe('kept');
  });
});
