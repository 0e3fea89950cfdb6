// End-to-end tests of the dashboard in headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core; no browser is downloaded), against a running UsageLens server with demo data.
//
//   node e2e/dashboard.e2e.mjs http://127.0.0.1:7070
//
// Environment: USAGELENS_CHROMIUM (default /usr/bin/chromium), USAGELENS_SCREENSHOTS (where the
// screenshots and the downloaded CSV go; default e2e-screenshots), USAGELENS_INGEST_KEY (an X-Api-Key
// for POST /api/usage-events; without it the injection check cannot ingest its events and fails),
// USAGELENS_SEEDED_AT (when the server seeded its demo data; default: the server's time now).
// The checks follow the server's clock (GET /api/auth/config), and every browser context starts on it.
// Exits non-zero when any check fails. web-api's DashboardEndToEndTest runs it against the real server.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const baseUrl = (process.argv[2] ?? '').replace(/\/+$/, '');
if (!baseUrl) {
  console.error('usage: node e2e/dashboard.e2e.mjs <base URL of a running UsageLens server>');
  process.exit(2);
}
const executablePath = process.env.USAGELENS_CHROMIUM || '/usr/bin/chromium';
const shotsDir = resolve(process.env.USAGELENS_SCREENSHOTS || 'e2e-screenshots');
const ingestKey = process.env.USAGELENS_INGEST_KEY || '';
const FIRST_ROWS_BUDGET_MS = 1000;
mkdirSync(shotsDir, { recursive: true });

if (!existsSync(executablePath)) {
  console.error(`Chromium is missing at ${executablePath}: install Debian's chromium (apt-get install chromium), as .ci/run does.`);
  process.exit(3);
}

// ---------------------------------------------------------------- helpers

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

function assertEqual(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

async function api(path, token, init = {}) {
  const response = await fetch(baseUrl + path, {
    ...init,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(init.headers ?? {}) },
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} answered ${response.status}: ${text}`);
  return text;
}

/**
 * Money as the dashboard shows it, computed from the API's decimal text, half away from zero: cents from $1 up;
 * below $1 up to four decimals (at least two), below $0.0001 "<$0.0001".
 */
function dollars(value) {
  const text = String(value);
  assert(/^-?\d+(\.\d+)?$/.test(text), `unexpected money text ${text}`);
  const negative = text.startsWith('-');
  const [integer, fraction = ''] = text.replace('-', '').split('.');
  const round = (places) => {
    let units = BigInt(integer + fraction.padEnd(places + 1, '0').slice(0, places));
    if (Number(fraction.padEnd(places + 1, '0')[places]) >= 5) units += 1n;
    const s = units.toString().padStart(places + 1, '0');
    return [s.slice(0, s.length - places), s.slice(s.length - places)];
  };
  const sign = negative ? '-' : '';
  if (/^0*$/.test(integer + fraction)) return '$0.00';
  if (BigInt(integer) > 0n) {
    const [whole, cents] = round(2);
    return `${sign}$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
  }
  const [whole, four] = round(4);
  if (whole === '0' && four === '0000') return `${negative ? '>-' : '<'}$0.0001`;
  return `${sign}$${whole}.${four.replace(/(\d\d\d*?)0+$/, '$1')}`;
}

/** The exact sum of decimal texts, as the shortest decimal text ("1.50" + "0.5" is "2"). */
function decimalSum(values) {
  const scale = Math.max(0, ...values.map((v) => (v.split('.')[1] ?? '').length));
  let total = 0n;
  for (const v of values) {
    assert(/^-?\d+(\.\d+)?$/.test(v), `unexpected decimal text ${v}`);
    const negative = v.startsWith('-');
    const [integer, fraction = ''] = v.replace('-', '').split('.');
    const units = BigInt(integer + fraction.padEnd(scale, '0'));
    total += negative ? -units : units;
  }
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
  let text = scale > 0 ? `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}` : digits;
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return (negative ? '-' : '') + text;
}

/** Rows of a CSV text (RFC 4180 quoting). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

/** The server's current time: the page follows it, and so do these checks (the server may run at any instant). */
async function serverNow() {
  const config = JSON.parse(await api('/api/auth/config', null));
  return new Date(config.server_time);
}

function periodOf(date) {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

function dayOf(date) {
  return date.toISOString().slice(0, 10);
}

function addDays(day, n) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return dayOf(d);
}

// ---------------------------------------------------------------- the browser

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});

const pageErrors = [];
const dialogs = [];

