#!/usr/bin/env node
// Search benchmark, Pagefind side: runs Pagefind's own browser client
// (SITE/pagefind/pagefind.js) in plain Node against the files on disk and counts
// what a first-time visitor would download for each query. See bench/search.sh.
//
// usage: node bench/pagefind.mjs --site DIR --queries FILE [--bundle DIR]
//            [--extra-terms w1,w2,...] [--results 10] [--out FILE]
//
//   --site DIR        a built site already indexed by Pagefind (DIR/pagefind/ exists)
//   --bundle DIR      Pagefind's output folder, if not DIR/pagefind (e.g. one written
//                     with `pagefind --output-subdir`); it must be inside --site
//   --queries FILE    JSON array of query strings (an item may also be an object
//                     {"query": "...", "then": "word"} to choose its appended term)
//   --extra-terms L   comma-separated words; query i gets word i mod len appended for
//                     the "typing a second word" measurement (default: bench/search_extra_terms.json)
//   --results N       results whose data() is loaded per search (default 10)
//   --out FILE        also write the JSON report there (it always goes to stdout)
//
// How it runs. Pagefind's client is an ES module that, outside a browser (no
// `window`), works on the main thread without its Web Worker, loads its WebAssembly
// with fetch() and decompresses the gzip'ed index files itself in JS. So no browser is
// needed: globalThis.fetch is replaced by one that serves SITE's files from disk and
// records every request. The client finds its base from import.meta.url
// (file:///…/pagefind/), so every request is a file: URL under SITE/pagefind/.
// A minimal `document` shim answers `document.querySelector("html").lang` with the
// lang attribute of SITE/index.html, as a page would (Pagefind then picks that
// language's index and Intl segmenter); there is no `window`, so Pagefind takes its
// non-browser paths (no worker). Each query gets a FRESH client: pagefind.js is
// imported again under a new URL (…/pagefind.js?client=i), which gives a new module
// instance with new caches and a new WebAssembly instance, as on a first visit.
//
// Byte counting rule (what a static host would transfer):
//   * a file that Pagefind already compresses (it starts with the gzip magic 1f 8b:
//     the .pf_meta, .pf_index, .pf_fragment, .pf_filter files and wasm.*.pagefind)
//     counts its size on disk: a host sends it as it is, Pagefind gunzips it in JS;
//   * any other file (pagefind.js, pagefind-entry.json, …) counts its `gzip -9 -n`
//     size, i.e. what a host that compresses with gzip at level 9 sends.
//   pagefind.js itself is loaded by import, not by fetch; it is counted once per
//   fresh client as the first file (via "import"). The UI bundles (pagefind-ui.js,
//   pagefind-component-ui.js, CSS) are NOT counted: this measures the search API
//   that our own JS client is compared with, not a ready-made UI.
//
// Per query:
//   first_bytes       from a fresh client to `search(q)` done and data() of the first
//                     N results loaded (pagefind.js, entry, wasm, meta, index chunks,
//                     fragments)
//   extra_term_bytes  then, on the same client, `search(q + " " + word)` and data() of
//                     its first N results: what typing a second word costs
//   *_client_ms       wall time of those steps minus the time spent inside our fetch
//                     (which reads from disk synchronously, so the subtraction is
//                     exact): the client's own work once the bytes are there:
//                     gunzip in JS, WebAssembly compile/instantiate (first only), the
//                     search itself, fragment parsing. Network time is not modelled.
//   pagefind_search_ms  Pagefind's own `timings.search` (Date.now() resolution, ms)

import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs as utilParseArgs } from "node:util";

// The words appended to each query, shared with bench/nyttig.mjs: query i gets word i mod len.
const EXTRA_TERMS = JSON.parse(
    readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "search_extra_terms.json"), "utf8"),
);

function usage(msg, code = 2) {
    if (msg) process.stderr.write(`pagefind.mjs: ${msg}\n`);
    process.stderr.write(
        "usage: node bench/pagefind.mjs --site DIR --queries FILE [--bundle DIR] " +
            "[--extra-terms w1,w2] [--results 10] [--out FILE]\n",
    );
    process.exit(code);
}

function parseArgs(argv) {
    let values;
    try {
        ({ values } = utilParseArgs({
            args: argv,
            options: {
                site: { type: "string" },
                queries: { type: "string" },
                out: { type: "string" },
                bundle: { type: "string" },
                results: { type: "string", default: "10" },
                "extra-terms": { type: "string" },
                help: { type: "boolean", short: "h" },
            },
        }));
    } catch (e) {
        usage(e.message);
    }
    if (values.help) usage(null, 0);
    const opts = {
        site: values.site,
        queries: values.queries,
        out: values.out,
        bundle: values.bundle,
        results: Number(values.results),
        extraTerms: values["extra-terms"]?.split(",").map((s) => s.trim()).filter(Boolean) ?? EXTRA_TERMS,
    };
    if (!opts.site || !opts.queries) usage("--site and --queries are required");
    if (!Number.isInteger(opts.results) || opts.results < 1) usage("--results must be a positive whole number");
    if (opts.extraTerms.length === 0) usage("--extra-terms is empty");
    return opts;
}

