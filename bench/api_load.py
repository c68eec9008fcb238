#!/usr/bin/env python3
"""Incident create and read throughput over loopback HTTP, measured with wrk.

Runs, in one go on this machine:
  * SQLite: one `pingan serve` on the embedded store;
  * PostgreSQL: two `pingan serve --database URL` instances on one PostgreSQL (when --postgres URL
    or PINGAN_TEST_POSTGRES_URL is given), load split evenly between them.
For each it seeds a small jurisdiction tree over the API, then runs wrk for creates
(POST /v1/incidents) at each client count of --create-clients and for reads
(GET /v1/incidents/{id} over a pool of created IDs) at each count of --read-clients, and prints
one row per run with requests/s and latency percentiles. Creates are measured at several
concurrencies because group commit makes their cost per request fall as more arrive together;
reads are measured where their latency goal applies. Needs wrk (apt-get install wrk) and a built
pingan binary (--bin, default .build/release/pingan).

With PostgreSQL it then runs the anchor: pgbench alone, from two clients as two instances would,
running the statements one group commit sends (counter upsert; BEGIN; one multi-row incident
INSERT; the chain-head lock; the events INSERT with the head move; COMMIT) on copies of the
tables with the same indexes, for groups of 8 and 128 creates, so the table shows how close the
whole HTTP stack comes to what PostgreSQL alone does on this machine.

  python3 bench/api_load.py [--bin .build/release/pingan] [--seconds 10] [--create-clients 32,512] [--read-clients 8,32]
"""
import argparse, json, os, re, shutil, signal, subprocess, sys, tempfile

from pingan_server import call, login, seed_station, start


