import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { CostDonut } from './charts/CostDonut';
import { DailyCostChart, stackByDay } from './charts/DailyCostChart';
import { arcPath, niceCeiling, ticks } from './charts/scale';
import { providerColours } from './colors';
import { CategoryComparisonTable } from './components/CategoryComparisonTable';
import { Pagination } from './components/Pagination';
import { ProviderTable } from './components/ProviderTable';
import { CatalogContext, catalogOf } from './catalog';
import { analytics } from './testing/fixtures';
import type { ReactNode } from 'react';

const catalog = catalogOf([
  { id: 'wavespeed', display_name: 'WaveSpeed', otel_name: null },
  { id: 'google', display_name: 'Google', otel_name: 'gcp.gemini' },
  { id: 'huggingface', display_name: 'HuggingFace', otel_name: null },
]);
const withCatalog = (node: ReactNode) => render(<CatalogContext.Provider value={catalog}>{node}</CatalogContext.Provider>);

describe('chart scales', () => {
  it.each([[0, 1], [0.7, 1], [1.2, 2], [2.2, 2.5], [3, 5], [7.5, 10], [1234, 2000]])('the nice ceiling of %s is %s', (v, nice) => {
    expect(niceCeiling(v)).toBe(nice);
  });

  it('spaces ticks evenly from zero', () => {
    expect(ticks(10)).toEqual([0, 2.5, 5, 7.5, 10]);
  });

  it('draws closed donut slices', () => {
    const d = arcPath(100, 100, 90, 50, 0, Math.PI);
    expect(d.startsWith('M 100.000 10.000')).toBe(true);
    expect(d.endsWith('Z')).toBe(true);
  });
});

describe('provider colours', () => {
  it('keeps one colour per provider, whatever else is shown', () => {
    const colours = providerColours([{ id: 'wavespeed' }, { id: 'google' }]);
    expect(colours('wavespeed')).toBe('#2563eb');
    expect(colours('google')).toBe('#ea580c');
    expect(colours('unknown')).toBe('#6b7280');
    expect(colours('not-in-catalog')).toBe(colours('not-in-catalog'));
    expect(colours('not-in-catalog')).toMatch(/^hsl\(/);
  });
});

describe('daily cost', () => {
  it('stacks each day by provider, in the given order, over every day of the period', () => {
    const days = ['2026-11-01', '2026-11-02', '2026-11-03'];
    const series = stackByDay(analytics().daily, days, ['wavespeed', 'google']);
    expect(series.map((d) => d.date)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-05']);
    expect(series[0].total).toBe(0);
    expect(series[1].parts.map((p) => p.provider)).toEqual(['wavespeed', 'google']);
    expect(series[1].total).toBe(6.5);
  });

  it('draws a labelled chart with one segment per provider and day', () => {
    const { container } = withCatalog(
      <DailyCostChart daily={analytics().daily} days={['2026-11-01', '2026-11-02']} providerOrder={['wavespeed', 'google']}
        names={new Map([['wavespeed', 'WaveSpeed'], ['google', 'Google']])} />,
    );
    expect(screen.getByRole('img', { name: 'Daily cost by provider' })).toBeTruthy();
    expect(container.querySelectorAll('rect')).toHaveLength(3);
    expect(container.textContent).toContain('Cost (USD)');
    expect(container.querySelector('rect title')?.textContent).toBe('Nov 2 · WaveSpeed: $4.00, 4 calls');
  });
});

describe('cost by provider', () => {
  it('draws a slice per paying provider in its colour, and a legend with cost and share', () => {
    const data = analytics();
    const { container } = withCatalog(<CostDonut providers={data.providers} totalCost={data.totals.cost} />);
    const slices = container.querySelectorAll('path[data-provider]');
    expect(slices).toHaveLength(2);
    expect(container.querySelector('path[data-provider="wavespeed"]')?.getAttribute('fill')).toBe('#2563eb');
    expect(screen.getByRole('img', { name: 'Cost by provider' })).toBeTruthy();
    const legend = container.querySelector('.legend') as HTMLElement;
    expect(within(legend).getByText('$10.00')).toBeTruthy();
    expect(within(legend).getByText('80.0%')).toBeTruthy();
    expect(container.querySelector('.donut-total')?.textContent).toBe('$12.50');
  });
});

describe('provider table', () => {
  it('shows calls, success rate, latencies, tokens, cost and cost per call, with totals', () => {
    const data = analytics();
    withCatalog(<ProviderTable providers={data.providers} totals={data.totals} />);
    const row = screen.getAllByTestId('provider-row')[1];
    const cells = [...row.querySelectorAll('td')].map((c) => c.textContent);
    expect(row.querySelector('th')?.textContent).toBe('WaveSpeed');
    expect(cells).toEqual(['10', '90.0%', '2.0 s', '40.0 s', '150', '$10.00', '80.0%', '$1.00', '0']);
    const totals = screen.getByTestId('provider-totals');
    expect(totals.querySelector('td[data-label="Cost"]')?.textContent).toBe('$12.50');
    expect(totals.querySelector('td[data-label="Share"]')?.textContent).toBe('—');
    expect(screen.queryByTestId('latency-error')).toBeNull();
  });

  it('says when latencies are estimated, and within what', () => {
    const data = analytics();
    withCatalog(<ProviderTable providers={data.providers} totals={data.totals} latencyRelativeError={data.latency_relative_error} />);
    expect(screen.getByTestId('latency-error').textContent).toContain('latencies within ±1.0%');
  });
});

describe('category comparison', () => {
  it('lists each provider of a category, cheapest per call first', () => {
    const { container } = withCatalog(<CategoryComparisonTable comparison={analytics().category_comparison} />);
    const rows = container.querySelectorAll('tbody[data-category="video"] tr');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('HuggingFace');
    expect(rows[0].textContent).toContain('$0.40');
    expect((rows[1].querySelector('.bar') as HTMLElement).style.width).toBe('100%');
  });
});

describe('pagination', () => {
  it('says which rows are shown and disables what cannot be done', () => {
    render(<Pagination page={1} pageSize={50} total={2801} onPage={() => undefined} />);
    expect(screen.getByText('1–50 of 2,801 calls · page 1 of 57')).toBeTruthy();
    expect((screen.getByRole('button', { name: '← Previous' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Next →' }) as HTMLButtonElement).disabled).toBe(false);
  });
});
