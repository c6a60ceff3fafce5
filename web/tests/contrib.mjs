#!/usr/bin/env node
// End-to-end tests of contributive editing in headless Chromium (playwright-core + axe-core):
// signing in and out, /espace's places to check, the edit form sent with an error then fixed,
// public suggestions accepted and refused from /espace, editing with the keyboard only, two
// sessions saving over the same version (the conflict page), axe-core on every form, and a
// place named like a script.
//
//   node web/tests/contrib.mjs --base http://127.0.0.1:PORT --out DIR --xss-id ID \
//     --email EMAIL --password PASSWORD [--keep-going] [--timeout SECONDS]
//
// The server at --base must hold the Brest métropole demo places, the place --xss-id named
// `<script>alert(1)</script>` in Brest, and the account EMAIL / PASSWORD, coordinator of the
// Finistère (29); crates/aiguillage/tests/integration/browser.rs prepares them. The checks
// change places, so they need a database of their own, not web/tests/e2e.mjs's. Output and
// exit codes as e2e.mjs's (web/tests/harness.mjs).

import {
  XSS_TEXT, axeCheck, check, commonPage, fail, finish, go, launch, newContext, newPage,
  parseOptions, screenshot, section, submit, xssChecks,
} from './harness.mjs';

const options = parseOptions(
  'node web/tests/contrib.mjs --base URL --out DIR --xss-id ID --email EMAIL --password PASSWORD ' +
    '[--keep-going] [--timeout SECONDS]',
  { '--xss-id': 'xssId', '--email': 'email', '--password': 'password' },
);
const BASE = options.base;
const XSS_ID = options.xssId;
const EMAIL = options.email;
const PASSWORD = options.password;

/** The place edited, reported and read back from the API (the nearest to its own position). */
const PLACE = 'demo-brest-001';
const PLACE_NAME = 'Médiathèque des Capucins';
const NEW_NAME = 'Médiathèque des Capucins (Ateliers)';
const NEAREST = '/api/v1/places/nearest?lat=48.3849&lon=-4.4966&limit=1';
/** The place two sessions edit at once: not PLACE, whose version the other sections move on. */
const SHARED = 'demo-brest-002';
const SHARED_NAME = 'Médiathèque Saint-Martin';
const DESKTOP = { viewport: { width: 1280, height: 800 } };
/** The author of a change as public pages name them: the e-mail's local part masked. */
const SHOWN_AUTHOR = `${EMAIL[0]}…@${EMAIL.split('@')[1]}`;

// ---------------------------------------------------------------------------------------------
// Helpers of the forms

/** Signs in with the form of /connexion, on which `page` must be; lands on `landing`. */
async function signInHere(page, landing) {
  await page.fill('#courriel', EMAIL);
  await page.fill('#mot-de-passe', PASSWORD);
  const at = await submit(page, () => page.click('form[action="/connexion"] button[type="submit"]'));
  if (at !== landing) fail(`signed in, the browser is at ${at}, expected ${landing}`);
}

/** A new context (a browser profile: its own cookies, so its own session) signed in. */
async function signedIn(label) {
  const context = await newContext(DESKTOP);
  const page = await newPage(context);
  await check(`${label}: signed in as ${EMAIL}`, async () => {
    await go(page, '/connexion');
    await signInHere(page, '/espace');
  });
  return { context, page };
}

/**
 * The input `id` came back with an error: the title starts with « Erreur : », the summary at
 * the top (role=alert) links to `#id`, the input is aria-invalid and names its error in
 * aria-describedby. Returns the error's text (the validator's wording is not checked).
 */
