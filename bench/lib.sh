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
