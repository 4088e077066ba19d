#!/usr/bin/env bash
# The fingerprint of everything nyttig makes: the SHA-256 of every file that `nyttig build`
# writes for the demo portal, every test fixture and a synthetic 1,000-project portal, and of
# what `build` and `check` print (for those portals and for a copy of the fixture with an error
# of every common kind). A redesign that must not change behaviour keeps the fingerprint.
#
#   scripts/output-hashes.sh > before.txt            # on the old code
#   scripts/output-hashes.sh --compare before.txt    # on the new code: exit 1 on any change
#
# NYTTIG=path/to/nyttig uses that binary instead of building target/release/nyttig.
# The output of a build does not depend on the day or the machine, so the list is comparable
# across days; the build's own timing ("in 0.4 s") is taken out of the printed messages.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

compare=
case "${1:-}" in
    --compare) compare=${2:?"--compare needs the file of an earlier run"} ;;
    "") ;;
    *) echo "usage: scripts/output-hashes.sh [--compare FILE]" >&2; exit 2 ;;
esac

if [ -z "${NYTTIG:-}" ]; then
    cargo build --release --quiet --bin nyttig >&2
    NYTTIG=$ROOT/target/release/nyttig
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The build's timing and the temporary folder's name are the only parts that vary.
printed() { sed -E -e "s#$work#<work>#g" -e 's/[0-9]+([.,][0-9]+)? ?(ms|s)\b/<time>/g'; }

# hash_portal NAME ROOT [ARGS...]: build ROOT, then list every file of the output and what
# the build printed.
hash_portal() {
    local name=$1 root=$2 out=$work/out-$1 code=0
    shift 2
    "$NYTTIG" build --root "$root" --out "$out" "$@" >"$work/log" 2>&1 || code=$?
    echo "$name: exit $code"
    printed <"$work/log" | sed "s/^/$name: printed: /"
    if [ -d "$out" ]; then
        # The manifest of what was written (with the files' times) is bookkeeping, not output.
        (cd "$out" && find . -type f ! -name .nyttig-output -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum) \
            | sed "s#  \./#  $name/#"
    fi
}

fingerprint() {
    hash_portal demo "$ROOT"
    hash_portal demo-drafts "$ROOT" --drafts
    for f in tests/fixtures/*/; do
        [ -f "$f/portal.yaml" ] && hash_portal "fixture-$(basename "$f")" "$ROOT/$f"
    done
    python3 bench/gen_corpus.py --projects 1000 --seed 2026 --out "$work/synthetic" >/dev/null 2>&1
    hash_portal synthetic-1000 "$work/synthetic"

    # A copy of the fixture with an error or warning of each common kind: the messages, their
    # positions and hints, and the summary must read the same.
    broken=$work/broken
    cp -r tests/fixtures/basic "$broken"
    p=$broken/content/projects
    cat >"$p/feil-yaml.md" <<'EOF'
---
title: Feil
summary: Mål: færre fall
phase: behov
---
Tekst.
EOF
    cat >"$p/feil-felt.md" <<'EOF'
---
title: Feil felt
summary: Ett tiltak.
phase: utvilke
started: 2025-02-30
phsae: behov
owner: kari-nordman
tags: {a: 1}
fundamentals: { behov: 7 }
---
Se [denne siden](../innovators/finnes-ikke.md) og [Kari](../innovators/kari-nordmann.md#bakgrun).

# Overskrift {#id .klasse onclick="x()"}

<div style="position:fixed">boks</div>

![](bilde.png)
EOF
    cat >"$p/emne.md" <<'EOF'
---
title: Emne
summary: Ett tiltak.
phase: behov
kind: everyday
area: Teknikk & miljø
started: 2024-01-01
---
EOF
    mkdir -p "$broken/content/projekter" "$p/tomt"
    echo "tekst" >"$p/tomt/tekst.md"
    code=0
    "$NYTTIG" check --root "$broken" --strict >"$work/log" 2>&1 || code=$?
    echo "broken: exit $code"
    printed <"$work/log" | sed "s/^/broken: printed: /"
}

if [ -z "$compare" ]; then
    fingerprint
    exit 0
fi
fingerprint >"$work/now.txt"
if diff -u "$compare" "$work/now.txt"; then
    echo "output-hashes: the same $(wc -l <"$work/now.txt") lines as $compare" >&2
else
    echo "output-hashes: the output differs from $compare (lines above)" >&2
    exit 1
fi
