#!/usr/bin/env python3
"""Crash loop: acknowledged means durable, under SIGKILL at random moments.

Each round starts `pingan serve` on the same data directory, drives mixed load from several
client threads (units created, incidents created with an Idempotency-Key and taken through
assign → en route → on scene → resolved → feedback, position batches, messages), kills the
server with SIGKILL at a random moment, runs `pingan audit verify` on the data it left, restarts
it and checks that every write the server acknowledged (2xx) is there with at least the state it
acknowledged. A final pass checks every acknowledged write of every round once more.

    python3 bench/crash_loop.py --bin .build/release/pingan [--rounds 100] [--clients 8]
        [--database postgres://…]   # PostgreSQL instead of the embedded SQLite
        [--json out.json]

Prints one line per round and a JSON summary; exits 1 when anything acknowledged was lost or the
audit chain did not verify. CI runs `--rounds 5`.
"""
import argparse, calendar, http.client, json, os, random, shutil, signal, subprocess, sys, tempfile, threading, time, uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pingan_server import PASSWORD, call, free_port  # noqa: E402

# What each lifecycle step leaves behind; a later check accepts the acknowledged state or any after it.
RANK = {"received": 0, "dispatched": 1, "enRoute": 2, "onScene": 3, "resolved": 4, "closed": 5}
CENTRE = (31.2352, 121.4801)  # East Nanjing Road: on the shipped map's roads


class Ledger:
    """Everything the server acknowledged, across rounds; written by the client threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.units = {}          # unit id -> callsign
        self.incidents = {}      # incident id -> highest acknowledged status
        self.messages = {}       # message id -> unit id
        self.fixes = {}          # unit id -> time (epoch s) of the last acknowledged accepted fix
        self.counts = {"units": 0, "incidents": 0, "steps": 0, "fix_batches": 0, "fixes": 0, "messages": 0, "failed_requests": 0}

    def add(self, kind, n=1):
        with self.lock:
            self.counts[kind] += n


class Client:
    """One keep-alive connection; any transport error means the request was not acknowledged."""

    def __init__(self, port, token):
        self.port, self.token = port, token
        self.conn = None

    def request(self, method, path, body=None, key=None):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Authorization": "Bearer " + self.token}
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body)
        if key:
            headers["Idempotency-Key"] = key
        try:
            self.conn.request(method, path, body=data, headers=headers)
            r = self.conn.getresponse()
            payload = r.read()
            return r.status, (json.loads(payload) if payload else None)
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            return None, None


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + ".%03dZ" % int((t % 1) * 1000)


def drive(client, station, tag, ledger, stop, rng):
    """One client's mixed load until the server dies or `stop` is set."""
    units = []
    for k in range(2):
        callsign = f"{tag}-{k}"
        status, unit = client.request("POST", "/v1/units", {"callsign": callsign, "kind": "patrolCar", "stationID": station, "crew": 2},
                                      key=f"unit-{tag}-{k}")
        if status is None:
            return
        if status == 201:
            with ledger.lock:
                ledger.units[unit["id"]] = callsign
            ledger.add("units")
            units.append(unit["id"])
    last_fix = {u: 0.0 for u in units}
    position = {u: [CENTRE[0] + rng.uniform(-3e-4, 3e-4), CENTRE[1] + rng.uniform(-3e-4, 3e-4)] for u in units}
    while not stop.is_set() and units:
        unit = rng.choice(units)
        # A call, taken through its whole loop; every step idempotent so a retry could not double it.
        key = uuid.uuid4().hex
        status, incident = client.request("POST", "/v1/incidents", {
            "category": "dispute", "priority": 2, "location": {"lat": CENTRE[0], "lon": CENTRE[1]},
            "address": f"南京东路{rng.randint(1, 999)}号", "description": "crash loop"}, key=f"inc-{key}")
        if status is None:
            return
        if status != 201:
            ledger.add("failed_requests")
            continue
        iid = incident["id"]
        with ledger.lock:
            ledger.incidents[iid] = "received"
        ledger.add("incidents")
        steps = [("assign", {"unitIDs": [unit]}, "dispatched"), ("transition", {"status": "enRoute"}, "enRoute"),
                 ("transition", {"status": "onScene"}, "onScene"), ("transition", {"status": "resolved"}, "resolved"),
                 ("feedback", {"outcome": "mediated", "summary": "crash loop"}, "closed")]
        for n, (path, body, reached) in enumerate(steps):
            status, reply = client.request("POST", f"/v1/incidents/{iid}/{path}", body, key=f"step-{key}-{n}")
            if status is None:
                return
            if status != 200:
                ledger.add("failed_requests")
                break
            with ledger.lock:
                ledger.incidents[iid] = reached
            ledger.add("steps")
            # Between steps: the unit reports where it is, and the command centre writes to it.
            if rng.random() < 0.5:
                now = time.time()
                fixes = []
                t = max(now, last_fix[unit] + 1)
                for _ in range(rng.randint(1, 5)):
                    position[unit][0] += rng.uniform(-2e-5, 2e-5)
                    position[unit][1] += rng.uniform(-2e-5, 2e-5)
                    fixes.append({"unitID": unit, "time": iso(t), "lat": position[unit][0], "lon": position[unit][1], "speed": 3.0})
                    t += 1
                status, result = client.request("POST", "/v1/positions", {"fixes": fixes}, key=f"fix-{uuid.uuid4().hex}")
                if status is None:
                    return
                if status == 200:
                    ledger.add("fix_batches")
                    ledger.add("fixes", len(fixes))
                    if result.get("accepted", 0) > 0:
                        last_fix[unit] = t - 1
                        with ledger.lock:
                            ledger.fixes[unit] = max(ledger.fixes.get(unit, 0), t - 1)
                else:
                    ledger.add("failed_requests")
            if rng.random() < 0.2:
                status, sent = client.request("POST", "/v1/messages", {"text": "crash loop 收到请回复", "unitID": unit},
                                              key=f"msg-{uuid.uuid4().hex}")
                if status is None:
                    return
                if status == 201:
                    for m in sent["items"]:
                        with ledger.lock:
                            ledger.messages[m["id"]] = unit
                    ledger.add("messages")
                else:
                    ledger.add("failed_requests")


