#!/usr/bin/env python3
"""Slowloris against `nyttig serve`: do slow clients stop it answering everyone else?

usage: bench/slowloris.py [--root .] [--nyttig target/release/nyttig] [--nofile 256]
                          [--connections 1000] [--requests 50] [--duration 30]
       bench/slowloris.py --port PORT [--pid PID] ...      (a preview already running)

Starts `nyttig serve --port 0 --root ROOT` (or uses the one on 127.0.0.1:PORT; with --pid its
open files are counted too). `--nofile N` starts it with an open-file limit of N, as
`ulimit -n N` would, without lowering this script's own. Then, for --duration seconds:

- CONNECTIONS sockets each send the start of a request (`GET /?slowloris=N HTTP/1.1`, a
  Host header) and then one more header line every --trickle seconds, never the blank line
  that ends the header. A socket the server closes is opened again (--no-reopen: not), as the
  attack does, at most --reopen-rate a second.
- Meanwhile REQUESTS ordinary `GET /` requests, spread evenly over the run (each on a new
  connection, each with a --timeout), are timed.

Every second it prints the sockets the attack holds open, those still connecting, how many the
server has closed so far, and (when it knows the server's process) the server's open sockets;
at the end, the ordinary requests answered and failed, and their median, 90th percentile and
maximum time. Python 3 standard library only; connects to 127.0.0.1 only; stops by itself.
"""

import argparse
import errno
import http.client
import os
import re
import resource
import selectors
import socket
import statistics
import subprocess
import sys
import threading
import time

HOST = "127.0.0.1"


def raise_own_limit(wanted: int) -> int:
    """This process's soft open-file limit raised toward `wanted` (at most the hard limit)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = target
    return soft


def start_server(nyttig: str, root: str, nofile: int | None) -> tuple[subprocess.Popen, int, list]:
    def limit():
        if nofile:
            resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))

    serve = subprocess.Popen(
        [nyttig, "serve", "--port", "0", "--root", root],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, preexec_fn=limit,
    )
    said = []
    port = None
    deadline = time.monotonic() + 120
    while port is None and time.monotonic() < deadline:
        line = serve.stdout.readline()
        if not line:
            break
        said.append(line.rstrip())
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if match:
            port = int(match.group(1))
    if port is None:
        serve.kill()
        sys.exit(f"slowloris: serve did not start: {said!r}")

    def drain():
        for line in serve.stdout:
            said.append(line.rstrip())

    threading.Thread(target=drain, daemon=True).start()
    return serve, port, said


def server_sockets(pid: int | None) -> tuple[int, int] | None:
    """(open files, of them sockets) of the server's process, from /proc."""
    if not pid:
        return None
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return None
    sockets = 0
    for fd in fds:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:"):
                sockets += 1
        except OSError:
            pass
    return len(fds), sockets