async function newPage(viewport = { width: 1280, height: 900 }, { fakeClock = true } = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  // The browser's clock starts where the server's is, so a page that reads the date agrees with the server even
  // before it has asked the server for the time. (Not where performance is measured: the fake clock replaces
  // the performance timeline too.)
  if (fakeClock) await context.clock.install({ time: await serverNow() });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  page.on('console', (m) => { if (m.type() === 'error') console.log(`  [browser console] ${m.text()}`); });
  return { context, page };
}

const rows = (page) => page.locator('[data-testid="usage-log-row"]');

async function openLogs(page, search = '') {
  await page.goto(`${baseUrl}/${search}`);
  await rows(page).first().waitFor({ timeout: 15_000 });
}

// ---------------------------------------------------------------- data

const demoToken = JSON.parse(await api('/api/auth/demo-token', null, { method: 'POST' })).token;

const INJECTIONS = {
  model: '<img src=x onerror=window.__pwned=1>',
  endpoint: '/v1/chat/completions"><script>window.__pwned=1</script>',
  error: '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">',
  model2: '"><svg onload=window.__pwned=3>',
  error2: '<iframe srcdoc="<script>parent.__pwned=4</script>"></iframe> javascript:window.__pwned=5',
};

async function ingestInjections() {
  assert(ingestKey, 'USAGELENS_INGEST_KEY is not set: cannot ingest the injection events');
  const now = await serverNow();
  const at = (s) => new Date(now.getTime() - s * 1000).toISOString();
  const event = (id, category, model, endpoint, status, error, seconds) => ({
    id, user_id: 'demo-user', provider: category, model_used: model, endpoint, method: 'POST',
    tokens_input: 10, tokens_output: 20, cost_input: 0, cost_output: '0.01', response_time: 1.5,
    status_code: status, timestamp: at(seconds), error_message: error,
  });
  const body = JSON.stringify({ events: [
    event(`e2e-injection-1-${now.getTime()}`, 'openai', INJECTIONS.model, INJECTIONS.endpoint, 500, INJECTIONS.error, 5),
    event(`e2e-injection-2-${now.getTime()}`, 'video', INJECTIONS.model2, '/video-generation/wavespeed', 429, INJECTIONS.error2, 6),
  ] });
  const response = JSON.parse(await api('/api/usage-events', null, {
    method: 'POST', body, headers: { 'Content-Type': 'application/json', 'X-Api-Key': ingestKey },
  }));
  for (const r of response.results) assertEqual(r.status, 'stored', `ingesting an injection event (${JSON.stringify(r)})`);
}

// ---------------------------------------------------------------- checks

const results = [];

