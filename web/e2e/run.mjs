// End-to-end tests of `vigil serve` in headless Chromium: filters, map, event evidence, and
// pages full of script and markup injection that must never execute.
// Usage: node e2e/run.mjs VIGIL_BINARY   (run by scripts/test)
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, runVigil, startVigil } from './browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const vigil = resolve(process.argv[2] || '../target/debug/vigil');
const work = mkdtempSync(join(tmpdir(), 'vigil-e2e-'));
const db = join(work, 'e2e.db');
const pages = join(work, 'pages');
cpSync(join(here, '../../samples/pages'), pages, { recursive: true });
cpSync(join(here, 'hostile'), join(pages, 'hostile'), { recursive: true });
await runVigil(vigil, ['ingest', '--db', db, pages], work);
const TOKEN = 'e2e-review-token-0123456789';
const server = await startVigil(vigil, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--token', TOKEN], work);
let browser;
try {
  browser = await launch();
} catch (e) {
  await server.stop();
  throw e;
}

const failures = [];
async function test(name, body) {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // A refused write (no token yet) is logged by the browser as a failed request; expected.
    if (m.type() === 'error' && !/status of 401/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('dialog', (d) => { problems.push(`dialog opened: ${d.message()}`); d.dismiss(); });
  try {
    await body(page);
    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'injected script ran');
    assert.deepEqual(problems, []);
    console.log(`ok   ${name}`);
  } catch (e) {
    failures.push(name);
    console.log(`FAIL ${name}\n${e.stack || e}\n${problems.join('\n')}`);
  } finally {
    await page.close();
  }
}

const rowDates = (page) => page.$$eval('table.events tbody tr td:first-child', (tds) => tds.map((t) => t.textContent));
const rowActors = (page) => page.$$eval('table.events tbody tr td:nth-child(4)', (tds) => tds.map((t) => t.textContent));

try {
  await test('overview shows map markers, timeline, tag cloud and table', async (page) => {
    await page.goto(server.url);
    await page.waitForSelector('#map .marker');
    await page.waitForSelector('#timeline svg .bar');
    await page.waitForSelector('#cloud svg text');
    const rows = await page.$$('table.events tbody tr');
    assert.ok(rows.length >= 10, `${rows.length} rows`);
    assert.match(await page.textContent('#summary'), /\d+ events/);
  });

  await test('date filter narrows every pane and is kept in the URL', async (page) => {
    await page.goto(server.url);
    await page.waitForSelector('table.events');
    await page.fill('input[name=since]', '2024-03-01');
    await page.fill('input[name=until]', '2024-03-31');
    await page.click('#filters button[type=submit]');
    await page.waitForURL(/since=2024-03-01/);
    await page.waitForSelector('table.events');
    const dates = await rowDates(page);
    assert.ok(dates.length >= 1);
    for (const d of dates) assert.ok(d.startsWith('2024-03'), d);
    // The shared URL opens the same view.
    const again = await browser.newPage();
    await again.goto(page.url());
    await again.waitForSelector('table.events');
    assert.deepEqual(await rowDates(again), dates);
    assert.equal(await again.inputValue('input[name=since]'), '2024-03-01');
    await again.close();
  });

  await test('actor filter matches an alias', async (page) => {
    await page.goto(`${server.url}?actor=${encodeURIComponent('Harakat al-Shabaab al-Mujahideen')}`);
    await page.waitForSelector('table.events');
    const actors = await rowActors(page);
    assert.ok(actors.length >= 2, `${actors.length} rows`);
    for (const a of actors) assert.match(a, /al-Shabaab/);
  });

  await test('a map marker opens its event', async (page) => {
    // One event in view, so its marker is a marker and not a cluster of two at one town.
    await page.goto(`${server.url}?country=NG&kind=violence_against_civilians`);
    await page.waitForSelector('#map .marker');
    await page.click('#map .leaflet-marker-icon');
    await page.click('.leaflet-popup .popup-link');
    await page.waitForSelector('.event-page');
    assert.match(await page.textContent('.event-page h1'), /Zamfara/);
  });

  await test('the event page shows each field beside its words', async (page) => {
    await page.goto(`${server.url}?q=kunduz&sort=-killed`);
    await page.click('table.events tbody tr:first-child td:last-child a');
    await page.waitForSelector('.event-page blockquote mark');
    const killed = await page.textContent('.fields-table tr[data-field=killed] td.words');
    assert.match(killed, /Five soldiers and at least 11 Taliban fighters/);
    const marks = await page.$$eval('blockquote mark', (m) => m.map((x) => x.textContent));
    assert.ok(marks.some((m) => /killed/.test(m) || /Five soldiers/.test(m)), marks.join(' | '));
    await page.click('.sources a');
    await page.waitForSelector('.article-page .article-text');
    assert.match(await page.textContent('.article-text'), /Imam Sahib district/);
  });

  await test('script and markup in pages are shown as text and never run', async (page) => {
    for (const q of ['mandera', 'wajir']) {
      await page.goto(`${server.url}?q=${q}`);
      await page.waitForSelector('table.events tbody tr');
      await page.click('table.events tbody tr:first-child td:last-child a');
      await page.waitForSelector('.event-page blockquote');
      await page.waitForTimeout(200);
      await page.click('.sources a');
      await page.waitForSelector('.article-page .article-text');
      await page.waitForTimeout(200);
      const text = await page.textContent('.article-page');
      assert.match(text, /<(script|img|svg)/, 'the markup is visible as text');
      const live = await page.evaluate(() => ({
        scripts: [...document.scripts].filter((s) => !s.src.endsWith('/app.js')).length,
        handlers: document.querySelectorAll('main [onerror], main [onload], main [onmouseover]').length,
        js: [...document.querySelectorAll('a')].filter((a) => a.href.startsWith('javascript:')).length,
        svg: document.querySelectorAll('main svg').length,
        frames: document.querySelectorAll('iframe').length,
      }));
      assert.deepEqual(live, { scripts: 0, handlers: 0, js: 0, svg: 0, frames: 0 });
    }
  });
  await test('a correction made with the token is shown, kept in the history and survives re-ingest', async (page) => {
    await page.goto(`${server.url}?q=garissa&since=2024-03-11&until=2024-03-11`);
    await page.waitForSelector('table.events tbody tr');
    const row = page.locator('table.events tbody tr', { hasText: 'al-Shabaab' }).first();
    await row.locator('td:last-child a').click();
    await page.waitForSelector('.event-page form.review');
    const url = page.url();
    const sourcesBefore = (await page.$$('.event-page .sources li')).length;
    // Without the token nothing changes.
    await page.fill('form.review input[name=who]', 'e2e analyst');
    await page.fill('form.review input[name=killed]', '5');
    await page.click('form.review button[type=submit]');
    await page.waitForSelector('.review-status:has-text("Not saved")');
    await page.fill('form.review input[name=token]', TOKEN);
    await page.fill('form.review input[name=killed]', '5');
    await page.click('form.review button[type=submit]');
    await page.waitForSelector('.history-list li:has-text("killed")');
    assert.equal((await page.textContent('.fields-table tr[data-field=killed] td:nth-child(2)')).trim(), '5');
    // Another of the gazetteer's places for the name.
    const whereBefore = await page.textContent('.fields-table tr[data-field=where] td:nth-child(2)');
    await page.waitForSelector('form.review select[name=place] option:not([disabled]):not([value=""])', { state: 'attached' });
    const other = await page.$eval('form.review select[name=place] option:not([disabled]):not([value=""])', (o) => o.value);
    await page.selectOption('form.review select[name=place]', other);
    await page.click('form.review button[type=submit]');
    await page.waitForSelector('.history-list li:has-text("where")');
    assert.notEqual(await page.textContent('.fields-table tr[data-field=where] td:nth-child(2)'), whereBefore);
    await page.click('form.review button.accept');
    await page.waitForSelector('.review-state.review-accepted');

    // Another outlet's report of the same attack arrives; the event re-merges.
    await runVigil(vigil, ['ingest', '--db', db, join(here, 'more'), pages], work);
    await page.waitForTimeout(3000); // the server polls the store every 2 s
    await page.goto(url);
    await page.waitForSelector('.event-page .sources li');
    assert.equal((await page.$$('.event-page .sources li')).length, sourcesBefore + 1, 'the new source joined');
    assert.equal((await page.textContent('.fields-table tr[data-field=killed] td:nth-child(2)')).trim(), '5');
    assert.match(await page.textContent('.history-list'), /e2e analyst[\s\S]*killed[\s\S]*where[\s\S]*state/);
    await page.goto(`${server.url}?q=garissa&since=2024-03-11&until=2024-03-11`);
    await page.waitForSelector('table.events tbody tr');
    assert.ok((await page.textContent('table.events')).includes('5'));
  });
  await test('an analyst merges two events and splits them again with the token; both hold through re-ingest', async (page) => {
    const first = async (q) => (await (await fetch(new URL(`/api/events?q=${q}`, server.url))).json()).events[0];
    const siege = await first('mogadishu');
    const clash = await first('kunduz');
    const clashSources = (await (await fetch(new URL(`/api/events/${clash.id}`, server.url))).json()).event.sources;
    await page.goto(new URL(`/event/${siege.id}`, server.url).href);
    await page.waitForSelector('.event-page form.review');
    const before = (await page.$$('.event-page .sources li')).length;
    await page.fill('form.review input[name=who]', 'e2e analyst');
    await page.fill('form.review input[name=token]', TOKEN);
    await page.fill('form.review input[name=merge-with]', clash.id);
    await page.click('form.review button.merge');
    await page.waitForSelector('.history-list li:has-text("merged")');
    assert.equal((await page.$$('.event-page .sources li')).length, before + clashSources.length);
    // The merged-away id now opens the event it went into.
    const gone = await (await fetch(new URL(`/api/events/${clash.id}`, server.url))).json();
    assert.equal(gone.event.id, siege.id);
    assert.equal(gone.merged_from, clash.id);
    // Split the Kunduz reports off again.
    for (const s of clashSources) await page.check(`form.review input[name=split-source][data-document="${s.document_id}"][value="${s.index}"]`);
    await page.click('form.review button.split');
    await page.waitForSelector('.history-list li:has-text("split")');
    assert.equal((await page.$$('.event-page .sources li')).length, before);

    // A further report of the clash arrives; the split and the history hold.
    await runVigil(vigil, ['ingest', '--db', db, join(here, 'split'), pages], work);
    await page.waitForTimeout(3000); // the server polls the store every 2 s
    await page.goto(new URL(`/event/${siege.id}`, server.url).href);
    await page.waitForSelector('.event-page .sources li');
    assert.equal((await page.$$('.event-page .sources li')).length, before, 'the Kunduz reports stay apart');
    assert.doesNotMatch(await page.textContent('.event-page .sources'), /Kunduz/i);
    assert.match(await page.textContent('.history-list'), /e2e analyst[\s\S]*merged[\s\S]*split/);
    const again = await (await fetch(new URL(`/api/events/${clash.id}`, server.url))).json();
    assert.notEqual(again.event.id, siege.id, 'the clash is an event of its own again');
  });
} finally {
  await browser.close();
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
if (failures.length) {
  console.log(`${failures.length} browser test(s) failed: ${failures.join('; ')}`);
  process.exit(1);
}
console.log('all browser tests passed');
