#!/usr/bin/env python3
"""Position-fix ingest over loopback HTTP, with Redis GEOADD as the in-run anchor.

Starts a `pingan serve --map MAP` on a fresh file-backed SQLite store (durable: every batch's
thinned track points are committed with fsync before the reply), creates a station and N units
over the API, then posts pre-encoded batches of fixes (POST /v1/positions) from several
keep-alive connections for a fixed time. Every unit drives a random walk at 10 m/s near the
map's centre, one fix per simulated second, each connection owning its own units so fixes stay
in order. Prints one JSON object with `http_fixes_per_s` (fixes answered per wall-clock second,
all connections together) and the per-outcome counts.

The anchor: a redis-server on loopback (no persistence) driven by
`redis-benchmark -q -n 1000000 -P 64 GEOADD ...`, the usual "store a position" yardstick; the
ratio `http_fixes_per_s / redis_geoadd_per_s` is printed, so results from different machines
can be compared. Needs redis-server and redis-benchmark (apt-get install -y redis-server) and a
built pingan (--bin, default .build/release/pingan).

  python3 bench/dispatch_http.py [--bin .build/release/pingan] [--units 2000] [--batch 2000] [--seconds 10]

With --graph FILE (e.g. ../shared/data/roads/USA-road-t.NY.gr.gz) it also runs
`pingan bench dispatch --graph FILE --units N --zones 100` in the same run and adds its figures
(in-process ingest, recommend p99 under a 20k fixes/s stream, its own in-process-server HTTP
ingest) with the same Redis anchor's ratios.
"""
import argparse, http.client, json, math, os, random, re, shutil, socket, subprocess, sys, tempfile, threading, time

from pingan_server import call, free_port, seed_station, start


def seed(base, units, centre):
    token, station = seed_station(base, centre)
    ids = []
    for i in range(units):
        ids.append(call(base, "POST", "/v1/units", token, {"callsign": f"B-{i}", "kind": "patrolCar", "stationID": station, "crew": 2})["id"])
    return token, ids


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + ".%03dZ" % int(round((t % 1) * 1000) % 1000)


def make_batches(ids, steps, batch, centre, span, start_time, rng):
    """Bodies for one connection: its units' random walks, `batch` fixes per body, time-ordered."""
    lat = [centre[0] + rng.uniform(-span, span) for _ in ids]
    lon = [centre[1] + rng.uniform(-span, span) for _ in ids]
    heading = [rng.uniform(0, 2 * math.pi) for _ in ids]
    fixes = []
    for step in range(steps):
        t = iso(start_time + step)
        for i, uid in enumerate(ids):
            heading[i] += rng.uniform(-0.3, 0.3)
            lat[i] += 10 * math.cos(heading[i]) / 111_320
            lon[i] += 10 * math.sin(heading[i]) / (111_320 * math.cos(math.radians(lat[i])))
            if abs(lat[i] - centre[0]) > span or abs(lon[i] - centre[1]) > span:
                heading[i] += math.pi
            fixes.append('{"unitID":"%s","time":"%s","lat":%.6f,"lon":%.6f,"speed":10}' % (uid, t, lat[i], lon[i]))
    return [('{"fixes":[' + ",".join(fixes[k:k + batch]) + "]}").encode() for k in range(0, len(fixes), batch)]


def post_all(port, token, bodies, deadline, totals, lock):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Content-Type": "application/json", "Authorization": "Bearer " + token}
    local = {}
    sent = 0
    for body in bodies:
        if time.time() >= deadline:
            break
        conn.request("POST", "/v1/positions", body=body, headers=headers)
        r = conn.getresponse()
        data = r.read()
        if r.status != 200:
            sys.exit(f"POST /v1/positions: {r.status} {data[:300]!r}")
        for k, v in json.loads(data).items():
            local[k] = local.get(k, 0) + v
        sent += 1
    with lock:
        for k, v in local.items():
            totals[k] = totals.get(k, 0) + v
        totals["batches"] = totals.get("batches", 0) + sent


