// Reloading fixes a chunk that failed to load (vite's advice for `vite:preloadError`), but a
// page that keeps failing must not reload forever: at most once a minute.
const RELOADED_AT_KEY = 'linkroom.reloadedForCodeAt';
const RELOAD_AT_MOST_EVERY_MS = 60_000;

/** Reloads the page unless it was reloaded for this reason less than a minute ago; says whether it did. */
export function reloadOnceForNewCode(now = Date.now()): boolean {
  const last = Number(sessionStorage.getItem(RELOADED_AT_KEY) ?? 0);
  if (now - last < RELOAD_AT_MOST_EVERY_MS) return false;
  sessionStorage.setItem(RELOADED_AT_KEY, String(now));
  window.location.reload();
  return true;
}
