import { describe, expect, it } from 'vitest';
import { matchPath, parseHash, paths } from './router';

describe('router', () => {
  it('parses the hash into a path and a query', () => {
    const location = parseHash('#/compare?left=a&right=b');
    expect(location.path).toBe('/compare');
    expect(location.query.get('right')).toBe('b');
    expect(parseHash('').path).toBe('/');
  });

  it('matches patterns and decodes parameters', () => {
    expect(matchPath('/jobs/:id', paths.job('a b'))).toEqual({ id: 'a b' });
    expect(matchPath('/jobs/:id/audit', '/jobs/1/audit')).toEqual({ id: '1' });
    expect(matchPath('/jobs/:id', '/jobs/1/audit')).toBeNull();
  });
});
