import { describe, expect, it } from 'vitest';
import { pathOf, viewOf } from './router';
import { tokenSubject } from './App';

describe('addresses', () => {
  it('map to views', () => {
    expect(viewOf('/')).toBe('logs');
    expect(viewOf('/analytics')).toBe('analytics');
    expect(viewOf('/analytics/')).toBe('analytics');
    expect(viewOf('/something-else')).toBe('logs');
    expect(pathOf('analytics')).toBe('/analytics');
    expect(pathOf('logs')).toBe('/');
    expect(viewOf('/trends')).toBe('trends');
    expect(viewOf('/trends/')).toBe('trends');
    expect(pathOf('trends')).toBe('/trends');
  });

  it('show who is signed in from the token subject', () => {
    const payload = btoa(JSON.stringify({ sub: 'demo-user' })).replace(/=+$/, '');
    expect(tokenSubject(`h.${payload}.s`)).toBe('demo-user');
    expect(tokenSubject('garbage')).toBeNull();
  });
});
