#!/usr/bin/env node
// End-to-end tests of Aiguillage's public pages in headless Chromium (playwright-core + axe-core).
//
//   node web/tests/e2e.mjs --base http://127.0.0.1:PORT --out DIR --xss-id ID [--keep-going]
//
// The server at --base must hold the Brest métropole demo places and one place, --xss-id,
// named `<script>alert(1)</script>` near Brest's centre (crates/aiguillage/tests/integration/browser.rs
// prepares both). One line per check; exits 1 at the first failure (with --keep-going: at the
// end, with a summary; a failure then skips the rest of its section, except axe-core findings),
// 2 on bad usage. Never downloads a browser: Chromium comes from $CHROMIUM or /usr/bin/chromium.
// Requests to any host other than --base are aborted (map tiles must not be needed), and are
// not failures. The helpers are web/tests/harness.mjs's, shared with web/tests/contrib.mjs.

import {
  XSS_TEXT, axeCheck, check, commonPage, fail, finish, go, isBase, launch, newContext, newPage,
  parseOptions, screenshot, section, xssChecks,
} from './harness.mjs';

const options = parseOptions(
  'node web/tests/e2e.mjs --base URL --out DIR --xss-id ID [--keep-going] [--timeout SECONDS]',
  { '--xss-id': 'xssId' },
);
const BASE = options.base;
const XSS_ID = options.xssId;
const MARKERS = '#carte .leaflet-marker-icon, #carte .marker-cluster';

// ---------------------------------------------------------------------------------------------
// Helpers of the search page

/** The places listed in #resultats: id, link, distance, status class. */
function listedPlaces(page) {
  return page.$$eval('#resultats li.lieu', (items) => items.map((li) => {
    const link = li.querySelector('a.lieu-nom');
    const statut = li.querySelector('.statut');
    return {
      id: li.dataset.id,
      lat: li.dataset.lat,
      lon: li.dataset.lon,
      href: link ? link.getAttribute('href') : null,
      name: link ? link.textContent.trim() : null,
      distance: li.querySelector('.distance') ? li.querySelector('.distance').textContent.trim() : null,
      statut: statut ? [...statut.classList].filter((c) => c !== 'statut').join(' ') : null,
      statutText: statut ? statut.textContent.trim() : null,
    };
  }));
}

/** Types "Brest" in #q and presses Enter; waits for results, map markers and the URL. */
async function searchBrest(page, label) {
  await check(`${label}: search "Brest" (Enter in #q) lists places and shows markers`, async () => {
    await page.fill('#q', 'Brest');
    await page.press('#q', 'Enter');
    try {
      await page.waitForFunction((markers) =>
        /[?&]q=Brest(&|$)/.test(location.search) &&
        document.querySelectorAll('#resultats li.lieu').length > 0 &&
        document.querySelectorAll(markers).length > 0, MARKERS);
    } catch {
      const state = await page.evaluate((markers) => ({
        url: location.href,
        places: document.querySelectorAll('#resultats li.lieu').length,
        markers: document.querySelectorAll(markers).length,
      }), MARKERS).catch(() => ({}));
      fail(`after 15 s: URL ${state.url}, ${state.places} li.lieu, ${state.markers} markers ` +
        '(expected q=Brest in the URL and at least one of each)');
    }
    const counts = await page.evaluate((markers) => ({
      places: document.querySelectorAll('#resultats li.lieu').length,
      markers: document.querySelectorAll(markers).length,
    }), MARKERS);
    return `${counts.places} places, ${counts.markers} markers/clusters, URL ${new URL(page.url()).search}`;
  });
}

// ---------------------------------------------------------------------------------------------
// The run

await launch('e2e');

const desktop = await newContext({ viewport: { width: 1280, height: 800 } });
const page = await newPage(desktop);
let brestPlaces = [];
let placeId;

