#!/usr/bin/env node
// Search benchmark, nyttig side: runs our own client through the test harness
// tests/search/run.js (`bytes` mode) on a site built by nyttig, with the same queries
// and the same appended words as bench/pagefind.mjs, and writes a report whose
// `summary` has the shape bench/search.sh's table reads from pagefind-*.json.
// See bench/search.sh.
//
// usage: node bench/nyttig.mjs --site DIR --index-url URL --queries FILE [--out FILE]
//            [--index "PAGES WALL_S CPU_S RSS_MIB FILES BYTES"]
//
//   --site DIR        a site built by nyttig (DIR/nyttig-search/ and DIR/assets/nyttig-search/)
//   --index-url URL   the index folder's address on the site, e.g. /nyttig-search/0123abcd4567/
//   --queries FILE    JSON array of query strings (or {"query", "then"} objects), as for
//                     bench/pagefind.mjs
//   --index ROW       `nyttig index` figures measured by search.sh, copied into the report
//   --out FILE        also write the JSON report there (it always goes to stdout)
//
// Appended words: bench/search_extra_terms.json, which bench/pagefind.mjs reads too, so the
// two sides cannot drift apart; query i gets word i mod len (or its own "then").
//
// Byte rule: our files are not precompressed, so every file counts its gzip -9 size (what
// a host compressing at level 9 sends), as Pagefind's non-compressed files do. The sizes
// come from run.js (zlib level 9); the client scripts are sized here the same way.
//
// Per query (from run.js; a fresh simulated browser each, prefix matching on as while
// typing, the first 10 results' cards loaded, as the search page does):
//   first_bytes          stem.js + search.js + meta, norms, chunks and the first ten
//                        cards: the like-for-like figure beside Pagefind's (pagefind.js
//                        and its wasm counted, its UI bundle not); ui.js left out
//   first_bytes_with_ui  the same plus ui.js: the whole first query (the 50 KB budget)
//   facet_bytes          the facet counts the page loads after the first results
//   extra_term_bytes     then "q word": its chunks and the new first ten's cards (as
//                        Pagefind's includes new fragments)
//   extra_term_index_bytes  of which the word's own index chunks (the 16 KB budget)
//   compute_ms           "q word" searched again, warm (its data loaded): client time
//                        with no fetching at all. It fills the "+term ms" column;
//                        run.js does not time the cold steps, so "1st ms" stays empty.

import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import zlib from "node:zlib";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RUN_JS = path.join(HERE, "..", "tests", "search", "run.js");

function usage(msg, code = 2) {
    if (msg) process.stderr.write(`nyttig.mjs: ${msg}\n`);
    process.stderr.write(
        "usage: node bench/nyttig.mjs --site DIR --index-url URL --queries FILE [--out FILE] [--index ROW]\n",
    );
    process.exit(code);
}

let opts;
try {
    const { values } = parseArgs({
        options: {
            site: { type: "string" },
            "index-url": { type: "string" },
            queries: { type: "string" },
            out: { type: "string" },
            index: { type: "string" },
            help: { type: "boolean", short: "h" },
        },
    });
    if (values.help) usage(null, 0);
    opts = { ...values, indexUrl: values["index-url"] };
} catch (e) {
    usage(e.message);
}
if (!opts.site || !opts.indexUrl || !opts.queries) usage("--site, --index-url and --queries are required");
if (!/^\/(.*\/)?nyttig-search\/[^/]+\/$/.test(opts.indexUrl)) usage(`--index-url ${opts.indexUrl} is not …/nyttig-search/HASH/`);

// The appended words, the same as bench/pagefind.mjs appends.
const EXTRA_TERMS = JSON.parse(readFileSync(path.join(HERE, "search_extra_terms.json"), "utf8"));

let queries;
try {
    queries = JSON.parse(readFileSync(opts.queries, "utf8"));
} catch (e) {
    usage(`cannot read ${opts.queries} as JSON: ${e.message}`);
}
if (!Array.isArray(queries) || queries.length === 0) usage(`${opts.queries} must hold a non-empty JSON array`);
const cases = queries.map((q, i) => {
    const then = EXTRA_TERMS[i % EXTRA_TERMS.length];
    if (typeof q === "string") return { q, extra: then };
    if (q && typeof q.query === "string") return { q: q.query, extra: q.then ?? then };
    usage(`item ${i} of ${opts.queries} is neither a string nor {"query": ...}`);
});

// --- run the harness ------------------------------------------------------------------