async function errorIsLinked(page, id) {
  const found = await page.evaluate((id) => {
    const input = document.getElementById(id);
    const summary = document.querySelector('main .resume-erreurs');
    const described = (input?.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    const errors = described.map((d) => document.getElementById(d)).filter((e) => e?.matches('.erreur-champ'));
    const link = summary && [...summary.querySelectorAll('a')].find((a) => a.getAttribute('href') === `#${id}`);
    return {
      title: document.title,
      input: !!input,
      invalid: input?.getAttribute('aria-invalid'),
      described,
      missing: described.filter((d) => !document.getElementById(d)),
      error: errors.length ? errors[0].textContent.trim() : null,
      summary: summary ? { role: summary.getAttribute('role'), text: summary.innerText } : null,
      link: link ? link.textContent.trim() : null,
      first: !!summary &&
        !!(summary.compareDocumentPosition(document.querySelector('main form')) & Node.DOCUMENT_POSITION_FOLLOWING),
    };
  }, id);
  const wrong = [];
  if (!found.input) fail(`no element #${id}`);
  if (!found.title.startsWith('Erreur : ')) wrong.push(`the title is ${JSON.stringify(found.title)}`);
  if (!found.summary) wrong.push('no .resume-erreurs summary');
  else if (found.summary.role !== 'alert') wrong.push(`the summary's role is ${found.summary.role}`);
  else if (!found.first) wrong.push('the summary is not before the form');
  if (!found.link) wrong.push(`the summary has no link to #${id}: ${JSON.stringify(found.summary?.text)}`);
  if (found.invalid !== 'true') wrong.push(`#${id} has aria-invalid=${found.invalid}`);
  if (found.missing.length) wrong.push(`aria-describedby names missing ids: ${found.missing.join(' ')}`);
  if (!found.error) wrong.push(`aria-describedby="${found.described.join(' ')}" names no .erreur-champ`);
  if (wrong.length) fail(wrong.join('; '));
  return found.error;
}

/** Presses Tab until `selector` has the focus (at most `max` presses); returns how many. */
async function tabTo(page, selector, max = 300) {
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => !!document.activeElement?.matches(s), selector)) return presses;
  }
  const on = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  return fail(`${selector} not reached in ${max} Tab presses (focus on ${on})`);
}

/** Waits until the element `id` has the focus. */
async function focusIsOn(page, id) {
  await page.waitForFunction((id) => document.activeElement?.id === id, id, { timeout: 5_000 })
    .catch(async () => {
      const on = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
      fail(`the focus is on ${on}, not #${id}`);
    });
}

/** The text of `selector` on `page`, trimmed; null when absent. */
async function text(page, selector) {
  const element = await page.$(selector);
  return element ? (await element.textContent()).trim() : null;
}

// ---------------------------------------------------------------------------------------------
// The run

await launch('contrib');