const opts = parseArgs(process.argv.slice(2));
const SITE = path.resolve(opts.site);
const BUNDLE = opts.bundle ? path.resolve(opts.bundle) : path.join(SITE, "pagefind");
if (!BUNDLE.startsWith(SITE + path.sep)) usage(`--bundle ${opts.bundle} is not inside --site ${opts.site}`);
const CLIENT = path.join(BUNDLE, "pagefind.js");
if (!existsSync(CLIENT)) usage(`${CLIENT} does not exist: run pagefind --site ${opts.site} first`);

let queries;
try {
    queries = JSON.parse(readFileSync(opts.queries, "utf8"));
} catch (e) {
    usage(`cannot read ${opts.queries} as JSON: ${e.message}`);
}
if (!Array.isArray(queries) || queries.length === 0) usage(`${opts.queries} must hold a non-empty JSON array`);
queries = queries.map((q, i) => {
    const then = opts.extraTerms[i % opts.extraTerms.length];
    if (typeof q === "string") return { query: q, then };
    if (q && typeof q.query === "string") return { query: q.query, then: q.then ?? then };
    usage(`item ${i} of ${opts.queries} is neither a string nor {"query": ...}`);
});

// --- byte accounting ---------------------------------------------------------

const transferCache = new Map();
function transferBytes(file) {
    let n = transferCache.get(file);
    if (n !== undefined) return n;
    const buf = readFileSync(file);
    if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
        n = buf.length; // already gzip'ed by Pagefind: sent as it is
    } else {
        n = execFileSync("gzip", ["-9", "-n", "-c"], { input: buf, maxBuffer: 1 << 30 }).length;
    }
    transferCache.set(file, n);
    return n;
}

function kindOf(rel) {
    const base = path.basename(rel);
    if (base === "pagefind.js") return "js";
    if (base === "pagefind-entry.json") return "entry";
    if (base.startsWith("wasm.")) return "wasm";
    const ext = path.extname(base).slice(1);
    return { pf_meta: "meta", pf_index: "index", pf_fragment: "fragment", pf_filter: "filter" }[ext] ?? (ext || "other");
}

// The current recording: every file served is pushed here.
let log = [];
let fetchMs = 0;
const unserved = [];

function record(file, via) {
    const rel = path.relative(SITE, file).split(path.sep).join("/");
    const entry = { file: rel, kind: kindOf(rel), disk: statSync(file).size, bytes: transferBytes(file), via };
    log.push(entry);
    return entry;
}

// --- the file-backed fetch -----------------------------------------------------

const CONTENT_TYPES = { ".js": "text/javascript", ".json": "application/json", ".wasm": "application/wasm" };

function resolveRequest(input) {
    const href = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const url = new URL(href, pathToFileURL(BUNDLE + path.sep));
    if (url.protocol !== "file:") return null;
    const file = fileURLToPath(url); // drops ?ts=… cache tags
    if (file !== SITE && !file.startsWith(SITE + path.sep)) return null;
    return file;
}

globalThis.fetch = async function fileFetch(input) {
    const t0 = performance.now();
    try {
        const file = resolveRequest(input);
        if (!file || !existsSync(file) || !statSync(file).isFile()) {
            unserved.push(String(input?.url ?? input));
            return new Response("not found", { status: 404, statusText: "Not Found" });
        }
        record(file, "fetch");
        const body = readFileSync(file);
        const type = CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream";
        return new Response(body, { status: 200, headers: { "content-type": type } });
    } finally {
        fetchMs += performance.now() - t0;
    }
};

// --- the page's language, as document.querySelector("html").lang -----------------

