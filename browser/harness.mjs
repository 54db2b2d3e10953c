// What every browser test file shares: the demo server on a free port of 127.0.0.1 (its data
// directory a scratch one, so the demo's key pair lands nowhere in the tree) and Debian's
// Chromium, headless, with nothing that talks to the network on its own.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const shots = path.join(root, 'target/screenshots');
export const ACTION = 'a/azat-miftakhov-torture-in-ik-18';
const binary = process.env.OUTCRY_BIN ?? path.join(root, 'target/debug/outcry');

/// Starts `outcry serve --demo` with `flags`; resolves to { server, base, log } once it
/// listens. `log()` is everything the server has written to stderr so far; with `logLevel`
/// (a `RUST_LOG` filter such as 'trace') it logs at that level.
export async function startServer(flags, { logLevel } = {}) {
  mkdirSync(shots, { recursive: true });
  const env = Object.fromEntries(Object.entries(process.env)
    .filter(([k]) => k !== 'OUTCRY_DATABASE_URL' && k !== 'RUST_LOG' && k !== 'OUTCRY_SEAL_TO'));
  env.OUTCRY_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'outcry-browser-'));
  if (logLevel) env.RUST_LOG = logLevel;
  const server = spawn(binary, ['serve', '--demo', '--listen', '127.0.0.1:0', ...flags], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let seen = '';
  // Kept for the whole run, not only until it listens: a test reads the log at the end.
  server.stderr.on('data', (chunk) => { seen += chunk; });
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${seen}`)), 20000);
    server.stderr.on('data', () => {
      const m = seen.match(/serving on (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    server.on('exit', (code) => reject(new Error(`server exited with ${code}: ${seen}`)));
  });
  return { server, base, log: () => seen };
}

/// Debian's Chromium, headless, as the brief prescribes, and quiet on the network.
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
}
