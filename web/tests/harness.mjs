// What the browser tests share (web/tests/e2e.mjs, web/tests/contrib.mjs): their arguments,
// the report of checks and sections, Chromium's contexts and pages whose problems (dialogs,
// console errors, failed requests, HTTP errors) fail the check that saw them, and the checks
// every page gets (French, skip link, no script injection, axe-core).
//
// Never downloads a browser: Chromium comes from $CHROMIUM or /usr/bin/chromium. Requests to
// any host other than --base are aborted (map tiles must not be needed), and are not failures.

import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const require = createRequire(import.meta.url);

export const XSS_TEXT = '<script>alert(1)</script>';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The parsed arguments (see parseOptions), the server's URL and its origin. */
export let options;
export let BASE;
let BASE_ORIGIN;

// ---------------------------------------------------------------------------------------------
// Arguments

/**
 * Reads --base URL, --out DIR, --timeout SECONDS, --keep-going and the script's own flags:
 * `extra` maps each flag taking a value (`--xss-id`) to its key in the options (`xssId`); all
 * are required. Exits 2 on bad usage, printing `usage`.
 */
export function parseOptions(usage, extra) {
  const bad = (message) => {
    console.error(`e2e: ${message}`);
    console.error(`usage: ${usage}`);
    process.exit(2);
  };
  options = { keepGoing: false, timeout: 170 };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) bad(`${flag} needs a value`);
      return argv[++i];
    };
    if (flag === '--base') options.base = value().replace(/\/+$/, '');
    else if (flag === '--out') options.out = value();
    else if (flag === '--timeout') options.timeout = Number(value());
    else if (flag === '--keep-going') options.keepGoing = true;
    else if (Object.hasOwn(extra, flag)) options[extra[flag]] = value();
    else bad(`unknown argument ${flag}`);
  }
  for (const flag of ['--base', '--out', ...Object.keys(extra)]) {
    const key = flag === '--base' ? 'base' : flag === '--out' ? 'out' : extra[flag];
    if (!options[key]) bad(`${flag} is required`);
  }
  if (!(options.timeout > 0)) bad('--timeout must be a positive number of seconds');
  BASE = options.base;
  BASE_ORIGIN = new URL(BASE).origin;
  return options;
}

// ---------------------------------------------------------------------------------------------
// Reporting

export class Failure extends Error {}

/** Problems seen by the page listeners since the last check: dialogs, console and page errors. */
let problems = [];
const failures = [];
const blockedHosts = new Set();
let browser;
let axeSource;

export function fail(message) {
  throw new Failure(message);
}

function takeProblems() {
  const taken = problems;
  problems = [];
  return taken;
}

/** Runs one check: prints `ok  NAME` or throws a Failure naming it. */
export async function check(name, body) {
  let detail;
  try {
    detail = await body();
  } catch (error) {
    const seen = takeProblems();
    const extra = seen.length ? `\n      also seen:\n${seen.map((p) => `        - ${p}`).join('\n')}` : '';
    const message = error instanceof Failure ? error.message : `${error.name}: ${error.message}`;
    throw new Failure(`${name}: ${message}${extra}`);
  }
  const seen = takeProblems();
  if (seen.length) {
    throw new Failure(`${name}: the page reported problems:\n${seen.map((p) => `        - ${p}`).join('\n')}`);
  }
  console.log(`ok    ${name}${typeof detail === 'string' && detail ? ` — ${detail}` : ''}`);
}

/** Runs a group of dependent checks; a failure ends the run, or only the section with --keep-going. */
export async function section(name, body) {
  console.log(`\n# ${name}`);
  try {
    await body();
  } catch (error) {
    const message = error instanceof Failure ? error.message : `${error.stack || error}`;
    console.log(`FAIL  ${message}`);
    failures.push(`${name}: ${message.split('\n')[0]}`);
    if (!options.keepGoing) await finish();
  }
}

