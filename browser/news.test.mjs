// News as a reader meets it in the demo, in Chromium with JavaScript off (and on): the news
// index, the demo article about the case with the case's current-address box (the article
// itself never carries the superseded IK-17 address), the author's page, in English and
// Russian at 360 and 1280 px; and every Atom feed a page links, read by a real feed reader
// (Python's feedparser): no "bozo" errors, entries with dates, links that open on the site.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { launchBrowser, shots, startServer } from './harness.mjs';

let server;
let base;
let browser;

function feedparserAvailable() {
  try {
    execFileSync('python3', ['-c', 'import feedparser'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.OUTCRY_REQUIRE_SMTP === '1') {
      throw new Error('feedparser is missing (pip install -r crates/testkit/smtp/requirements.txt)');
    }
    return false;
  }
}
const haveFeedparser = feedparserAvailable();

before(async () => {
  ({ server, base } = await startServer([]));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
});

async function fits(page, width, name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scroll <= width, `${name} fits ${width} px (${scroll})`);
}

/// What feedparser reads from the feed at `url`: { bozo, entries: [{ link, published }] }.
async function readFeed(url) {
  const xml = await (await fetch(url)).text();
  const out = execFileSync('python3', ['-c', `
import json, sys, feedparser
d = feedparser.parse(sys.stdin.read())
print(json.dumps({"bozo": d.bozo, "version": d.version, "title": d.feed.get("title"),
  "entries": [{"link": e.get("link"), "published": bool(e.get("published_parsed")), "title": e.get("title")} for e in d.entries]}))
`], { input: xml });
  return JSON.parse(out.toString());
}

for (const [lang, js, width] of [['en', false, 360], ['ru', false, 1280], ['en', true, 1280], ['ru', false, 360]]) {
  test(`${lang}, JavaScript ${js ? 'on' : 'off'}, ${width} px: the news index, the demo article with the case's address box, the author`, async () => {
    const context = await browser.newContext({ javaScriptEnabled: js, viewport: { width, height: 900 }, locale: lang === 'ru' ? 'ru-RU' : 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${base}/${lang}/`);
    await page.locator('[data-test=nav-news]').click();
    await page.waitForURL(new RegExp(`/${lang}/news$`));
    assert.ok(await page.locator('[data-test=article]').count() >= 1, 'the demo has news');
    await fits(page, width, `news-index-${lang}-${width}`);
    await page.locator('[data-test=article] > a').first().click();
    await page.waitForURL(new RegExp(`/${lang}/news/[a-z0-9-]+$`));
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    const box = await page.locator('[data-test=case-box]').textContent();
    assert.ok(!box.includes('612744'), 'the superseded IK-17 address is not offered');
    const body = await page.locator('[data-test=body]').textContent();
    assert.ok(!body.includes('612744'), 'nor does the article carry it');
    assert.ok(await page.locator('[data-test=write-link]').count() === 1, 'the write link from the case');
    await fits(page, width, `news-article-${lang}-${width}`);
    const feeds = await page.locator('link[rel=alternate][type="application/atom+xml"]').evaluateAll((ls) => ls.map((l) => l.href));
    assert.ok(feeds.length >= 2, `the article's feeds: ${feeds}`);
    await page.locator('[data-test=author]').click();
    await page.waitForURL(new RegExp(`/${lang}/authors/[a-z0-9-]+$`));
    assert.ok(await page.locator('[data-test=article]').count() >= 1);
    await fits(page, width, `news-author-${lang}-${width}`);
    if (haveFeedparser && width === 1280) {
      const more = await page.locator('link[rel=alternate][type="application/atom+xml"]').evaluateAll((ls) => ls.map((l) => l.href));
      for (const url of [...new Set([...feeds, ...more, `${base}/${lang}/feeds/actions`])]) {
        const feed = await readFeed(url);
        assert.ok(!feed.bozo, `${url} is well-formed for a feed reader`);
        assert.equal(feed.version, 'atom10', url);
        assert.ok(feed.entries.length >= 1, `${url} has entries`);
        for (const e of feed.entries) {
          assert.ok(e.published, `${url}: ${e.title} has a date`);
          const opened = await fetch(new URL(e.link, url));
          assert.equal(opened.status, 200, `${url}: ${e.link} opens`);
        }
      }
    }
    await context.close();
  });
}
