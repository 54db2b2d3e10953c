// The organizers' admin in a real browser, as a new group tries it in the demo: the demo's
// admin chooses a password from the printed link, enrols an authenticator app (the test plays
// the app, computing RFC 6238 codes from the secret the page shows as text), invites a
// moderator and a translator; the moderator unlocks the organization's key, reads the waiting
// letters in full with the checker's warnings, approves one and downloads the print batch; a
// replayed code is refused and a recovery code works once; the translator is refused the
// letters; a session id planted before login is not the one after. JavaScript off (and on for
// the translator), 360 px and 1280 px, English and Russian.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, shots, startServer } from './harness.mjs';

let server;
let base;
let log;
let browser;
const links = {};
const PASSWORD = 'copper violin harbour seventeen';

before(async () => {
  ({ server, base, log } = await startServer([]));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
});

/// RFC 4648 base32 (no padding) to bytes.
function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0; let value = 0; const out = [];
  for (const c of text.replace(/[\s=]/g, '')) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) { bits -= 8; out.push((value >>> bits) & 0xff); }
  }
  return Buffer.from(out);
}

/// The six-digit code an authenticator app shows for `secret` at `unix` seconds.
function totp(secret, unix = Date.now() / 1000) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unix / 30)));
  const mac = createHmac('sha1', secret).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const n = (mac.readUInt32BE(offset) & 0x7fffffff) % 1000000;
  return String(n).padStart(6, '0');
}

async function fits(page, width, name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scroll <= width, `${name} fits ${width} px (${scroll})`);
  const scripts = await page.locator('script').count();
  assert.equal(scripts, 0, `${name} has no script`);
}

async function setPassword(page, link) {
  await page.goto(link);
  await page.fill('#password', PASSWORD);
  await page.fill('#again', PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL(/\/login\?done=password$/);
}

async function login(page, lang, email) {
  await page.goto(`${base}/admin/${lang}/login`);
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await page.locator('main form button[type=submit]').click();
  await page.waitForLoadState();
}

async function code(page, value) {
  await page.fill('#code', value);
  await page.locator('main form button[type=submit]').click();
  await page.waitForLoadState();
}

/// Enrols the app on the page the login led to; returns { secret, codes }.
async function enrol(page, width, name) {
  await page.waitForURL(/\/two-factor$/);
  assert.equal(await page.locator('[data-test=qr] svg').count(), 1, 'a QR code drawn as SVG');
  await fits(page, width, `${name}-enrol`);
  const secret = base32(await page.locator('[data-test=secret]').textContent());
  await code(page, totp(secret));
  const codes = await page.locator('[data-test=recovery-codes] li').allTextContents();
  assert.equal(codes.length, 10);
  await fits(page, width, `${name}-recovery-codes`);
  return { secret, codes: codes.map((c) => c.trim()) };
}

async function signOut(page) {
  await page.locator('.signed-in button').click();
  await page.waitForURL(/\/login$/);
}

test('en, JavaScript off, 360 px: the demo admin sets a password, enrols an app, invites, and a replayed code is refused', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 800 }, locale: 'en-GB' });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const link = log().match(/choose its password at (http:\S+)/)[1];
  await setPassword(page, link);
  assert.match(await page.locator('[data-test=notice]').textContent(), /password is set/);
  await fits(page, 360, 'admin-login-en-360');
  await login(page, 'en', 'admin@demo.invalid');
  const { secret, codes } = await enrol(page, 360, 'admin-en-360');
  await page.locator('main a').first().click();
  await page.waitForURL(/\/admin\/en\/$/);
  assert.match(await page.locator('[data-test=signed-in]').textContent(), /admin@demo\.invalid · administrator/);
  await fits(page, 360, 'admin-home-en-360');

  for (const [email, role] of [['moderator@demo.invalid', 'moderator'], ['translator@demo.invalid', 'translator']]) {
    await page.goto(`${base}/admin/en/users`);
    await page.fill('#invite-email', email);
    await page.selectOption('#invite-role', role);
    await page.locator('form[action="/admin/en/users"] button').click();
    await page.waitForSelector('[data-test=link]');
    links[role] = (await page.locator('[data-test=link] code').textContent()).trim();
    assert.match(links[role], /\/admin\/en\/password\?t=[0-9a-f]{64}$/);
  }
  await fits(page, 360, 'admin-users-en-360');

  // Sign out; sign in with the code the app shows; sign out; the same code again is refused.
  await signOut(page);
  await login(page, 'en', 'admin@demo.invalid');
  await page.waitForURL(/\/login\/code$/);
  await fits(page, 360, 'admin-code-en-360');
  // The enrolment's step is spent; the code of the next step (the app's, a little early) opens.
  const next = totp(secret, Date.now() / 1000 + 30);
  await code(page, next);
  await page.waitForURL(/\/admin\/en\/$/);
  await signOut(page);
  await login(page, 'en', 'admin@demo.invalid');
  await code(page, next);
  assert.match(await page.locator('[data-test=error]').textContent(), /already used/);
  // A recovery code opens, once.
  await code(page, codes[0]);
  await page.waitForURL(/\/admin\/en\/$/);
  assert.match(await page.locator('[data-test=second-factor]').textContent(), /Recovery codes left: 9/);
  await signOut(page);
  await login(page, 'en', 'admin@demo.invalid');
  await code(page, codes[0]);
  assert.match(await page.locator('[data-test=error]').textContent(), /already used/);
  // The audit log shows what happened.
  await code(page, codes[1]);
  await page.goto(`${base}/admin/en/audit`);
  const audit = await page.locator('[data-test=audit]').textContent();
  assert.match(audit, /account\.create/);
  assert.match(audit, /session\.login/);
  await fits(page, 360, 'admin-audit-en-360');
  const foreign = requests.filter((u) => !u.startsWith(base));
  assert.deepEqual(foreign, [], 'nothing from another origin');
  await context.close();
});

