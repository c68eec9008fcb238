#!/usr/bin/env python3
"""Soak: an hour of steady load, watching for leaks.

Starts `pingan serve` (release build, embedded SQLite on disk, the shipped Shanghai map), creates
a station with `--units` units placed on real road vertices, then for `--minutes`:

- every second one fix per unit (2,000 fixes/s by default), posted in batches of 1,000;
- `--incidents-per-s` incidents a second (10): most are cancelled a few seconds later, one in
  five is dispatched to a free unit and taken through to feedback;
- `--ws-clients` live-feed clients (100), each connecting, reading for 5-60 s and leaving, again
  and again (sessions are counted).

Every minute it prints the server's RSS and open descriptors, p50/p99 latency of position posts
and incident creates, the achieved rates, live sessions opened and frames read, and the sizes of
the database files. At the end it checks that RSS after the first `--warmup` minutes (10) stayed
within ±10 % of its mean over that time and that the median minute reached 95 % of the asked-for
fixes and incidents, and exits 1 if not.

    python3 bench/soak.py --bin .build/release/pingan [--minutes 60] [--json out.json]
"""
import argparse, base64, http.client, json, os, random, selectors, shutil, signal, socket, statistics, struct, subprocess, sys
import tempfile, threading, time, uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pingan_server import PASSWORD, Client, call, free_port, iso  # noqa: E402


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency = {"fixes": [], "create": []}
        self.count = {"fixes": 0, "fix_errors": 0, "incidents": 0, "incident_errors": 0, "closed": 0, "ws_sessions": 0,
                      "ws_frames": 0, "ws_refused": 0}

    def took(self, kind, seconds):
        with self.lock:
            self.latency[kind].append(seconds * 1000)

    def add(self, kind, n=1):
        with self.lock:
            self.count[kind] += n

    def take(self):
        with self.lock:
            latency, self.latency = self.latency, {"fixes": [], "create": []}
            count = dict(self.count)
        return latency, count


def percentile(values, q):
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, int(q * len(values)))], 2)


def fixes_loop(port, token, units, vertices, per_second, stats, stop, rng):
    """One fix per unit per second, walking between nearby road vertices."""
    where = {u: list(rng.choice(vertices)) for u in units}
    conns = [Client(port, token), Client(port, token)]
    batch = 1000
    tick = time.time()
    while not stop.is_set():
        now = time.time()
        fixes = []
        for u in units[:per_second]:
            p = where[u]
            p[0] += rng.uniform(-4e-5, 4e-5)
            p[1] += rng.uniform(-4e-5, 4e-5)
            fixes.append({"unitID": u, "time": iso(now), "lat": round(p[0], 7), "lon": round(p[1], 7), "speed": 4.0})
        chunks = [fixes[i:i + batch] for i in range(0, len(fixes), batch)]
        threads = []

        def post(conn, chunk):
            t0 = time.time()
            status, _ = conn.request("POST", "/v1/positions", json.dumps({"fixes": chunk}).encode())
            if status == 200:
                stats.took("fixes", time.time() - t0)
                stats.add("fixes", len(chunk))
            else:
                stats.add("fix_errors")

        for i, chunk in enumerate(chunks):
            t = threading.Thread(target=post, args=(conns[i % len(conns)] if i < len(conns) else Client(port, token), chunk))
            t.start()
            threads.append(t)
        for t in threads:
            t.join()
        tick += 1
        time.sleep(max(0, tick - time.time()))


def incidents_loop(port, token, crews, per_second, stats, stop, rng):
    """`per_second` creates a second; four in five cancelled after ~3 s, one in five worked to the end."""
    conn = Client(port, token)
    pending = []  # (due, incident id, unit or None, step)
    free = list(crews)
    interval = 1.0 / per_second
    next_create = time.time()
    while not stop.is_set():
        now = time.time()
        if now >= next_create:
            next_create += interval
            t0 = time.time()
            status, incident = conn.request("POST", "/v1/incidents", {
                "category": "dispute", "priority": 2, "location": {"lat": 31.2352 + rng.uniform(-0.01, 0.01), "lon": 121.4801 + rng.uniform(-0.01, 0.01)},
                "address": f"南京东路{rng.randint(1, 999)}号", "description": "soak"}, key=uuid.uuid4().hex)
            if status == 201:
                stats.took("create", time.time() - t0)
                stats.add("incidents")
                if free and rng.random() < 0.2:
                    unit = free.pop()
                    s, _ = conn.request("POST", f"/v1/incidents/{incident['id']}/assign", {"unitIDs": [unit]})
                    if s == 200:
                        pending.append((now + 2, incident["id"], unit, 0))
                    else:
                        free.append(unit)
                        pending.append((now + 3, incident["id"], None, 0))
                else:
                    pending.append((now + 3, incident["id"], None, 0))
            else:
                stats.add("incident_errors")
        due = [p for p in pending if p[0] <= now]
        pending = [p for p in pending if p[0] > now]
        for _, iid, unit, step in due:
            if unit is None:
                conn.request("POST", f"/v1/incidents/{iid}/transition", {"status": "cancelled"})
                stats.add("closed")
                continue
            steps = [("transition", {"status": "enRoute"}), ("transition", {"status": "onScene"}), ("transition", {"status": "resolved"}),
                     ("feedback", {"outcome": "mediated", "summary": "soak"})]
            path, body = steps[step]
            conn.request("POST", f"/v1/incidents/{iid}/{path}", body)
            if step + 1 < len(steps):
                pending.append((now + 1, iid, unit, step + 1))
            else:
                free.append(unit)
                stats.add("closed")
        time.sleep(max(0, min(next_create, min((p[0] for p in pending), default=next_create)) - time.time()))


