// Small React hooks shared by the features.
import { useEffect, useState, useSyncExternalStore } from 'react';

/** The value, updated only after it has stopped changing for `ms` milliseconds. */
export function useDebounced<T>(value: T, ms = 300): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const id = window.setTimeout(() => setDebounced(value), ms);
    return () => window.clearTimeout(id);
  }, [value, ms]);
  return debounced;
}

/** A CSS media query, read synchronously on first render (no layout flash). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const mql = window.matchMedia(query);
      mql.addEventListener('change', onChange);
      return () => mql.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}

/** Phones: below 768 px the navigation moves into a drawer and tables scroll. */
export function useIsMobile(): boolean {
  return useMediaQuery('(max-width: 767.98px)');
}