await section('signing in and out', async () => {
  const context = await newContext(DESKTOP);
  const page = await newPage(context);
  await check('GET /connexion: a POST form with email, password, csrf (its cookie repeated) and next', async () => {
    await go(page, '/connexion');
    const found = await page.evaluate(() => {
      const form = document.querySelector('main form[method="post"][action="/connexion"]');
      return {
        form: !!form,
        novalidate: form?.hasAttribute('novalidate'),
        email: form?.querySelector('#courriel[name="email"]')?.getAttribute('autocomplete'),
        password: form?.querySelector('#mot-de-passe[name="password"]')?.getAttribute('type'),
        next: !!form?.querySelector('input[type="hidden"][name="next"]'),
        csrf: form?.querySelector('input[type="hidden"][name="csrf"]')?.value,
      };
    });
    if (!found.form || !found.novalidate) fail('no form[method=post][action=/connexion][novalidate] in main');
    if (found.email !== 'username') fail(`#courriel[name=email] autocomplete is ${found.email}`);
    if (found.password !== 'password') fail(`#mot-de-passe[name=password] type is ${found.password}`);
    if (!found.next) fail('no hidden next');
    const cookie = (await context.cookies(BASE)).find((c) => c.name === 'aiguillage_formulaire');
    if (!found.csrf || cookie?.value !== found.csrf) fail('the hidden csrf does not repeat the aiguillage_formulaire cookie');
  });
  await commonPage(page, '/connexion');
  await axeCheck(page, '/connexion');

  let wrongPassword;
  await check('a wrong password: HTTP 401, the message in the summary and tied to #courriel', async () => {
    await page.fill('#courriel', EMAIL);
    await page.fill('#mot-de-passe', 'pas-le-bon-mot-de-passe');
    await submit(page, () => page.click('form[action="/connexion"] button[type="submit"]'), { status: 401 });
    wrongPassword = await errorIsLinked(page, 'courriel');
    if (!wrongPassword.includes('Adresse ou mot de passe incorrect')) fail(`the message is ${JSON.stringify(wrongPassword)}`);
    if (await page.inputValue('#courriel') !== EMAIL) fail('the address typed is not kept');
    if (await page.inputValue('#mot-de-passe') !== '') fail('the password is sent back');
    return wrongPassword;
  });
  await axeCheck(page, '/connexion with an error');
  await check('an unknown address: the same answer as a wrong password', async () => {
    await page.fill('#courriel', 'personne@exemple.fr');
    await page.fill('#mot-de-passe', PASSWORD);
    await submit(page, () => page.click('form[action="/connexion"] button[type="submit"]'), { status: 401 });
    const message = await errorIsLinked(page, 'courriel');
    if (message !== wrongPassword) fail(`${JSON.stringify(message)} ≠ ${JSON.stringify(wrongPassword)}`);
  });
  await check('the right password: /espace names the account and its role; the session cookie is HttpOnly', async () => {
    await signInHere(page, '/espace');
    const h1 = await text(page, 'h1');
    const who = await text(page, '.qui');
    if (h1 !== 'Mon espace') fail(`h1 ${JSON.stringify(h1)}`);
    if (!who?.includes(EMAIL) || !who.includes('Coordinateur')) fail(`.qui reads ${JSON.stringify(who)}`);
    const session = (await context.cookies(BASE)).find((c) => c.name === 'aiguillage_session');
    if (!session?.httpOnly || session.sameSite !== 'Lax') fail(`session cookie ${JSON.stringify(session)}`);
    return who;
  });
  await commonPage(page, '/espace');
  await check('« Se déconnecter »: back to /, the session is gone, /espace asks to sign in again', async () => {
    const at = await submit(page, () => page.getByRole('button', { name: 'Se déconnecter' }).click());
    if (at !== '/') fail(`logged out at ${at}`);
    if ((await context.cookies(BASE)).some((c) => c.name === 'aiguillage_session')) fail('the session cookie is still set');
    await go(page, '/espace');
    const url = new URL(page.url());
    if (url.pathname !== '/connexion' || url.searchParams.get('next') !== '/espace') fail(`/espace led to ${url}`);
  });
  await context.close();
});

/** The coordinator's page, signed in for the sections that follow; they stop without it. */
let coordinator;
function signedInCoordinator() {
  return coordinator || fail('needs the coordinator signed in by the section « /espace »');
}

/** A demo place dated 2024: « à vérifier » whenever the demo can be imported (no later date). */
const STALE = 'demo-brest-004';

await section('/espace: the places to check first, confirmed in one click', async () => {
  ({ page: coordinator } = await signedIn('coordinator'));
  const page = coordinator;
  const lists = () => page.evaluate(() => [...document.querySelectorAll('section[aria-labelledby="mes-lieux"] h3')]
    .map((h3) => ({
      heading: h3.textContent.trim(),
      places: [...h3.nextElementSibling.querySelectorAll('li.mon-lieu')].map((li) => ({
        href: li.querySelector('a.lieu-nom')?.getAttribute('href'),
        badge: !!li.querySelector('.badge-a-verifier'),
      })),
    })));
  const under = (found, href) => found.find((list) => list.places.some((p) => p.href === href))?.heading;
  await check(`/espace: « À vérifier (plus de 12 mois) » first, holding ${STALE} with its badge, then « À jour »`, async () => {
    await go(page, '/espace');
    const found = await lists();
    const headings = found.map((l) => l.heading);
    if (headings.join(' | ') !== 'À vérifier (plus de 12 mois) | À jour') fail(`the lists are ${JSON.stringify(headings)}`);
    if (!found[0].places.every((p) => p.badge) || found[1].places.some((p) => p.badge)) fail('badges on the wrong places');
    if (under(found, `/lieux/${STALE}`) !== headings[0]) fail(`${STALE} is under ${under(found, `/lieux/${STALE}`)}`);
    return `${found[0].places.length} to check, ${found[1].places.length} up to date`;
  });
  await check(`« Ces informations sont toujours exactes » for ${STALE}: back to /espace, now « À jour »`, async () => {
    const item = page.locator('li.mon-lieu', { has: page.locator(`a.lieu-nom[href="/lieux/${STALE}"]`) });
    const at = await submit(page, () => item.getByRole('button', { name: /^Ces informations sont toujours exactes/ }).click());
    if (at !== '/espace') fail(`confirmed, the browser is at ${at}`);
    const heading = under(await lists(), `/lieux/${STALE}`);
    if (heading !== 'À jour') fail(`${STALE} is under ${JSON.stringify(heading)}`);
  });
});

