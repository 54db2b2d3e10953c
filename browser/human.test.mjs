// The human check in a real browser: a supporter over the per-address POST budget is asked one
// question instead of being refused, with JavaScript off (as on Tor Browser's safest level),
// in English and in Russian, at a phone's width. The server runs with a budget of one POST a
// minute, so the second "I called" from 127.0.0.1 meets the check.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ACTION, launchBrowser, shots, startServer } from './harness.mjs';

// The built-in questions (crates/i18n/locales/*/outcry.ftl) and an answer each, by a word
// that is in the question in either language.
const ANSWERS = [
  [/two plus three|два плюс три/, '5'],
  [/days .* week|дней в неделе/, '7'],
  [/legs .* cat|лап у кошки/, '4'],
  [/fresh snow|свежий снег/, { en: 'white', ru: 'белый' }],
  [/hours .* day|часов в сутках/, '24'],
];

function answerTo(question, lang) {
  const found = ANSWERS.find(([re]) => re.test(question));
  assert.ok(found, `a question the test knows: ${question}`);
  const a = found[1];
  return typeof a === 'string' ? a : a[lang];
}

let server;
let base;
let browser;

before(async () => {
  ({ server, base } = await startServer(['--posts-per-minute', '1']));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

for (const [lang, locale, thanks] of [['en', 'en-GB', /Thank you/], ['ru', 'ru-RU', /Спасибо/]]) {
  test(`${lang}, JavaScript off, 360 px: over the POST budget, one question, then counted`, async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 800 }, locale });
    const page = await context.newPage();
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));

    // Whatever this address posted before (the other language's run), one POST spends the budget.
    await page.goto(`${base}/${lang}/${ACTION}`);
    await page.locator('[data-test=i-called]').click();
    await page.waitForLoadState();

    // A fresh browser on the same address: the check, not a refusal.
    await context.clearCookies();
    await page.goto(`${base}/${lang}/${ACTION}`);
    await page.locator('[data-test=i-called]').click();
    await page.waitForSelector('[data-test=human-check]');
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    const question = await page.locator('[data-test=human-question]').textContent();
    assert.ok(lang === 'ru' ? /[а-я]/.test(question) : /^[A-Za-z ?]+$/.test(question), `asked in ${lang}: ${question}`);
    await page.screenshot({ path: path.join(shots, `human-check-${lang}-360.png`), fullPage: true });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `the check fits 360 px (${width})`);
    // The honeypot is moved off screen (not display:none, which some scripts skip): a person
    // never sees it, a screen reader says to leave it empty.
    const trap = await page.locator('#human-website').boundingBox();
    assert.ok(trap === null || trap.x + trap.width <= 0, `the honeypot is off screen: ${JSON.stringify(trap)}`);

    // A wrong answer asks another question, saying why.
    await sleep(3200);
    await page.fill('#human-answer', 'no idea');
    await page.locator('[data-test=human-submit]').click();
    await page.waitForSelector('[data-test=human-problem]');

    // The right one, after reading time, sends the form as it was filled in.
    const second = await page.locator('[data-test=human-question]').textContent();
    await sleep(3200);
    await page.fill('#human-answer', answerTo(second, lang));
    await page.locator('[data-test=human-submit]').click();
    await page.waitForURL(/\/thanks$/);
    assert.match(await page.locator('h1').textContent(), thanks);
    const foreign = requests.filter((u) => !u.startsWith(base) && !u.startsWith('data:'));
    assert.deepEqual(foreign, [], 'no request may leave 127.0.0.1');
    await context.close();
  });
}
