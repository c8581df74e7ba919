#!/usr/bin/env bash
# Refactoring check: does the working tree build byte-for-byte the same site as revision BASE? Builds both
# binaries, then the bundled archive and a 300-event synthetic archive (made by BASE's `synth`, so the input is
# the same) with each, and compares the outputs file by file. Exit 0 when identical.
#
# usage: tests/same-output.sh BASE          e.g. tests/same-output.sh HEAD~3
# (slow: compiles BASE in release mode; not part of tests/run.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?usage: tests/same-output.sh BASE}
work=$(mktemp -d)
trap 'git worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add --quiet --detach "$work/base" "$base"
target=${CARGO_TARGET_DIR:-$PWD/target}
# One target folder for both (dependencies compiled once); BASE's binary is copied out before ours replaces it.
(cd "$work/base" && CARGO_TARGET_DIR="$target" cargo build --release --quiet)
cp "$target/release/wenda" "$work/wenda-base"
cargo build --release --quiet
old="$work/wenda-base"
new="$target/release/wenda"
"$old" --root "$work/base" synth --from "$work/base/content" --events 300 --exchanges 21 --seed 42 --out "$work/synth" >/dev/null
status=0
for archive in bundled synth; do
  if [ "$archive" = bundled ]; then content_old="$work/base/content"; content_new="$PWD/content"; else content_old="$work/synth"; content_new="$work/synth"; fi
  "$old" --root "$work/base" build --content "$content_old" --out "$work/old-$archive" >/dev/null
  "$new" --root "$PWD" build --content "$content_new" --out "$work/new-$archive" >/dev/null
  files=$(find "$work/new-$archive" -type f | wc -l)
  # The manifest holds a fingerprint of the program that built the site, so it differs between the two.
  if diff -r --brief -x .wenda-manifest "$work/old-$archive" "$work/new-$archive"; then
    echo "$archive: identical ($files files)"
  else
    echo "$archive: DIFFERENT" >&2
    status=1
  fi
done
exit $status
