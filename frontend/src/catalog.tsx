// The provider catalog (GET /api/providers) and the colours it gives, shared by both views.
import { createContext, useContext } from 'react';
import type { Provider } from './api/types';
import { providerColours, type ProviderColours } from './colors';

export interface Catalog {
  providers: Provider[];
  colours: ProviderColours;
}

export const EMPTY_CATALOG: Catalog = { providers: [], colours: providerColours([]) };

export const CatalogContext = createContext<Catalog>(EMPTY_CATALOG);

export function useCatalog(): Catalog {
  return useContext(CatalogContext);
}

export function catalogOf(providers: Provider[]): Catalog {
  return { providers, colours: providerColours(providers) };
}