await section('home page', async () => {
  await check('GET / answers 200', () => go(page, '/'));
  await commonPage(page, '/');
  await check('/: the first Tab focuses the skip link a.skip[href="#contenu"]', async () => {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      return {
        skip: !!el && el.matches('a.skip[href="#contenu"]'),
        html: el ? el.outerHTML.slice(0, 160) : 'nothing',
      };
    });
    if (!focused.skip) fail(`focus is on ${focused.html}`);
  });
  await check('/: #carte holds a Leaflet map', async () => {
    await page.waitForSelector('#carte.leaflet-container, #carte .leaflet-container', { state: 'attached' })
      .catch(() => fail('no .leaflet-container in or on #carte'));
  });
  await searchBrest(page, '/');
  await check('/: each li.lieu has a.lieu-nom[href^="/lieux/"], .distance, .statut.(ouvert|ferme|inconnu)', async () => {
    brestPlaces = await listedPlaces(page);
    const bad = brestPlaces.filter((p) => !p.href || !p.href.startsWith('/lieux/') || p.distance === null ||
      p.statut === null || !/\b(ouvert|ferme|inconnu)\b/.test(p.statut) || !p.id);
    if (bad.length) fail(`${bad.length} incomplete item(s), e.g. ${JSON.stringify(bad[0])}`);
    const first = brestPlaces[0];
    return `first: ${first.name} (${first.distance}, ${first.statutText})`;
  });
  await check('/: the map shows places without the tile server', async () => {
    const map = await page.evaluate(() => ({
      markers: document.querySelectorAll('#carte .leaflet-marker-icon').length,
      clusters: document.querySelectorAll('#carte .marker-cluster').length,
      shapes: document.querySelectorAll('#carte path, #carte canvas').length,
      tiles: document.querySelectorAll('#carte img.leaflet-tile').length,
    }));
    if (map.markers + map.clusters === 0) fail('no marker on the map');
    return `${map.markers} marker icons (${map.clusters} clusters), ${map.shapes} vector shapes, ` +
      `${map.tiles} tile images (their host is blocked)`;
  });
  await check('/: screenshot home-desktop.png (1280×800)', async () => {
    await page.waitForTimeout(300);
    return screenshot(page, 'home-desktop.png', false);
  });
  await xssChecks(page, '/?q=Brest', false);
  await check(`/?q=Brest: the place ${XSS_ID} is listed with its name as text`, async () => {
    const xss = brestPlaces.find((p) => p.id === XSS_ID);
    if (!xss) fail(`no li.lieu[data-id="${XSS_ID}"] among ${brestPlaces.length} results`);
    if (xss.name !== XSS_TEXT) fail(`its a.lieu-nom reads ${JSON.stringify(xss.name)}`);
  });
  await axeCheck(page, '/?q=Brest');
});

await section('filter "ouvert maintenant" and history', async () => {
  if (!brestPlaces.length) fail('needs the Brest results of the home page section');
  const before = brestPlaces.map((p) => p.id);
  await check('/: checking #f-ouvert updates the list and the URL (ouvert=maintenant)', async () => {
    const box = page.locator('#f-ouvert');
    if (await box.getAttribute('name') !== 'ouvert' || await box.getAttribute('value') !== 'maintenant') {
      fail('#f-ouvert is not name=ouvert value=maintenant');
    }
    await box.check();
    try {
      await page.waitForFunction(() => {
        if (!/[?&]ouvert=maintenant(&|$)/.test(location.search)) return false;
        const items = [...document.querySelectorAll('#resultats li.lieu')];
        const none = document.querySelector('#resultats .aucun, .aucun');
        if (items.length === 0) return !!none;
        return items.every((li) => li.querySelector('.statut.ouvert'));
      });
    } catch {
      const state = await page.evaluate(() => ({
        url: location.href,
        statuts: [...document.querySelectorAll('#resultats li.lieu .statut')].map((s) => s.className),
        aucun: !!document.querySelector('.aucun'),
      }));
      fail(`after 15 s: URL ${state.url}; statuses [${state.statuts.join(', ')}]; .aucun ${state.aucun}`);
    }
    const after = await listedPlaces(page);
    return after.length ? `${after.length} open places` : 'none open now (.aucun shown)';
  });
  await check('/: history back unchecks the filter and restores the list', async () => {
    await page.goBack();
    try {
      await page.waitForFunction((ids) => {
        const box = document.querySelector('#f-ouvert');
        const now = [...document.querySelectorAll('#resultats li.lieu')].map((li) => li.dataset.id);
        return box && !box.checked && !/ouvert=maintenant/.test(location.search) &&
          now.length === ids.length && now.every((id, i) => id === ids[i]);
      }, before);
    } catch {
      const state = await page.evaluate(() => ({
        url: location.href,
        checked: document.querySelector('#f-ouvert')?.checked,
        count: document.querySelectorAll('#resultats li.lieu').length,
      }));
      fail(`after 15 s: URL ${state.url}, #f-ouvert checked=${state.checked}, ` +
        `${state.count} places (expected ${before.length}, as before the filter)`);
    }
  });
});

