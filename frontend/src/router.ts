// A tiny History API router: each view has its own address ("/", "/analytics" and "/trends").
import { useEffect, useState } from 'react';

export type View = 'logs' | 'analytics' | 'trends';

export interface Location {
  view: View;
  search: string;
}

export function viewOf(pathname: string): View {
  const path = pathname.replace(/\/+$/, '');
  return path === '/analytics' ? 'analytics' : path === '/trends' ? 'trends' : 'logs';
}

export function pathOf(view: View): string {
  return view === 'logs' ? '/' : `/${view}`;
}

function current(): Location {
  return { view: viewOf(window.location.pathname), search: window.location.search };
}

const listeners = new Set<() => void>();

/** Goes to an address inside the app without reloading; `replace` for filter tweaks that need no Back step. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === window.location.pathname + window.location.search) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  listeners.forEach((listener) => listener());
}

export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const update = () => setLocation(current());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return location;
}