await section(`editing ${PLACE}: an error, then fixed`, async () => {
  const page = signedInCoordinator();
  const path = `/lieux/${PLACE}/modifier`;
  await check(`GET ${path}: every field of the standard, the version loaded`, async () => {
    await go(page, path);
    const found = await page.evaluate(() => {
      const form = document.querySelector('form.edition[method="post"]');
      const names = new Set([...form.querySelectorAll('input, textarea, select')]
        .map((e) => e.name).filter((n) => n && n !== 'csrf' && n !== 'version'));
      return {
        h1: document.querySelector('h1').textContent.trim(),
        names: names.size,
        version: form.querySelector('input[type="hidden"][name="version"]')?.value,
      };
    });
    if (found.h1 !== `Modifier : ${PLACE_NAME}`) fail(`h1 ${JSON.stringify(found.h1)}`);
    if (found.names !== 32) fail(`${found.names} field names in form.edition, expected the standard's 32`);
    if (!found.version) fail('no hidden version');
    return `version ${found.version}`;
  });
  await commonPage(page, path);
  await check('code postal « 2920 »: HTTP 422, the summary links to #champ-code_postal, its error is in aria-describedby', async () => {
    await page.fill('#champ-code_postal', '2920');
    await submit(page, () => page.click('form.edition button[type="submit"]'), { status: 422 });
    const error = await errorIsLinked(page, 'champ-code_postal');
    if (await page.inputValue('#champ-code_postal') !== '2920') fail('the value typed is not kept');
    return error;
  });
  await check('the summary\'s link moves the focus to #champ-code_postal', async () => {
    await page.click('.resume-erreurs a[href="#champ-code_postal"]');
    await focusIsOn(page, 'champ-code_postal');
  });
  await axeCheck(page, `${path} with an error`);
  await check(`${path} with an error: screenshot contrib-edit-error.png`, () => screenshot(page, 'contrib-edit-error.png'));
  await check('fixed to « 29200 » with a new name: back to the place page, which shows it', async () => {
    await page.fill('#champ-code_postal', '29200');
    await page.fill('#champ-nom', NEW_NAME);
    const at = await submit(page, () => page.click('form.edition button[type="submit"]'));
    if (at !== `/lieux/${PLACE}`) fail(`saved, the browser is at ${at}`);
    const h1 = await text(page, 'h1');
    if (h1 !== NEW_NAME) fail(`h1 ${JSON.stringify(h1)}`);
  });
  await check(`/lieux/${PLACE}: « Mis à jour le … par ${SHOWN_AUTHOR} », the change in the history, « Modifier ce lieu »`, async () => {
    const found = await page.evaluate(() => ({
      updated: document.querySelector('footer.provenance p')?.textContent.trim().split(' · ')[0],
      history: document.querySelector('details.historique summary')?.textContent.trim(),
      changes: [...document.querySelectorAll('details.historique ol.modifications > li')].map((li) => li.textContent),
      fields: [...document.querySelectorAll('details.historique ol.modifications > li:first-child ul.champs-modifies > li')]
        .map((li) => li.textContent.split(' : ')[0]),
      edit: [...document.querySelectorAll('a')].find((a) => a.textContent.trim() === 'Modifier ce lieu')?.getAttribute('href'),
      main: document.querySelector('main').textContent,
    }));
    // Saving the form dates the information: date_maj is the day of the change, so the line
    // names no other day (« · dernière modification le … »).
    if (!/^Mis à jour le .+ par /.test(found.updated) || !found.updated.endsWith(` par ${SHOWN_AUTHOR}`)) {
      fail(`footer.provenance reads ${JSON.stringify(found.updated)}`);
    }
    if (found.history !== 'Historique des modifications') fail(`details.historique summary: ${JSON.stringify(found.history)}`);
    const change = found.changes[0] || '';
    if (!change.includes(SHOWN_AUTHOR) || !change.includes('Modification') || !change.includes('Nom du lieu') ||
      !change.includes(NEW_NAME)) fail(`the newest change reads ${JSON.stringify(change)}`);
    // Only what was typed changed: no checkbox group's order, no code postal sent back as it was.
    if (found.fields.join(', ') !== 'Nom du lieu, Date de mise à jour') fail(`the change lists ${JSON.stringify(found.fields)}`);
    if (found.main.includes(EMAIL)) fail(`the page shows the address ${EMAIL}`);
    if (found.edit !== `/lieux/${PLACE}/modifier`) fail(`« Modifier ce lieu » links to ${found.edit}`);
    return found.updated;
  });
  await check(`/lieux/${PLACE} with the history unfolded: axe-core`, async () => {
    await page.evaluate(() => { document.querySelector('details.historique').open = true; });
  });
  await axeCheck(page, `/lieux/${PLACE} (history open)`);
  await check(`GET ${NEAREST}: the API serves the new name at once`, async () => {
    const response = await page.request.get(BASE + NEAREST);
    if (response.status() !== 200) fail(`HTTP ${response.status()}`);
    const first = (await response.json()).features?.[0]?.properties;
    if (first?.id !== PLACE || first.nom !== NEW_NAME || first.code_postal !== '29200') {
      fail(`the nearest place is ${JSON.stringify({ id: first?.id, nom: first?.nom, code_postal: first?.code_postal })}`);
    }
  });
});

