#!/usr/bin/env bash
# The rebuild a user runs, against the clean build: `wenda build` from no output, then again into that output
# with nothing changed, then after one paragraph of one event was edited (benches/compare/edit_one.py). Prints
# wall/user/sys time of each, the files written (new inodes) by the edit's rebuild, and the ratios.
#
# usage: benches/rebuild.sh [EVENTS]        (default 5000: the no-change rebuild must take <= 10% of the build)
#   WORK=DIR   where the content and the output go (default: a new folder under ${TMPDIR:-/tmp}; /dev/shm: tmpfs)
# needs: a release build of wenda (built here), python3
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
events=${1:-5000}
work=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/wenda-rebuild.XXXXXX")}
mkdir -p "$work"
wenda="${CARGO_TARGET_DIR:-$repo/target}/release/wenda"
(cd "$repo" && cargo build --release --quiet)
content="$work/content-$events"
out="$work/public-$events"
[ -d "$content" ] || "$wenda" synth --from "$repo/content" --events "$events" --exchanges 21 --seed 42 --out "$content" >/dev/null
build=("$wenda" --root "$repo" build --content "$content" --out "$out")
timed() { # timed LABEL: one build, "label wall user sys" on stdout
  sync
  /usr/bin/time -f "$1 %e %U %S" -o "$work/time.txt" "${build[@]}" >"$work/last.log" 2>&1 || { cat "$work/last.log" >&2; exit 1; }
  cat "$work/time.txt"
}
inodes() { find "$out" -type f -printf '%i %p\n' | sort; }

echo "$events events on $(df --output=fstype "$work" | tail -1) ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
rm -rf "$out"
{
  timed clean
  timed unchanged
  inodes >"$work/before.txt"
  python3 "$here/compare/edit_one.py" "$content" "$(date +%s)"
  timed edited
} | tee "$work/times.txt"
inodes >"$work/after.txt"
files=$(wc -l <"$work/after.txt")
written=$(comm -13 "$work/before.txt" "$work/after.txt" | wc -l)
echo "files: $files; written by the edit's rebuild (new inodes): $written"
awk '{ wall[$1] = $2 } END {
  printf "nothing changed / clean = %.3f; one paragraph edited / clean = %.2f\n", wall["unchanged"] / wall["clean"], wall["edited"] / wall["clean"]
}' "$work/times.txt"
echo "(work files in $work)"