async function check(name, body) {
  const started = Date.now();
  try {
    await body();
    results.push({ name, ok: true });
    console.log(`  ok    ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`  FAIL  ${name}: ${e.message}`);
  }
}

console.log(`Dashboard end-to-end tests against ${baseUrl} with ${executablePath}, server time ${(await serverNow()).toISOString()}`);

// First, before the injection events are added: the screenshots show the demo data alone.
await check('both views are usable at 1280 px and at 390 px wide (screenshots saved)', async () => {
  for (const [width, height] of [[1280, 900], [390, 844]]) {
    const { context, page } = await newPage({ width, height });
    await openLogs(page);
    let overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 1, `the logs view is ${overflow} px wider than the ${width} px window`);
    assert(await page.getByLabel('Provider').isVisible(), `the provider filter is visible at ${width} px`);
    await page.screenshot({ path: join(shotsDir, `logs-${width}.png`) });
    await page.goto(`${baseUrl}/analytics`);
    await page.locator('[data-testid="total-cost"]').waitFor({ timeout: 15_000 });
    overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 1, `the analytics view is ${overflow} px wider than the ${width} px window`);
    const chartBox = await page.getByRole('img', { name: 'Daily cost by provider' }).boundingBox();
    assert(chartBox.width <= width, `the daily chart fits (${chartBox.width} px)`);
    await page.screenshot({ path: join(shotsDir, `analytics-${width}.png`), fullPage: true });
    await context.close();
  }
});

await check('injected strings come back escaped and nothing executes', async () => {
  await ingestInjections();
  const { context, page } = await newPage();
  await openLogs(page);
  const modelCell = page.locator('td.model', { hasText: INJECTIONS.model });
  await modelCell.first().waitFor({ timeout: 10_000 });
  assertEqual(await modelCell.first().textContent(), INJECTIONS.model, 'the injected model, as text');
  assertEqual(await page.locator('td.endpoint', { hasText: 'window.__pwned=1</script>' }).first().textContent(),
    INJECTIONS.endpoint, 'the injected endpoint, as text');
  assertEqual(await page.locator('td.model', { hasText: INJECTIONS.model2 }).count(), 1, 'the second injected model');
  // the error shows on hover, as text
  const row = rows(page).filter({ has: page.locator('td.model', { hasText: INJECTIONS.model }) }).first();
  await row.locator('.chip').hover();
  const tip = row.locator('.error-tip [role="tooltip"]');
  assert(await tip.isVisible(), 'the error tooltip shows on hover');
  assertEqual(await tip.textContent(), INJECTIONS.error, 'the injected error message, as text');
  await page.waitForTimeout(300);
  const pwned = await page.evaluate(() => window.__pwned);
  assertEqual(pwned, undefined, 'window.__pwned');
  assertEqual(await page.locator('main img, main script, main iframe, main svg[onload]').count(), 0, 'injected elements in the page');
  assertEqual(dialogs.length, 0, 'dialogs opened');
  await page.screenshot({ path: join(shotsDir, 'injection-escaped.png') });
  await context.close();
});

await check(`the logs view renders its first 50 rows within ${FIRST_ROWS_BUDGET_MS} ms`, async () => {
  // One load to warm the server (JIT, pool), then a fresh browser context measures a first visit:
  // demo sign-in, catalog and the first page included.
  const warm = await newPage(undefined, { fakeClock: false });
  await openLogs(warm.page);
  await warm.context.close();
  const timings = [];
  for (let i = 0; i < 3; i++) {
    const { context, page } = await newPage(undefined, { fakeClock: false });
    const started = Date.now();
    await page.goto(`${baseUrl}/`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="usage-log-row"]').length >= 50, null, { timeout: 15_000 });
    const wall = Date.now() - started;
    const mark = await page.evaluate(() => performance.getEntriesByName('usagelens:first-rows')[0]?.startTime ?? null);
    assert(mark !== null, 'the app marks when its first rows are on screen');
    const steps = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const parts = [`html+js ready ${Math.round(nav.domContentLoadedEventEnd)} ms`];
      for (const r of performance.getEntriesByType('resource')) {
        const path = new URL(r.name).pathname;
        if (path.startsWith('/api/')) parts.push(`${path} ${Math.round(r.startTime)}+${Math.round(r.duration)} ms`);
      }
      return parts.join(', ');
    });
    timings.push({ mark: Math.round(mark), wall, steps });
    await context.close();
  }
  const best = Math.min(...timings.map((t) => t.mark));
  const median = timings.map((t) => t.mark).sort((a, b) => a - b)[1];
  console.log(`        first 50 rows (from navigation start, 3 fresh visits): ${timings.map((t) => `${t.mark} ms`).join(', ')}; ` +
    `wall clock incl. browser start of the page: ${timings.map((t) => `${t.wall} ms`).join(', ')}; median ${median} ms`);
  console.log(`        where the time goes (last visit): ${timings[timings.length - 1].steps}`);
  assert(median <= FIRST_ROWS_BUDGET_MS, `median first-rows time ${median} ms is over ${FIRST_ROWS_BUDGET_MS} ms (best ${best} ms)`);
});

await check('a video row shows a bold WaveSpeed with (video) under it', async () => {
  const { context, page } = await newPage();
  await openLogs(page, '?provider=wavespeed');
  const row = rows(page).filter({ has: page.locator('.category', { hasText: '(video)' }) }).first();
  await row.waitFor({ timeout: 10_000 });
  const name = row.locator('.provider-name');
  assertEqual(await name.textContent(), 'WaveSpeed', 'provider name');
  assertEqual(await name.evaluate((e) => e.tagName), 'STRONG', 'provider name element');
  const weight = Number(await name.evaluate((e) => getComputedStyle(e).fontWeight));
  assert(weight >= 600, `the provider name is bold (font-weight ${weight})`);
  const nameBox = await name.boundingBox();
  const categoryBox = await row.locator('.category').boundingBox();
  assert(categoryBox.y >= nameBox.y + nameBox.height - 1, 'the category is below the provider name');
  const categoryFont = await row.locator('.category').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  const nameFont = await name.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  assert(categoryFont < nameFont, `the category is in smaller text (${categoryFont}px < ${nameFont}px)`);
  // the "why" tooltip says how the provider was detected
  await row.getByRole('button', { name: 'Why WaveSpeed?' }).focus();
  const why = row.locator('.why [role="tooltip"]');
  assert(await why.isVisible(), 'the why tooltip shows on keyboard focus');
  assert((await why.textContent()).includes('rule endpoint.'), `the why tooltip names the rule: ${await why.textContent()}`);
  await context.close();
});

await check('rows detected on read are marked', async () => {
  const { context, page } = await newPage();
  // demo rows older than 60 days have no stored provider: they are on the last pages
  const page1 = JSON.parse(await api('/api/subscription/usage-logs?limit=1', demoToken));
  const lastPage = Math.ceil(page1.total_count / 50);
  await openLogs(page, `?page=${lastPage}`);
  assert(await page.locator('.badge.on-read').count() > 0, 'an "on read" badge on the oldest page');
  const why = rows(page).filter({ has: page.locator('.on-read') }).first().locator('.why [role="tooltip"]');
  assert((await why.textContent()).includes('Detected on read'), 'the why tooltip says detected on read');
  await context.close();
});

let wavespeedTotal = 0;
await check('filtering by WaveSpeed shows only WaveSpeed rows, and the link reloads to the same view', async () => {
  const { context, page } = await newPage();
  await openLogs(page);
  await page.getByLabel('Provider').selectOption('wavespeed');
  await page.waitForURL((url) => url.searchParams.get('provider') === 'wavespeed');
  await page.waitForFunction(() => {
    const all = [...document.querySelectorAll('[data-testid="usage-log-row"]')];
    return all.length > 0 && all.every((r) => r.getAttribute('data-provider') === 'wavespeed') && !document.querySelector('.stale');
  }, null, { timeout: 10_000 });
  const names = await page.locator('[data-testid="usage-log-row"] .provider-name').allTextContents();
  assert(names.length === 50, `a full page of WaveSpeed rows (${names.length})`);
  assert(names.every((n) => n === 'WaveSpeed'), `only WaveSpeed rows: ${[...new Set(names)].join(', ')}`);
  const expected = JSON.parse(await api('/api/subscription/usage-logs?provider=wavespeed&limit=1', demoToken));
  wavespeedTotal = expected.total_count;
  const summary = await page.locator('.pagination span').first().textContent();
  assert(summary.includes(`of ${expected.total_count.toLocaleString('en-US')} calls`), `the pager says the API's count: ${summary}`);
  // next page keeps the filter
  await page.getByRole('button', { name: 'Next →' }).click();
  await page.waitForURL((url) => url.searchParams.get('page') === '2' && url.searchParams.get('provider') === 'wavespeed');
  await page.reload();
  await rows(page).first().waitFor();
  assertEqual(await page.getByLabel('Provider').inputValue(), 'wavespeed', 'the provider filter after a reload');
  assert((await page.locator('.pagination span').first().textContent()).startsWith('51–100'), 'page 2 after a reload');
  const reloaded = await page.locator('[data-testid="usage-log-row"]').evaluateAll((all) => all.map((r) => r.getAttribute('data-provider')));
  assert(reloaded.every((p) => p === 'wavespeed'), 'only WaveSpeed rows after a reload');
  await context.close();
});

await check('the CSV of the current filter downloads', async () => {
  const { context, page } = await newPage();
  await openLogs(page, '?provider=wavespeed&status=success');
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  assertEqual(download.suggestedFilename(), 'usage-logs-wavespeed-success.csv', 'the CSV file name');
  const file = join(shotsDir, download.suggestedFilename());
  await download.saveAs(file);
  const table = parseCsv(readFileSync(file, 'utf8')).filter((r) => r.length > 1);
  const header = table[0];
  assert(header.includes('provider') && header.includes('cost_total'), `the CSV header: ${header.join(',')}`);
  const providerColumn = header.indexOf('provider');
  const statusColumn = header.indexOf('status');
  const expected = JSON.parse(await api('/api/subscription/usage-logs?provider=wavespeed&status=success&limit=1', demoToken));
  assertEqual(table.length - 1, expected.total_count, 'CSV data rows');
  assert(table.slice(1).every((r) => r[providerColumn] === 'wavespeed' && r[statusColumn] === 'success'), 'only successful WaveSpeed rows in the CSV');
  await page.getByRole('status').filter({ hasText: 'Downloaded' }).waitFor();
  console.log(`        downloaded ${table.length - 1} rows to ${file}`);
  await context.close();
});

/** The API's analytics for the window the page shows (read off the page, so the two cannot disagree on "now"). */
async function analyticsOfShownWindow(page) {
  const shown = page.locator('[data-testid="window"]');
  const from = await shown.getAttribute('data-from');
  const to = await shown.getAttribute('data-to');
  const query = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  const text = await api(`/api/subscription/provider-analytics?${query}`, demoToken);
  return { json: JSON.parse(text), costText: text.match(/"totals":\{[^}]*"cost":(-?[\d.]+)/)[1], from, to };
}

async function assertTotalsMatch(page, what) {
  await page.locator('[data-testid="total-cost"]').waitFor({ timeout: 15_000 });
  const { json: expected, costText } = await analyticsOfShownWindow(page);
  assertEqual(await page.locator('[data-testid="total-cost"]').textContent(), dollars(costText), `${what}: total cost shown`);
  assertEqual(Number(await page.locator('[data-testid="total-cost"]').getAttribute('data-value')), expected.totals.cost, `${what}: total cost value`);
  assertEqual(await page.locator('[data-testid="total-calls"]').textContent(), expected.totals.calls.toLocaleString('en-US'), `${what}: total calls`);
  assertEqual(await page.locator('[data-testid="provider-totals"] td[data-label="Cost"]').textContent(), dollars(costText), `${what}: table total cost`);
  const shown = await page.locator('[data-testid="provider-row"]').evaluateAll((all) => all.map((r) => ({
    provider: r.getAttribute('data-provider'),
    calls: r.querySelector('td[data-label="Calls"]').textContent,
    cost: Number(r.querySelector('td[data-label="Cost"]').getAttribute('data-value')),
  })));
  assertEqual(shown.length, expected.providers.length, `${what}: providers in the table`);
  for (const p of expected.providers) {
    const row = shown.find((s) => s.provider === p.provider);
    assert(row, `${what}: a row for ${p.provider}`);
    assertEqual(row.calls, p.metrics.calls.toLocaleString('en-US'), `${what}: ${p.provider} calls`);
    assertEqual(row.cost, p.metrics.cost, `${what}: ${p.provider} cost`);
  }
  return expected;
}

await check("the analytics view opens on the last 30 days, and its totals equal the API's", async () => {
  const { context, page } = await newPage();
  await openLogs(page);
  await page.getByRole('link', { name: 'Provider analytics' }).click();
  await page.waitForURL(`${baseUrl}/analytics`);
  const expected = await assertTotalsMatch(page, 'last 30 days');
  const { from, to } = await analyticsOfShownWindow(page);
  const today = dayOf(await serverNow());
  assert(from.startsWith(addDays(to.slice(0, 10), -30)), `the window is 30 days: ${from} – ${to}`);
  assert(to.slice(0, 10) === addDays(today, 1) || to.slice(0, 10) === today, `the window ends today (${today}): ${to}`);
  assert((await page.locator('[data-testid="window"]').textContent()).startsWith('Last 30 days ('), 'the window is named');
  assert(expected.totals.calls > 0, 'the last 30 days have calls');
  // the charts are there and labelled, each provider in the same colour everywhere
  assert(await page.getByRole('img', { name: 'Cost by provider', exact: true }).isVisible(), 'the cost-by-provider chart');
  const daily = page.getByRole('img', { name: 'Daily cost by provider' });
  assert(await daily.isVisible(), 'the daily cost chart');
  assertEqual(await daily.locator('g[data-date]').count(), 30, 'days in the daily chart');
  assert(await daily.locator('rect').count() > 0, 'bars in the daily chart');
  const donutColour = await page.locator('path[data-provider="wavespeed"]').getAttribute('fill');
  const tableColour = await page.locator('[data-testid="provider-row"][data-provider="wavespeed"] .swatch')
    .evaluate((e) => getComputedStyle(e).backgroundColor);
  const toRgb = (hex) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
  assertEqual(tableColour, toRgb(donutColour), 'WaveSpeed colour in the table and the donut');
  assert(await page.locator('.comparison-table tbody[data-category="video"] tr').count() >= 2, 'the video category compares providers');
  // a billing period picked is in the address, and the address reloads to it
  const shownAt = new Date(`${today}T00:00:00Z`);
  const previous = periodOf(new Date(Date.UTC(shownAt.getUTCFullYear(), shownAt.getUTCMonth() - 1, 1)));
  await page.getByLabel('Period', { exact: true }).selectOption(`period:${previous}`);
  await page.waitForURL(`${baseUrl}/analytics?billing_period=${previous}`);
  await page.reload();
  await page.locator('[data-testid="total-cost"]').waitFor({ timeout: 15_000 });
  const previousTotals = JSON.parse(await api(`/api/subscription/provider-analytics?billing_period=${previous}`, demoToken)).totals;
  assertEqual(Number(await page.locator('[data-testid="total-cost"]').getAttribute('data-value')), previousTotals.cost, `total cost of ${previous} after a reload`);
  // a preset too
  await page.getByLabel('Period', { exact: true }).selectOption('range:7d');
  await page.waitForURL(`${baseUrl}/analytics?range=7d`);
  await page.reload();
  await assertTotalsMatch(page, 'last 7 days');
  assertEqual(await page.getByLabel('Period', { exact: true }).inputValue(), 'range:7d', 'the preset after a reload');
  await context.close();
});

await check('the analytics view shows the recommendations of its window as the API gives them, the evidence on hover', async () => {
  const { context, page } = await newPage();
  await page.goto(`${baseUrl}/analytics`);
  const panel = page.locator('[data-testid="recommendations"]');
  await panel.locator('[data-testid="recommendation-row"], [data-testid="no-recommendations"]').first().waitFor({ timeout: 15_000 });
  const shown = page.locator('[data-testid="window"]');
  const query = `from=${encodeURIComponent(await shown.getAttribute('data-from'))}&to=${encodeURIComponent(await shown.getAttribute('data-to'))}`;
  const expected = JSON.parse(await api(`/api/subscription/provider-recommendations?${query}`, demoToken));
  // The demo's Stable Image Ultra calls through Bedrock cost more than through Stability AI's own API.
  assert(expected.recommendations.some((r) => r.model === 'stable-image-ultra' && r.from_provider === 'bedrock'
    && r.to_provider === 'stability'), `the demo has its Bedrock -> Stability AI switch: ${JSON.stringify(expected.recommendations.map((r) => `${r.model} ${r.from_provider}>${r.to_provider}`))}`);
  const rows = await panel.locator('[data-testid="recommendation-row"]').evaluateAll((all) => all.map((r) => ({
    key: `${r.getAttribute('data-model')}|${r.getAttribute('data-from')}|${r.getAttribute('data-to')}|${r.getAttribute('data-verdict')}`,
    calls: r.querySelector('td[data-label="Calls"]').textContent,
    savings: r.querySelector('td[data-label="Savings"]').getAttribute('data-value'),
    savingsText: r.querySelector('td[data-label="Savings"]').textContent,
  })));
  assertEqual(rows.map((r) => r.key).join(','), expected.recommendations.map((r) => `${r.model}|${r.from_provider}|${r.to_provider}|${r.verdict}`).join(','),
    'the switches shown, in order');
  expected.recommendations.forEach((r, i) => {
    assertEqual(rows[i].calls, r.calls.toLocaleString('en-US'), `${rows[i].key}: calls`);
    assertEqual(Number(rows[i].savings), r.estimated_savings, `${rows[i].key}: savings value`);
    assert(rows[i].savingsText.startsWith(dollars(String(r.estimated_savings))), `${rows[i].key}: savings shown ${rows[i].savingsText}`);
  });
  // The headline: the best switch of each (model, provider) that is not flagged, summed exactly; none when all are.
  const best = new Map();
  for (const r of expected.recommendations) {
    const key = `${r.model}|${r.from_provider}`;
    if (r.verdict !== 'flagged' && !best.has(key)) best.set(key, String(r.estimated_savings));
  }
  if (best.size > 0) {
    const shownBest = await panel.locator('[data-testid="best-savings"]').getAttribute('data-value');
    assertEqual(shownBest, decimalSum([...best.values()]), 'the best savings of the window');
  } else {
    assert(await panel.locator('[data-testid="only-flagged"]').isVisible(), 'every switch is flagged, and the panel says so');
    assertEqual(await panel.locator('[data-testid="best-savings"]').count(), 0, 'no saving claimed when every switch is flagged');
  }
  const coverage = await panel.locator('[data-testid="recommendations-coverage"]').textContent();
  assert(coverage.startsWith(`${expected.coverage.compared_calls.toLocaleString('en-US')} of ${expected.coverage.calls.toLocaleString('en-US')} calls compared`),
    `the coverage: ${coverage}`);
  // the evidence of the Bedrock switch, on hover: the prices the estimate used and the user's calls on both providers
  const index = expected.recommendations.findIndex((r) => r.model === 'stable-image-ultra' && r.from_provider === 'bedrock');
  const row = panel.locator('[data-testid="recommendation-row"]').nth(index);
  await row.locator('.evidence-tip .chip').hover();
  const tip = row.locator('.evidence-tip [role="tooltip"]');
  assert(await tip.isVisible(), 'the evidence shows on hover');
  const text = await tip.textContent();
  const r = expected.recommendations[index];
  for (const part of [`${r.to_provider_display_name} (${r.to_models[0]}), the price list:`,
    `${dollars(String(r.evidence.alternative_prices[0].usd_per_unit))} per image`, 'Your calls in this window:',
    `${r.from_provider_display_name}: ${r.evidence.from.calls.toLocaleString('en-US')} calls`]) {
    assert(text.includes(part), `the evidence says "${part}": ${text}`);
  }
  const box = await tip.boundingBox();
  assert(box.x >= 0 && box.x + box.width <= 1280, `the evidence fits the window (${box.x}..${box.x + box.width})`);
  // the panel with the evidence open over it
  const panelBox = await panel.boundingBox();
  const bottom = Math.max(panelBox.y + panelBox.height, box.y + box.height);
  await page.screenshot({ path: join(shotsDir, 'recommendations-1280.png'), fullPage: true,
    clip: { x: 0, y: panelBox.y, width: 1280, height: bottom - panelBox.y + 8 } });
  await context.close();
});

await check('the month and the last 24 hours of the seeding have calls of every demo provider', async () => {
  const { context, page } = await newPage();
  // The server seeded its demo data when it started (USAGELENS_SEEDED_AT, from the test; else now): the guarantee
  // holds for that instant, even if the clock has since crossed into a new month.
  const now = process.env.USAGELENS_SEEDED_AT ? new Date(process.env.USAGELENS_SEEDED_AT) : await serverNow();
  const all = JSON.parse(await api(`/api/subscription/provider-analytics?from=${addDays(dayOf(now), -89)}&to=${addDays(dayOf(now), 1)}`, demoToken));
  const demoProviders = all.providers.map((p) => p.provider).sort();
  assert(demoProviders.length >= 5, `the demo has several providers: ${demoProviders.join(', ')}`);
  await page.goto(`${baseUrl}/analytics?billing_period=${periodOf(now)}`);
  const month = await assertTotalsMatch(page, `the month of ${now.toISOString()}`);
  const inMonth = month.providers.map((p) => p.provider);
  for (const p of demoProviders) assert(inMonth.includes(p), `${p} has calls this month (${inMonth.join(', ')})`);
  const day = new Date(Math.max(Date.parse(`${periodOf(now)}-01T00:00:00Z`), now.getTime() - 24 * 3600_000));
  const recent = JSON.parse(await api(`/api/subscription/provider-analytics?from=${day.toISOString()}&to=${new Date(now.getTime() + 1000).toISOString()}`, demoToken));
  const inDay = recent.providers.map((p) => p.provider);
  for (const p of demoProviders) assert(inDay.includes(p), `${p} has calls in the last 24 hours of this month (${inDay.join(', ')})`);
  await context.close();
});

await check('an empty window is named and offers the nearest one with calls', async () => {
  const { context, page } = await newPage();
  const today = dayOf(await serverNow());
  // long before the demo data: calls come after it
  await page.goto(`${baseUrl}/analytics?from=${addDays(today, -300)}&to=${addDays(today, -290)}`);
  const notice = page.locator('[data-testid="empty-window"]');
  await notice.waitFor({ timeout: 15_000 });
  assert((await notice.textContent()).startsWith('No calls in Custom range ('), `the window is named: ${await notice.textContent()}`);
  await page.getByRole('button', { name: 'Show the last 30 days' }).click();
  await page.waitForURL(`${baseUrl}/analytics`);
  await assertTotalsMatch(page, 'the offered last 30 days');
  // after the demo data: the month of the latest call before it is offered
  await page.goto(`${baseUrl}/analytics?from=${addDays(today, 40)}&to=${addDays(today, 45)}`);
  await notice.waitFor({ timeout: 15_000 });
  const offer = page.getByRole('button', { name: /^Show / });
  await offer.waitFor({ timeout: 10_000 });
  const label = await offer.textContent();
  await offer.click();
  await page.waitForURL((url) => url.searchParams.has('billing_period'));
  await assertTotalsMatch(page, label);
  await page.screenshot({ path: join(shotsDir, 'analytics-offered.png') });
  await context.close();
});

await check('the monthly trends show 12 months stacked by provider and the change per provider', async () => {
  const { context, page } = await newPage();
  await page.goto(`${baseUrl}/trends`);
  await page.locator('[data-testid="trend-row"]').first().waitFor({ timeout: 15_000 });
  const expected = JSON.parse(await api('/api/subscription/provider-trends?months=12', demoToken));
  assertEqual(expected.months.length, 12, 'months in the API answer');
  assertEqual(expected.months[11], periodOf(await serverNow()), 'the last month is the current one');
  const chart = page.getByRole('img', { name: 'Monthly cost by provider' });
  assertEqual(await chart.locator('g[data-month]').count(), 12, 'months in the chart');
  assert(await chart.locator('rect').count() > 0, 'bars in the chart');
  const rows = await page.locator('[data-testid="trend-row"]').evaluateAll((all) => all.map((r) => ({
    provider: r.getAttribute('data-provider'),
    cost: Number(r.querySelectorAll('td')[1].getAttribute('data-value')),
    change: r.querySelector('[data-testid="change"]').textContent,
  })));
  assertEqual(rows.map((r) => r.provider).join(','), expected.providers.map((p) => p.provider).join(','), 'providers in the table');
  for (const p of expected.providers) {
    const row = rows.find((r) => r.provider === p.provider);
    assertEqual(row.cost, p.months[11].cost, `${p.provider} cost this month`);
    assert(row.change.length > 0, `${p.provider} has a change`);
  }
  await page.screenshot({ path: join(shotsDir, 'trends-1280.png'), fullPage: true });
  await context.close();
});

await check('filters, table and pager are reachable by keyboard, with labels', async () => {
  const { context, page } = await newPage();
  await openLogs(page);
  for (const label of ['Provider', 'Status', 'Billing period']) {
    assert(await page.getByLabel(label, { exact: true }).count() === 1, `a control labelled ${label}`);
  }
  const reached = new Set();
  await page.locator('body').focus();
  for (let i = 0; i < 200 && !reached.has('next'); i++) {
    await page.keyboard.press('Tab');
    const what = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e) return '';
      if (e.matches('select')) return `select:${e.getAttribute('name')}`;
      if (e.matches('[role="region"]')) return `region:${e.getAttribute('aria-label')}`;
      if (e.matches('.why button')) return 'why';
      if (e.matches('.error-tip button')) return 'error';
      if (e.matches('button')) return e.textContent === 'Next →' ? 'next' : `button:${e.textContent}`;
      if (e.matches('a')) return `link:${e.textContent}`;
      return e.tagName;
    });
    reached.add(what);
  }
  for (const expected of ['link:Provider analytics', 'button:Export CSV', 'select:provider', 'select:status',
    'select:billing_period', 'region:Usage logs table', 'why', 'next']) {
    assert(reached.has(expected), `Tab reaches ${expected} (reached: ${[...reached].join(', ')})`);
  }
  // a filter works from the keyboard alone
  await page.getByLabel('Status').focus();
  await page.keyboard.press('ArrowDown');
  await page.waitForURL((url) => url.searchParams.get('status') === 'success', { timeout: 5_000 });
  await context.close();
});

