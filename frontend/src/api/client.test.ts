import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  adoptTokenFromUrl, ApiError, demoSignIn, fetchUsageLogs, queryString, storedToken, storeToken, UnauthorizedError,
} from './client';

function respond(status: number, body: unknown) {
  return vi.fn().mockResolvedValue(new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }));
}

afterEach(() => {
  vi.unstubAllGlobals();
  window.history.replaceState(null, '', '/');
});

describe('the bearer token', () => {
  it('moves from ?token= into session storage and out of the address', () => {
    window.history.replaceState(null, '', '/analytics?billing_period=2026-11&token=abc.def.ghi');
    expect(adoptTokenFromUrl()).toBe(true);
    expect(storedToken()).toBe('abc.def.ghi');
    expect(window.location.pathname + window.location.search).toBe('/analytics?billing_period=2026-11');
  });

  it('is left alone without ?token=', () => {
    window.history.replaceState(null, '', '/?provider=google');
    expect(adoptTokenFromUrl()).toBe(false);
    expect(storedToken()).toBeNull();
  });

  it('is sent as a bearer header, and forgotten on a 401', async () => {
    storeToken('tok');
    const fetchMock = respond(401, { status: 401, error: 'Unauthorized', message: 'expired' });
    vi.stubGlobal('fetch', fetchMock);
    await expect(fetchUsageLogs({ limit: 50 })).rejects.toBeInstanceOf(UnauthorizedError);
    expect(fetchMock.mock.calls[0][0]).toBe('/api/subscription/usage-logs?limit=50');
    expect(fetchMock.mock.calls[0][1].headers).toEqual({ Authorization: 'Bearer tok' });
    expect(storedToken()).toBeNull();
  });

  it('is asked for before any call when there is none', async () => {
    await expect(fetchUsageLogs({})).rejects.toBeInstanceOf(UnauthorizedError);
  });
});

describe('errors and demo sign-in', () => {
  it('carries the server message of an error', async () => {
    storeToken('tok');
    vi.stubGlobal('fetch', respond(400, { status: 400, error: 'Bad Request', message: 'limit must be an integer from 1 to 5000' }));
    const error = await fetchUsageLogs({ limit: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe('limit must be an integer from 1 to 5000');
  });

  it('signs in as the demo user in demo mode', async () => {
    vi.stubGlobal('fetch', respond(200, { token: 'demo.jwt', user_id: 'demo-user', expires_at: '2026-11-29T00:00:00Z' }));
    expect(await demoSignIn()).toBe('demo.jwt');
    expect(storedToken()).toBe('demo.jwt');
  });

  it('reads a 404 from the demo sign-in as "not demo mode"', async () => {
    vi.stubGlobal('fetch', respond(404, { status: 404, error: 'Not Found', message: 'demo mode is off' }));
    expect(await demoSignIn()).toBeNull();
    expect(storedToken()).toBeNull();
  });

  it('builds query strings without empty values', () => {
    expect(queryString({ provider: 'wavespeed', status: '', limit: 50, cursor: undefined })).toBe('?provider=wavespeed&limit=50');
    expect(queryString({})).toBe('');
  });
});