test('ru, JavaScript off, 1280 px: the moderator unlocks the key, reads the letters, approves one and downloads the batch', async () => {
  assert.ok(links.moderator, 'the first test invited a moderator');
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 }, locale: 'ru-RU', acceptDownloads: true });
  const page = await context.newPage();
  await setPassword(page, links.moderator.replace('/admin/en/', '/admin/ru/'));
  await login(page, 'ru', 'moderator@demo.invalid');
  await enrol(page, 1280, 'admin-ru-1280');
  await page.goto(`${base}/admin/ru/letters`);
  assert.equal((await page.locator('[data-test=pending]').textContent()).trim(), '2');
  await fits(page, 1280, 'admin-letters-ru-1280');
  await page.locator('[data-test=cases] a').click();
  assert.equal(await page.locator('[data-test=letter]').count(), 2);
  assert.equal(await page.locator('[data-test=letter-text]').count(), 0, 'sealed until the key is unlocked');
  // Unlock with the demo key's file, pasted.
  const keyFile = log().match(/demo organization key in (\S+):/)[1];
  await page.locator('[data-test=key-state] a').click();
  await page.fill('#identity', readFileSync(keyFile, 'utf8'));
  await page.locator('main form button[type=submit]').click();
  await page.waitForURL(/\/letters\/azat-miftakhov$/);
  const texts = await page.locator('[data-test=letter-text]').allTextContents();
  assert.equal(texts.length, 2);
  assert.ok(texts.some((t) => t.includes('Пишу Вам из Тарту')), texts.join(' | '));
  assert.ok(await page.locator('[data-test=warnings]').count() >= 1, 'the checker flags the second letter');
  await fits(page, 1280, 'admin-queue-ru-1280');
  // Approve the letter from Tartu.
  const tartu = page.locator('[data-test=letter]', { hasText: 'Тарту' });
  await tartu.locator('input[name=letter]').check();
  await page.locator('button[value=approve]').click();
  await page.waitForSelector('[data-test=notice]');
  await page.goto(`${base}/admin/ru/letters/azat-miftakhov?status=approved`);
  assert.equal(await page.locator('[data-test=letter]').count(), 1);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=print]').click()]);
  const file = path.join(shots, 'admin-batch.pdf');
  await download.saveAs(file);
  assert.equal(readFileSync(file).subarray(0, 4).toString(), '%PDF');
  await page.goto(`${base}/admin/ru/letters/azat-miftakhov?status=printed`);
  assert.equal(await page.locator('[data-test=letter]').count(), 1);
  await fits(page, 1280, 'admin-printed-ru-1280');
  // The same pages on a phone.
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto(`${base}/admin/ru/letters/azat-miftakhov`);
  await fits(page, 360, 'admin-queue-ru-360');
  await page.goto(`${base}/admin/ru/`);
  await fits(page, 360, 'admin-home-ru-360');
  await context.close();
});

test('en, JavaScript on, 1280 px: the translator is refused the letters; a planted session id is replaced at login', async () => {
  assert.ok(links.translator, 'the first test invited a translator');
  const context = await browser.newContext({ javaScriptEnabled: true, viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  const host = new URL(base).hostname;
  const planted = 'b'.repeat(64);
  await context.addCookies([{ name: 'outcry_admin', value: planted, domain: host, path: '/' }]);
  const page = await context.newPage();
  await setPassword(page, links.translator);
  await login(page, 'en', 'translator@demo.invalid');
  await page.waitForURL(/\/admin\/en\/$/);
  const cookie = (await context.cookies()).find((c) => c.name === 'outcry_admin');
  assert.ok(cookie && cookie.value !== planted, 'the server chose the session id');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Strict');
  const response = await page.goto(`${base}/admin/en/letters`);
  assert.equal(response.status(), 403);
  assert.match(await page.locator('h1').textContent(), /Not for your role/);
  await fits(page, 1280, 'admin-refused-en-1280');
  await page.goto(`${base}/admin/en/`);
  assert.equal(await page.locator('.admin-menu a', { hasText: 'Letters' }).count(), 0, 'no menu entry for it');
  await fits(page, 1280, 'admin-home-translator-en-1280');
  await context.close();
});
