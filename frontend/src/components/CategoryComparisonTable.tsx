import type { CategoryComparison } from '../api/types';
import { useCatalog } from '../catalog';
import { formatCount, formatMoney } from '../format';

/**
 * Per category, what each provider that served it cost per call, cheapest first, with a bar relative
 * to the dearest provider of that category.
 */
export function CategoryComparisonTable({ comparison }: { comparison: readonly CategoryComparison[] }) {
  const { colours } = useCatalog();
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Cost per category and provider table">
      <table className="comparison-table">
        <caption>Cost per call by category, across providers</caption>
        <thead>
          <tr>
            <th scope="col">Category</th>
            <th scope="col">Provider</th>
            <th scope="col" className="num">Calls</th>
            <th scope="col" className="num">Cost</th>
            <th scope="col">Cost per call</th>
          </tr>
        </thead>
        {comparison.map((c) => {
          const rows = [...c.providers].sort((a, b) => (a.cost_per_call ?? Infinity) - (b.cost_per_call ?? Infinity));
          const dearest = Math.max(0, ...rows.map((r) => r.cost_per_call ?? 0));
          return (
            <tbody key={c.category} data-category={c.category}>
              {rows.map((r, i) => (
                <tr key={r.provider}>
                  {i === 0 && <th scope="rowgroup" rowSpan={rows.length} data-label="Category">{c.category}</th>}
                  <td data-label="Provider">
                    <span><span className="swatch" style={{ background: colours(r.provider) }} aria-hidden="true" />{r.provider_display_name}</span>
                  </td>
                  <td className="num" data-label="Calls">{formatCount(r.calls)}</td>
                  <td className="num" data-label="Cost">{formatMoney(r.cost)}</td>
                  <td data-label="Cost per call">
                    <span className="bar-cell">
                      <span className="bar" aria-hidden="true"
                        style={{ width: `${dearest > 0 ? Math.max(2, ((r.cost_per_call ?? 0) / dearest) * 100) : 0}%`, background: colours(r.provider) }} />
                      <span className="bar-value">{formatMoney(r.cost_per_call)}</span>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          );
        })}
      </table>
    </div>
  );
}
