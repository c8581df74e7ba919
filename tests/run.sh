#!/usr/bin/env bash
# THE test command: every test of wenda, Rust and real-browser. Installs what a fresh machine lacks (Debian
# chromium when we are root, the npm packages of tests/browser), then runs `cargo test` and `node --test`.
set -euo pipefail
cd "$(dirname "$0")/.."

# Reuse compiled dependencies across runs when the caller has not chosen a target folder.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM:-}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "==> installing chromium (apt-get)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  else
    echo "error: the browser tests need chromium at /usr/bin/chromium (apt-get install chromium) or CHROMIUM=path" >&2
    exit 1
  fi
fi
if ! command -v java >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "==> installing Java for the HTML checker (apt-get)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless
  else
    echo "error: the HTML checker (vnu-jar) needs Java (apt-get install default-jre-headless)" >&2
    exit 1
  fi
fi
command -v node >/dev/null || { echo "error: the browser tests need Node.js 20 or newer" >&2; exit 1; }

if [ ! -d tests/browser/node_modules ] || [ tests/browser/package-lock.json -nt tests/browser/node_modules ]; then
  echo "==> npm ci (tests/browser)"
  (cd tests/browser && npm ci --no-audit --no-fund)
fi

echo "==> cargo test"
cargo test --all-targets

echo "==> browser tests (node --test)"
# Build the binary once, so each browser test's `cargo run` starts at once.
cargo build --quiet
(cd tests/browser && node --test --test-concurrency=1)

echo "==> all tests passed"
