import { afterEach, describe, expect, it, vi } from 'vitest';
import { reloadOnceForNewCode } from '../../client/src/components/reload-once';

describe('reloadOnceForNewCode', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('reloads a page whose code failed to load, but not again within a minute', () => {
    const stored = new Map<string, string>();
    vi.stubGlobal('sessionStorage', { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => stored.set(k, v) });
    const reload = vi.fn();
    vi.stubGlobal('window', { location: { reload } });
    expect(reloadOnceForNewCode(1_000_000)).toBe(true);
    expect(reloadOnceForNewCode(1_030_000)).toBe(false);
    expect(reload).toHaveBeenCalledTimes(1);
    expect(reloadOnceForNewCode(1_061_000)).toBe(true);
    expect(reload).toHaveBeenCalledTimes(2);
  });
});
