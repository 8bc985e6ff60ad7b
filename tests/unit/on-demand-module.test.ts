import { describe, expect, it } from 'vitest';
import { OnDemandModule } from '../../client/src/components/on-demand-module.js';

describe('OnDemandModule', () => {
  it('loads once however often it is asked, and has the module at hand afterwards', async () => {
    let imports = 0;
    const chunk = new OnDemandModule(async () => {
      imports++;
      return { Screen: 'screen' };
    });
    expect(chunk.loaded).toBeUndefined();
    const [a, b] = await Promise.all([chunk.load(), chunk.load()]);
    expect(a).toBe(b);
    expect(chunk.loaded).toBe(a);
    await chunk.load();
    expect(imports).toBe(1);
  });

  it('lets a load that failed be tried again', async () => {
    let attempts = 0;
    const chunk = new OnDemandModule(async () => {
      if (++attempts === 1) throw new Error('Failed to fetch dynamically imported module');
      return { Screen: 'screen' };
    });
    await expect(chunk.load()).rejects.toThrow('Failed to fetch');
    expect(chunk.loaded).toBeUndefined();
    await expect(chunk.load()).resolves.toEqual({ Screen: 'screen' });
    expect(attempts).toBe(2);
  });
});
