#!/usr/bin/env bash
# Build-speed comparison on identical content (issue 6): wenda (full build, bilingual search index included)
# vs `hugo --minify` (no search) vs Pagefind on Hugo's output, at 300 and 1,000 synthetic events; wenda alone at
# 5,000 and 20,000. Prints one Markdown table: wall time, CPU time, peak memory, output size.
#
# usage: benches/compare/run.sh [SIZES...]        (default: 300 1000 5000 20000)
# needs: a release build of wenda, Debian's hugo, python3, node + tests/browser/node_modules (pagefind)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${WORK:-$(mktemp -d /tmp/wenda-compare.XXXXXX)}
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(300 1000 5000 20000)
wenda="${CARGO_TARGET_DIR:-$repo/target}/release/wenda"
pagefind="$repo/tests/browser/node_modules/.bin/pagefind"

(cd "$repo" && cargo build --release --quiet)
command -v hugo >/dev/null || { echo "hugo is missing: apt-get install -y hugo" >&2; exit 1; }
[ -x "$pagefind" ] || (cd "$repo/tests/browser" && npm ci --no-audit --no-fund --silent)

# measure NAME DIR CMD...: runs CMD, prints a table row from GNU time's wall/user/sys/maxrss
measure() {
  local name=$1 out=$2; shift 2
  local t="$work/time.txt"
  # Every tool starts from no output (wenda would otherwise also pay for deleting the previous site, Hugo not),
  # with the disk's write-back of the previous tool's output done.
  rm -rf "$out"; sync
  /usr/bin/time -f '%e %U %S %M' -o "$t" "$@" >"$work/last.log" 2>&1 || { cat "$work/last.log" >&2; return 1; }
  read -r wall user sys rss <"$t"
  local size; size=$(du -sm "$out" | cut -f1)
  printf '| %s | %s | %.2f | %.2f | %d | %d |\n' "$size_label" "$name" "$wall" "$(awk "BEGIN{print $user + $sys}")" $((rss / 1024)) "$size"
}

echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB; $(hugo version | cut -d' ' -f1-2); pagefind $("$pagefind" --version 2>/dev/null | tail -1)"
echo
echo "| events | tool | wall s | CPU s | peak MiB | output MiB |"
echo "|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  size_label=$n
  content="$work/content-$n"
  [ -d "$content" ] || "$wenda" synth --from "$repo/content" --events "$n" --exchanges 21 --seed 42 --out "$content" >/dev/null
  measure "wenda build (with search)" "$work/wenda-$n" "$wenda" --root "$repo" build --content "$content" --out "$work/wenda-$n"
  if [ "$n" -le 1000 ]; then
    "$wenda" --root "$repo" export --format json --content "$content" >"$work/export-$n.json"
    python3 "$here/to_hugo.py" "$work/export-$n.json" "$work/hugo-$n" >/dev/null
    measure "hugo --minify (no search)" "$work/hugo-$n/public" hugo --minify --quiet -s "$work/hugo-$n"
    measure "pagefind on hugo output" "$work/hugo-$n/public/pagefind" "$pagefind" --site "$work/hugo-$n/public"
  fi
done
echo
echo "(work files in $work)"