def redis_geoadd_per_s(requests):
    server, bench = shutil.which("redis-server"), shutil.which("redis-benchmark")
    if not server or not bench:
        return None
    port = free_port()
    proc = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        out = subprocess.run([bench, "-p", str(port), "-q", "-n", str(requests), "-P", "64", "-r", "100000",
                              "GEOADD", "fleet", "121.4801", "31.2352", "unit:__rand_int__"],
                             capture_output=True, text=True, check=True).stdout
        m = re.findall(r"([\d.]+) requests per second", out.replace("\r", "\n"))
        return float(m[-1]) if m else None
    finally:
        proc.terminate()
        proc.wait()


def main():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=os.path.join(here, ".build/release/pingan"))
    ap.add_argument("--map", default=os.path.join(here, "data/osm/shanghai_center.osm.xz"))
    ap.add_argument("--centre", default="31.2330,121.4800", help="lat,lon the fleet drives around")
    ap.add_argument("--span", type=float, default=0.012, help="half-width of the patrol area in degrees")
    ap.add_argument("--units", type=int, default=2000)
    ap.add_argument("--batch", type=int, default=2000, help="fixes per POST (at most 5000)")
    ap.add_argument("--connections", type=int, default=2)
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--steps", type=int, default=300, help="simulated seconds prepared per unit")
    ap.add_argument("--redis-requests", type=int, default=1_000_000)
    ap.add_argument("--graph", help="also run `pingan bench dispatch` on this road graph")
    ap.add_argument("--zones", type=int, default=100)
    a = ap.parse_args()
    centre = tuple(float(x) for x in a.centre.split(","))
    data_dir = tempfile.mkdtemp(prefix="pingan-dispatch-bench-")
    proc, base, port = start(a.bin, data_dir, ["--map", a.map])
    try:
        token, ids = seed(base, a.units, centre)
        rng = random.Random(42)
        start_time = time.time() - a.steps - 60
        groups = [ids[i::a.connections] for i in range(a.connections)]
        bodies = [make_batches(g, a.steps, a.batch, centre, a.span, start_time, rng) for g in groups]
        totals, lock = {}, threading.Lock()
        t0 = time.time()
        deadline = t0 + a.seconds
        threads = [threading.Thread(target=post_all, args=(port, token, b, deadline, totals, lock)) for b in bodies]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.time() - t0
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(data_dir, ignore_errors=True)
    http_rate = totals.get("received", 0) / elapsed
    bench_dispatch = None
    if a.graph:
        if not os.path.exists(a.graph):
            print(f"{a.graph} is absent: `pingan bench dispatch` skipped (see ../shared/data/README.md)", file=sys.stderr)
        else:
            out = subprocess.run([a.bin, "bench", "dispatch", "--graph", a.graph, "--units", str(a.units), "--zones", str(a.zones)],
                                 capture_output=True, text=True, check=True).stdout
            bench_dispatch = json.loads(out)
    redis_rate = redis_geoadd_per_s(a.redis_requests)
    extra = {}
    if bench_dispatch:
        extra = {"bench_dispatch": {k: bench_dispatch.get(k) for k in
                                    ["inprocess_fixes_per_s", "http_fixes_per_s", "http_batch", "http_connections", "recommend_p99_ms",
                                     "recommend_stream_fixes_per_s", "units", "zones"] if k in bench_dispatch}}
        if redis_rate:
            extra["ratio_bench_dispatch_http_to_redis_geoadd"] = round(bench_dispatch["http_fixes_per_s"] / redis_rate, 4)
            extra["ratio_bench_dispatch_inprocess_to_redis_geoadd"] = round(bench_dispatch["inprocess_fixes_per_s"] / redis_rate, 4)
    print(json.dumps({
        "http_fixes_per_s": round(http_rate),
        "seconds": round(elapsed, 2), "units": a.units, "fixes_per_post": a.batch, "connections": a.connections, "store": "sqlite (file, fsync)",
        "outcomes": {k: totals.get(k, 0) for k in ["received", "accepted", "duplicates", "outOfOrder", "rejectedJump", "rejectedTime",
                                                   "unknownUnit", "trackPointsStored", "events", "batches"]},
        "redis_geoadd_per_s": round(redis_rate) if redis_rate else None,
        "ratio_http_to_redis_geoadd": round(http_rate / redis_rate, 4) if redis_rate else None,
        **extra,
    }, indent=2))


if __name__ == "__main__":
    main()