await section('a search the server cannot read', async () => {
  const context = await newContext({ viewport: { width: 1280, height: 800 } });
  // Not newPage(): its listeners count any HTTP 400 as a problem, and this one is expected.
  const refused = await context.newPage();
  const errors = [];
  refused.on('pageerror', (error) => errors.push(error.message));
  await check('/?q=Brest, then a URL with an unknown service: the script shows the server\'s message', async () => {
    await go(refused, '/?q=Brest');
    // As after the back button: the script fetches the result section of the new URL.
    await refused.evaluate(() => {
      history.pushState(null, '', '/?q=Brest&services=foo');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    await refused.waitForFunction(() => {
      const alert = document.querySelector('#resultats p.erreur[role="alert"]');
      return alert && alert.textContent.includes('valeur inconnue « foo »');
    }).catch(async () => {
      const section = await refused.evaluate(() => document.getElementById('resultats')?.innerText);
      fail(`after 15 s the result section reads: ${JSON.stringify(section)}`);
    });
    if (errors.length) fail(`page errors: ${errors.join('; ')}`);
    const text = await refused.textContent('#resultats p.erreur');
    if (/échoué/.test(text)) fail(`the generic failure message is shown: ${text}`);
    return text.slice(0, 80) + '…';
  });
  await context.close();
});

await section('click on the map and « Me localiser »', async () => {
  await check('/?q=Brest: a click on an empty spot of the map searches from that point', async () => {
    await go(page, '/?q=Brest');
    await page.waitForSelector(MARKERS);
    // The background layer (`/api/v1/places/map`) may still be loading: a marker it adds
    // after the empty spot is chosen would take the click. Choose the spot once it is in.
    await page.waitForLoadState('networkidle');
    const box = await page.locator('#carte').boundingBox();
    // A spot where the click reaches the map itself, not a marker, a control or a popup.
    const spot = await page.evaluate((b) => {
      for (let fy = 0.3; fy <= 0.8; fy += 0.05) {
        for (let fx = 0.3; fx <= 0.8; fx += 0.05) {
          const x = b.x + b.width * fx;
          const y = b.y + b.height * fy;
          const el = document.elementFromPoint(x, y);
          if (el && (el.id === 'carte' || el.classList.contains('leaflet-tile') ||
              el.classList.contains('leaflet-tile-container'))) return { x, y };
        }
      }
      return null;
    }, box);
    if (!spot) fail('no empty spot on the map to click');
    await page.mouse.click(spot.x, spot.y);
    await page.waitForFunction(() => /[?&]lat=-?[0-9.]+&lon=-?[0-9.]+/.test(location.search) &&
      !/[?&]q=/.test(location.search) && document.querySelector('#resultats[data-lat] li.lieu'))
      .catch(() => fail(`after the click the URL is ${page.url()}`));
    const distances = await page.$$eval('#resultats li.lieu .distance', (items) =>
      items.map((d) => parseFloat(d.textContent.replace(/\s/g, '').replace(',', '.')) *
        (/km/.test(d.textContent) ? 1000 : 1)));
    if (distances.some((d, i) => i > 0 && d < distances[i - 1])) fail(`distances not ascending: ${distances}`);
    return `URL ${new URL(page.url()).search}, ${distances.length} places`;
  });
  const context = await newContext({
    viewport: { width: 1280, height: 800 },
    geolocation: { latitude: 48.3904, longitude: -4.4861 },
    permissions: ['geolocation'],
  });
  const located = await newPage(context);
  await check('/: « Me localiser » searches around the browser\'s position', async () => {
    await go(located, '/');
    await located.click('#me-localiser');
    await located.waitForFunction(() => /[?&]lat=48\.3904\d*&lon=-4\.4861\d*/.test(location.search) &&
      document.querySelector('#resultats li.lieu'))
      .catch(() => fail(`after the click the URL is ${located.url()}`));
    const first = (await listedPlaces(located))[0];
    return `first: ${first.name} (${first.distance})`;
  });
  await context.close();
});

await section('page weight', async () => {
  // Sizes as transferred (compressed bodies plus headers), map tiles excluded (blocked).
  const context = await newContext({ viewport: { width: 1280, height: 800 } });
  const weighed = await newPage(context);
  const sizes = new Map();
  weighed.on('requestfinished', async (request) => {
    if (!isBase(request.url()) || request.url().startsWith('data:')) return;
    const s = await request.sizes().catch(() => null);
    if (s) sizes.set(request.url(), s.responseBodySize + s.responseHeadersSize);
  });
  const weigh = async (pathAndQuery) => {
    sizes.clear();
    await weighed.goto(BASE + pathAndQuery, { waitUntil: 'networkidle' });
    await weighed.waitForTimeout(200);
    const total = [...sizes.values()].reduce((a, b) => a + b, 0);
    const parts = [...sizes.entries()].sort((a, b) => b[1] - a[1])
      .map(([url, size]) => `${new URL(url).pathname} ${(size / 1024).toFixed(1)} KB`);
    return { total, detail: `${(total / 1024).toFixed(1)} KB in ${sizes.size} requests: ${parts.join(', ')}` };
  };
  await check('/: under 300 KB transferred, without tiles', async () => {
    const { total, detail } = await weigh('/');
    if (total >= 300 * 1024) fail(detail);
    return detail;
  });
  await check('/?q=Brest: under 300 KB transferred, without tiles', async () => {
    const { total, detail } = await weigh('/?q=Brest');
    if (total >= 300 * 1024) fail(detail);
    return detail;
  });
  await context.close();
});

await section('keyboard only', async () => {
  await check('/?q=Brest: Tab to the first result link, Enter opens /lieux/…', async () => {
    await go(page, '/?q=Brest');
    await page.waitForSelector('#resultats li.lieu a.lieu-nom');
    const target = await page.$eval('#resultats li.lieu a.lieu-nom', (a) => a.getAttribute('href'));
    let presses = 0;
    for (; presses < 400; presses++) {
      await page.keyboard.press('Tab');
      const on = await page.evaluate(() => {
        const el = document.activeElement;
        return !!el && el.matches('#resultats li.lieu a.lieu-nom') &&
          el === document.querySelector('#resultats li.lieu a.lieu-nom');
      });
      if (on) break;
    }
    if (presses >= 400) fail('the first a.lieu-nom was not reached in 400 Tab presses');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === target)
      .catch(() => fail(`Enter on the link left the page at ${page.url()}, expected ${target}`));
    return `${presses + 1} Tab presses, then at ${new URL(page.url()).pathname}`;
  });
});

await section('without JavaScript', async () => {
  const context = await newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
  const plain = await newPage(context);
  await check('/?q=Brest without JS: the server renders #resultats li.lieu', async () => {
    await go(plain, '/?q=Brest');
    const places = await listedPlaces(plain);
    if (!places.length) fail('no #resultats li.lieu in the server-rendered page');
    const bad = places.filter((p) => !p.href || !p.href.startsWith('/lieux/'));
    if (bad.length) fail(`${bad.length} item(s) without a.lieu-nom[href^="/lieux/"]`);
    return `${places.length} places`;
  });
  await context.close();
});

await section('place page and fiche', async () => {
  const first = brestPlaces.find((p) => p.id !== XSS_ID);
  if (!first) fail('needs the Brest results of the home page section');
  placeId = first.id;
  await check(`/lieux/${placeId}: answers 200 with a non-empty h1`, async () => {
    await go(page, `/lieux/${encodeURIComponent(placeId)}`);
    const h1 = (await page.textContent('h1').catch(() => null))?.trim();
    if (!h1) fail('no h1, or an empty one');
    return `h1 "${h1}"`;
  });
  await commonPage(page, `/lieux/${placeId}`);
  await check(`/lieux/${placeId}: screenshot place.png`, () => screenshot(page, 'place.png'));
  await axeCheck(page, `/lieux/${placeId}`);
  const fichePath = `/lieux/${encodeURIComponent(placeId)}/fiche`;
  await check(`/lieux/${placeId}: a#lien-fiche opens ${fichePath} with article.fiche, svg.qr, .motif`, async () => {
    const link = page.locator('a#lien-fiche');
    if (await link.count() !== 1) fail('no a#lien-fiche');
    await link.click();
    await page.waitForURL((url) => url.pathname === fichePath)
      .catch(() => fail(`the link led to ${page.url()}`));
    const found = await page.evaluate(() => ({
      fiche: !!document.querySelector('article.fiche'),
      qr: !!document.querySelector('article.fiche svg.qr, svg.qr'),
      motif: !!document.querySelector('.motif'),
    }));
    const missing = Object.entries(found).filter(([, v]) => !v).map(([k]) => k);
    if (missing.length) fail(`missing: ${missing.join(', ')}`);
  });
  await commonPage(page, fichePath);
  await axeCheck(page, fichePath);
  await check(`${fichePath}: print media screenshot fiche.png`, async () => {
    await page.emulateMedia({ media: 'print' });
    const file = await screenshot(page, 'fiche.png');
    await page.emulateMedia({ media: 'screen' });
    return file;
  });
});

await section(`XSS: place ${XSS_ID} named ${XSS_TEXT}`, async () => {
  const id = encodeURIComponent(XSS_ID);
  await check(`/lieux/${XSS_ID} answers 200`, () => go(page, `/lieux/${id}`));
  await xssChecks(page, `/lieux/${XSS_ID}`, true);
  await check(`/lieux/${XSS_ID}/fiche answers 200`, () => go(page, `/lieux/${id}/fiche`));
  await xssChecks(page, `/lieux/${XSS_ID}/fiche`, true);
  await check('/?q=Brest answers 200', () => go(page, '/?q=Brest'));
  await page.waitForSelector(MARKERS).catch(() => {});
  await xssChecks(page, '/?q=Brest (server list, then script)', true);
  await check('/?q=Brest: opening every map marker injects nothing', async () => {
    const start = page.url();
    const count = await page.locator('#carte .leaflet-marker-icon:not(.marker-cluster)').count();
    let opened = 0;
    for (let i = 0; i < Math.min(count, 80); i++) {
      const clicked = await page.evaluate((n) => {
        const el = document.querySelectorAll('#carte .leaflet-marker-icon:not(.marker-cluster)')[n];
        if (!el) return false;
        el.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
        el.click();
        return true;
      }, i);
      if (!clicked) break;
      opened++;
      await page.waitForTimeout(30);
      if (page.url() !== start) {
        await page.goto(start);
        await page.waitForSelector(MARKERS).catch(() => {});
      }
      const injected = await page.evaluate(() =>
        document.querySelectorAll('#carte script, #carte [onerror], #carte img[src="x"]').length);
      if (injected) fail(`marker ${i}: its popup holds injected elements`);
    }
    return `${opened} markers clicked`;
  });
  await check('/territoires/29019 answers 200', () => go(page, '/territoires/29019'));
  await xssChecks(page, '/territoires/29019', false);
});

await section('territory report /territoires/29019', async () => {
  await check('GET /territoires/29019 answers 200', () => go(page, '/territoires/29019'));
  await commonPage(page, '/territoires/29019');
  await axeCheck(page, '/territoires/29019');
});

await section('mobile 360×740', async () => {
  const context = await newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
  });
  const mobile = await newPage(context);
  await check('GET / (mobile) answers 200', () => go(mobile, '/'));
  await searchBrest(mobile, '/ (mobile)');
  await check('/ (mobile): no horizontal scroll (scrollWidth <= 360)', async () => {
    const width = await mobile.evaluate(() => document.documentElement.scrollWidth);
    if (width > 360) {
      const wide = await mobile.evaluate(() => [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > 361)
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className && typeof e.className === 'string' ? `.${e.className.trim().split(/\s+/).join('.')}` : ''} (right ${Math.round(e.getBoundingClientRect().right)})`));
      fail(`scrollWidth is ${width}; wide elements: ${wide.join(', ')}`);
    }
    return `scrollWidth ${width}`;
  });
  await check('/ (mobile): screenshot home-360.png', async () => {
    await mobile.waitForTimeout(300);
    return screenshot(mobile, 'home-360.png', false);
  });
  await context.close();
});

await finish();
