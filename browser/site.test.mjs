// Outcry's public pages in a real browser: Debian's Chromium, headless, driven by
// playwright-core. Runs the demo server (`outcry serve --demo`) on a free port of 127.0.0.1,
// then acts on the demo action as a supporter would, in English and Russian, with JavaScript on
// and off, and checks that no request ever leaves 127.0.0.1. Screenshots go to
// target/screenshots/ for people to look at.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ACTION, launchBrowser, shots, startServer } from './harness.mjs';

let server;
let base;
let log;
let browser;

before(async () => {
  // Live counts, so these tests can watch their own actions arrive; a real site publishes them
  // in five-minute steps (crates/web/tests/site/privacy.rs tests those).
  // At TRACE, the most the log can say: the last test reads it for what supporters typed.
  ({ server, base, log } = await startServer(['--posts-per-minute', '1000', '--count-refresh', '0'],
    { logLevel: 'trace' }));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
});

/// A fresh browser (no cookies), recording every request it makes.
async function newPage({ javaScript = true, width = 1280, locale = 'en-GB', bypassCSP = false } = {}) {
  const context = await browser.newContext({ javaScriptEnabled: javaScript, viewport: { width, height: 900 }, locale, bypassCSP });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  return { context, page, requests };
}

function onlyLocal(requests) {
  const foreign = requests.filter((u) => !u.startsWith(base) && !u.startsWith('data:'));
  assert.deepEqual(foreign, [], 'no request may leave 127.0.0.1');
}

async function count(page) {
  return (await page.locator('[data-test=count]').first().textContent()).trim();
}

/// Saves a download to target/screenshots/NAME.pdf and, when poppler is installed, renders its
/// pages to NAME-1.png, NAME-2.png… for people to look at. Returns the PDF's bytes.
async function savePdf(download, name) {
  const file = path.join(shots, `${name}.pdf`);
  await download.saveAs(file);
  const pdf = readFileSync(file);
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-', `${name} is a PDF`);
  const png = spawnSync('pdftoppm', ['-png', '-r', '60', file, path.join(shots, name)]);
  if (png.error) console.log(`# pdftoppm not installed: no PNGs of ${name}.pdf`);
  return pdf;
}

for (const javaScript of [false, true]) {
  const mode = javaScript ? 'JavaScript on' : 'JavaScript off';

  test(`English, ${mode}: act by phone, then by email, and see the count rise`, async () => {
    const { context, page, requests } = await newPage({ javaScript });
    await page.goto(`${base}/en/${ACTION}`);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.match(await page.locator('h1').textContent(), /Imprisoned mathematician reports torture/);
    const before = Number((await count(page)).match(/\d+/)[0]);

    await page.locator('[data-test=phone-form] select[name=country]').selectOption('DE');
    await page.locator('[data-test=i-called]').click();
    await page.waitForURL(/\/thanks$/);
    // The acknowledgement comes from the browser's own acted cookie, not from the count.
    assert.equal((await page.locator('[data-test=counted]').textContent()).trim(), 'Your action has been counted.');
    assert.match(await count(page), new RegExp(`^${before + 1} (person has|people have) acted$`));

    await page.goto(`${base}/en/${ACTION}`);
    await page.fill('#name', 'Anna Smith');
    await page.fill('#town', 'Leeds');
    await page.check('#safety');
    await page.locator('[data-test=prepare-email]').click();
    const mailto = await page.locator('[data-test=mailto]').getAttribute('href');
    assert.ok(mailto.startsWith('mailto:proknadzor-iu-yanao@89.mailop.ru,'), mailto);
    assert.ok(decodeURIComponent(mailto).includes('A. S., Leeds'), 'safety mode signs with initials');
    await page.locator('[data-test=i-sent-it]').click();
    await page.waitForURL(/\/thanks$/);
    assert.equal(await count(page), `${before + 2} people have acted`);

    // Pressing "I called" again from the same browser does not count twice.
    await page.goto(`${base}/en/${ACTION}`);
    await page.locator('[data-test=i-called]').click();
    await page.waitForURL(/\/thanks$/);
    assert.equal(await count(page), `${before + 2} people have acted`);
    onlyLocal(requests);
    await context.close();
  });

  test(`Russian, ${mode}: the page speaks Russian and acting works`, async () => {
    const { context, page, requests } = await newPage({ javaScript, locale: 'ru-RU' });
    await page.goto(`${base}/`);
    assert.ok(page.url().endsWith('/ru/'), `redirected by Accept-Language: ${page.url()}`);
    await page.goto(`${base}/ru/${ACTION}`);
    assert.equal(await page.getAttribute('html', 'lang'), 'ru');
    assert.match(await page.locator('h1').textContent(), /Заключённый математик/);
    assert.match(await page.locator('[data-test=deadline]').textContent(), /Осталось \d+ (день|дня|дней)/);
    await page.locator('[data-test=i-called]').click();
    await page.waitForURL(/\/thanks$/);
    assert.match(await count(page), /человек(а)? принял(и)? участие/);
    onlyLocal(requests);
    await context.close();
  });
}