CREATE_LUA = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer %(token)s"
wrk.body = '{"category":"publicOrder","priority":2,"location":{"lat":31.2352,"lon":121.4801},"address":"南京东路300号","description":"load test","jurisdictionID":"%(station)s"}'
"""

READ_LUA = """
local ids = {%(ids)s}
local i = 0
wrk.headers["Authorization"] = "Bearer %(token)s"
request = function()
  i = i + 1
  return wrk.format("GET", "/v1/incidents/" .. ids[(i %% #ids) + 1])
end
"""


def wrk(base, script, seconds, connections):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
        path = f.name
    return subprocess.Popen(["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", path, base],
                            stdout=subprocess.PIPE, text=True)


def parse(out):
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not m:
        sys.exit("wrk failed:\n" + out)
    rps = float(m.group(1))
    lat = {}
    for p in ("50", "90", "99"):
        m = re.search(rf"\s{p}(?:\.000)?%\s+([\d.]+)(us|ms|s)", out)
        if m:
            v, unit = float(m.group(1)), m.group(2)
            lat[p] = v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {"rps": rps, "p50_ms": lat.get("50"), "p90_ms": lat.get("90"), "p99_ms": lat.get("99"),
            "errors": int(non2xx.group(1)) if non2xx else 0}


ANCHOR_SETUP = """
CREATE TABLE anchor_incidents (LIKE incidents INCLUDING ALL);
CREATE TABLE anchor_events (LIKE events INCLUDING ALL);
CREATE TABLE anchor_head (id INTEGER PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL);
INSERT INTO anchor_head VALUES (1, 0, '');
CREATE TABLE anchor_counters (LIKE counters INCLUDING ALL);
"""

ANCHOR_GROUP = """
INSERT INTO anchor_counters (key, value) VALUES ('k', {rows}) ON CONFLICT (key) DO UPDATE SET value = anchor_counters.value + excluded.value RETURNING value;
BEGIN;
INSERT INTO anchor_incidents (id, path, version, doc, status, category, priority, received_at, lat, lon, jurisdiction_id, search)
  SELECT gen_random_uuid()::text, {path}, 1, {doc}, 'received', 'publicOrder', 2, extract(epoch FROM clock_timestamp()) + g, 31.2352, 121.4801, 'j', 'load test'
  FROM generate_series(1, {rows}) g;
SELECT seq, hash FROM anchor_head WHERE id = 1 FOR UPDATE;
WITH appended AS (
  INSERT INTO anchor_events (seq, at_ms, actor_id, actor_name, command, type, subject, path, payload, prev_hash, hash)
  SELECT h.seq + g, 0, 'actor', 'admin', 'CreateIncident', 'incident.created', gen_random_uuid()::text, {path}, {payload}, h.hash,
         md5(g::text) || md5(h.seq::text)
  FROM generate_series(1, {rows}) g, anchor_head h WHERE h.id = 1)
UPDATE anchor_head SET seq = seq + {rows}, hash = md5(random()::text) WHERE id = 1;
COMMIT;
"""


def anchor(db, seconds):
    """Creates/s of PostgreSQL alone running a group commit's statements, per group size."""
    if not shutil.which("pgbench"):
        print("anchor: skipped (pgbench not found; apt-get install -y postgresql)", file=sys.stderr)
        return []
    doc, path = subprocess.run(["psql", db, "-AtF", "\t", "-c", "SELECT doc, path FROM incidents LIMIT 1"],
                               capture_output=True, text=True, check=True).stdout.rstrip("\n").split("\t")
    quote = lambda text: "'" + text.replace("'", "''") + "'"
    subprocess.run(["psql", db, "-qc", ANCHOR_SETUP], check=True)
    out = []
    for rows in (8, 128):
        with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as f:
            f.write(ANCHOR_GROUP.format(rows=rows, path=quote(path), doc=quote(doc), payload=quote('{"incident":' + doc + '}')))
            script = f.name
        res = subprocess.run(["pgbench", "-n", "-M", "prepared", "-c", "2", "-j", "2", "-T", str(seconds), "-f", script, db],
                             capture_output=True, text=True)
        m = re.search(r"tps = ([\d.]+)", res.stdout)
        if not m:
            sys.exit("pgbench failed:\n" + res.stdout + res.stderr)
        out.append({"rows_per_group": rows, "groups_per_s": float(m.group(1)), "creates_per_s": float(m.group(1)) * rows})
    return out


def run_case(name, bases, token_for, station, seconds, create_clients, read_clients):
    """Creates at each client count, then reads at each; the load is split evenly over `bases`."""
    def load(make_script, path, clients):
        per = max(1, clients // len(bases))
        procs = [wrk(b + path, make_script(b), seconds, per) for b in bases]
        rs = [parse(p.communicate()[0]) for p in procs]
        return {"clients": per * len(bases), "rps": sum(r["rps"] for r in rs), "p50_ms": max(r["p50_ms"] or 0 for r in rs),
                "p99_ms": max(r["p99_ms"] or 0 for r in rs), "errors": sum(r["errors"] for r in rs)}
    creates = [load(lambda b: CREATE_LUA % {"token": token_for[b], "station": station}, "/v1/incidents", c) for c in create_clients]
    items = call(bases[0], "GET", "/v1/incidents?limit=1000", token_for[bases[0]])["items"]
    if not items:
        sys.exit(f"no incident was created: {creates}")
    ids = ",".join(f'"{i["id"]}"' for i in items)
    reads = [load(lambda b: READ_LUA % {"token": token_for[b], "ids": ids}, "", c) for c in read_clients]
    return {"backend": name, "instances": len(bases), "create": creates, "read": reads}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=".build/release/pingan")
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--create-clients", default="32,512", help="comma-separated wrk connection counts for creates")
    ap.add_argument("--read-clients", default="8,32", help="comma-separated wrk connection counts for reads")
    ap.add_argument("--postgres", default=os.environ.get("PINGAN_TEST_POSTGRES_URL"))
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    counts = lambda text: [int(c) for c in text.split(",") if c.strip()]
    create_clients, read_clients = counts(a.create_clients), counts(a.read_clients)
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk")
    results, procs, dirs = [], [], []
    try:
        d = tempfile.mkdtemp(prefix="pingan-bench-"); dirs.append(d)
        p, base, _ = start(a.bin, d, ["--no-map"]); procs.append(p)
        token, station = seed_station(base)
        results.append(run_case("sqlite", [base], {base: token}, station, a.seconds, create_clients, read_clients))
        p.send_signal(signal.SIGTERM); p.wait()
        if a.postgres:
            db = a.postgres.rsplit("/", 1)[0] + "/pingan_bench"
            subprocess.run(["psql", a.postgres, "-qc", "DROP DATABASE IF EXISTS pingan_bench WITH (FORCE)"], check=True)
            subprocess.run(["psql", a.postgres, "-qc", "CREATE DATABASE pingan_bench"], check=True)
            bases = []
            for _ in range(2):
                d = tempfile.mkdtemp(prefix="pingan-bench-"); dirs.append(d)
                p, base, _ = start(a.bin, d, ["--no-map", "--database", db]); procs.append(p); bases.append(base)
            token, station = seed_station(bases[0])
            tokens = {bases[0]: token, bases[1]: login(bases[1])}
            durability = {k: subprocess.run(["psql", a.postgres, "-Atc", f"SHOW {k}"], capture_output=True, text=True).stdout.strip()
                          for k in ("fsync", "synchronous_commit")}
            results.append(run_case("postgresql", bases, tokens, station, a.seconds, create_clients, read_clients))
            results[-1]["postgres_settings"] = durability
            for p in procs:
                p.send_signal(signal.SIGTERM); p.wait()
            results[-1]["anchor"] = anchor(db, a.seconds)
            if durability != {"fsync": "on", "synchronous_commit": "on"}:
                print(f"warning: this PostgreSQL runs with {durability}: its figures are not for durable writes "
                      "(start one with PINGAN_PG_DURABLE=1 scripts/start-test-postgres.sh)", file=sys.stderr)
        else:
            print("PostgreSQL: skipped (give --postgres URL or set PINGAN_TEST_POSTGRES_URL)", file=sys.stderr)
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM); p.wait()
        for d in dirs:
            shutil.rmtree(d, ignore_errors=True)
    try:
        autogroup = open("/proc/sys/kernel/sched_autogroup_enabled").read().strip()
    except OSError:
        autogroup = None
    if a.json:
        print(json.dumps({"sched_autogroup_enabled": autogroup, "results": results}, indent=2))
        return
    print(f"{'backend':<11}{'inst':>5}  {'request':<8}{'clients':>8}{'req/s':>9}{'p50':>10}{'p99':>10}{'non-2xx':>9}")
    for r in results:
        for op, runs in (("create", r["create"]), ("read", r["read"])):
            for x in runs:
                print(f"{r['backend']:<11}{r['instances']:>5}  {op:<8}{x['clients']:>8}{x['rps']:>9.0f}{x['p50_ms']:>8.2f}ms{x['p99_ms']:>8.2f}ms{x['errors']:>9}")
    for r in results:
        best = max((x["rps"] for x in r["create"]), default=0)
        for x in r.get("anchor", []):
            print(f"anchor: PostgreSQL alone (pgbench, 2 clients, a group commit's statements, {x['rows_per_group']} creates per group): "
                  f"{x['creates_per_s']:.0f} creates/s; best {r['backend']} create rate above is {best / x['creates_per_s']:.2f} of it")
    if autogroup == "1":
        print("kernel.sched_autogroup_enabled=1: PostgreSQL runs in its own session, so the scheduler shares the CPUs between it and "
              "the session running pingan and wrk as groups, and when the CPUs are busy a PostgreSQL backend can wait up to a second to run "
              "(read p99 of 0.2-1.5 s). Where the database shares the machine with the servers and the load, measure with "
              "sysctl -w kernel.sched_autogroup_enabled=0.", file=sys.stderr)
    print(f"kernel.sched_autogroup_enabled={autogroup or 'n/a'}")
    for r in results:
        if "postgres_settings" in r:
            print(f"postgresql settings: fsync={r['postgres_settings']['fsync']}, synchronous_commit={r['postgres_settings']['synchronous_commit']}; "
                  "sqlite: WAL, synchronous=FULL")


if __name__ == "__main__":
    main()
