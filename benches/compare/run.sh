#!/usr/bin/env bash
# Build-speed comparison on identical content: wenda (full build, bilingual search index included)
# vs `hugo --minify` (no search) vs Pagefind on Hugo's output, at 300 and 1,000 full-size synthetic events
# (an opening statement and 21 exchanges each); wenda alone at 5,000 and 20,000. Prints one Markdown table:
# wall time, CPU time, peak memory, output size, each the median of REPS runs (tools alternating in a rotating
# order, so that a slow spell of the machine hits all of them), then the ratios.
#
# usage: benches/compare/run.sh [SIZES...]        (default: 300 1000 5000 20000)
#   REPS=3           runs per tool and size (medians are reported)
#   WORK=DIR         where content and outputs go (default: a new folder under ${TMPDIR:-/tmp})
#   EXCHANGES=21     exchanges per synthetic event
#   ALONE_FROM=5000  sizes from this one up are built by wenda only
# needs: a release build of wenda, Debian's hugo, python3, node + tests/browser/node_modules (pagefind)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/wenda-compare.XXXXXX")}
mkdir -p "$work"
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(300 1000 5000 20000)
reps=${REPS:-3}
exchanges=${EXCHANGES:-21}
alone_from=${ALONE_FROM:-5000}
wenda="${CARGO_TARGET_DIR:-$repo/target}/release/wenda"
pagefind="$repo/tests/browser/node_modules/.bin/pagefind"

(cd "$repo" && cargo build --release --quiet)
command -v hugo >/dev/null || { echo "hugo is missing: apt-get install -y hugo" >&2; exit 1; }
[ -x "$pagefind" ] || (cd "$repo/tests/browser" && npm ci --no-audit --no-fund --silent)

# run NAME OUT CMD...: runs CMD from no output, appends "name wall cpu peak_mib out_mib" to $work/runs.txt
run() {
  local name=$1 out=$2; shift 2
  local t="$work/time.txt"
  # Every tool starts from no output (wenda would otherwise also pay for deleting the previous site, Hugo not),
  # with the disk's write-back of the previous tool's output done.
  rm -rf "$out"; sync
  /usr/bin/time -f '%e %U %S %M' -o "$t" "$@" >"$work/last.log" 2>&1 || { cat "$work/last.log" >&2; return 1; }
  read -r wall user sys rss <"$t"
  echo "$size|$name|$wall|$(awk "BEGIN{print $user + $sys}")|$((rss / 1024))|$(du -sm "$out" | cut -f1)" >>"$work/runs.txt"
}

echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB; work folder on $(df --output=fstype "$work" | tail -1); $(hugo version | cut -d' ' -f1-2); pagefind $("$pagefind" --version 2>/dev/null | tail -1); $reps runs each"
: >"$work/runs.txt"
for size in "${sizes[@]}"; do
  content="$work/content-$size"
  [ -d "$content" ] || "$wenda" synth --from "$repo/content" --events "$size" --exchanges "$exchanges" --seed 42 --out "$content" >/dev/null
  if [ "$size" -lt "$alone_from" ]; then
    "$wenda" --root "$repo" export --format json --content "$content" >"$work/export-$size.json"
    python3 "$here/to_hugo.py" "$work/export-$size.json" "$work/hugo-$size" >/dev/null
  fi
  for rep in $(seq "$reps"); do
    # The order rotates (Pagefind always after the Hugo build it indexes), so that neither wenda nor Hugo always
    # runs right after Pagefind has released its gigabytes.
    case $(( (rep - 1) % 3 )) in 0) order="w h p" ;; 1) order="h p w" ;; *) order="h w p" ;; esac
    [ "$size" -lt "$alone_from" ] || order="w"
    for tool in $order; do
      case $tool in
        w) run "wenda build (with search)" "$work/wenda-$size" "$wenda" --root "$repo" build --content "$content" --out "$work/wenda-$size" ;;
        h) run "hugo --minify (no search)" "$work/hugo-$size/public" hugo --minify --quiet -s "$work/hugo-$size" ;;
        p) run "pagefind on hugo output" "$work/hugo-$size/public/pagefind" "$pagefind" --site "$work/hugo-$size/public" ;;
      esac
    done
  done
done

python3 - "$work/runs.txt" <<'EOF'
import statistics, sys
from collections import defaultdict
runs = defaultdict(list)
for line in open(sys.argv[1]):
    size, name, *values = line.strip().split("|")
    runs[(int(size), name)].append([float(v) for v in values])
med = {k: [statistics.median(col) for col in zip(*v)] for k, v in runs.items()}
print("\n| events | tool | wall s | CPU s | peak MiB | output MiB | runs |\n|---|---|---|---|---|---|---|")
for (size, name), (wall, cpu, rss, out) in med.items():
    print(f"| {size} | {name} | {wall:.2f} | {cpu:.2f} | {rss:.0f} | {out:.0f} | {len(runs[(size, name)])} |")
print()
for size in sorted({s for s, _ in med}):
    w, h, p = (med.get((size, n)) for n in ("wenda build (with search)", "hugo --minify (no search)", "pagefind on hugo output"))
    if w and h and p:
        print(f"{size} events: wenda / hugo = {w[0] / h[0]:.2f} (wall), {w[1] / h[1]:.2f} (CPU); "
              f"wenda / (hugo + pagefind) = {w[0] / (h[0] + p[0]):.2f}; peak memory wenda / hugo = {w[2] / h[2]:.2f}")
EOF
echo
echo "(work files in $work)"