const PHONE = '+33298000000';
const ONLY_COMMENT = 'Les horaires du mardi ont changé.';
// Markup in the comment must reach the moderator as text.
const COMMENT = 'Le standard a changé de numéro en janvier. <img src=x onerror=alert(7)>';

await section(`a suggestion on ${PLACE}, accepted`, async () => {
  const context = await newContext(DESKTOP);
  const visitor = await newPage(context);
  await check(`/lieux/${PLACE} signed out: « Signaler une erreur / proposer une modification », no « Modifier ce lieu »`, async () => {
    await go(visitor, `/lieux/${PLACE}`);
    const links = await visitor.$$eval('main a', (as) => as.map((a) => a.textContent.trim()));
    if (links.includes('Modifier ce lieu')) fail('« Modifier ce lieu » is offered to a visitor');
    if (!links.includes('Signaler une erreur / proposer une modification')) fail('no link to report an error');
    const at = await submit(visitor, () => visitor.getByRole('link', { name: 'Signaler une erreur / proposer une modification' }).click());
    if (at !== `/lieux/${PLACE}/signaler`) fail(`the link leads to ${at}`);
  });
  await commonPage(visitor, `/lieux/${PLACE}/signaler`);
  await axeCheck(visitor, `/lieux/${PLACE}/signaler`);
  await check('the honeypot is empty, out of sight and out of the tab order', async () => {
    const trap = await visitor.evaluate(() => {
      const input = document.querySelector('input[name="site_internet_confirmation"]');
      const box = input?.getBoundingClientRect();
      return input && { value: input.value, tabindex: input.getAttribute('tabindex'), right: box.right, bottom: box.bottom };
    });
    if (!trap) fail('no input site_internet_confirmation');
    if (trap.value !== '' || trap.tabindex !== '-1') fail(JSON.stringify(trap));
    if (trap.right > 0 && trap.bottom > 0) fail(`it is on the page at ${trap.right}, ${trap.bottom}`);
  });
  await check(`a new telephone ${PHONE} and a comment: « Merci ! »`, async () => {
    await visitor.fill('#champ-telephone', PHONE);
    await visitor.fill('#commentaire', COMMENT);
    const at = await submit(visitor, () => visitor.click('form.suggestion button[type="submit"]'));
    if (at !== `/lieux/${PLACE}/signaler`) fail(`sent, the browser is at ${at}`);
    const h1 = await text(visitor, 'h1');
    if (h1 !== 'Merci !') fail(`h1 ${JSON.stringify(h1)}`);
    if (!(await visitor.$(`main a[href="/lieux/${PLACE}"]`))) fail('no link back to the place');
  });
  await commonPage(visitor, 'the thank-you page');
  await check(`a comment alone on ${SHARED}: « Merci ! »`, async () => {
    await go(visitor, `/lieux/${SHARED}/signaler`);
    await visitor.fill('#commentaire', ONLY_COMMENT);
    await submit(visitor, () => visitor.click('form.suggestion button[type="submit"]'));
    if (await text(visitor, 'h1') !== 'Merci !') fail(`h1 ${JSON.stringify(await text(visitor, 'h1'))}`);
  });
  await context.close();

  const page = signedInCoordinator();
  let suggestion;
  await check('/espace: « Suggestions à modérer » lists it, the comment as text', async () => {
    await go(page, '/espace');
    const found = await page.evaluate((place) => {
      const heading = document.querySelector('h2#suggestions');
      const item = [...document.querySelectorAll('li.suggestion')]
        .find((li) => li.querySelector(`h3 a[href="/lieux/${place}"]`));
      return {
        heading: heading?.textContent.trim(),
        inSection: !!item && heading?.closest('section')?.contains(item),
        rows: item ? [...item.querySelectorAll('table.changements tbody tr')].map((tr) =>
          [...tr.children].map((c) => c.textContent.trim())) : [],
        comment: item?.querySelector('blockquote.commentaire')?.textContent.trim(),
        injected: item ? item.querySelectorAll('img, [onerror]').length : 0,
        id: item?.querySelector('h3')?.id,
      };
    }, PLACE);
    if (found.heading !== 'Suggestions à modérer') fail(`h2#suggestions reads ${JSON.stringify(found.heading)}`);
    if (!found.inSection) fail(`no li.suggestion about ${PLACE} under it`);
    const phone = found.rows.find((r) => r[0] === 'Téléphone');
    if (!phone || phone[2] !== PHONE) fail(`its changes: ${JSON.stringify(found.rows)}`);
    if (found.rows.length !== 1) fail(`it changes more than the telephone: ${JSON.stringify(found.rows)}`);
    if (found.comment !== COMMENT) fail(`the comment reads ${JSON.stringify(found.comment)}`);
    if (found.injected) fail('the comment\'s markup became elements');
    suggestion = found.id;
    return `${phone[1]} → ${phone[2]}`;
  });
  await commonPage(page, '/espace');
  await axeCheck(page, '/espace (suggestions waiting)');
  await check('/espace: screenshot contrib-espace.png', () => screenshot(page, 'contrib-espace.png'));
  await check('« Accepter »: back to /espace, the suggestion is no longer listed', async () => {
    const item = page.locator('li.suggestion', { has: page.locator(`h3#${suggestion}`) });
    const at = await submit(page, () => item.getByRole('button', { name: 'Accepter' }).click());
    if (at !== '/espace') fail(`accepted, the browser is at ${at}`);
    if (await page.$(`h3#${suggestion}`)) fail('still listed');
  });
  await check(`the comment on ${SHARED} proposes no change; « Refuser » with a motif: no longer listed`, async () => {
    const item = page.locator('li.suggestion', { has: page.locator(`h3 a[href="/lieux/${SHARED}"]`) });
    if (await item.count() !== 1) fail(`${await item.count()} suggestions about ${SHARED}`);
    // Its services' boxes come back in the form's order, not the stored one: no change either.
    const rows = await item.locator('table.changements tbody tr th').allTextContents();
    if (rows.length) fail(`it lists changes: ${JSON.stringify(rows)}`);
    if (await item.locator('blockquote.commentaire').textContent() !== ONLY_COMMENT) fail('its comment is not shown');
    await item.getByLabel('Motif du refus').fill('Horaires vérifiés auprès du lieu.');
    const at = await submit(page, () => item.getByRole('button', { name: 'Refuser' }).click());
    if (at !== '/espace') fail(`refused, the browser is at ${at}`);
    if (await item.count()) fail('still listed');
  });
  await check(`/lieux/${PLACE} shows the new telephone, and the suggestion in its history`, async () => {
    await go(page, `/lieux/${PLACE}`);
    if (!(await page.$(`a[href="tel:${PHONE}"]`))) {
      fail(`no a[href="tel:${PHONE}"]; contact: ${JSON.stringify(await text(page, 'section[aria-labelledby="contact"]'))}`);
    }
    const newest = await text(page, 'details.historique ol.modifications > li');
    if (!newest?.includes('Suggestion') || !newest.includes('Téléphone')) fail(`the newest change reads ${JSON.stringify(newest)}`);
  });
});