await check('sign-in: ?token= is kept and taken out of the address; a 401 says what to do', async () => {
  const { context, page } = await newPage();
  const period = periodOf(await serverNow());
  await page.goto(`${baseUrl}/analytics?billing_period=${period}&token=${encodeURIComponent(demoToken)}`);
  await page.locator('[data-testid="total-cost"]').waitFor({ timeout: 15_000 });
  assertEqual(new URL(page.url()).search, `?billing_period=${period}`, 'the address without the token');
  assertEqual(await page.evaluate(() => sessionStorage.getItem('usagelens.token')), demoToken, 'the token in session storage');
  await context.close();

  const refused = await newPage();
  await refused.page.goto(`${baseUrl}/?token=not-a-valid-token`);
  const alert = refused.page.getByRole('alert');
  await alert.waitFor({ timeout: 15_000 });
  const message = await alert.textContent();
  assert(message.includes('401') && message.includes('Paste a new token'), `the 401 message says what to do: ${message}`);
  assert(await refused.page.getByLabel(/Bearer token/).isVisible(), 'a field to paste a token');
  await refused.page.screenshot({ path: join(shotsDir, 'sign-in-401.png') });
  await refused.page.getByLabel(/Bearer token/).fill(demoToken);
  await refused.page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await rows(refused.page).first().waitFor({ timeout: 15_000 });
  await refused.context.close();
});

await browser.close();

if (pageErrors.length > 0) {
  console.log(`  FAIL  uncaught errors in the page: ${pageErrors.join(' | ')}`);
  results.push({ name: 'no uncaught page errors', ok: false });
}
const failed = results.filter((r) => !r.ok).length;
console.log(`Dashboard end-to-end: ${results.length - failed} checks passed, ${failed} checks failed; screenshots in ${shotsDir}`);
process.exit(failed === 0 ? 0 : 1);