/** Closes the browser and exits: 0 when every check passed, 1 otherwise, with a summary. */
export async function finish() {
  if (blockedHosts.size) console.log(`\n(aborted requests to other hosts: ${[...blockedHosts].sort().join(', ')})`);
  if (browser) await browser.close().catch(() => {});
  if (failures.length) {
    console.log(`\ne2e: ${failures.length} failure(s):`);
    for (const f of failures) console.log(`  - ${f}`);
    process.exit(1);
  }
  console.log('\ne2e: all checks passed');
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// Browser helpers

/**
 * Loads playwright-core and axe-core, launches Chromium and arms the watchdog of
 * --timeout; exits 2 when the packages are missing, 1 when Chromium does not start.
 */
export async function launch(name) {
  let chromium;
  try {
    ({ chromium } = require('playwright-core'));
    axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  } catch (error) {
    console.error(`e2e: playwright-core and axe-core must be installed in web/node_modules (npm ci in web/): ${error.message}`);
    process.exit(2);
  }
  mkdirSync(options.out, { recursive: true });
  const watchdog = setTimeout(async () => {
    console.log(`FAIL  the whole run took more than ${options.timeout} s`);
    failures.push('timeout');
    await finish();
  }, options.timeout * 1000);
  watchdog.unref();
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  } catch (error) {
    console.error(`e2e: cannot launch Chromium at ${CHROMIUM}: ${error.message}`);
    process.exit(1);
  }
  console.log(`${name}: ${browser.version()} (${CHROMIUM}) against ${BASE}, screenshots in ${path.resolve(options.out)}`);
}

export function isBase(url) {
  try {
    const parsed = new URL(url);
    return parsed.origin === BASE_ORIGIN || parsed.protocol === 'data:' || parsed.protocol === 'blob:';
  } catch {
    return false;
  }
}

export async function newContext(extra = {}) {
  const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', ...extra });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isBase(url)) return route.continue();
    blockedHosts.add(new URL(url).host);
    return route.abort('blockedbyclient');
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(20_000);
  return context;
}

/**
 * The HTTP error status a page's next document is expected to have (a form sent back with its
 * errors, say), set by go() and submit(): not a problem for that document.
 */
const expectedStatus = new WeakMap();

/** A new page whose dialogs, console errors and uncaught exceptions become problems. */
export async function newPage(context) {
  const page = await context.newPage();
  const expected = (status) => status === expectedStatus.get(page);
  page.on('dialog', (dialog) => {
    problems.push(`JS dialog (${dialog.type()}) "${dialog.message()}" on ${page.url()} — XSS?`);
    dialog.dismiss().catch(() => {});
  });
  page.on('pageerror', (error) => problems.push(`page error on ${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location()?.url || '';
    // Loads of other hosts' resources (map tiles) are aborted on purpose.
    if (where && !isBase(where)) return;
    if (/net::ERR_BLOCKED_BY_CLIENT/.test(message.text())) return;
    // Chromium logs a document's error status too: an expected one is no problem.
    const status = /^Failed to load resource: the server responded with a status of (\d+)/.exec(message.text());
    if (status && expected(Number(status[1]))) return;
    problems.push(`console error on ${page.url()}: ${message.text()}${where ? ` (${where})` : ''}`);
  });
  page.on('requestfailed', (request) => {
    const url = request.url();
    if (!isBase(url)) return;
    const failure = request.failure()?.errorText || '';
    // Navigations and fetches cancelled by a newer one are normal.
    if (/ERR_ABORTED/.test(failure)) return;
    problems.push(`request failed on ${page.url()}: ${request.method()} ${url} ${failure}`);
  });
  page.on('response', (response) => {
    const url = response.url();
    if (response.request().isNavigationRequest() && expected(response.status())) return;
    if (isBase(url) && response.status() >= 400 && !url.endsWith('/favicon.ico')) {
      problems.push(`HTTP ${response.status()} for ${url} (from ${page.url()})`);
    }
  });
  return page;
}

/** Loads `pathAndQuery` (following redirects): its document must answer `status`. */
export async function go(page, pathAndQuery, { status = 200 } = {}) {
  expectedStatus.set(page, status);
  const response = await page.goto(BASE + pathAndQuery, { waitUntil: 'load' });
  if (!response) fail(`no response for ${pathAndQuery}`);
  if (response.status() !== status) fail(`GET ${pathAndQuery}: HTTP ${response.status()}, expected ${status}`);
  return response;
}

/**
 * Runs `action` (a click or a key press sending a form) and waits for the document it loads,
 * after redirects: it must answer `status`. Returns its path.
 */
export async function submit(page, action, { status = 200 } = {}) {
  expectedStatus.set(page, status);
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), action()]);
  if (!response) fail('the form loaded no new document');
  const url = new URL(response.url());
  if (response.status() !== status) {
    const h1 = await page.textContent('h1').catch(() => null);
    fail(`${response.request().method()} ended at ${url.pathname} with HTTP ${response.status()}, ` +
      `expected ${status} (h1 ${JSON.stringify(h1?.trim())})`);
  }
  return url.pathname;
}

/** Checks shared by every page: French, skip link, main landmark. */
export async function commonPage(page, label) {
  await check(`${label}: html[lang=fr], a.skip[href="#contenu"], main#contenu`, async () => {
    const found = await page.evaluate(() => ({
      lang: document.documentElement.getAttribute('lang'),
      skip: !!document.querySelector('a.skip[href="#contenu"]'),
      main: !!document.querySelector('main#contenu'),
      title: document.title,
    }));
    const missing = [];
    if (found.lang !== 'fr') missing.push(`html lang is ${JSON.stringify(found.lang)}`);
    if (!found.skip) missing.push('no a.skip[href="#contenu"]');
    if (!found.main) missing.push('no main#contenu');
    if (!found.title.trim()) missing.push('empty <title>');
    if (missing.length) fail(missing.join('; '));
    return `title "${found.title}"`;
  });
}

