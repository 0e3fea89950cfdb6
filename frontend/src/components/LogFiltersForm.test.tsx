import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { NO_LOG_FILTERS } from '../filters';
import { LogFiltersForm } from './LogFiltersForm';

const providers = [
  { id: 'wavespeed', display_name: 'WaveSpeed', otel_name: null },
  { id: 'google', display_name: 'Google', otel_name: 'gcp.gemini' },
];
const periods = ['2026-11', '2026-10'];

describe('LogFiltersForm', () => {
  it('labels every control', () => {
    render(<LogFiltersForm filters={NO_LOG_FILTERS} providers={providers} periods={periods} onChange={() => undefined} />);
    expect(screen.getByLabelText('Provider')).toBeTruthy();
    expect(screen.getByLabelText('Status')).toBeTruthy();
    expect(screen.getByLabelText('Billing period')).toBeTruthy();
  });

  it('offers the catalog providers by display name', () => {
    render(<LogFiltersForm filters={NO_LOG_FILTERS} providers={providers} periods={periods} onChange={() => undefined} />);
    const options = [...(screen.getByLabelText('Provider') as HTMLSelectElement).options].map((o) => o.textContent);
    expect(options).toEqual(['All providers', 'WaveSpeed', 'Google']);
  });

  it('goes back to page 1 when a filter changes', () => {
    const onChange = vi.fn();
    render(<LogFiltersForm filters={{ ...NO_LOG_FILTERS, page: 4 }} providers={providers} periods={periods} onChange={onChange} />);
    fireEvent.change(screen.getByLabelText('Provider'), { target: { value: 'wavespeed' } });
    expect(onChange).toHaveBeenCalledWith({ provider: 'wavespeed', status: '', billingPeriod: '', page: 1 });
  });

  it('sets status and billing period', () => {
    const onChange = vi.fn();
    render(<LogFiltersForm filters={NO_LOG_FILTERS} providers={providers} periods={periods} onChange={onChange} />);
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'failed' } });
    fireEvent.change(screen.getByLabelText('Billing period'), { target: { value: '2026-10' } });
    expect(onChange).toHaveBeenNthCalledWith(1, { ...NO_LOG_FILTERS, status: 'failed' });
    expect(onChange).toHaveBeenNthCalledWith(2, { ...NO_LOG_FILTERS, billingPeriod: '2026-10' });
  });

  it('keeps a filter from the address that the pickers do not list', () => {
    render(<LogFiltersForm filters={{ ...NO_LOG_FILTERS, provider: 'fal', billingPeriod: '2025-01' }}
      providers={providers} periods={periods} onChange={() => undefined} />);
    expect((screen.getByLabelText('Provider') as HTMLSelectElement).value).toBe('fal');
    expect((screen.getByLabelText('Billing period') as HTMLSelectElement).value).toBe('2025-01');
  });

  it('clears all filters', () => {
    const onChange = vi.fn();
    render(<LogFiltersForm filters={{ provider: 'google', status: 'success', billingPeriod: '2026-11', page: 2 }}
      providers={providers} periods={periods} onChange={onChange} />);
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(onChange).toHaveBeenCalledWith(NO_LOG_FILTERS);
  });

  it('shows no clear button without filters', () => {
    render(<LogFiltersForm filters={NO_LOG_FILTERS} providers={providers} periods={periods} onChange={() => undefined} />);
    expect(screen.queryByRole('button', { name: 'Clear filters' })).toBeNull();
  });
});
