// Runs the real search client (themes/default/static/nyttig-search/search.js) in Node against
// a built site on disk, through a fetch that reads files and counts what it reads.
//
//   node tests/search/run.js answers SITE INDEX_URL < queries.json   → the answers, as JSON
//   node tests/search/run.js bytes SITE INDEX_URL < cases.json       → bytes per query, as JSON
//
// SITE is the built folder, INDEX_URL the index folder's address on the site (as the search
// page has it, e.g. /nyttig-search/0123abcd4567/); the site's base path is taken from it.
// queries.json: [{q, prefix, filters, sort, limit}, …]
// cases.json: [{q, extra}, …]: bytes from the first keystroke to the first ten results of q
// (prefix matching on, as while typing) in a fresh browser, then what typing " extra" adds:
// in all, and for the index alone (extra_index_bytes: the term's chunks; the rest is the
// result cards of the new first ten).
// Bytes are gzip -9 sizes, as a static host with compression transfers them; a part of a file
// asked for by a range request (cards and texts, already deflated) counts as its own bytes.
"use strict";

const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const [mode, site, indexUrl] = process.argv.slice(2);
if (!mode || !site || !indexUrl) {
  console.error("usage: node tests/search/run.js answers|bytes SITE INDEX_URL < input.json");
  process.exit(2);
}
const base = indexUrl.slice(0, indexUrl.indexOf("nyttig-search/"));
// The client as the site serves it (the build compacts the theme's scripts), with the
// stemmers its search page loads: an English portal's also loads stem-en.js (see
// search_scripts in src/build/pages.rs).
const client = path.join(site, "assets/nyttig-search");
const meta = JSON.parse(fs.readFileSync(path.join(site, indexUrl.slice(base.length), "meta.json"), "utf8"));
const stemmers = meta.stemmer === "english" ? ["stem.js", "stem-en.js"] : ["stem.js"];
for (const f of stemmers) require(path.join(client, f));
const NyttigSearch = require(path.join(client, "search.js"));

const gzipped = new Map();
function gzipSize(file, bytes) {
  if (!gzipped.has(file)) gzipped.set(file, zlib.gzipSync(bytes, { level: 9 }).length);
  return gzipped.get(file);
}

// The files, each read from disk once (pages.bin is read in many small parts).
const files = new Map();
function read(file) {
  if (!files.has(file)) {
    try {
      files.set(file, fs.readFileSync(file));
    } catch (e) {
      files.set(file, null);
    }
  }
  return files.get(file);
}

// A fetch for one simulated browser: reads files under SITE and logs each one. It answers a
// range request ("bytes=A-B") with that part, as a static host does.
function browser() {
  const log = [];
  const get = (url, init) => {
    const rel = url.startsWith(base) ? url.slice(base.length) : url;
    const file = path.join(site, rel);
    let bytes = read(file);
    if (!bytes) return Promise.resolve({ ok: false, status: 404 });
    const range = init && init.headers && init.headers.Range;
    let status = 200;
    if (range) {
      const m = /^bytes=(\d+)-(\d+)$/.exec(range);
      if (!m) throw new Error("a range the client should not ask for: " + range);
      bytes = bytes.subarray(Number(m[1]), Number(m[2]) + 1);
      status = 206;
      log.push({ file: rel, bytes: bytes.length });
    } else {
      log.push({ file: rel, bytes: gzipSize(rel, bytes) });
    }
    return Promise.resolve({
      ok: true,
      status,
      arrayBuffer: () => Promise.resolve(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)),
      json: () => Promise.resolve(JSON.parse(bytes.toString("utf8"))),
    });
  };
  return { log, get };
}

function sum(log, from, only) {
  return log.slice(from).filter((x) => !only || x.file.includes(only)).reduce((n, x) => n + x.bytes, 0);
}

async function answers(queries) {
  const b = browser();
  const engine = await NyttigSearch.open(indexUrl, b.get);
  const out = [];
  for (const q of queries) out.push(await engine.search(q));
  return out;
}

async function bytes(cases) {
  const out = [];
  const scripts = [...stemmers, "search.js", "ui.js"].map((f) => {
    const file = path.join(client, f);
    return gzipSize("client/" + f, fs.readFileSync(file));
  });
  for (const c of cases) {
    const b = browser();
    const engine = await NyttigSearch.open(indexUrl, b.get);
    // As the search page does: results first, then the filters' counts.
    const first = await engine.search({ q: c.q, prefix: true, limit: 10, facets: false });
    const firstBytes = sum(b.log, 0);
    const firstCardBytes = sum(b.log, 0, "/slots.bin") + sum(b.log, 0, "/pages.bin");
    // What a word that matches nothing costs: from the first file of the pages' words on,
    // those files and the term chunks (fetched only then).
    const typoFrom = b.log.findIndex((x) => x.file.includes("/w/"));
    const typoBytes = typoFrom < 0 ? 0 : sum(b.log, typoFrom, "/w/") + sum(b.log, typoFrom, "/t/");
    let mark = b.log.length;
    await engine.search({ q: c.q, prefix: true, limit: 10 });
    const facetBytes = sum(b.log, mark);
    mark = b.log.length;
    const q2 = c.q + " " + c.extra;
    await engine.search({ q: q2, prefix: true, limit: 10 });
    const extraBytes = sum(b.log, mark);
    const extraIndexBytes = sum(b.log, mark, "/t/");
    // Time to compute, with the data loaded: the three-word query again, warm.
    const t0 = process.hrtime.bigint();
    const again = await engine.search({ q: q2, prefix: true, limit: 10 });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    out.push({
      q: c.q,
      extra: c.extra,
      hits: first.total,
      hits_with_extra: again.total,
      first_bytes: firstBytes,
      extra_bytes: extraBytes,
      extra_index_bytes: extraIndexBytes,
      first_card_bytes: firstCardBytes,
      typo_bytes: typoBytes,
      facet_bytes: facetBytes,
      files: b.log.map((x) => x.file),
      compute_ms: ms,
    });
  }
  return { scripts_bytes: scripts.reduce((a, b) => a + b, 0), cases: out };
}

let input = "";
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => {
  const data = JSON.parse(input);
  (mode === "bytes" ? bytes(data) : answers(data))
    .then((r) => process.stdout.write(JSON.stringify(r)))
    .catch((e) => {
      console.error(e && e.stack ? e.stack : String(e));
      process.exit(1);
    });
});
