import type { UsageLog } from './api';

/** The actual provider in bold, with the logged category below it when they differ: **WaveSpeed** (video). */
export function ProviderCell({ log }: { log: UsageLog }) {
  const showCategory = log.category.toLowerCase() !== log.provider.toLowerCase();
  return (
    <div className="provider-cell">
      <strong>{log.provider_display_name}</strong>
      {showCategory && <div className="category">({log.category})</div>}
    </div>
  );
}
