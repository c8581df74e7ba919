"""run.sh's table: the medians of its runs ("fs|size|name|wall|user|sys|peak_mib|out_mib|files" lines) and the
ratios. usage: table.py RUNS"""
import statistics
import sys
from collections import defaultdict

runs = defaultdict(list)
for line in open(sys.argv[1]):
    fs, size, name, *values = line.strip().split("|")
    runs[(fs, int(size), name)].append([float(v) for v in values])
med = {k: [statistics.median(col) for col in zip(*v)] for k, v in runs.items()}
print("\n| file system | events | tool | wall s | user s | sys s | peak MiB | output MiB | files | runs |")
print("|---|---|---|---|---|---|---|---|---|---|")
for (fs, size, name), (wall, user, sys_, rss, out, files) in med.items():
    print(f"| {fs} | {size} | {name} | {wall:.2f} | {user:.2f} | {sys_:.2f} | {rss:.0f} | {out:.0f} | {files:.0f} "
          f"| {len(runs[(fs, size, name)])} |")
print()
names = ("wenda build (with search)", "wenda rebuild, nothing changed", "wenda rebuild, one paragraph edited",
         "hugo --minify (no search)", "pagefind on hugo output")
for fs, size in sorted({(f, s) for f, s, _ in med}):
    w, w0, w1, h, p = (med.get((fs, size, n)) for n in names)
    if w and w0 and w1:
        print(f"{fs}, {size} events: wenda rebuild / clean build = {w0[0] / w[0]:.3f} (nothing changed), "
              f"{w1[0] / w[0]:.2f} (one paragraph edited)")
    if w and h and p:
        print(f"{fs}, {size} events: wenda / hugo = {w[0] / h[0]:.2f} (wall), "
              f"{(w[1] + w[2]) / (h[1] + h[2]):.2f} (CPU); wenda / (hugo + pagefind) = {w[0] / (h[0] + p[0]):.2f}; "
              f"files wenda / hugo = {w[5] / h[5]:.2f}; wenda sys / user = {w[2] / w[1]:.2f}; "
              f"peak memory wenda / hugo = {w[3] / h[3]:.2f}")
