// Each provider keeps one colour everywhere (charts, legends, tables): its place in the server's
// provider catalog picks it, so the same provider has the same colour in both views and every period.
import type { Provider } from './api/types';

const PALETTE = [
  '#2563eb', // blue
  '#ea580c', // orange
  '#16a34a', // green
  '#9333ea', // purple
  '#dc2626', // red
  '#0891b2', // cyan
  '#ca8a04', // amber
  '#db2777', // pink
  '#4f46e5', // indigo
  '#65a30d', // lime
  '#0d9488', // teal
  '#7c2d12', // brown
];

const UNKNOWN_COLOUR = '#6b7280';

export type ProviderColours = (providerId: string) => string;

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0;
  return h;
}

/** Colours by catalog order; past the palette, a hue from the id; "unknown" is grey. */
export function providerColours(catalog: readonly Pick<Provider, 'id'>[]): ProviderColours {
  const index = new Map(catalog.map((p, i) => [p.id, i]));
  return (providerId: string) => {
    if (providerId === 'unknown') return UNKNOWN_COLOUR;
    const i = index.get(providerId);
    if (i !== undefined && i < PALETTE.length) return PALETTE[i];
    return `hsl(${hash(providerId) % 360} 55% 45%)`;
  };
}
