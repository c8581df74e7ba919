#!/usr/bin/env bash
# Two wenda binaries side by side on the same synthetic content (tmpfs): their outputs compared byte for byte
# (the manifest aside), then REPS builds of each, alternating, from no output (wall, user and system time of
# each build), and with CACHEGRIND=1 the instructions of one single-threaded build of each (valgrind's
# cachegrind: the same count however loaded the machine is, unlike the times).
#
# usage: benches/compare/cpu.sh BEFORE AFTER [EVENTS]     (default: 300 events of 21 exchanges)
#   REPS=3           builds per binary
#   CACHEGRIND=1     also count instructions (RAYON_NUM_THREADS=1; about 40 s per binary at 100 events)
#   WORK=DIR         where content and outputs go (default: a new folder under /dev/shm)
set -euo pipefail
before=$(realpath "$1")
after=$(realpath "$2")
events=${3:-300}
reps=${REPS:-3}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=${WORK:-$(mktemp -d /dev/shm/wenda-cpu.XXXXXX)}
mkdir -p "$work"
content="$work/c$events"
[ -d "$content" ] ||
  "$before" --root "$repo" synth --from "$repo/content" --events "$events" --exchanges 21 --seed 42 --out "$content" >/dev/null

build() { # binary, output folder
  rm -rf "$2"
  "$1" --root "$repo" build --content "$content" --out "$2" >/dev/null 2>&1
}

build "$before" "$work/before"
build "$after" "$work/after"
if diff -r -q -x .wenda-manifest "$work/before" "$work/after"; then
  echo "outputs: byte-identical"
else
  echo "outputs differ" >&2
  exit 1
fi

echo "| run | binary | wall s | user s | sys s |"
echo "|---|---|---|---|---|"
for i in $(seq "$reps"); do
  for bin in "$before" "$after"; do
    rm -rf "$work/t"
    /usr/bin/time -o "$work/time" -f "%e %U %S" "$bin" --root "$repo" build --content "$content" --out "$work/t" \
      >/dev/null 2>&1
    read -r wall user sys <"$work/time"
    echo "| $i | $bin | $wall | $user | $sys |"
  done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "${CACHEGRIND:-0}" = 1 ]; then
  for bin in "$before" "$after"; do
    rm -rf "$work/g"
    refs=$(RAYON_NUM_THREADS=1 valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
      "$bin" --root "$repo" build --content "$content" --out "$work/g" 2>&1 | sed -n 's/.*I *refs: *//p')
    echo "instructions, $bin: $refs"
  done
fi