const SITE = path.resolve(opts.site);
let r;
try {
    const out = execFileSync("node", [RUN_JS, "bytes", SITE, opts.indexUrl], {
        input: JSON.stringify(cases),
        maxBuffer: 1 << 30,
        stdio: ["pipe", "pipe", "inherit"],
    });
    r = JSON.parse(out.toString("utf8"));
} catch (e) {
    process.stderr.write(`nyttig.mjs: tests/search/run.js bytes failed: ${e.message}\n`);
    process.exit(1);
}
if (!Array.isArray(r.cases) || r.cases.length !== cases.length) {
    process.stderr.write("nyttig.mjs: tests/search/run.js gave no answer per query\n");
    process.exit(1);
}

// The client scripts one by one, as run.js sizes them (zlib, level 9).
const CLIENT = path.join(SITE, "assets", "nyttig-search");
const gz = (f) => zlib.gzipSync(readFileSync(path.join(CLIENT, f)), { level: 9 }).length;
const scripts = { "stem.js": gz("stem.js"), "search.js": gz("search.js"), "ui.js": gz("ui.js") };
const engineBytes = scripts["stem.js"] + scripts["search.js"];
if (engineBytes + scripts["ui.js"] !== r.scripts_bytes) {
    process.stderr.write(
        `nyttig.mjs: warning: scripts sized ${engineBytes + scripts["ui.js"]} B here, ${r.scripts_bytes} B by run.js\n`,
    );
}

// --- report ---------------------------------------------------------------------------

const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
function median(xs) {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
const stats = (xs) => ({ median: round(median(xs)), max: round(Math.max(...xs)), min: round(Math.min(...xs)) });
const none = { median: null, max: null, min: null };

const perQuery = r.cases.map((c) => ({
    query: c.q,
    hits: c.hits,
    first_bytes: c.first_bytes + engineBytes,
    first_bytes_with_ui: c.first_bytes + r.scripts_bytes,
    first_data_bytes: c.first_bytes,
    first_card_bytes: c.first_card_bytes,
    facet_bytes: c.facet_bytes,
    extra_term: c.extra,
    extra_term_query: `${c.q} ${c.extra}`,
    extra_term_hits: c.hits_with_extra,
    extra_term_bytes: c.extra_bytes,
    extra_term_index_bytes: c.extra_index_bytes,
    extra_term_card_bytes: c.extra_bytes - c.extra_index_bytes,
    compute_ms: round(c.compute_ms, 3),
    files_fetched: c.files,
}));
const col = (k) => perQuery.map((q) => q[k]);

let index = null;
if (opts.index) {
    const [pages, wall, cpu, rss, files, bytes] = opts.index.split(" ");
    index = {
        command: "nyttig index --root PORTAL --out DIR (reads the Markdown sources)",
        pages: Number(pages), wall_s: Number(wall), cpu_s: Number(cpu), peak_rss_mib: Number(rss),
        files: Number(files), bytes_on_disk: Number(bytes),
    };
}

const report = {
    tool: "nyttig",
    site: SITE,
    index_url: opts.indexUrl,
    node: process.version,
    harness: "tests/search/run.js bytes",
    results_loaded_per_search: 10,
    byte_rule:
        "every file (our index files are not precompressed): gzip -9 size; the like-for-like " +
        "first_bytes counts stem.js + search.js once per fresh client, first_bytes_with_ui adds ui.js",
    scripts_bytes: { ...scripts, total: r.scripts_bytes },
    index,
    summary: {
        queries: perQuery.length,
        first_bytes: stats(col("first_bytes")),
        extra_term_bytes: stats(col("extra_term_bytes")),
        first_client_ms: none,
        extra_term_client_ms: stats(col("compute_ms")),
        hits: stats(col("hits")),
        first_bytes_with_ui: stats(col("first_bytes_with_ui")),
        first_data_bytes: stats(col("first_data_bytes")),
        first_card_bytes: stats(col("first_card_bytes")),
        facet_bytes: stats(col("facet_bytes")),
        extra_term_index_bytes: stats(col("extra_term_index_bytes")),
        extra_term_card_bytes: stats(col("extra_term_card_bytes")),
        compute_ms: stats(col("compute_ms")),
        extra_term_hits: stats(col("extra_term_hits")),
        files_fetched: stats(perQuery.map((q) => q.files_fetched.length)),
        zero_hit_queries: perQuery.filter((q) => q.hits === 0).map((q) => q.query),
    },
    queries: perQuery,
};

for (const [i, q] of perQuery.entries()) {
    process.stderr.write(
        `nyttig.mjs: ${String(i + 1).padStart(3)}/${perQuery.length} ${JSON.stringify(q.query)}: ` +
            `${q.hits} hits, first ${q.first_bytes_with_ui} B with ui.js, ` +
            `+"${q.extra_term}" ${q.extra_term_bytes} B (${q.extra_term_index_bytes} B index), ${q.compute_ms} ms\n`,
    );
}

const json = JSON.stringify(report, null, 2) + "\n";
if (opts.out) writeFileSync(opts.out, json);
process.stdout.write(json);
