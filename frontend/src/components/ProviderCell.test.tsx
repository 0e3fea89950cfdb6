import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { CatalogContext, catalogOf } from '../catalog';
import { videoOnWaveSpeed } from '../testing/fixtures';
import { categoryDiffers, costExplanation, detectionExplanation, ProviderCell } from './ProviderCell';

describe('ProviderCell', () => {
  it('shows the actual provider in bold and the category below it when they differ', () => {
    const { container } = render(<ProviderCell log={videoOnWaveSpeed()} />);
    expect(screen.getByText('WaveSpeed').tagName).toBe('STRONG');
    const category = screen.getByText('(video)');
    expect(category.tagName).toBe('DIV');
    // below the name: a block after the strong inside the same wrapper
    expect(category.previousElementSibling?.textContent).toBe('WaveSpeed');
    expect(container.querySelector('.on-read')).toBeNull();
  });

  it('hides the category when it names the provider itself', () => {
    const { container } = render(
      <ProviderCell log={videoOnWaveSpeed({ provider: 'openai', category: 'openai', provider_display_name: 'OpenAI' })} />,
    );
    expect(container.querySelector('.category')).toBeNull();
  });

  it('hides the category when it is the display name in another case', () => {
    expect(categoryDiffers({ category: 'Stability AI', provider: 'stability', provider_display_name: 'Stability AI' })).toBe(false);
    expect(categoryDiffers({ category: 'mistral', provider: 'groq', provider_display_name: 'Groq' })).toBe(true);
  });

  it('explains the detection in a tooltip on the "why" button', () => {
    render(<ProviderCell log={videoOnWaveSpeed()} />);
    const why = screen.getByRole('button', { name: 'Why WaveSpeed?' });
    const tip = document.getElementById(why.getAttribute('aria-describedby')!);
    expect(tip?.textContent).toBe('WaveSpeed was decided by the endpoint (rule endpoint.wavespeed, rules r-1). '
      + 'Cost $0.50 as the client reported it; the price list says $0.50 (price list p0123456789ab).');
  });

  it('says where the cost came from, and never calls an unknown cost $0', () => {
    expect(costExplanation(videoOnWaveSpeed({ cost_source: 'catalog', cost_total: 0.025 })))
      .toBe("Cost $0.025 priced from the price list at the call's time (price list p0123456789ab); the client sent none.");
    expect(costExplanation(videoOnWaveSpeed({ cost_source: 'unpriced', cost_total: 0, unpriced_reason: 'no_price', catalog_cost_total: null })))
      .toBe("No cost: the price list has no price for this provider and model at the call's time (price list p0123456789ab). Unknown, not $0.");
    expect(costExplanation(videoOnWaveSpeed({ cost_source: 'legacy', price_version: null, catalog_cost_total: null })))
      .toBe('Cost $0.50 as its writer stored it, before costs had a provenance.');
    expect(costExplanation(videoOnWaveSpeed({ catalog_cost_total: null }))).toBe('Cost $0.50 as the client reported it.');
  });

  it('marks rows detected on read', () => {
    const log = videoOnWaveSpeed({
      actual_provider_name: null,
      detection: { source: 'ENDPOINT', rule_id: 'endpoint.wavespeed', rules_version: 'r-1', computed_on_read: true },
    });
    render(<ProviderCell log={log} />);
    expect(screen.getByText('on read')).toBeTruthy();
    expect(detectionExplanation(log)).toContain('Detected on read');
  });

  it('says when no rule matched or the client named the provider', () => {
    expect(detectionExplanation(videoOnWaveSpeed({ provider_display_name: 'Unknown',
      detection: { source: 'UNKNOWN', rule_id: null, rules_version: 'r-1', computed_on_read: false } })))
      .toBe('Unknown was decided by nothing: no rule matched.');
    expect(detectionExplanation(videoOnWaveSpeed({
      detection: { source: 'CLIENT', rule_id: null, rules_version: null, computed_on_read: false } })))
      .toContain('the client');
  });

  it('says when an OpenTelemetry span\'s provider name decided', () => {
    expect(detectionExplanation(videoOnWaveSpeed({ provider_display_name: 'Mistral AI',
      detection: { source: 'HINT', rule_id: 'hint.mistral_ai', rules_version: 'r-1', computed_on_read: false } })))
      .toBe('Mistral AI was decided by the provider name its OpenTelemetry instrumentation reported (a guess; endpoint'
        + ' and model said nothing) (rule hint.mistral_ai, rules r-1).');
  });

  it('colours the provider as the catalog says', () => {
    const { container } = render(
      <CatalogContext.Provider value={catalogOf([{ id: 'wavespeed', display_name: 'WaveSpeed', otel_name: null }])}>
        <ProviderCell log={videoOnWaveSpeed()} />
      </CatalogContext.Provider>,
    );
    expect((container.querySelector('.swatch') as HTMLElement).style.background).toBe('rgb(37, 99, 235)');
  });

  it('renders injected markup as text', () => {
    const { container } = render(<ProviderCell log={videoOnWaveSpeed({ category: '<img src=x onerror=alert(1)>' })} />);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText('(<img src=x onerror=alert(1)>)')).toBeTruthy();
  });
});