function siteLanguage() {
    const index = path.join(SITE, "index.html");
    if (!existsSync(index)) return null;
    const m = readFileSync(index, "utf8").match(/<html[^>]*\slang\s*=\s*["']?([^"'\s>]+)/i);
    return m ? m[1] : null;
}
const LANG = siteLanguage();
if (LANG && typeof globalThis.document === "undefined") {
    const html = { getAttribute: (name) => (name === "lang" ? LANG : null) };
    globalThis.document = {
        currentScript: null, // wasm-bindgen's glue looks at it when a document exists
        querySelector: (sel) => (sel === "html" ? html : null),
    };
}

// --- measuring -------------------------------------------------------------------

const sum = (xs, f) => xs.reduce((s, x) => s + f(x), 0);
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

function byKind(entries) {
    const out = {};
    for (const e of entries) out[e.kind] = (out[e.kind] ?? 0) + e.bytes;
    return out;
}

// One measured step: runs fn, returns what it fetched and the client's own time.
async function step(fn) {
    log = [];
    fetchMs = 0;
    const t0 = performance.now();
    const value = await fn();
    const wall = performance.now() - t0;
    return { value, files: log, wallMs: wall, clientMs: wall - fetchMs };
}

async function searchAndLoad(pf, term) {
    const res = await pf.search(term);
    if (!res) throw new Error(`search("${term}") returned nothing`);
    const data = await Promise.all(res.results.slice(0, opts.results).map((r) => r.data()));
    return { res, data };
}

function timingOf(res) {
    const t = Array.isArray(res.timings) ? res.timings[0] : res.timings;
    return t && typeof t.search === "number" ? t.search : null;
}

const clientHref = pathToFileURL(CLIENT).href;
const perQuery = [];

for (let i = 0; i < queries.length; i++) {
    const { query, then } = queries[i];

    // Fresh client: a new module instance (new caches, new wasm instance).
    const first = await step(async () => {
        const tImport = performance.now();
        const pf = await import(`${clientHref}?client=${i}`);
        const importMs = performance.now() - tImport;
        record(CLIENT, "import");
        await pf.options({ baseUrl: "/" }); // result URLs as on the site, not file: paths
        const out = await searchAndLoad(pf, query);
        return { pf, importMs, ...out };
    });
    const { pf, res, data, importMs } = first.value;

    const second = await step(() => searchAndLoad(pf, `${query} ${then}`));
    await pf.destroy?.();

    const firstBytes = sum(first.files, (e) => e.bytes);
    const extraBytes = sum(second.files, (e) => e.bytes);
    perQuery.push({
        query,
        hits: res.results.length,
        first_bytes: firstBytes,
        first_files: first.files.length,
        first_by_kind: byKind(first.files),
        first_client_ms: round(first.clientMs - importMs),
        first_import_ms: round(importMs),
        first_pagefind_search_ms: timingOf(res),
        extra_term: then,
        extra_term_query: `${query} ${then}`,
        extra_term_hits: second.value.res.results.length,
        extra_term_bytes: extraBytes,
        extra_term_files: second.files.length,
        extra_term_by_kind: byKind(second.files),
        extra_term_client_ms: round(second.clientMs),
        extra_term_pagefind_search_ms: timingOf(second.value.res),
        top: data.slice(0, 3).map((d) => d.url),
        files_fetched: [
            ...first.files.map((e) => ({ phase: "first", file: e.file, bytes: e.bytes, via: e.via })),
            ...second.files.map((e) => ({ phase: "extra_term", file: e.file, bytes: e.bytes, via: e.via })),
        ],
    });
    process.stderr.write(
        `pagefind.mjs: ${String(i + 1).padStart(3)}/${queries.length} ${JSON.stringify(query)}: ` +
            `${res.results.length} hits, first ${firstBytes} B in ${first.files.length} files, ` +
            `+"${then}" ${extraBytes} B in ${second.files.length} files\n`,
    );
}

// --- summary -----------------------------------------------------------------------

function walk(dir) {
    const out = [];
    for (const ent of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, ent.name);
        if (ent.isDirectory()) out.push(...walk(p));
        else if (ent.isFile()) out.push(p);
    }
    return out;
}
function median(xs) {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
const stats = (xs) => ({ median: round(median(xs)), max: round(Math.max(...xs)), min: round(Math.min(...xs)) });

const emitted = walk(BUNDLE);
const emittedKinds = {};
for (const f of emitted) {
    const k = kindOf(path.relative(SITE, f));
    emittedKinds[k] ??= { files: 0, bytes: 0 };
    emittedKinds[k].files += 1;
    emittedKinds[k].bytes += statSync(f).size;
}
let entry = null;
try {
    entry = JSON.parse(readFileSync(path.join(BUNDLE, "pagefind-entry.json"), "utf8"));
} catch {}

const report = {
    tool: "pagefind",
    version: entry?.version ?? null,
    site: SITE,
    bundle: BUNDLE,
    node: process.version,
    results_loaded_per_search: opts.results,
    byte_rule:
        "files starting with the gzip magic (Pagefind's .pf_* and wasm.*.pagefind): size on disk; " +
        "other files (pagefind.js, pagefind-entry.json): gzip -9 -n size; pagefind.js counted once per fresh client",
    language: LANG,
    pages_indexed: entry ? sum(Object.values(entry.languages ?? {}), (l) => l.page_count ?? 0) : null,
    summary: {
        queries: perQuery.length,
        first_bytes: stats(perQuery.map((q) => q.first_bytes)),
        extra_term_bytes: stats(perQuery.map((q) => q.extra_term_bytes)),
        first_files: stats(perQuery.map((q) => q.first_files)),
        extra_term_files: stats(perQuery.map((q) => q.extra_term_files)),
        first_client_ms: stats(perQuery.map((q) => q.first_client_ms)),
        extra_term_client_ms: stats(perQuery.map((q) => q.extra_term_client_ms)),
        hits: stats(perQuery.map((q) => q.hits)),
        zero_hit_queries: perQuery.filter((q) => q.hits === 0).map((q) => q.query),
        emitted_files: emitted.length,
        emitted_bytes_on_disk: sum(emitted, (f) => statSync(f).size),
        emitted_by_kind: emittedKinds,
        unserved_requests: unserved,
    },
    queries: perQuery,
};

const json = JSON.stringify(report, null, 2) + "\n";
if (opts.out) writeFileSync(opts.out, json);
process.stdout.write(json);
