// A thin client of the UsageLens API. Types are hand-written for the walking skeleton; the
// dashboard issue replaces them with types generated from the server's OpenAPI document.

export interface Detection {
  source: string;
  rule_id: string | null;
  rules_version: string | null;
  computed_on_read: boolean;
}

export interface UsageLog {
  id: number;
  timestamp: string;
  provider: string;
  actual_provider_name: string | null;
  category: string;
  provider_display_name: string;
  model_used: string | null;
  endpoint: string;
  method: string;
  tokens_input: number | null;
  tokens_output: number | null;
  tokens_total: number | null;
  cost_input: number | null;
  cost_output: number | null;
  cost_total: number | null;
  response_time: number;
  status_code: number;
  status: 'success' | 'failed';
  error_message: string | null;
  billing_period: string;
  retry_count: number | null;
  detection: Detection;
}

export interface UsageLogsPage {
  logs: UsageLog[];
  total_count: number;
  limit: number;
  offset: number;
  has_more: boolean;
  next_cursor: string | null;
}

const TOKEN_KEY = 'usagelens.token';

export class UnauthorizedError extends Error {}

async function bearerToken(): Promise<string | null> {
  const stored = sessionStorage.getItem(TOKEN_KEY);
  if (stored) return stored;
  const config = await fetch('/api/auth/config').then((r) => r.json());
  if (!config.demo_mode) return null;
  const issued = await fetch('/api/auth/demo-token', { method: 'POST' }).then((r) => r.json());
  sessionStorage.setItem(TOKEN_KEY, issued.token);
  return issued.token;
}

export async function fetchUsageLogs(params: URLSearchParams): Promise<UsageLogsPage> {
  const token = await bearerToken();
  if (!token) throw new UnauthorizedError('Sign in with a bearer token.');
  const response = await fetch(`/api/subscription/usage-logs?${params}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    throw new UnauthorizedError('Your sign-in has expired or is invalid.');
  }
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new Error(body.message ?? `The server answered ${response.status}.`);
  }
  return response.json();
}
