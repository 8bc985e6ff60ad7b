// axe-core on a page state in an e2e test: fails on any serious or critical violation of
// WCAG 2.1 A/AA or axe's best practices, naming the rule, why it matters and where on the
// page. Lesser findings are counted in the run's output, not failed on.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { AxeResults, Result } from 'axe-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const FAILING_IMPACTS = new Set(['serious', 'critical']);

function describe(v: Result): string {
  const where = v.nodes
    .slice(0, 3)
    .map((n) => `      ${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.split('\n').slice(1).join(' ').trim()}` : ''}`)
    .join('\n');
  return `  ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'})\n${where}`;
}

/** Runs axe on the page as it is now; throws listing every serious or critical violation. */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  // Evaluated through the debugging protocol, so the page's Content-Security-Policy allows it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run(ctx: Document, o: object): Promise<AxeResults> } }).axe.run(document, { runOnly: { type: 'tag', values: tags } }),
    TAGS,
  );
  const failing = results.violations.filter((v) => FAILING_IMPACTS.has(v.impact ?? ''));
  const lesser = results.violations.filter((v) => !FAILING_IMPACTS.has(v.impact ?? ''));
  if (lesser.length > 0) console.info(`[axe] ${state}: ${lesser.map((v) => `${v.impact} ${v.id} (${v.nodes[0]?.target.join(' ')})`).join(', ')}`);
  if (failing.length > 0) throw new Error(`Accessibility (axe-core) on ${state}:\n${failing.map(describe).join('\n')}`);
}
