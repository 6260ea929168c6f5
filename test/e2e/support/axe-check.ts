import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Page } from 'playwright-core';

export const AXE_WIDTHS = [1024, 1440, 1920];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown }>;
}

export interface AxeResult {
  screen: string;
  width: number;
  passes: number;
  violations: string[];
}

/**
 * Runs axe-core on the page at each width (900 px high), records every result in `report`, and answers the serious
 * and critical violations found. With `images`, a screenshot at 1440 wide is saved there as `<screen>.png`.
 */
export async function axeAtWidths(
  page: Page,
  screen: string,
  report: AxeResult[],
  options: { images?: string; fullPage?: boolean } = {},
): Promise<string[]> {
  const found: string[] = [];
  for (const width of AXE_WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(150);
    if ((await page.evaluate('typeof window.axe')) === 'undefined') {
      // Evaluated rather than added as a <script>: the app's CSP (script-src 'self') rightly refuses inline scripts.
      await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
    }
    const result = (await page.evaluate(
      "window.axe.run(document, { resultTypes: ['violations'] }).then((r) => ({ violations: r.violations, passes: r.passes.length }))",
    )) as { violations: AxeViolation[]; passes: number };
    // A check that ran no rule proves nothing: axe must have found something to pass on every screen.
    expect(result.passes).toBeGreaterThan(10);
    report.push({
      screen,
      width,
      passes: result.passes,
      violations: result.violations.map((v) => `${v.impact} ${v.id}`),
    });
    for (const violation of result.violations) {
      if (violation.impact === 'serious' || violation.impact === 'critical') {
        const targets = violation.nodes.map((node) => JSON.stringify(node.target)).join(' ');
        found.push(`${screen} @${width}: ${violation.impact} ${violation.id} (${violation.help}) ${targets}`);
      }
    }
    if (options.images && width === 1440) {
      await page.screenshot({ path: join(options.images, `${screen}.png`), fullPage: options.fullPage ?? false });
    }
  }
  return found;
}