/** XSS checks on the current page; `mustShow` requires the name as literal text. */
export async function xssChecks(page, label, mustShow) {
  await check(`${label}: no script injection${mustShow ? ', name shown as text' : ''}`, async () => {
    const found = await page.evaluate((needle) => ({
      text: document.body.innerText.includes(needle) || document.body.textContent.includes(needle),
      scripts: [...document.querySelectorAll('script')]
        .filter((s) => s.textContent.includes('alert('))
        .map((s) => s.outerHTML.slice(0, 200)),
      handlers: [...document.querySelectorAll(
        '[onerror], [onload], [onclick], [onmouseover], img[src="x"], a[href^="javascript:" i]')]
        .map((e) => e.outerHTML.slice(0, 200)),
      styles: [...document.querySelectorAll('style')]
        .filter((s) => s.textContent.includes('body{display:none}'))
        .map((s) => s.outerHTML.slice(0, 200)),
    }), XSS_TEXT);
    if (found.scripts.length) fail(`script element(s) holding alert(: ${found.scripts.join(' | ')}`);
    if (found.handlers.length) fail(`injected element(s) with event handlers: ${found.handlers.join(' | ')}`);
    if (found.styles.length) fail(`injected style element(s): ${found.styles.join(' | ')}`);
    if (mustShow && !found.text) fail(`the text ${XSS_TEXT} is not shown literally on the page`);
  });
}

/** Runs axe-core with the WCAG 2.1 A/AA tags; fails listing every violation. */
export async function axeCheck(page, label) {
  try {
    await axeRun(page, label);
  } catch (error) {
    // With --keep-going, violations do not stop the section's other checks.
    if (!options.keepGoing || !(error instanceof Failure)) throw error;
    console.log(`FAIL  ${error.message}`);
    failures.push(error.message.split('\n')[0]);
  }
}

async function axeRun(page, label) {
  await check(`${label}: axe-core WCAG 2.1 A/AA, 0 violations`, async () => {
    // Evaluated through the DevTools protocol: the pages' CSP (no inline script) does not apply.
    const loaded = await page.evaluate(`${axeSource}\n;typeof window.axe === 'object'`);
    if (!loaded) fail('axe-core did not load');
    const violations = await page.evaluate(async (tags) => {
      const result = await window.axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        count: v.nodes.length,
        target: v.nodes[0] && v.nodes[0].target.join(' '),
        html: v.nodes[0] && v.nodes[0].html,
        summary: v.nodes[0] && v.nodes[0].failureSummary,
      }));
    }, AXE_TAGS);
    if (violations.length) {
      const lines = violations.map((v) =>
        `      - ${v.id} (${v.impact}, ${v.count} node${v.count > 1 ? 's' : ''}): ${v.help}\n` +
        `          first node: ${v.target}\n          html: ${(v.html || '').slice(0, 300)}\n` +
        `          ${(v.summary || '').replace(/\n\s*/g, ' / ')}\n          ${v.helpUrl}`);
      fail(`${violations.length} violation(s) on ${page.url()}\n${lines.join('\n')}`);
    }
  });
}

export async function screenshot(page, name, fullPage = true) {
  const file = path.join(options.out, name);
  await page.screenshot({ path: file, fullPage, animations: 'disabled' });
  return file;
}