class LiveClient:
    """A minimal WebSocket client: handshake, read frames, answer pings, close."""

    def __init__(self, port, token, until):
        self.until = until
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /v1/live?token={token} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise OSError("closed during the handshake")
            head += chunk
        if not head.startswith(b"HTTP/1.1 101"):
            raise OSError(head.split(b"\r\n")[0].decode(errors="replace"))
        self.buffer = head.split(b"\r\n\r\n", 1)[1]
        self.sock.setblocking(False)

    def send(self, opcode, payload=b""):
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(struct.pack("!BB", 0x80 | opcode, 0x80 | len(payload)) + mask + masked)

    def read(self):
        """Drains what arrived; returns the number of complete frames, or -1 when the server closed."""
        try:
            chunk = self.sock.recv(1 << 20)
        except BlockingIOError:
            return 0
        if not chunk:
            return -1
        self.buffer += chunk
        frames = 0
        while len(self.buffer) >= 2:
            opcode, length = self.buffer[0] & 0x0F, self.buffer[1] & 0x7F
            offset = 2
            if length == 126:
                if len(self.buffer) < 4:
                    break
                length, offset = struct.unpack("!H", self.buffer[2:4])[0], 4
            elif length == 127:
                if len(self.buffer) < 10:
                    break
                length, offset = struct.unpack("!Q", self.buffer[2:10])[0], 10
            if len(self.buffer) < offset + length:
                break
            payload = self.buffer[offset:offset + length]
            self.buffer = self.buffer[offset + length:]
            frames += 1
            if opcode == 0x9:
                self.send(0xA, payload)
            elif opcode == 0x8:
                return -1
        return frames

    def close(self):
        try:
            self.sock.setblocking(True)
            self.send(0x8, struct.pack("!H", 1000))
        except OSError:
            pass
        self.sock.close()


