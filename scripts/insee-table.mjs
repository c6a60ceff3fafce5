// Reduces the INSEE tables of the npm package `@etalab/decoupage-administratif` to the
// tab-separated table that `crates/aiguillage-territory/src/admin/embedded.rs` embeds.
//
//     node scripts/insee-table.mjs DATA_DIR OUT_FILE
//
// DATA_DIR is the package's `data/` folder (its `communes.json`, `epci.json`,
// `departements.json` and `regions.json`). Run by `scripts/update-web-deps.sh`; the output is
// committed, so building needs neither Node nor npm.
//
// One record a line, fields separated by tabs, lists by commas (empty field: empty list, or no
// EPCI):
//
//     R  code  nom
//     D  code  nom  region
//     E  code  nom
//     C  code  nom  departement  region  epci  population  codes_postaux  anciens_codes  arrondissements
//
// Rows come in that order, each table sorted by code (byte order). Only current communes get a
// row; an arrondissement municipal is listed by its commune, in the package's order. Broken
// references (an EPCI member that is not a current commune, a commune in two EPCI, an unknown
// département or région) and values that cannot be written in a field stop the conversion.
//
// OUT_FILE is written atomically (a temporary file renamed over it), and left untouched when
// its content would not change.

import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

class ConversionError extends Error {}

function fail(message) {
  throw new ConversionError(message);
}

function read(dir, name) {
  const path = join(dir, name);
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    fail(`cannot read ${path} (${error.message}); DATA_DIR must be the \`data\` folder of @etalab/decoupage-administratif`);
  }
  try {
    const value = JSON.parse(text);
    if (!Array.isArray(value)) fail(`${path}: not an array`);
    return value;
  } catch (error) {
    if (error instanceof ConversionError) throw error;
    fail(`${path}: ${error.message}`);
  }
}

/** `record[key]`, which must be a string. */
function string(record, key, what) {
  const value = record[key];
  if (typeof value !== 'string') fail(`${what}: \`${key}\` is not a string: ${JSON.stringify(value)}`);
  return value;
}

/** `record[key]`, a string or nothing (absent or null). */
function optionalString(record, key, what) {
  const value = record[key];
  return value === undefined || value === null ? null : string(record, key, what);
}

/** `record[key]`, a list of strings; absent is an empty list. */
function strings(record, key, what) {
  const value = record[key];
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    fail(`${what}: \`${key}\` is not a list of strings: ${JSON.stringify(value)}`);
  }
  return value;
}

/** Checks that a value can be written in a TSV field (and, `inList`, in a list item). */
function field(value, inList = false) {
  if (/[\t\n\r]/.test(value) || (inList && (value.includes(',') || value === ''))) {
    fail(`value ${JSON.stringify(value)} cannot be embedded`);
  }
  return value;
}

function list(values) {
  for (const v of values) field(v, true);
  return values.join(',');
}

