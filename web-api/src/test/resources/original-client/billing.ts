// The usage-log types of the original system's dashboard (AJaySi/ALwrity, frontend/src/types/billing.ts), re-typed
// field by field as facts, so that OriginalClientCompatibilityTest can check with `tsc --strict` that responses of
// UsageLens satisfy them. Only the field names and types matter here.
export interface UsageLog {
  id: number;
  timestamp: string;
  provider: string;
  actual_provider_name?: string | null;
  model_used: string | null;
  endpoint: string;
  method: string;
  tokens_input: number;
  tokens_output: number;
  tokens_total: number;
  cost_input: number;
  cost_output: number;
  cost_total: number;
  response_time: number;
  status_code: number;
  status: 'success' | 'failed';
  error_message: string | null;
  billing_period: string;
  retry_count: number;
  is_aggregated?: boolean;
}

export interface UsageLogsResponse {
  logs: UsageLog[];
  total_count: number;
  limit: number;
  offset: number;
  has_more: boolean;
}

/**
 * A response as a strict consumer's compiler sees it: every field the original types declare must have their type,
 * and a response may carry more fields (this makes an object literal pass the excess-property check only).
 */
export type Lenient<T> = T & { [extra: string]: unknown };
export type LenientUsageLogsResponse = Lenient<Omit<UsageLogsResponse, 'logs'> & { logs: Lenient<UsageLog>[] }>;