class Attack:
    """The slow clients, on one thread with one selector (non-blocking sockets)."""

    def __init__(self, port: int, target: int, trickle: float, reopen: bool, reopen_rate: int):
        self.addr = (HOST, port)
        self.target = target
        self.trickle = trickle
        self.reopen = reopen
        self.reopen_rate = reopen_rate
        self.sel = selectors.DefaultSelector()
        self.conns = {}  # socket -> {"connected": bool, "since": t, "next": t, "lines": n}
        self.lock = threading.Lock()
        self.opened = 0  # sockets opened in all
        self.closed_by_server = 0
        self.connect_failed = 0
        self.stop = threading.Event()

    def counts(self) -> tuple[int, int]:
        with self.lock:
            connected = sum(1 for c in self.conns.values() if c["connected"])
            return connected, len(self.conns) - connected

    def open_one(self, n: int) -> None:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        err = s.connect_ex(self.addr)
        if err not in (0, errno.EINPROGRESS, errno.EWOULDBLOCK):
            s.close()
            self.connect_failed += 1
            return
        now = time.monotonic()
        with self.lock:
            self.conns[s] = {"connected": False, "since": now, "next": now, "n": n, "lines": 0}
        self.sel.register(s, selectors.EVENT_WRITE)
        self.opened += 1

    def drop(self, s: socket.socket, by_server: bool) -> None:
        try:
            self.sel.unregister(s)
        except (KeyError, ValueError):
            pass
        s.close()
        with self.lock:
            self.conns.pop(s, None)
        if by_server:
            self.closed_by_server += 1

    def send(self, s: socket.socket, data: bytes) -> None:
        try:
            s.send(data)
        except BlockingIOError:
            pass  # the server does not read: the socket's buffer is full; that is the point
        except OSError:
            self.drop(s, by_server=True)

    def run(self, until: float) -> None:
        budget_at, budget = time.monotonic(), self.reopen_rate
        while not self.stop.is_set() and time.monotonic() < until:
            now = time.monotonic()
            if now - budget_at >= 1.0:
                budget_at, budget = now, self.reopen_rate
            # Open up to the target: all at once at the start, then as the server closes them.
            missing = self.target - len(self.conns)
            first_wave = self.opened < self.target
            allowed = missing if first_wave else (min(missing, budget) if self.reopen else 0)
            for _ in range(max(0, allowed)):
                self.open_one(self.opened)
                if not first_wave:
                    budget -= 1
            for key, events in self.sel.select(timeout=0.05):
                s = key.fileobj
                state = self.conns.get(s)
                if state is None:
                    continue
                if events & selectors.EVENT_WRITE and not state["connected"]:
                    if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR):
                        self.drop(s, by_server=False)
                        self.connect_failed += 1
                        continue
                    state["connected"] = True
                    self.sel.modify(s, selectors.EVENT_READ)
                    self.send(s, f"GET /?slowloris={state['n']} HTTP/1.1\r\nHost: {HOST}\r\n".encode())
                    state["next"] = time.monotonic() + self.trickle
                elif events & selectors.EVENT_READ:
                    try:
                        data = s.recv(4096)
                    except BlockingIOError:
                        continue
                    except OSError:
                        data = b""
                    if not data:
                        self.drop(s, by_server=True)
            now = time.monotonic()
            for s, state in list(self.conns.items()):
                if not state["connected"]:
                    if now - state["since"] > 10:
                        self.drop(s, by_server=False)
                        self.connect_failed += 1
                elif now >= state["next"]:
                    state["lines"] += 1
                    state["next"] = now + self.trickle
                    self.send(s, f"X-Slow-{state['lines']}: a\r\n".encode())
        for s in list(self.conns):
            self.drop(s, by_server=False)


