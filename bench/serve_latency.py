#!/usr/bin/env python3
"""Time from a saved file to the changed page being served by `nyttig serve`.

usage: bench/serve_latency.py --root PORTAL [--edits 20] [--nyttig target/release/nyttig]

Starts `nyttig serve --port 0` on a copy of PORTAL (the copy is edited, never PORTAL), then
edits the title of one project EDITS times. For each edit it takes the time just before the
file is written and listens to serve's events, as an open page does, until serve announces
the project's page as changed; then it asks for the page and checks the new title is there.
Prints the median, 90th percentile and maximum in milliseconds, and what serve printed per
rebuild. Python 3 standard library only.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", required=True)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--nyttig", default="target/release/nyttig")
    ap.add_argument("--pause", type=float, default=1.0, help="seconds between edits (default 1)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "portal")
        # Only what serve reads: the demo portal is the repository's root, with target/ beside it.
        os.makedirs(root)
        shutil.copy(os.path.join(args.root, "portal.yaml"), root)
        for folder in ("content", "static", "templates", "themes"):
            if os.path.isdir(os.path.join(args.root, folder)):
                shutil.copytree(os.path.join(args.root, folder), os.path.join(root, folder))
        projects = os.path.join(root, "content", "projects")
        name = sorted(f for f in os.listdir(projects) if f.endswith(".md"))[0]
        path = os.path.join(projects, name)
        text = open(path, encoding="utf-8").read()
        title = re.search(r"^title:.*$", text, re.M).group(0)

        serve = subprocess.Popen(
            [args.nyttig, "serve", "--port", "0", "--root", root],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        try:
            first = serve.stdout.readline()
            match = re.search(r"http://127\.0\.0\.1:(\d+)/", first)
            if not match:
                print(f"serve_latency: serve did not start: {first!r}", file=sys.stderr)
                return 1
            said = []
            threading.Thread(target=lambda: said.extend(serve.stdout), daemon=True).start()
            # The page's address: the paths segment for projects from portal.yaml, or the default.
            segment = re.search(r"^\s+projects:\s*(\S+)", open(os.path.join(root, "portal.yaml")).read(), re.M)
            url = f"http://127.0.0.1:{match.group(1)}/{segment.group(1) if segment else 'projekter'}/{name[:-3]}/"
            print(f"serve_latency: {first.strip()}; editing {name}, page {url}")

            # Listen as an open page does: serve tells it over server-sent events which pages
            # changed, and the page then asks for itself again.
            port = int(match.group(1))
            events = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            events.request("GET", "/__nyttig/events")
            stream = events.getresponse()
            page_path = url.split(f":{port}", 1)[1]

            times = []
            for i in range(args.edits):
                marker = f"Maaling {i} {time.time_ns()}"
                start = time.perf_counter()
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text.replace(title, f"title: {marker}", 1))
                while True:
                    line = stream.fp.readline().decode("utf-8")
                    if not line:
                        print("serve_latency: serve closed its events", file=sys.stderr)
                        return 1
                    if not line.startswith("data:"):
                        continue
                    message = json.loads(line[5:])
                    if message.get("type") == "reload" and page_path in message.get("pages", []):
                        break
                body = urllib.request.urlopen(url, timeout=30).read().decode("utf-8")
                if marker not in body:
                    print(f"serve_latency: {page_path} was announced but does not show the edit", file=sys.stderr)
                    return 1
                times.append((time.perf_counter() - start) * 1000)
                # An editor's next save comes after some reading and typing; meanwhile serve
                # builds the search index in the background.
                time.sleep(args.pause)
        finally:
            serve.kill()
            serve.wait()

    times.sort()
    p90 = times[min(len(times) - 1, int(round(0.9 * (len(times) - 1))))]
    print(f"serve_latency: {len(times)} edits: median {statistics.median(times):.0f} ms, "
          f"90th percentile {p90:.0f} ms, max {times[-1]:.0f} ms")
    rebuilds = [line.strip() for line in said if "rebuilt in" in line]
    for line in rebuilds[-3:]:
        print(f"  serve: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
