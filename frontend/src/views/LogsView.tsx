import { useEffect, useMemo, useState } from 'react';
import { downloadUsageLogsCsv, fetchUsageLogs, UnauthorizedError } from '../api/client';
import { useCatalog } from '../catalog';
import { now } from '../clock';
import { LogFiltersForm } from '../components/LogFiltersForm';
import { Pagination } from '../components/Pagination';
import { UsageLogsTable } from '../components/UsageLogsTable';
import {
  csvFileName, hasLogFilters, logFiltersToApiQuery, logFiltersToCsvQuery, logFiltersToSearch, NO_LOG_FILTERS,
  PAGE_SIZE, parseLogFilters, recentBillingPeriods, type LogFilters,
} from '../filters';
import { formatBillingPeriod, formatCount } from '../format';
import { navigate } from '../router';
import { useApi } from '../useApi';

let firstRowsMarked = false;

/** The usage logs: filters, a page of the table, pagination and CSV export. */
export function LogsView({ search, onUnauthorized }: { search: string; onUnauthorized: (message: string) => void }) {
  const { providers } = useCatalog();
  const filters = useMemo(() => parseLogFilters(search), [search]);
  const periods = useMemo(() => recentBillingPeriods(now()), []);
  const apiQuery = logFiltersToApiQuery(filters);
  const { load, retry } = useApi(JSON.stringify(apiQuery),
    (signal) => fetchUsageLogs(apiQuery, signal), onUnauthorized);
  const [exporting, setExporting] = useState<string | null>(null);

  const show = (next: LogFilters, replace = false) => navigate('/' + logFiltersToSearch(next), { replace });

  const page = load.state === 'ready' ? load.data : load.state === 'loading' ? load.previous : null;

  useEffect(() => {
    // A mark the end-to-end test reads: when the first page of rows was on screen.
    if (!firstRowsMarked && load.state === 'ready' && load.data.logs.length > 0) {
      firstRowsMarked = true;
      performance.mark('usagelens:first-rows');
    }
  }, [load]);

  useEffect(() => {
    // An address past the last page goes to the last one.
    if (load.state === 'ready' && load.data.logs.length === 0 && filters.page > 1 && load.data.total_count > 0) {
      show({ ...filters, page: Math.ceil(load.data.total_count / PAGE_SIZE) }, true);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [load]);

  const exportCsv = async () => {
    setExporting('Preparing the CSV…');
    try {
      const bytes = await downloadUsageLogsCsv(logFiltersToCsvQuery(filters), csvFileName(filters));
      setExporting(`Downloaded ${csvFileName(filters)} (${formatCount(Math.ceil(bytes / 1024))} KB).`);
    } catch (e) {
      if (e instanceof UnauthorizedError) onUnauthorized(e.message);
      else setExporting(`The CSV export failed: ${(e as Error).message} Try again.`);
    }
  };

  const description = [
    filters.provider && (providers.find((p) => p.id === filters.provider)?.display_name ?? filters.provider),
    filters.status && (filters.status === 'success' ? 'successful calls' : 'failed calls'),
    filters.billingPeriod && formatBillingPeriod(filters.billingPeriod),
  ].filter(Boolean).join(', ');

  return (
    <section aria-labelledby="logs-heading">
      <div className="view-head">
        <h1 id="logs-heading">Usage logs</h1>
        <div className="export">
          <button type="button" onClick={exportCsv} disabled={exporting === 'Preparing the CSV…'}>Export CSV</button>
          {exporting && <span className="hint" role="status">{exporting}</span>}
        </div>
      </div>
      <LogFiltersForm filters={filters} providers={providers} periods={periods} onChange={(f) => show(f)} />

      {load.state === 'error' && (
        <div className="notice error" role="alert">
          <p><strong>The usage logs could not be loaded.</strong> {load.message}</p>
          <button type="button" onClick={retry}>Retry</button>
        </div>
      )}
      {load.state === 'loading' && !page && <p className="notice" role="status" aria-busy="true">Loading usage logs…</p>}
      {page && page.logs.length === 0 && load.state === 'ready' && (
        <div className="notice" role="status">
          {hasLogFilters(filters) ? (
            <>
              <p><strong>No calls match {description}.</strong> Choose another provider, status or billing period, or clear the filters.</p>
              <button type="button" onClick={() => show(NO_LOG_FILTERS)}>Clear filters</button>
            </>
          ) : (
            <p><strong>No usage logged yet.</strong> Send your application's AI calls to <code>POST /api/usage-events</code> (see the README) and they appear here.</p>
          )}
        </div>
      )}
      {page && page.logs.length > 0 && (
        <div className={load.state === 'loading' ? 'stale' : undefined} aria-busy={load.state === 'loading'}>
          <UsageLogsTable logs={page.logs}
            caption={`${formatCount(page.total_count)} calls${description ? ` (${description})` : ''}, newest first`} />
          <Pagination page={filters.page} pageSize={PAGE_SIZE} total={page.total_count}
            onPage={(n) => show({ ...filters, page: n })} />
        </div>
      )}
    </section>
  );
}