await section('keyboard only: signing in and editing with Tab, Enter and Space', async () => {
  const context = await newContext(DESKTOP);
  const page = await newPage(context);
  const path = `/lieux/${PLACE}/modifier`;
  let service;
  await check(`${path} signed out leads to /connexion, which comes back to it`, async () => {
    await go(page, path);
    const url = new URL(page.url());
    if (url.pathname !== '/connexion' || url.searchParams.get('next') !== path) fail(`at ${url}`);
  });
  await check('Tab to #courriel, type, Tab to #mot-de-passe, type, Enter: back at the edit form', async () => {
    const presses = await tabTo(page, '#courriel');
    await page.keyboard.type(EMAIL);
    await page.keyboard.press('Tab');
    await focusIsOn(page, 'mot-de-passe');
    await page.keyboard.type(PASSWORD);
    const at = await submit(page, () => page.keyboard.press('Enter'));
    if (at !== path) fail(`signed in, the browser is at ${at}`);
    return `${presses} Tab presses to the address`;
  });
  await check('Tab to #champ-code_postal, type « 2920 », Tab to a service, Space ticks it, Tab to « Enregistrer », Space: HTTP 422', async () => {
    await tabTo(page, '#champ-code_postal');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2920');
    const box = await page.evaluate(() =>
      [...document.querySelectorAll('#champ-services input[type="checkbox"]')].find((b) => !b.checked)?.id);
    if (!box) fail('every service is ticked already');
    await tabTo(page, `#${box}`);
    await page.keyboard.press('Space');
    if (!(await page.isChecked(`#${box}`))) fail(`Space did not tick #${box}`);
    service = await page.getAttribute(`#${box}`, 'value');
    await tabTo(page, 'form.edition button[type="submit"]');
    await submit(page, () => page.keyboard.press('Space'), { status: 422 });
    await errorIsLinked(page, 'champ-code_postal');
    if (!(await page.isChecked(`#champ-services input[value="${service}"]`))) fail('the ticked service is not kept');
    return `ticked « ${service} »`;
  });
  await check('Tab to the summary\'s link, Enter: the focus is on #champ-code_postal', async () => {
    const presses = await tabTo(page, '.resume-erreurs a[href="#champ-code_postal"]', 20);
    await page.keyboard.press('Enter');
    await focusIsOn(page, 'champ-code_postal');
    return `${presses} Tab presses to the link`;
  });
  await check('type « 29200 », Enter: saved, the place page lists the service ticked', async () => {
    await page.keyboard.press('Control+A');
    await page.keyboard.type('29200');
    const at = await submit(page, () => page.keyboard.press('Enter'));
    if (at !== `/lieux/${PLACE}`) fail(`saved, the browser is at ${at}`);
    const main = await page.textContent('main');
    if (!main.includes(service)) fail(`the page does not list « ${service} »`);
  });
  await context.close();
});

