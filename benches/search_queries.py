#!/usr/bin/env python3
"""Cold queries on a built site in headless Chromium, as benches/search.sh runs them.

    search_queries.py SITE_DIR QUERIES.json OUT.json

Serves SITE_DIR on loopback with a static server that logs every request and
counts what a static host would send for it: the gzip size (level 6) of the
file. For each query of QUERIES.json ({"name", "path"}: a path under the
site, like "search/?q=word"), opens it in a fresh browser cache, waits until
the page has finished fetching (results, snippets, facet counts), and
records the requests and their bytes, the number of requests made before
the first results showed, and the time to first results (the page's
`pressroom-search-results` performance mark, in ms since navigation
started). Each query runs RUNS times (default 3): the median time is kept,
and the bytes of the first run (they do not vary).

Needs Debian's chromium and chromedriver.
"""

import gzip
import http.server
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import base64

SITE, QUERIES, OUT = sys.argv[1], sys.argv[2], sys.argv[3]
RUNS = int(os.environ.get("RUNS", "3"))
SHOTS = os.environ.get("SHOTS")

log = []
log_lock = threading.Lock()
gz_sizes = {}


class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **k):
        super().__init__(*a, directory=SITE, **k)

    def log_message(self, *a):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if os.path.isfile(path):
            if path not in gz_sizes:
                with open(path, "rb") as f:
                    data = f.read()
                gz_sizes[path] = (len(data), len(gzip.compress(data, 6)))
            raw, gz = gz_sizes[path]
            with log_lock:
                log.append({"path": urllib.parse.unquote(self.path.split("?")[0]), "raw": raw, "gzip": gz, "t": time.time()})
        return super().send_head()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
base = f"http://127.0.0.1:{server.server_address[1]}/"

dport = free_port()
driver = subprocess.Popen(["chromedriver", f"--port={dport}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
D = f"http://127.0.0.1:{dport}"


def call(method, path, body=None):
    req = urllib.request.Request(D + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/json"})
    return json.loads(urllib.request.urlopen(req, timeout=120).read())["value"]


for _ in range(100):
    try:
        call("GET", "/status")
        break
    except Exception:
        time.sleep(0.1)
profile = tempfile.mkdtemp()
args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1400", f"--user-data-dir={profile}"]
sid = call("POST", "/session", {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args}}}})["sessionId"]
S = f"/session/{sid}"


def js(src):
    return call("POST", S + "/execute/sync", {"script": src, "args": []})


def cold():
    call("POST", S + "/goog/cdp/execute", {"cmd": "Network.clearBrowserCache", "params": {}})
    call("POST", S + "/url", {"url": "about:blank"})


def settle(timeout=60):
    """Waits for the first results mark (or a status), then until no request came for 0.7 s."""
    start = time.time()
    while time.time() - start < timeout:
        done = js("return !!(performance.getEntriesByName('pressroom-search-results').length || document.body.dataset.done"
                  " || (document.getElementById('search-status') && document.getElementById('search-status').textContent));")
        if done:
            break
        time.sleep(0.05)
    last = None
    while time.time() - start < timeout:
        with log_lock:
            n = len(log)
        if n == last:
            break
        last = n
        time.sleep(0.7)


results = []
try:
    for q in json.load(open(QUERIES)):
        times, first = [], None
        for run in range(RUNS):
            cold()
            with log_lock:
                log.clear()
            call("POST", S + "/url", {"url": base + q["path"]})
            settle()
            info = js("""
              const m = performance.getEntriesByName('pressroom-search-results')[0];
              const at = m ? m.startTime : null;
              const res = performance.getEntriesByType('resource').map(r => [r.name, r.startTime]);
              const st = document.getElementById('search-status');
              return {at: at, resources: res, status: st ? st.textContent : (document.body.dataset.count || ''),
                      shown: document.querySelectorAll('#search-results .card').length};""")
            with log_lock:
                fetched = list(log)
            times.append(info["at"])
            if run == 0:
                first = (info, fetched)
                if SHOTS:
                    shot = call("GET", S + "/screenshot")
                    open(os.path.join(SHOTS, q["name"].replace(" ", "_") + ".png"), "wb").write(base64.b64decode(shot))
        info, fetched = first
        at = info["at"]
        before = [r for r in info["resources"] if at is not None and r[1] < at]
        index_before = [r for r in before if "/search/" in r[0] or "/pagefind/" in r[0]]
        is_index = lambda p: (p.startswith("/search/") and p != "/search/" and not p.endswith("index.html")) or p.startswith("/pagefind/")
        results.append({
            "name": q["name"], "path": q["path"], "status": info["status"], "shown": info["shown"],
            "ms_to_first_results": statistics.median([t for t in times if t is not None]) if any(t is not None for t in times) else None,
            "requests_before_first_results": len(before),
            "index_requests_before_first_results": len(index_before),
            "requests": len(fetched),
            "gzip_bytes": sum(f["gzip"] for f in fetched),
            "index_gzip_bytes": sum(f["gzip"] for f in fetched if is_index(f["path"])),
            "files": [[f["path"], f["gzip"]] for f in fetched],
        })
        print(f"  {q['name']}: {results[-1]['status']!r} {results[-1]['gzip_bytes']/1024:.0f} KB in {len(fetched)} requests, "
              f"{results[-1]['index_requests_before_first_results']} index requests before first results "
              f"at {results[-1]['ms_to_first_results']} ms", file=sys.stderr)
finally:
    try:
        call("DELETE", S)
    except Exception:
        pass
    driver.kill()
    server.shutdown()
json.dump(results, open(OUT, "w"), indent=1)