test('JavaScript off: print and post gives a PDF letter with its envelope, and "I posted it" counts', async () => {
  const { context, page, requests } = await newPage({ javaScript: false });
  await page.goto(`${base}/en/${ACTION}`);
  const before = Number((await count(page)).match(/\d+/)[0]);
  await page.fill('#name', 'Anna Smith');
  await page.fill('#town', 'Leeds');
  await page.fill('#address', '12 Example Road\nLeeds LS1 1AA\nUNITED KINGDOM');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-test=download-letter]').click(),
  ]);
  const pdf = await savePdf(download, 'appeal');
  assert.ok(pdf.length > 10000, `a PDF with fonts embedded (${pdf.length} bytes)`);
  await page.locator('[data-test=posted-form] select[name=country]').selectOption('GB');
  await page.locator('[data-test=i-posted-it]').click();
  await page.waitForURL(/\/thanks$/);
  assert.match(await count(page), new RegExp(`^${before + 1} (person has|people have) acted$`));
  onlyLocal(requests);
  await context.close();
});

test('JavaScript off: the composer writes a Russian letter, warns, prints it and relays it', async () => {
  const { context, page, requests } = await newPage({ javaScript: false });
  await page.goto(`${base}/en/c/azat-miftakhov`);
  await page.locator('[data-test=write-link]').click();
  assert.equal(await page.locator('h1').textContent(), 'Write to Azat');
  await page.check('#writer-f');
  await page.uncheck('#p-greeting-hello');
  await page.check('#p-greeting-dear');
  await page.check('#p-wish-strength');
  await page.fill('#free', 'Я читала про войну и очень переживаю. See you soon!');
  await page.fill('#signature', 'Anna');
  await page.locator('[data-test=compose]').click();
  const letter = await page.locator('[data-test=letter-text]').inputValue();
  assert.match(letter, /^Дорогой Азат!/);
  assert.ok(letter.includes('Желаю Вам сил и терпения.'), letter);
  const warnings = await page.locator('[data-test=warning]').allTextContents();
  assert.ok(warnings.some((w) => w.startsWith('The war')), warnings.join('\n'));
  assert.ok(warnings.some((w) => w.startsWith('Not in Russian')), warnings.join('\n'));
  await page.screenshot({ path: path.join(shots, 'write-check-1280.png'), fullPage: true });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-test=download-pdf]').click(),
  ]);
  await savePdf(download, 'letter-to-azat');
  await page.locator('[data-test=relay]').click();
  await page.waitForURL(/\/write\/sent$/);
  assert.match(await page.locator('[data-test=sent]').textContent(), /Outcry demo group has your letter/);
  onlyLocal(requests);
  await context.close();
});

test('pages fit a 360-px screen; screenshots at 360 and 1280 px', async () => {
  for (const width of [360, 1280]) {
    const { context, page, requests } = await newPage({ width });
    for (const [name, url] of [['home', '/en/'], ['case', '/en/c/azat-miftakhov'], ['action', `/en/${ACTION}`], ['action-ru', `/ru/${ACTION}`], ['write', '/en/c/azat-miftakhov/write'], ['write-ru', '/ru/c/azat-miftakhov/write']]) {
      await page.goto(`${base}${url}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${url} scrolls sideways by ${overflow}px at ${width}px`);
      await page.screenshot({ path: path.join(shots, `${name}-${width}.png`), fullPage: true });
    }
    onlyLocal(requests);
    await context.close();
  }
});

test('WCAG 2.1 AA basics (axe-core): no violations on home, case and action pages', async () => {
  const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  // axe is injected as a script, which the site's CSP rightly forbids; this context bypasses it.
  const { context, page } = await newPage({ bypassCSP: true });
  for (const url of ['/en/', '/ru/', '/en/c/azat-miftakhov', `/en/${ACTION}`, `/ru/${ACTION}`, '/en/c/azat-miftakhov/write', '/ru/c/azat-miftakhov/write', '/en/no-such-page']) {
    await page.goto(`${base}${url}`);
    await page.addScriptTag({ content: axe });
    const result = await page.evaluate(async () =>
      // eslint-disable-next-line no-undef
      axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
    const problems = result.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.help}`);
    assert.deepEqual(problems, [], `${url} has accessibility violations`);
  }
  await context.close();
});

// Last, after every test above has typed names, towns, addresses and letters into the forms.
test("the server's log, at TRACE, holds nothing a supporter typed", () => {
  const text = log();
  assert.ok(text.includes('TRACE') || text.includes('DEBUG'), 'the log is at TRACE level');
  assert.ok(text.includes('POST'), 'the log saw the posts');
  for (const typed of ['Anna Smith', 'Leeds', '12 Example Road', 'LS1 1AA', 'переживаю', 'See you soon']) {
    assert.ok(!text.includes(typed), `${typed} is in the server's log`);
  }
});
