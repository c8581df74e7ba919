#!/usr/bin/env python3
"""Edit -> visible latency of `wenda serve`: starts the server on a copy of a content folder, edits
one event's title (which shows on its event page, its year page and the home page) N times, and reports for
each edit the time from the file write to the first HTTP response of the event page that shows the new title,
with the server's own account of the incremental rebuild. Edits come a second apart, so each one lands while
the search index of the one before is still being rebuilt in the background.

usage: benches/compare/serve_edit.py WENDA_BINARY SITE_ROOT CONTENT_DIR [EDITS]
The browser's own reload (tower-livereload's message, then the page load and paint) comes on top of the
HTTP time; on localhost that is tens of milliseconds.
"""
import os, queue, shutil, socket, subprocess, sys, tempfile, threading, time, urllib.request

wenda, root, content = sys.argv[1:4]
edits = int(sys.argv[4]) if len(sys.argv) > 4 else 5

work = tempfile.mkdtemp(prefix="wenda-serve-edit-")
copy = os.path.join(work, "content")
shutil.copytree(content, copy)
events = sorted(
    os.path.join(d, f) for d, _, fs in os.walk(copy) for f in fs if f.endswith(".zh.md")
)
target = events[len(events) // 2]
event_id = os.path.basename(target)[: -len(".zh.md")]
page = f"/{event_id[:4]}/{event_id}/"

with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]

server = subprocess.Popen(
    [wenda, "--root", root, "serve", "--port", str(port), "--content", copy],
    stderr=subprocess.PIPE, text=True,
)
lines = queue.Queue()
threading.Thread(target=lambda: [lines.put(l.rstrip()) for l in server.stderr], daemon=True).start()

def wait_for(needle, timeout=600):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        if os.environ.get("VERBOSE"):
            print("  server:", line, file=sys.stderr)
        if needle in line:
            return line
    raise SystemExit(f"the server never printed {needle!r}")

def fetch(path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}") as r:
        return r.read().decode()

try:
    started = time.time()
    built = wait_for("built ")
    wait_for("serving http")
    print(f"events: {len(events)}; first build: {built} (wall {time.time() - started:.1f} s)")
    print(f"edited page: {page}")
    results = []
    for i in range(edits):
        text = open(target, encoding="utf-8").read()
        marker = f"EDIT{i}X{int(time.time())}"
        lines_ = text.split("\n")
        for k, l in enumerate(lines_):
            if l.startswith("title: "):
                lines_[k] = l.split(" EDIT")[0] + " " + marker
                break
        t0 = time.time()
        with open(target, "w", encoding="utf-8") as f:
            f.write("\n".join(lines_))
        while marker not in fetch(page):
            if time.time() - t0 > 60:
                raise SystemExit("the edit never became visible")
            time.sleep(0.005)
        visible = time.time() - t0
        rebuilt = wait_for(" edited event")
        results.append(visible)
        print(f"edit {i + 1}: visible over HTTP after {visible * 1000:.0f} ms | server: {rebuilt}")
        # The next edit comes while the search index of this one is still being rebuilt in the background.
        time.sleep(1)
    results.sort()
    print(f"median edit -> visible: {results[len(results) // 2] * 1000:.0f} ms (max {results[-1] * 1000:.0f} ms)")
finally:
    server.terminate()
    server.wait()
    shutil.rmtree(work, ignore_errors=True)