await section(`two sessions saving over the same version of ${SHARED}`, async () => {
  const path = `/lieux/${SHARED}/modifier`;
  const { context: firstContext, page: first } = await signedIn('first session');
  const { context: secondContext, page: second } = await signedIn('second session');
  const otherName = `${SHARED_NAME} (quartier)`;
  const phone = '+33298000001';
  await check(`both load ${path}, the first saves a new name`, async () => {
    await go(first, path);
    await go(second, path);
    const versions = await Promise.all([first, second].map((p) => p.inputValue('input[name="version"]')));
    if (versions[0] !== versions[1]) fail(`versions ${versions.join(' and ')}`);
    await first.fill('#champ-nom', otherName);
    const at = await submit(first, () => first.click('form.edition button[type="submit"]'));
    if (at !== `/lieux/${SHARED}`) fail(`saved, the browser is at ${at}`);
  });
  await check('the second saves a telephone over the old version: HTTP 412, the fields changed on either side', async () => {
    await second.fill('#champ-telephone', phone);
    await submit(second, () => second.click('form.edition button[type="submit"]'), { status: 412 });
    const found = await second.evaluate(() => ({
      h1: document.querySelector('h1').textContent.trim(),
      title: document.title,
      rows: [...document.querySelectorAll('table.conflit tbody tr')].map((tr) =>
        [...tr.children].map((c) => c.textContent.trim())),
    }));
    if (found.h1 !== 'Ce lieu a été modifié entre-temps') fail(`h1 ${JSON.stringify(found.h1)}`);
    const name = found.rows.find((r) => r[0] === 'Nom du lieu');
    const tel = found.rows.find((r) => r[0] === 'Téléphone');
    if (!name || name[1] !== SHARED_NAME || name[2] !== otherName || name[3] !== SHARED_NAME) {
      fail(`the row « Nom du lieu »: ${JSON.stringify(name)}`);
    }
    if (!tel || tel[3] !== phone) fail(`the row « Téléphone »: ${JSON.stringify(tel)}`);
    // No one touched the services: their boxes, sent in the form's order, are no change.
    const labels = found.rows.map((r) => r[0]);
    if (labels.includes('Services')) fail(`rows ${JSON.stringify(labels)}`);
    return labels.join(', ');
  });
  await commonPage(second, 'the conflict page');
  await axeCheck(second, 'the conflict page');
  await check('the conflict page: screenshot contrib-conflict.png', () => screenshot(second, 'contrib-conflict.png'));
  await check('« Reprendre avec les valeurs actuelles » opens the form of the current version', async () => {
    const href = await second.getAttribute('a.bouton', 'href');
    if (href !== path) fail(`it links to ${href}`);
  });
  await check('« Enregistrer ma version à la place »: saved, the second session\'s values replace the first\'s', async () => {
    const at = await submit(second, () => second.getByRole('button', { name: 'Enregistrer ma version à la place' }).click());
    if (at !== `/lieux/${SHARED}`) fail(`saved, the browser is at ${at}`);
    if (await text(second, 'h1') !== SHARED_NAME) fail(`h1 ${JSON.stringify(await text(second, 'h1'))}`);
    if (!(await second.$(`a[href="tel:${phone}"]`))) fail(`no a[href="tel:${phone}"]`);
  });
  await firstContext.close();
  await secondContext.close();
});