/** Byte order of the UTF-8 strings (Rust's `str` order), for sorting. */
function byBytes(a, b) {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function byCode(a, b) {
  return byBytes(a.code, b.code);
}

function convert(dir) {
  const communes = read(dir, 'communes.json');
  const epcis = read(dir, 'epci.json');
  const departements = read(dir, 'departements.json');
  const regions = read(dir, 'regions.json');
  const lines = [];

  const regionCodes = new Set();
  for (const r of regions) {
    regionCodes.add(string(r, 'code', 'a région'));
    string(r, 'nom', `région ${r.code}`);
  }
  for (const r of [...regions].sort(byCode)) {
    lines.push(`R\t${field(r.code)}\t${field(r.nom)}`);
  }

  const departementCodes = new Set();
  for (const d of departements) {
    departementCodes.add(string(d, 'code', 'a département'));
    string(d, 'nom', `département ${d.code}`);
    string(d, 'region', `département ${d.code}`);
  }
  for (const d of [...departements].sort(byCode)) {
    if (!regionCodes.has(d.region)) fail(`département ${d.code} has unknown région ${d.region}`);
    lines.push(`D\t${field(d.code)}\t${field(d.nom)}\t${d.region}`);
  }

  // Current communes by code, the last of a code kept.
  const current = new Map();
  for (const c of communes) {
    const what = `commune ${JSON.stringify(c.code)}`;
    string(c, 'code', 'a commune');
    string(c, 'nom', what);
    string(c, 'type', what);
    optionalString(c, 'departement', what);
    optionalString(c, 'region', what);
    optionalString(c, 'commune', what);
    strings(c, 'codesPostaux', what);
    strings(c, 'anciensCodes', what);
    const population = c.population;
    if (population !== undefined && population !== null && !(Number.isSafeInteger(population) && population >= 0)) {
      fail(`${what}: \`population\` is not a count: ${JSON.stringify(population)}`);
    }
    if (c.type === 'commune-actuelle') current.set(c.code, c);
  }

  const epciOf = new Map();
  for (const e of epcis) {
    string(e, 'code', 'an EPCI');
    string(e, 'nom', `EPCI ${e.code}`);
    if (!Array.isArray(e.membres)) fail(`EPCI ${e.code}: \`membres\` is not a list`);
    for (const m of e.membres) string(m, 'code', `a member of EPCI ${e.code}`);
  }
  for (const e of [...epcis].sort(byCode)) {
    lines.push(`E\t${field(e.code)}\t${field(e.nom)}`);
    for (const m of e.membres) {
      if (!current.has(m.code)) fail(`EPCI ${e.code} lists ${m.code}, not a current commune`);
      const other = epciOf.get(m.code);
      epciOf.set(m.code, e.code);
      if (other !== undefined) fail(`commune ${m.code} is in EPCI ${other} and ${e.code}`);
    }
  }

  const arrondissements = new Map();
  for (const c of communes.filter((c) => c.type === 'arrondissement-municipal')) {
    const parent = c.commune;
    if (parent === undefined || parent === null || !current.has(parent)) {
      fail(`arrondissement municipal ${c.code} has no current commune`);
    }
    if (!arrondissements.has(parent)) arrondissements.set(parent, []);
    arrondissements.get(parent).push(c.code);
  }

  for (const code of [...current.keys()].sort(byBytes)) {
    const c = current.get(code);
    const { departement, region } = c;
    if (departement == null || region == null) fail(`commune ${code} has no département or région`);
    if (!departementCodes.has(departement) || !regionCodes.has(region)) {
      fail(`commune ${code} has unknown département ${departement} or région ${region}`);
    }
    const fields = [
      'C',
      field(code),
      field(c.nom),
      departement,
      region,
      epciOf.get(code) ?? '',
      String(c.population ?? 0),
      list(c.codesPostaux ?? []),
      list(c.anciensCodes ?? []),
      list(arrondissements.get(code) ?? []),
    ];
    lines.push(fields.join('\t'));
  }
  return lines.map((line) => `${line}\n`).join('');
}

/** Writes `text` to `path` through a temporary file in the same folder, unless it is there. */
function writeAtomically(path, text) {
  let old = null;
  try {
    old = readFileSync(path, 'utf8');
  } catch {
    // Not there yet.
  }
  if (old === text) return false;
  const temp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // Never written.
    }
    throw error;
  }
  return true;
}

const [dir, out] = process.argv.slice(2);
if (dir === undefined || out === undefined || process.argv.length > 4) {
  console.error('usage: node scripts/insee-table.mjs DATA_DIR OUT_FILE');
  process.exit(2);
}
try {
  const changed = writeAtomically(out, convert(dir));
  console.log(`${out}: ${changed ? 'written' : 'unchanged'}`);
} catch (error) {
  console.error(`error: ${error instanceof ConversionError ? error.message : error}`);
  process.exit(1);
}