def ordinary_request(port: int, timeout: float, results: list, lock: threading.Lock) -> None:
    start = time.monotonic()
    outcome = "ok"
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
        conn.request("GET", "/")
        response = conn.getresponse()
        body = response.read()
        conn.close()
        if response.status != 200 or not body:
            outcome = f"status {response.status}"
    except (OSError, http.client.HTTPException) as e:
        outcome = type(e).__name__
    with lock:
        results.append((outcome, time.monotonic() - start))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=".", help="the portal to serve (default: .)")
    ap.add_argument("--nyttig", default="target/release/nyttig")
    ap.add_argument("--port", type=int, help="use the preview already on 127.0.0.1:PORT")
    ap.add_argument("--pid", type=int, help="with --port: its process, to count its sockets")
    ap.add_argument("--nofile", type=int, help="start serve with this open-file limit")
    ap.add_argument("--connections", type=int, default=1000)
    ap.add_argument("--requests", type=int, default=50)
    ap.add_argument("--duration", type=float, default=30.0, help="seconds (at most 600)")
    ap.add_argument("--trickle", type=float, default=2.0, help="seconds between header lines")
    ap.add_argument("--timeout", type=float, default=10.0, help="an ordinary request's timeout")
    ap.add_argument("--no-reopen", action="store_true", help="do not reopen closed sockets")
    ap.add_argument("--reopen-rate", type=int, default=500, help="reopened sockets a second")
    args = ap.parse_args()
    connections = max(1, min(args.connections, 5000))
    duration = max(5.0, min(args.duration, 600.0))
    requests = max(1, min(args.requests, 1000))

    have = raise_own_limit(connections + requests + 64)
    if have < connections + requests + 16:
        connections = max(1, have - requests - 16)
        print(f"note: this process may open {have} files: {connections} slow connections")

    serve, said = None, []
    if args.port:
        port, pid = args.port, args.pid
    else:
        serve, port, said = start_server(args.nyttig, args.root, args.nofile)
        pid = serve.pid
    results, lock = [], threading.Lock()
    attack = Attack(port, connections, args.trickle, not args.no_reopen, args.reopen_rate)
    began = time.monotonic()
    until = began + duration
    attacker = threading.Thread(target=attack.run, args=(until,), daemon=True)
    try:
        print(f"nyttig serve on {HOST}:{port}"
              + (f", open-file limit {args.nofile}" if args.nofile else "")
              + f"; {connections} slow connections, {requests} ordinary requests, {duration:.0f} s")
        attacker.start()
        # Ordinary requests from the 2nd second (the slow connections are open by then) to 2 s
        # before the end, evenly spread.
        first, last = began + 2.0, until - 2.0 - min(args.timeout, duration / 4)
        step = (last - first) / max(1, requests - 1)
        schedule = [first + i * step for i in range(requests)]
        workers = []
        print(f"{'t (s)':>6} {'slow open':>10} {'connecting':>11} {'closed by server':>17}"
              f" {'server sockets':>15} {'ordinary ok':>12} {'failed':>7}")
        next_row = began + 1.0
        while time.monotonic() < until:
            now = time.monotonic()
            while schedule and schedule[0] <= now:
                schedule.pop(0)
                w = threading.Thread(target=ordinary_request, args=(port, args.timeout, results, lock),
                                     daemon=True)
                w.start()
                workers.append(w)
            if now >= next_row:
                connected, connecting = attack.counts()
                fds = server_sockets(pid)
                with lock:
                    ok = sum(1 for o, _ in results if o == "ok")
                    failed = len(results) - ok
                print(f"{now - began:6.0f} {connected:10d} {connecting:11d} {attack.closed_by_server:17d}"
                      f" {fds[1] if fds else '-':>15} {ok:12d} {failed:7d}", flush=True)
                next_row += 1.0
            time.sleep(0.02)
        attack.stop.set()
        attacker.join(timeout=10)
        for w in workers:
            w.join(timeout=args.timeout + 1)
    finally:
        attack.stop.set()
        if serve:
            serve.terminate()
            try:
                serve.wait(timeout=5)
            except subprocess.TimeoutExpired:
                serve.kill()

    with lock:
        done = list(results)
    ok = [t for o, t in done if o == "ok"]
    failures = {}
    for o, _ in done:
        if o != "ok":
            failures[o] = failures.get(o, 0) + 1
    print()
    print(f"slow sockets opened in all: {attack.opened}; closed by the server: {attack.closed_by_server};"
          f" could not connect: {attack.connect_failed}")
    print(f"ordinary requests: {len(ok)} of {requests} answered, {requests - len(ok)} failed"
          + (f" ({', '.join(f'{n} {k}' for k, n in sorted(failures.items()))})" if failures else ""))
    if ok:
        ms = sorted(t * 1000 for t in ok)
        p90 = ms[min(len(ms) - 1, int(round(0.9 * (len(ms) - 1))))]
        print(f"latency of the answered (ms): median {statistics.median(ms):.1f}, 90th percentile {p90:.1f},"
              f" max {ms[-1]:.1f}")
    if said:
        notes = [line for line in said if line.startswith("note:")]
        for line in notes:
            print(f"serve said: {line}")
    return 0 if len(ok) == requests else 1


if __name__ == "__main__":
    sys.exit(main())
