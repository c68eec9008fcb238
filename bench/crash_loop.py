#!/usr/bin/env python3
"""Crash loop: acknowledged means durable, under SIGKILL at random moments.

Each round starts `pingan serve` on the same data directory, drives mixed load from several
client threads (units created, incidents created with an Idempotency-Key and taken through
assign → en route → on scene → resolved → feedback, position batches, messages), kills the
server with SIGKILL at a random moment, runs `pingan audit verify` on the data it left, restarts
it, sends every request the kill cut off again with its Idempotency-Key (each must succeed: its
first reply replayed if it had committed, done now if not), and checks that every write the
server acknowledged (2xx) is there with at least the state it acknowledged. A final pass checks
every acknowledged write of every round once more.

    python3 bench/crash_loop.py --bin .build/release/pingan [--rounds 100] [--clients 8]
        [--database postgres://…]   # PostgreSQL instead of the embedded SQLite
        [--json out.json]

Prints one line per round and a JSON summary; exits 1 when anything acknowledged was lost, a
retried request was refused, or the audit chain did not verify. CI runs `--rounds 5`.
"""
import argparse, calendar, http.client, json, os, random, shutil, signal, subprocess, sys, tempfile, threading, time, uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pingan_server import PASSWORD, Client, call, free_port, iso  # noqa: E402

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
        self.counts = {"units": 0, "incidents": 0, "steps": 0, "fix_batches": 0, "fixes": 0, "messages": 0, "failed_requests": 0,
                       "in_flight_retried": 0}
        # Requests the kill cut off, unanswered: (method, path, body, key, on_success(reply)).
        self.in_flight = []

    def add(self, kind, n=1):
        with self.lock:
            self.counts[kind] += n


def drive(client, station, tag, ledger, stop, rng):
    """One client's mixed load until the server dies or `stop` is set. Every request carries an
    Idempotency-Key; the one the kill cuts off is kept in `ledger.in_flight` with what its
    success acknowledges, to be retried after the restart."""

    def send(method, path, body, key, acknowledged):
        status, reply = client.request(method, path, body, key=key)
        if status is None:
            with ledger.lock:
                ledger.in_flight.append((method, path, body, key, acknowledged))
        elif 200 <= status < 300:
            acknowledged(reply)
        else:
            ledger.add("failed_requests")
        return status, reply

    def unit_created(callsign):
        def record(unit):
            with ledger.lock:
                ledger.units[unit["id"]] = callsign
            ledger.add("units")
        return record

    def incident_reached(iid, reached):
        def record(_):
            with ledger.lock:
                if RANK[reached] > RANK.get(ledger.incidents.get(iid), -1):
                    ledger.incidents[iid] = reached
            ledger.add("steps" if reached != "received" else "incidents")
        return record

    def incident_created(incident):
        incident_reached(incident["id"], "received")(incident)

    def fixes_stored(unit, n, last):
        def record(result):
            ledger.add("fix_batches")
            ledger.add("fixes", n)
            if result.get("accepted", 0) > 0:
                with ledger.lock:
                    ledger.fixes[unit] = max(ledger.fixes.get(unit, 0), last)
        return record

    def messages_sent(unit):
        def record(sent):
            with ledger.lock:
                for m in sent["items"]:
                    ledger.messages[m["id"]] = unit
            ledger.add("messages")
        return record

    units = []
    for k in range(2):
        callsign = f"{tag}-{k}"
        status, unit = send("POST", "/v1/units", {"callsign": callsign, "kind": "patrolCar", "stationID": station, "crew": 2},
                            f"unit-{tag}-{k}", unit_created(callsign))
        if status is None:
            return
        if status == 201:
            units.append(unit["id"])
    last_fix = {u: 0.0 for u in units}
    position = {u: [CENTRE[0] + rng.uniform(-3e-4, 3e-4), CENTRE[1] + rng.uniform(-3e-4, 3e-4)] for u in units}
    while not stop.is_set() and units:
        unit = rng.choice(units)
        # A call, taken through its whole loop; every step idempotent so a retry could not double it.
        key = uuid.uuid4().hex
        status, incident = send("POST", "/v1/incidents", {
            "category": "dispute", "priority": 2, "location": {"lat": CENTRE[0], "lon": CENTRE[1]},
            "address": f"南京东路{rng.randint(1, 999)}号", "description": "crash loop"}, f"inc-{key}", incident_created)
        if status is None:
            return
        if status != 201:
            continue
        iid = incident["id"]
        steps = [("assign", {"unitIDs": [unit]}, "dispatched"), ("transition", {"status": "enRoute"}, "enRoute"),
                 ("transition", {"status": "onScene"}, "onScene"), ("transition", {"status": "resolved"}, "resolved"),
                 ("feedback", {"outcome": "mediated", "summary": "crash loop"}, "closed")]
        for n, (path, body, reached) in enumerate(steps):
            status, _ = send("POST", f"/v1/incidents/{iid}/{path}", body, f"step-{key}-{n}", incident_reached(iid, reached))
            if status is None:
                return
            if status != 200:
                break
            # Between steps: the unit reports where it is, and the command centre writes to it.
            if rng.random() < 0.5:
                fixes = []
                t = max(time.time(), last_fix[unit] + 1)
                for _ in range(rng.randint(1, 5)):
                    position[unit][0] += rng.uniform(-2e-5, 2e-5)
                    position[unit][1] += rng.uniform(-2e-5, 2e-5)
                    fixes.append({"unitID": unit, "time": iso(t), "lat": position[unit][0], "lon": position[unit][1], "speed": 3.0})
                    t += 1
                last_fix[unit] = t - 1
                status, _ = send("POST", "/v1/positions", {"fixes": fixes}, f"fix-{uuid.uuid4().hex}", fixes_stored(unit, len(fixes), t - 1))
                if status is None:
                    return
            if rng.random() < 0.2:
                status, _ = send("POST", "/v1/messages", {"text": "crash loop 收到请回复", "unitID": unit}, f"msg-{uuid.uuid4().hex}",
                                 messages_sent(unit))
                if status is None:
                    return


