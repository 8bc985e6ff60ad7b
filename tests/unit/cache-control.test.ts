import { describe, expect, it } from 'vitest';
import { cacheControlFor } from '../../server/http/app.js';

describe('cacheControlFor', () => {
  it('caches content-hashed assets for a year, and nothing else', () => {
    for (const f of ['/srv/dist/client/assets/index-Bpp_zbvG.js', '/d/assets/JoinPage-c1YTm1g3.js.br', '/d/assets/index-DwjVwcfm.css.gz']) {
      expect(cacheControlFor(f)).toBe('public, max-age=31536000, immutable');
    }
    for (const f of ['/srv/dist/client/index.html', '/d/favicon.svg', '/d/assets/logo.svg']) expect(cacheControlFor(f)).toBe('no-cache');
  });
});