def start_server(args, data_dir, port):
    cmd = [args.bin, "serve", "--port", str(port), "--data-dir", data_dir, "--bcrypt-cost", "4", "--log-level", "warning"]
    if args.database:
        cmd += ["--database", args.database]
    if args.map:
        cmd += ["--map", args.map]
    env = dict(os.environ, PINGAN_ADMIN_PASSWORD=PASSWORD)
    log = open(os.path.join(data_dir, "serve.log"), "ab")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    started = time.time()
    while time.time() - started < 120:
        try:
            call(base, "GET", "/healthz")
            return proc, base, time.time() - started
        except Exception:
            if proc.poll() is not None:
                sys.exit(f"pingan serve exited with {proc.returncode}; see {data_dir}/serve.log")
            time.sleep(0.05)
    sys.exit("pingan serve did not start within 120 s")


def audit_verify(args, data_dir):
    cmd = [args.bin, "audit", "verify", "--data-dir", data_dir] + (["--database", args.database] if args.database else [])
    r = subprocess.run(cmd, capture_output=True, text=True)
    return r.returncode == 0, (r.stdout + r.stderr).strip().splitlines()[-1:] or [""]


def missing(base, token, ledger, unit_ids, incident_ids, message_ids, fix_units):
    """The acknowledged writes among these that the server does not show, by kind."""
    lost = {"units": [], "incidents": [], "messages": [], "fixes": []}
    for uid in unit_ids:
        try:
            call(base, "GET", f"/v1/units/{uid}", token)
        except Exception:
            lost["units"].append(uid)
    for iid in incident_ids:
        try:
            got = call(base, "GET", f"/v1/incidents/{iid}", token)
            if RANK.get(got["status"], -1) < RANK[ledger.incidents[iid]]:
                lost["incidents"].append((iid, ledger.incidents[iid], got["status"]))
        except Exception:
            lost["incidents"].append((iid, ledger.incidents[iid], "missing"))
    by_unit = {}
    for mid in message_ids:
        by_unit.setdefault(ledger.messages[mid], set()).add(mid)
    for unit, ids in by_unit.items():
        seen = {m["id"] for m in call(base, "GET", f"/v1/messages?unitID={unit}&limit=1000", token)["items"]}
        lost["messages"] += sorted(ids - seen)
    for unit in fix_units:
        # Thinning keeps a point at least every 10 s of fix time, and a kept point is committed
        # before the batch is acknowledged: the newest stored point is within 10 s of the last
        # acknowledged accepted fix.
        last = ledger.fixes[unit]
        track = call(base, "GET", f"/v1/units/{unit}/track?from={iso(last - 3600)}&to={iso(last + 60)}", token)
        newest = max((calendar.timegm(time.strptime(p["at"][:19], "%Y-%m-%dT%H:%M:%S")) + float("0" + p["at"][19:-1])
                      for p in track["points"]), default=0)
        if newest < last - 10.5:
            lost["fixes"].append((unit, last, newest))
    return lost


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.environ.get("PINGAN_BIN", ".build/release/pingan"))
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--kill-after", default="0.5,4", help="seconds of load before SIGKILL: uniform in MIN,MAX")
    parser.add_argument("--database", help="postgres://… (default: embedded SQLite in a temporary directory)")
    parser.add_argument("--map", help="road network (default: the server's, data/osm/shanghai_center.osm.xz from the repository root)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    parser.add_argument("--json", help="write the summary here too")
    args = parser.parse_args()
    if not os.path.exists(args.bin):
        sys.exit(f"no pingan binary at {args.bin} (swift build -c release --product pingan, or --bin)")
    low, high = (float(x) for x in args.kill_after.split(","))
    rng = random.Random(args.seed)
    data_dir = tempfile.mkdtemp(prefix="pingan-crash-")
    port = free_port()
    ledger = Ledger()
    failures = []
    restart_seconds = []
    verified_chains = 0
    started = time.time()

    proc, base, _ = start_server(args, data_dir, port)
    token = call(base, "POST", "/v1/auth/login", body={"username": "admin", "password": PASSWORD})["token"]
    city = call(base, "POST", "/v1/jurisdictions", token, {"level": "city", "code": "CL", "name": "Crash-loop city"})["id"]
    district = call(base, "POST", "/v1/jurisdictions", token, {"parentID": city, "level": "district", "code": "CLD", "name": "District"})["id"]
    station = call(base, "POST", "/v1/jurisdictions", token, {"parentID": district, "level": "station", "code": "CLS", "name": "Station",
                                                              "location": {"lat": CENTRE[0], "lon": CENTRE[1]}})["id"]
    try:
        for round_no in range(1, args.rounds + 1):
            if proc is None:
                proc, base, took = start_server(args, data_dir, port)
                restart_seconds.append(took)
                token = call(base, "POST", "/v1/auth/login", body={"username": "admin", "password": PASSWORD})["token"]
            before = (set(ledger.units), dict(ledger.incidents), set(ledger.messages), dict(ledger.fixes))
            stop = threading.Event()
            threads = [threading.Thread(target=drive, args=(Client(port, token), station, f"R{round_no}C{c}", ledger, stop,
                                                            random.Random(rng.random())), daemon=True)
                       for c in range(args.clients)]
            for t in threads:
                t.start()
            time.sleep(rng.uniform(low, high))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            proc = None
            stop.set()
            for t in threads:
                t.join(60)
            ok, last_line = audit_verify(args, data_dir)
            verified_chains += ok
            if not ok:
                failures.append(f"round {round_no}: audit verify failed: {last_line}")
            proc, base, took = start_server(args, data_dir, port)
            restart_seconds.append(took)
            token = call(base, "POST", "/v1/auth/login", body={"username": "admin", "password": PASSWORD})["token"]
            units = set(ledger.units) - before[0]
            incidents = [i for i, s in ledger.incidents.items() if before[1].get(i) != s]
            messages = set(ledger.messages) - before[2]
            fix_units = [u for u, t in ledger.fixes.items() if before[3].get(u) != t]
            lost = missing(base, token, ledger, units, incidents, messages, fix_units)
            n_lost = sum(len(v) for v in lost.values())
            if n_lost:
                failures.append(f"round {round_no}: lost {json.dumps(lost)[:2000]}")
            print(f"round {round_no:3d}: acked {len(units)} units, {len(incidents)} incidents changed, {len(messages)} messages, "
                  f"{len(fix_units)} units' fixes; lost {n_lost}; audit {'ok' if ok else 'FAILED'}; restart {took:.2f} s", flush=True)
        # Once more, everything from every round.
        final = missing(base, token, ledger, set(ledger.units), list(ledger.incidents), set(ledger.messages), list(ledger.fixes))
        final_lost = sum(len(v) for v in final.values())
        if final_lost:
            failures.append(f"final pass: lost {json.dumps(final)[:2000]}")
    finally:
        if proc is not None:
            proc.send_signal(signal.SIGTERM)
            proc.wait()
    ok, last_line = audit_verify(args, data_dir)
    verified_chains += ok
    if not ok:
        failures.append(f"final audit verify failed: {last_line}")
    restart_seconds.sort()
    summary = {
        "rounds": args.rounds, "clients": args.clients, "store": "postgresql" if args.database else "sqlite",
        "acknowledged": dict(ledger.counts, distinct_units=len(ledger.units), distinct_incidents=len(ledger.incidents),
                             distinct_messages=len(ledger.messages)),
        "lost": 0 if not failures else sum(1 for f in failures if "lost" in f),
        "audit_verified": verified_chains, "audit_runs": args.rounds + 1,
        "restart_median_s": round(restart_seconds[len(restart_seconds) // 2], 3) if restart_seconds else None,
        "restart_max_s": round(restart_seconds[-1], 3) if restart_seconds else None,
        "wall_s": round(time.time() - started, 1),
        "failures": failures,
    }
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(summary, f, ensure_ascii=False, indent=1)
    if not args.keep:
        shutil.rmtree(data_dir, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
