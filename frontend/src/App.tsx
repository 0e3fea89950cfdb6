import { useEffect, useState } from 'react';
import { fetchUsageLogs, UnauthorizedError, type UsageLogsPage } from './api';
import { ProviderCell } from './ProviderCell';

export function App() {
  const [page, setPage] = useState<UsageLogsPage | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    fetchUsageLogs(new URLSearchParams({ limit: '50' }))
      .then(setPage)
      .catch((e: Error) =>
        setError(e instanceof UnauthorizedError ? `${e.message} Reload to sign in again.` : e.message),
      );
  }, []);

  return (
    <main>
      <h1>UsageLens — API usage logs</h1>
      {error && <p role="alert">{error}</p>}
      {!page && !error && <p>Loading usage logs…</p>}
      {page && page.logs.length === 0 && <p>No usage logged yet.</p>}
      {page && page.logs.length > 0 && (
        <table>
          <caption>{page.total_count} calls</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Provider</th>
              <th scope="col">Model</th>
              <th scope="col">Endpoint</th>
              <th scope="col">Cost</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {page.logs.map((log) => (
              <tr key={log.id} data-testid="usage-log-row">
                <td>{new Date(log.timestamp).toISOString().replace('T', ' ').slice(0, 19)}</td>
                <td><ProviderCell log={log} /></td>
                <td>{log.model_used}</td>
                <td>{log.endpoint}</td>
                <td>{log.cost_total ?? ''}</td>
                <td>{log.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
