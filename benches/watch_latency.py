#!/usr/bin/env python3
"""Save → page written, as a user of `pressroom watch` meets it.

    benches/watch_latency.py PRESSROOM CORPUS [ROUNDS]

Starts `PRESSROOM watch --root CORPUS --output OUT` (OUT a new folder),
waits for its first build, then for ROUNDS rounds (default 5):

- body edit: appends a paragraph with a new marker word to one statement
  and times from the moment the file is closed until the statement's page
  on disk holds the marker (the page is read every millisecond);
- title edit: changes the same statement's title, which moves its page,
  and times until the page at the new address exists with the new title.

Each edit is undone afterwards (untimed; it waits for the page to be as it
was). The statement is one dated without a time (its address needs no time
zone), picked from the middle of the archive. Prints one JSON object with
every time in milliseconds, and their medians and worst. The times include
everything between the save and the page: the file event, the watcher's
settle, the rebuild and the write; not a browser's reload.
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def slugify(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def front(text, key):
    m = re.search(r"^%s = (.*)$" % key, text, re.M)
    return m.group(1).strip() if m else None


def pick(corpus, out):
    """A statement dated without a time whose page is where its title and
    date say, from the middle of the sorted list of files."""
    files = []
    for year in sorted(os.listdir(os.path.join(corpus, "content"))):
        d = os.path.join(corpus, "content", year)
        if year.isdigit() and os.path.isdir(d):
            files.extend(os.path.join(d, f) for f in sorted(os.listdir(d)) if f.endswith(".md"))
    start = len(files) // 2
    for path in files[start:] + files[:start]:
        text = open(path, encoding="utf-8").read()
        date = front(text, "date")
        title = front(text, "title")
        if not date or not title or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            continue
        title = json.loads(title)
        y, m, d = date.split("-")
        page = os.path.join(out, y, m, d, slugify(title), "index.html")
        if os.path.isfile(page):
            return path, text, title, (y, m, d)
    sys.exit("no statement dated without a time has its page where expected")


def wait_for(pred, timeout=120.0, step=0.001):
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        if pred():
            return time.perf_counter()
        time.sleep(step)
    raise TimeoutError("the page did not change within %.0f s" % timeout)


def holds(path, needle):
    try:
        with open(path, encoding="utf-8") as f:
            return needle in f.read()
    except (FileNotFoundError, UnicodeDecodeError):
        return False


def save(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def report(result):
    """Adds the median and worst of each kind of edit, and prints the
    result as one JSON object."""
    for k in ("body_ms", "title_ms"):
        if result[k]:
            result[k.replace("_ms", "_median_ms")] = statistics.median(result[k])
            result[k.replace("_ms", "_worst_ms")] = max(result[k])
    print(json.dumps(result, indent=1))


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    pressroom, corpus = sys.argv[1], os.path.abspath(sys.argv[2])
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    scratch = tempfile.mkdtemp(prefix="pressroom-watch-latency-", dir=os.environ.get("OUT_PARENT"))
    out = os.path.join(scratch, "public")
    log = open(os.path.join(scratch, "watch.log"), "w+")
    proc = subprocess.Popen([pressroom, "watch", "--root", corpus, "--output", out], stderr=log, stdout=log)
    result = {"corpus": corpus, "rounds": rounds, "body_ms": [], "title_ms": []}
    path = text = None
    try:
        t = time.perf_counter()
        wait_for(lambda: "Watching" in open(log.name).read(), timeout=3600, step=0.2)
        result["first_build_s"] = round(time.perf_counter() - t, 1)
        path, text, title, (y, m, d) = pick(corpus, out)
        page = os.path.join(out, y, m, d, slugify(title), "index.html")
        result["statement"] = os.path.relpath(path, corpus)
        time.sleep(1.0)
        for n in range(rounds):
            marker = "Latencymarker%d%d" % (os.getpid(), n)
            save(path, text.rstrip("\n") + "\n\n%s.\n" % marker)
            t0 = time.perf_counter()
            t1 = wait_for(lambda: holds(page, marker))
            result["body_ms"].append(round((t1 - t0) * 1000, 1))
            save(path, text)
            wait_for(lambda: not holds(page, marker))
            time.sleep(0.3)

            new_title = "%s Revised %d" % (title, n)
            moved = os.path.join(out, y, m, d, slugify(new_title), "index.html")
            save(path, text.replace(json.dumps(title), json.dumps(new_title), 1))
            t0 = time.perf_counter()
            t1 = wait_for(lambda: holds(moved, "Revised %d" % n))
            result["title_ms"].append(round((t1 - t0) * 1000, 1))
            save(path, text)
            wait_for(lambda: os.path.isfile(page) and not os.path.exists(moved))
            time.sleep(0.3)
    finally:
        if path:
            save(path, text)
        proc.terminate()
        proc.wait(timeout=60)
        log.seek(0)
        result["log_tail"] = log.read().splitlines()[-6:]
        shutil.rmtree(scratch, ignore_errors=True)
    report(result)


if __name__ == "__main__":
    main()
