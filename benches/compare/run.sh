#!/usr/bin/env bash
# Build-speed comparison on identical content: wenda (full build, bilingual search index included)
# vs `hugo --minify` (no search) vs Pagefind on Hugo's output, at 300 and 1,000 full-size synthetic events
# (an opening statement and 21 exchanges each); wenda alone at 5,000 and 20,000. Each size is run on the disk
# (WORK, ext4 here) and on tmpfs (SHM_WORK). Besides every tool's build from no output, wenda is run again into
# the output it just made, twice: with nothing changed, and after one paragraph of one event was edited (the
# rebuild a user runs). Prints one Markdown table: wall, user and system time, peak memory, output size and
# file count, each the median of REPS runs (tools alternating in a rotating order, so that a slow spell of the
# machine hits all of them), then the ratios.
#
# usage: benches/compare/run.sh [SIZES...]        (default: 300 1000 5000 20000)
#   REPS=3           runs per tool and size (medians are reported)
#   WORK=DIR         where content and outputs go on the disk (default: a new folder under ${TMPDIR:-/tmp})
#   SHM_WORK=DIR     the same on tmpfs (default: a new folder under /dev/shm; SHM_WORK=none skips tmpfs)
#   EXCHANGES=21     exchanges per synthetic event
#   ALONE_FROM=5000  sizes from this one up are built by wenda only
# needs: a release build of wenda, Debian's hugo, python3, node + tests/browser/node_modules (pagefind)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
disk_work=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/wenda-compare.XXXXXX")}
shm_work=${SHM_WORK:-$(mktemp -d /dev/shm/wenda-compare.XXXXXX)}
mkdir -p "$disk_work"
works=("$disk_work")
[ "$shm_work" = none ] || { mkdir -p "$shm_work"; works+=("$shm_work"); }
results=$(mktemp "${TMPDIR:-/tmp}/wenda-compare-runs.XXXXXX")
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(300 1000 5000 20000)
reps=${REPS:-3}
exchanges=${EXCHANGES:-21}
alone_from=${ALONE_FROM:-5000}
wenda="${CARGO_TARGET_DIR:-$repo/target}/release/wenda"
pagefind="$repo/tests/browser/node_modules/.bin/pagefind"

(cd "$repo" && cargo build --release --quiet)
command -v hugo >/dev/null || { echo "hugo is missing: apt-get install -y hugo" >&2; exit 1; }
[ -x "$pagefind" ] || (cd "$repo/tests/browser" && npm ci --no-audit --no-fund --silent)

# set_aside OUT: takes the output of a previous run out of the way. On tmpfs it is deleted. On a disk it is moved
# into WORK/set-aside, deleted when the script ends: this machine's ext4 has no journal, and there the kernel, to
# allocate an inode, skips each one freed in the last minute (five if its block is still dirty), reading its
# inode table block to tell (fs/ext4/ialloc.c, find_inode_bit and recently_deleted). Right after deleting the
# previous output, a build spent a third of its samples there (perf) and its system time grew run by run: 1.4 s
# against 6.6 s for the same wenda build at 300 events, into a fresh folder and after `rm -rf` of the last output.
# Every tool paid it (Hugo's output is deleted before each of its runs too). A journalled ext4, the default,
# does not check, so the benchmark measures builds onto a disk with no burst of deletions just before.
set_aside() {
  local out=$1
  [ -e "$out" ] || return 0
  if [ "$(df --output=fstype "$out" | tail -1)" = tmpfs ]; then
    rm -rf "$out"
  else
    mkdir -p "$work/set-aside"
    mv "$out" "$(mktemp -d "$work/set-aside/run.XXXXXX")/"
  fi
}
trap 'for w in "${works[@]}"; do rm -rf "$w/set-aside"; done' EXIT

# run NAME OUT CMD...: runs CMD, appends "fs|size|name|wall|user|sys|peak_mib|out_mib|files" to $results.
# FRESH=1 (the default) starts from no output; FRESH=0 builds into the output that is there.
run() {
  local name=$1 out=$2; shift 2
  local t="$work/time.txt"
  # A fresh build starts from no output, with the disk's write-back of the previous tool's output done.
  [ "${FRESH:-1}" = 0 ] || set_aside "$out"
  sync
  /usr/bin/time -f '%e %U %S %M' -o "$t" "$@" >"$work/last.log" 2>&1 || { cat "$work/last.log" >&2; return 1; }
  read -r wall user sys rss <"$t"
  echo "$fs|$size|$name|$wall|$user|$sys|$((rss / 1024))|$(du -sm "$out" | cut -f1)|$(find "$out" -type f | wc -l)" >>"$results"
}

# edit_one CONTENT REP: appends a sentence to the first answer paragraph of the archive's first event.
edit_one() {
  python3 "$here/edit_one.py" "$1" "$2"
}

echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB; $(hugo version | cut -d' ' -f1-2); pagefind $("$pagefind" --version 2>/dev/null | tail -1); $reps runs each"
for work in "${works[@]}"; do
  fs=$(df --output=fstype "$work" | tail -1)
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
          w)
            wbuild=("$wenda" --root "$repo" build --content "$content" --out "$work/wenda-$size")
            run "wenda build (with search)" "$work/wenda-$size" "${wbuild[@]}"
            FRESH=0 run "wenda rebuild, nothing changed" "$work/wenda-$size" "${wbuild[@]}"
            edit_one "$content" "$rep"
            FRESH=0 run "wenda rebuild, one paragraph edited" "$work/wenda-$size" "${wbuild[@]}"
            ;;
          h) run "hugo --minify (no search)" "$work/hugo-$size/public" hugo --minify --quiet -s "$work/hugo-$size" ;;
          p) run "pagefind on hugo output" "$work/hugo-$size/public/pagefind" "$pagefind" --site "$work/hugo-$size/public" ;;
        esac
      done
    done
  done
done

python3 "$here/table.py" "$results"
echo
echo "(work files in ${works[*]}; runs in $results)"