await section(`XSS: place ${XSS_ID} named ${XSS_TEXT} in the editing pages`, async () => {
  const page = signedInCoordinator();
  const id = encodeURIComponent(XSS_ID);
  await check('/espace lists it, its name as text', async () => {
    await go(page, '/espace');
    const name = await text(page, `a.lieu-nom[href="/lieux/${id}"]`);
    if (name !== XSS_TEXT) fail(`a.lieu-nom reads ${JSON.stringify(name)}`);
  });
  await xssChecks(page, '/espace', true);
  const path = `/lieux/${id}/modifier`;
  const values = () => page.evaluate(() => ({
    nom: document.getElementById('champ-nom').value,
    resume: document.getElementById('champ-presentation_resume').value,
  }));
  await check(`${path} answers 200, the inputs hold the text as typed`, async () => {
    await go(page, path);
    const found = await values();
    // The fixture's short presentation tries to close the textarea.
    if (found.nom !== XSS_TEXT || !found.resume.includes('</textarea><svg onload=alert(4)>')) fail(JSON.stringify(found));
  });
  await xssChecks(page, path, true);
  await check(`${path} sent back with an error: HTTP 422, the inputs still hold the text`, async () => {
    await page.fill('#champ-code_postal', '2920');
    await submit(page, () => page.click('form.edition button[type="submit"]'), { status: 422 });
    await errorIsLinked(page, 'champ-code_postal');
    const found = await values();
    if (found.nom !== XSS_TEXT || !found.resume.includes('</textarea><svg onload=alert(4)>')) fail(JSON.stringify(found));
  });
  await xssChecks(page, `${path} with an error`, true);
  await check(`/lieux/${XSS_ID}/signaler answers 200`, () => go(page, `/lieux/${id}/signaler`));
  await xssChecks(page, `/lieux/${XSS_ID}/signaler`, true);
});

await finish();
