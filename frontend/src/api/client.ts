// The dashboard's HTTP client: the bearer token, the demo sign-in and typed GETs of the API.
import type {
  AnalyticsQuery, AnalyticsResponse, ApiErrorBody, AuthConfig, CsvExportQuery, DemoToken,
  ProvidersResponse, RecommendationsQuery, RecommendationsResponse, TrendsQuery, TrendsResponse, UsageLogsPage,
  UsageLogsQuery,
} from './types';
import { followServerClock } from '../clock';

const TOKEN_KEY = 'usagelens.token';

/** The server refused the bearer token (401): the user must sign in again. */
export class UnauthorizedError extends Error {
  constructor() {
    super('The server refused your sign-in token (401): it has expired, or it was not issued for this server.');
  }
}

/** Any other failed call, with the server's message when it sent one. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token.trim());
}

export function clearToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/**
 * Moves a `?token=` from the address into session storage and takes it out of the address, so it does
 * not stay in the history or get shared with a link. Returns whether there was one.
 */
export function adoptTokenFromUrl(): boolean {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token === null) return false;
  url.searchParams.delete('token');
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  if (token.trim() === '') return false;
  storeToken(token);
  return true;
}

/**
 * Signs in as the demo user when the server is in demo mode. Returns the token, or null when the
 * server is not in demo mode (it answers 404, or 403 behind a proxy that blocks it).
 */
export async function demoSignIn(): Promise<string | null> {
  const response = await fetch('/api/auth/demo-token', { method: 'POST' });
  if (response.status === 404 || response.status === 403) return null;
  if (!response.ok) throw await errorOf(response);
  const issued = (await response.json()) as DemoToken;
  storeToken(issued.token);
  return issued.token;
}

/** How to sign in; and the server's time, which the page's clock follows from then on. */
export async function authConfig(): Promise<AuthConfig> {
  const response = await fetch('/api/auth/config');
  if (!response.ok) throw await errorOf(response);
  const config = (await response.json()) as AuthConfig;
  followServerClock(config.server_time);
  return config;
}

/** Query values to a query string, leaving out empty ones. */
export function queryString(query: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function errorOf(response: Response): Promise<Error> {
  if (response.status === 401) {
    clearToken();
    return new UnauthorizedError();
  }
  let message = `The server answered ${response.status} ${response.statusText}.`;
  try {
    const body = (await response.json()) as Partial<ApiErrorBody>;
    if (body && typeof body.message === 'string') message = body.message;
  } catch {
    // not JSON: keep the status line
  }
  if (response.status === 503) message += ' The database is not answering; try again in a moment.';
  return new ApiError(response.status, message);
}

async function authorizedGet(path: string, signal?: AbortSignal): Promise<Response> {
  const token = storedToken();
  if (!token) throw new UnauthorizedError();
  let response: Response;
  try {
    response = await fetch(path, { headers: { Authorization: `Bearer ${token}` }, signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'The server cannot be reached. Check that UsageLens is running, then retry.');
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

export async function fetchUsageLogs(query: UsageLogsQuery, signal?: AbortSignal): Promise<UsageLogsPage> {
  const response = await authorizedGet(`/api/subscription/usage-logs${queryString(query)}`, signal);
  return (await response.json()) as UsageLogsPage;
}

export async function fetchAnalytics(query: AnalyticsQuery, signal?: AbortSignal): Promise<AnalyticsResponse> {
  const response = await authorizedGet(`/api/subscription/provider-analytics${queryString(query)}`, signal);
  return (await response.json()) as AnalyticsResponse;
}

export async function fetchTrends(query: TrendsQuery, signal?: AbortSignal): Promise<TrendsResponse> {
  const response = await authorizedGet(`/api/subscription/provider-trends${queryString(query)}`, signal);
  return (await response.json()) as TrendsResponse;
}

export async function fetchRecommendations(query: RecommendationsQuery, signal?: AbortSignal): Promise<RecommendationsResponse> {
  const response = await authorizedGet(`/api/subscription/provider-recommendations${queryString(query)}`, signal);
  return (await response.json()) as RecommendationsResponse;
}

export async function fetchProviders(signal?: AbortSignal): Promise<ProvidersResponse> {
  const response = await fetch('/api/providers', { signal });
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as ProvidersResponse;
}

/**
 * The CSV of every log matching the filter, fetched with the bearer token (a plain link could not
 * send it) and handed to the browser as a download. The file is held in memory as a Blob until saved.
 */
export async function downloadUsageLogsCsv(query: CsvExportQuery, fileName: string): Promise<number> {
  const response = await authorizedGet(`/api/subscription/usage-logs.csv${queryString(query)}`);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.rel = 'noopener';
    document.body.appendChild(link);
    link.click();
    link.remove();
  } finally {
    // Revoking at once can cancel the download in some browsers; a minute is plenty to start it.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
  return blob.size;
}
