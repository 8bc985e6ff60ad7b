// The architecture's rules (.dependency-cruiser.cjs) catch what they are for: each rule is
// run over a small made-up tree that breaks it once, and over one that breaks none.
// (`npm run check:deps` applies the same rules to the real code in `npm test`.)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cruise, type IConfiguration } from 'dependency-cruiser';
import { afterEach, describe, expect, it } from 'vitest';

const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as Required<Pick<IConfiguration, 'forbidden' | 'options'>>;
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Writes a tree of files ({path: source}) and returns the rules it breaks. */
async function brokenRules(files: Record<string, string>): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'linkroom-rules-'));
  dirs.push(dir);
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), source);
  }
  // The real tsconfig is not there: the made-up files use relative imports only.
  const { tsConfig: _tsConfig, ...options } = config.options;
  const roots = [...new Set(Object.keys(files).map((f) => f.split('/')[0]!))];
  const result = await cruise(roots, { ...options, baseDir: dir, validate: true, ruleSet: { forbidden: config.forbidden } });
  if (typeof result.output === 'string') throw new Error('expected a cruise result');
  return [...new Set(result.output.summary.violations.map((v) => v.rule.name))].sort();
}

const plain = 'export const x = 1;\n';
const using = (from: string) => `import { x } from '${from}';\nexport const y = x;\n`;

describe('architecture rules', () => {
  it('passes a tree that keeps them', async () => {
    expect(
      await brokenRules({
        'server/http/routes.ts': using('../calls/service.js'),
        'server/calls/service.ts': using('../safeguarding/log.js'),
        'server/safeguarding/log.ts': using('../../shared/schema.js'),
        'server/sfu/room.ts': plain,
        'shared/schema.ts': plain,
        'client/src/page.ts': using('../../shared/schema.js'),
      }),
    ).toEqual([]);
  });

  it.each([
    ['sfu-knows-no-transport', { 'server/sfu/room.ts': using('../realtime/hub.js'), 'server/realtime/hub.ts': plain }],
    ['shared-stands-alone', { 'shared/schema.ts': using('../server/config.js'), 'server/config.ts': plain }],
    ['client-imports-no-server', { 'client/src/page.ts': using('../../server/db/models.js'), 'server/db/models.ts': plain }],
    ['capabilities-know-no-transport', { 'server/exchange/upload.ts': using('../http/errors.js'), 'server/http/errors.ts': plain }],
    ['safeguarding-sits-below', { 'server/safeguarding/retention.ts': using('../exchange/file-store.js'), 'server/exchange/file-store.ts': plain }],
    ['client-features-below-pages', { 'client/src/call/CallView.ts': using('../pages/TeacherCallPage.js'), 'client/src/pages/TeacherCallPage.ts': plain }],
    ['no-cycles', { 'server/matching/solver.ts': using('./regroup.js'), 'server/matching/regroup.ts': using('./solver.js') }],
  ])('reports %s', async (rule, files) => {
    expect(await brokenRules(files)).toEqual([rule]);
  });
});
