// Writes PNGs of the map, timeline, tag cloud, event table and event page of `vigil demo`.
// Usage: node e2e/screenshots.mjs VIGIL_BINARY OUT_DIR
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launch, startVigil } from './browser.mjs';

const [vigil, outArg] = process.argv.slice(2);
if (!vigil || !outArg) {
  console.error('usage: node e2e/screenshots.mjs VIGIL OUT_DIR');
  process.exit(2);
}
const out = resolve(outArg);
mkdirSync(out, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'vigil-shots-'));
const server = await startVigil(resolve(vigil), ['demo', '--db', join(work, 'demo.db'), '--listen', '127.0.0.1:0'], work);
let browser;
try {
  browser = await launch();
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.waitForSelector('#map .marker');
  await page.waitForSelector('#timeline svg .bar');
  await page.waitForSelector('#cloud svg text');
  await page.waitForSelector('#table table.events');
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(out, 'overview.png'), fullPage: true });
  await page.locator('.pane-map').screenshot({ path: join(out, 'map.png') });
  await page.locator('.pane-timeline').screenshot({ path: join(out, 'timeline.png') });
  await page.locator('.pane-cloud').screenshot({ path: join(out, 'tag-cloud.png') });
  await page.locator('.pane-table').screenshot({ path: join(out, 'event-table.png') });
  await page.locator('table.events tbody tr a').first().click();
  await page.waitForSelector('.event-page blockquote mark');
  await page.screenshot({ path: join(out, 'event-page.png'), fullPage: true });
  console.log(`screenshots in ${out}`);
} finally {
  if (browser) await browser.close();
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