def retry_in_flight(port, token, ledger):
    """Sends every request the kill cut off again, with its key. Whether or not the first one
    committed, the answer must be a success: the first reply replayed, or the request done now.
    A 409 here is the defect of issue 14 (a committed step whose reply was lost)."""
    with ledger.lock:
        pending, ledger.in_flight = ledger.in_flight, []
    client, refused = Client(port, token), []
    for method, path, body, key, acknowledged in pending:
        status, reply = client.request(method, path, body, key=key)
        ledger.add("in_flight_retried")
        if status is not None and 200 <= status < 300:
            acknowledged(reply)
        else:
            refused.append((method, path, key, status, reply if isinstance(reply, dict) else None))
    return len(pending), refused


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
            retried, refused = retry_in_flight(port, token, ledger)
            if refused:
                failures.append(f"round {round_no}: retried in-flight requests refused: {json.dumps(refused, ensure_ascii=False)[:2000]}")
            units = set(ledger.units) - before[0]
            incidents = [i for i, s in ledger.incidents.items() if before[1].get(i) != s]
            messages = set(ledger.messages) - before[2]
            fix_units = [u for u, t in ledger.fixes.items() if before[3].get(u) != t]
            lost = missing(base, token, ledger, units, incidents, messages, fix_units)
            n_lost = sum(len(v) for v in lost.values())
            if n_lost:
                failures.append(f"round {round_no}: lost {json.dumps(lost)[:2000]}")
            print(f"round {round_no:3d}: acked {len(units)} units, {len(incidents)} incidents changed, {len(messages)} messages, "
                  f"{len(fix_units)} units' fixes; in flight {retried}, retries refused {len(refused)}; lost {n_lost}; "
                  f"audit {'ok' if ok else 'FAILED'}; restart {took:.2f} s", flush=True)
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
        "retries_refused": sum(1 for f in failures if "retried in-flight" in f),
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
