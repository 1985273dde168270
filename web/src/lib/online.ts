// Is the browser online? navigator.onLine and its online/offline events, as a hook.
// "Online" only means the device has a network link, not that the server answers: the
// offline layer (features/offline) still treats a failed request as offline.
import { useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

/** navigator.onLine now (true where there is no navigator, e.g. in tests under Node). */
export function isOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}

/** Re-renders when the browser goes offline or comes back online. */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribe, isOnline, () => true);
}
