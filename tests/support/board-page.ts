// The shared whiteboard as a page shows it: opening it, counting its strokes, drawing one.
import type { Page } from 'playwright-core';

type Box = { x: number; y: number; width: number; height: number };

export const strokeCount = (page: Page): Promise<number> => page.locator('[data-testid="wb-element"][data-kind="stroke"]').count();

/** Opens the board on each page and waits until it is drawn. */
export async function openBoard(pages: Page[], timeoutMs: number): Promise<void> {
  for (const page of pages) {
    await page.getByTestId('wb-toggle').click();
    await page.getByTestId('whiteboard').waitFor({ timeout: timeoutMs });
  }
}

/**
 * Draws one pen stroke rightwards from a point `x` of the board's width and `y` of its height
 * (at most `maxYPx` down, so that it stays on screen); answers the board's box and the start
 * point's share of its height (the same board point on another page's board).
 */
export async function drawStroke(page: Page, { x = 0.2, y = 0.3, maxYPx = 200 } = {}): Promise<{ box: Box; yShare: number }> {
  await page.getByTestId('wb-tool-pen').click();
  // Mouse events land only inside the viewport: bring the board into view first.
  await page.getByTestId('whiteboard').scrollIntoViewIfNeeded();
  const box = (await page.getByTestId('whiteboard').boundingBox())!;
  const startY = Math.min(box.height * y, maxYPx);
  await page.mouse.move(box.x + box.width * x, box.y + startY);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(box.x + box.width * (x + i * 0.03), box.y + startY + i * 5);
  await page.mouse.up();
  return { box, yShare: startY / box.height };
}
