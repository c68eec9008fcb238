#!/usr/bin/env python3
"""The call history at N× real time against a running Pingan: `pingan replay --server`.

Starts `pingan serve --demo` (embedded SQLite in a throwaway data directory, the simulated city on
the Shanghai extract, its ~120 crews driving and posting fixes every second as background load),
turns the demo's own auto-dispatch off so the replay is the only dispatcher, then runs
`pingan replay --calls FILE --server URL --speed N --duration S` for each requested speed. The
replay creates every call as an incident and dispatches the recommended units over HTTP, and
prints one JSON object per speed: whether it kept to its schedule (`lag_max_s`, `kept_up`), the
client-side latency of creates and dispatches (p50/p99/max) and the server's own p99 over every
route from its /metrics histogram (bucket upper bound).

  python3 bench/replay_server.py [--bin .build/release/pingan] [--calls ../shared/data/calls/montgomery_pa_911_calls_2015_2016.csv.gz]
                                 [--speeds 50,500,5000] [--seconds 60]
"""
import argparse, json, os, shutil, subprocess, sys, tempfile

from pingan_server import PASSWORD, call, login, start

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.environ.get("PINGAN_BIN", os.path.join(ROOT, ".build/release/pingan")))
    ap.add_argument("--calls", default=os.path.join(ROOT, "../shared/data/calls/montgomery_pa_911_calls_2015_2016.csv.gz"))
    ap.add_argument("--speeds", default="50,500,5000")
    ap.add_argument("--seconds", type=float, default=60)
    a = ap.parse_args()
    if not os.path.exists(a.calls):
        sys.exit(f"call file {a.calls} is absent (it lives in ../shared/data/calls/); nothing measured")
    data = tempfile.mkdtemp(prefix="pingan-replay-bench-")
    proc, base, _ = start(a.bin, data, ["--demo", "--map", os.path.join(ROOT, "data/osm/shanghai_center.osm.xz")])
    try:
        token = login(base)
        call(base, "PUT", "/v1/demo", token, {"autoDispatch": False})
        results = []
        for speed in [float(s) for s in a.speeds.split(",")]:
            out = subprocess.run([a.bin, "replay", "--calls", a.calls, "--server", base, "--user", "admin", "--speed", str(speed),
                                  "--duration", str(a.seconds)],
                                 env=dict(os.environ, PINGAN_REPLAY_PASSWORD=PASSWORD), capture_output=True, text=True)
            if out.returncode != 0:
                sys.exit(f"replay at {speed}x failed: {out.stderr}")
            report = json.loads(out.stdout)
            results.append(report)
            print(json.dumps(report, sort_keys=True), flush=True)
        print("\n| speed | calls | kept up (max lag s) | create p50/p99 ms | dispatch p50/p99 ms | server p99 ms (bucket) | no unit free |")
        print("| ---: | ---: | --- | --- | --- | ---: | ---: |")
        for r in results:
            c, d = r["client_latency_ms"]["create"], r["client_latency_ms"]["dispatch"]
            print(f"| {r['speed']:g}x | {r['calls']} | {'yes' if r['kept_up'] else 'no'} ({r['lag_max_s']:.3f}) | "
                  f"{c['p50']:.1f} / {c['p99']:.1f} | {d['p50']:.1f} / {d['p99']:.1f} | {r['server_p99_ms']} | {r['no_units']} |")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