def live_loop(port, token, clients, stats, stop, rng):
    """Keeps `clients` sessions open, each for 5-60 s, replacing each one that ends."""
    selector = selectors.DefaultSelector()
    live = set()
    while not stop.is_set():
        while len(live) < clients and not stop.is_set():
            try:
                c = LiveClient(port, token, time.time() + rng.uniform(5, 60))
            except OSError:
                stats.add("ws_refused")
                time.sleep(0.1)
                continue
            selector.register(c.sock, selectors.EVENT_READ, c)
            live.add(c)
            stats.add("ws_sessions")
        for key, _ in selector.select(timeout=0.2):
            c = key.data
            n = c.read()
            if n < 0:
                selector.unregister(c.sock)
                c.sock.close()
                live.discard(c)
            else:
                stats.add("ws_frames", n)
        now = time.time()
        for c in [c for c in live if c.until <= now]:
            selector.unregister(c.sock)
            c.close()
            live.discard(c)
    for c in live:
        c.close()


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def files_mb(folder):
    sizes = {}
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if os.path.isfile(path) and not name.endswith(".log"):
            sizes[name] = round(os.path.getsize(path) / 1e6, 1)
    return sizes


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.environ.get("PINGAN_BIN", ".build/release/pingan"))
    parser.add_argument("--minutes", type=float, default=60)
    parser.add_argument("--warmup", type=float, default=10, help="minutes before RSS is held to ±10 %%")
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--incidents-per-s", type=float, default=10)
    parser.add_argument("--ws-clients", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", help="write the per-minute rows and the verdict here too")
    args = parser.parse_args()
    if not os.path.exists(args.bin):
        sys.exit(f"no pingan binary at {args.bin}")
    rng = random.Random(args.seed)
    data_dir = tempfile.mkdtemp(prefix="pingan-soak-")
    port = free_port()
    log = open(os.path.join(data_dir, "serve.log"), "ab")
    proc = subprocess.Popen([args.bin, "serve", "--port", str(port), "--data-dir", data_dir, "--bcrypt-cost", "4", "--log-level", "warning"],
                            env=dict(os.environ, PINGAN_ADMIN_PASSWORD=PASSWORD), stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    for _ in range(1200):
        try:
            call(base, "GET", "/healthz")
            break
        except Exception:
            if proc.poll() is not None:
                sys.exit(f"pingan serve exited with {proc.returncode}")
            time.sleep(0.1)
    token = call(base, "POST", "/v1/auth/login", body={"username": "admin", "password": PASSWORD})["token"]
    city = call(base, "POST", "/v1/jurisdictions", token, {"level": "city", "code": "SK", "name": "Soak city"})["id"]
    district = call(base, "POST", "/v1/jurisdictions", token, {"parentID": city, "level": "district", "code": "SKD", "name": "District"})["id"]
    station = call(base, "POST", "/v1/jurisdictions", token, {"parentID": district, "level": "station", "code": "SKS", "name": "Station",
                                                              "location": {"lat": 31.2352, "lon": 121.4801}})["id"]
    units = [call(base, "POST", "/v1/units", token, {"callsign": f"SK-{i}", "kind": "patrolCar", "stationID": station, "crew": 2})["id"]
             for i in range(args.units)]
    roads = call(base, "GET", "/v1/map/roads?bbox=31.215,121.455,31.25,121.505&zoom=16", token)
    vertices = [(c[1], c[0]) for f in roads["features"] for c in f["geometry"]["coordinates"]]
    crews = units[:50]        # dispatched to calls
    reporting = units        # every unit reports
    print(f"soak: {len(units)} units on {len(vertices)} road vertices, {args.incidents_per_s}/s incidents, {args.ws_clients} live clients, "
          f"{args.minutes} min; data in {data_dir}", flush=True)

    stats = Stats()
    stop = threading.Event()
    workers = [
        threading.Thread(target=fixes_loop, args=(port, token, reporting, vertices, args.units, stats, stop, random.Random(rng.random())), daemon=True),
        # Four callers, each with its own crews and a quarter of the rate, so one slow reply does not hold up the rest.
        *[threading.Thread(target=incidents_loop, args=(port, token, crews[k::4], args.incidents_per_s / 4, stats, stop, random.Random(rng.random())),
                           daemon=True) for k in range(4)],
        threading.Thread(target=live_loop, args=(port, token, args.ws_clients, stats, stop, random.Random(rng.random())), daemon=True),
    ]
    for w in workers:
        w.start()
    rows = []
    started = time.time()
    last_count = stats.take()[1]
    try:
        minute = 0
        while time.time() - started < args.minutes * 60:
            time.sleep(max(0, started + (minute + 1) * 60 - time.time()))
            minute += 1
            latency, count = stats.take()
            if proc.poll() is not None:
                sys.exit(f"pingan serve died with {proc.returncode} in minute {minute}")
            row = {
                "minute": minute, "rss_mb": round(rss_kb(proc.pid) / 1024, 1), "fds": len(os.listdir(f"/proc/{proc.pid}/fd")),
                "fixes_per_s": round((count["fixes"] - last_count["fixes"]) / 60), "fix_p50_ms": percentile(latency["fixes"], 0.5),
                "fix_p99_ms": percentile(latency["fixes"], 0.99), "incidents_per_s": round((count["incidents"] - last_count["incidents"]) / 60, 1),
                "create_p50_ms": percentile(latency["create"], 0.5), "create_p99_ms": percentile(latency["create"], 0.99),
                "ws_sessions": count["ws_sessions"] - last_count["ws_sessions"], "ws_frames": count["ws_frames"] - last_count["ws_frames"],
                "errors": (count["fix_errors"] - last_count["fix_errors"]) + (count["incident_errors"] - last_count["incident_errors"])
                + (count["ws_refused"] - last_count["ws_refused"]),
                "files_mb": files_mb(data_dir),
            }
            last_count = count
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
    finally:
        stop.set()
        for w in workers:
            w.join(30)
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
    steady = [r["rss_mb"] for r in rows if r["minute"] > args.warmup]
    verdict = {"minutes": len(rows), "rss_after_warmup_mb": None, "within_10_percent": None}
    if steady:
        mean = statistics.mean(steady)
        verdict = {
            "minutes": len(rows), "rss_after_warmup_mean_mb": round(mean, 1), "rss_min_mb": min(steady), "rss_max_mb": max(steady),
            "max_deviation_percent": round(max(abs(v - mean) for v in steady) / mean * 100, 2),
            "first_to_last_mb": round(steady[-1] - steady[0], 1),
            "within_10_percent": all(abs(v - mean) <= 0.10 * mean for v in steady),
            # The figures mean something only at the load asked for: the median minute must reach 95 % of it.
            "load_reached": statistics.median(r["fixes_per_s"] for r in rows) >= 0.95 * args.units
            and statistics.median(r["incidents_per_s"] for r in rows) >= 0.95 * args.incidents_per_s,
            "total": stats.take()[1], "server_exit": proc.returncode,
        }
    print(json.dumps(verdict, ensure_ascii=False))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"rows": rows, "verdict": verdict}, f, ensure_ascii=False, indent=1)
    shutil.rmtree(data_dir, ignore_errors=True)
    sys.exit(0 if verdict.get("within_10_percent") in (True, None) and verdict.get("load_reached") in (True, None) else 1)


if __name__ == "__main__":
    main()
