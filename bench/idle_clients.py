#!/usr/bin/env python3
"""Idle keep-alive footprint probe for bench/idle-footprint.sh (prints figures, judges nothing).

Warms baton up with WARMUP short connections (one request each, then closed), reads the baseline of the
baton process PID (VmRSS, and the live heap from `jmap -histo:live`, which collects first), then opens N
keep-alive connections, sends one `GET /` on each and reads its whole response, reads the same figures
again while all N sit idle, and holds them HOLD seconds before closing them. Every wait is bounded.
"""
import argparse
import re
import socket
import subprocess
import sys
import time


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def histo(pid):
    """(total live bytes, {class: (instances, bytes)}) from jmap -histo:live."""
    out = subprocess.run(["jmap", "-histo:live", str(pid)], capture_output=True, text=True, timeout=120).stdout
    classes = {}
    total = 0
    for line in out.splitlines():
        m = re.match(r"\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", line)
        if m:
            classes[m.group(3)] = (int(m.group(1)), int(m.group(2)))
        elif line.startswith("Total"):
            total = int(line.split()[2])
    return total, classes


def exchange(sock):
    """Sends one GET and reads the head and a Content-Length body; raises on anything else."""
    sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            raise RuntimeError("closed before the response head")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    m = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
    if not head.startswith(b"HTTP/1.1 200") or not m:
        raise RuntimeError("unexpected response: %r" % head[:200])
    need = int(m.group(1))
    while len(body) < need:
        chunk = sock.recv(4096)
        if not chunk:
            raise RuntimeError("closed in the body")
        body += chunk


def open_client(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    exchange(s)
    return s


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--n", type=int, default=4000)
    p.add_argument("--hold", type=float, default=20)
    p.add_argument("--warmup", type=int, default=500)
    p.add_argument("--top", type=int, default=15)
    a = p.parse_args()

    for _ in range(a.warmup):
        open_client(a.port).close()
    time.sleep(1)
    rss0 = rss_kib(a.pid)
    live0, cls0 = histo(a.pid)
    rss0_after_gc = rss_kib(a.pid)

    start = time.monotonic()
    clients = [open_client(a.port) for _ in range(a.n)]
    opened = time.monotonic() - start
    time.sleep(1)
    rss1 = rss_kib(a.pid)
    live1, cls1 = histo(a.pid)

    print(f"{a.n} idle keep-alive connections (opened and served in {opened:.1f} s)")
    print(f"RSS       {rss0 / 1024:8.1f} MiB -> {rss1 / 1024:8.1f} MiB  "
          f"(baseline after the GC of jmap: {rss0_after_gc / 1024:.1f} MiB): "
          f"{(rss1 - rss0) * 1024 / a.n:8.0f} B per connection")
    print(f"live heap {live0 / 1048576:8.1f} MiB -> {live1 / 1048576:8.1f} MiB: "
          f"{(live1 - live0) / a.n:8.0f} B per connection")
    rows = []
    for name, (inst, size) in cls1.items():
        i0, s0 = cls0.get(name, (0, 0))
        if size - s0 != 0:
            rows.append((size - s0, inst - i0, name))
    rows.sort(reverse=True)
    print(f"largest live-heap growth by class (bytes and instances per connection):")
    for d, di, name in rows[:a.top]:
        print(f"  {d / a.n:8.1f} B  {di / a.n:6.2f}  {name}")

    remaining = a.hold - (time.monotonic() - start)
    if remaining > 0:
        time.sleep(remaining)
    for c in clients:
        c.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
