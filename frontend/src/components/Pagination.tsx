import { formatCount } from '../format';

/** "1–50 of 2,801" with previous and next page buttons. */
export function Pagination({ page, pageSize, total, onPage }: {
  page: number; pageSize: number; total: number; onPage: (page: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <nav className="pagination" aria-label="Pages of usage logs">
      <span aria-live="polite">{formatCount(first)}–{formatCount(last)} of {formatCount(total)} calls · page {formatCount(page)} of {formatCount(pages)}</span>
      <button type="button" onClick={() => onPage(page - 1)} disabled={page <= 1}>← Previous</button>
      <button type="button" onClick={() => onPage(page + 1)} disabled={page >= pages}>Next →</button>
    </nav>
  );
}
