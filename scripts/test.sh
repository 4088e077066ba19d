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

step "unit and integration tests (cargo test)"
cargo test --all-targets --locked

step "the demo portal checks clean (nyttig check)"
cargo run --quiet --locked -- check --root .
