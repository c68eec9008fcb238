#!/usr/bin/env python3
"""Routing benchmark: Pingan against established shortest-path tools on one graph.

Runs `pingan bench routing` (release build) with a fixed seed and --dump, then answers the same
random queries with the anchors and checks every tool returns the same travel times:

  * scipy.sparse.csgraph.dijkstra  (C Dijkstra; many-to-one = one reverse search per incident,
                                    coverage = multi-source with min_only)
  * pandana                        (C++ contraction hierarchies; batched shortest_path_lengths)
  * igraph                         (C Dijkstra; coverage via a virtual super-source)
  * pgRouting                      (pgr_dijkstraCost / pgr_drivingDistance on a throwaway
                                    PostgreSQL cluster on loopback; skipped with a notice if
                                    PostgreSQL or the extension is missing)
  * RoutingKit                     (C++ contraction hierarchy, with --routingkit DIR only: a
                                    checkout outside this repository, built with its own Makefile
                                    and driven by bench/routingkit_driver.cpp on every pair, unit
                                    and incident Pingan timed; one-to-one, with the path, and
                                    many-to-one with the units pinned, each against Pingan's)

Usage:
  python3 bench/routing.py [--graph FILE] [--pingan PATH] [--units 2000] [--incidents 1000]
                           [--seed 42] [--anchor-incidents 20] [--skip pandana,igraph,pgrouting]
                           [--routingkit DIR]

The Pingan binary comes from --pingan, else $PINGAN_BIN, else .build/release/pingan.
Anchors answer a subset of the incidents (--anchor-incidents) because a plain Dijkstra over the
whole graph per query takes ~100 ms; medians are compared per query, so the ratio is fair.
"""
import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

DEFAULT_GRAPH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data", "roads",
                             "USA-road-t.NY.gr.gz")


def pct(values, q):
    s = sorted(values)
    if not s:
        return float("nan")
    return s[min(len(s) - 1, int(round((len(s) - 1) * q)))]


def run_pingan(binary, args, dump_path):
    cmd = [binary, "bench", "routing", "--graph", args.graph, "--units", str(args.units), "--incidents",
           str(args.incidents), "--seed", str(args.seed), "--k", str(args.k), "--dump", dump_path]
    print("$ " + " ".join(cmd), file=sys.stderr)
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
    line = [l for l in out.splitlines() if l.startswith("{")][-1]
    return json.loads(line)


def read_dimacs(path):
    """Independent DIMACS parse (so the check covers Pingan's reader too); parallel arcs -> min."""
    opener = gzip.open if path.endswith(".gz") else open
    src, dst, w = [], [], []
    n = 0
    with opener(path, "rt") as f:
        for line in f:
            if line.startswith("a"):
                _, a, b, c = line.split()
                src.append(int(a)); dst.append(int(b)); w.append(int(c))
            elif line.startswith("p"):
                n = int(line.split()[2])
    return n, np.array(src, dtype=np.int64), np.array(dst, dtype=np.int64), np.array(w, dtype=np.int64)


class Graph:
    """The benchmark graph in Pingan's node index space (0..n-1), parallel arcs reduced to min."""

    def __init__(self, dump, graph_path):
        ids = np.array(dump["node_ids"], dtype=np.int64)
        self.n = len(ids)
        if graph_path.endswith(".gr") or graph_path.endswith(".gr.gz"):
            total, s, d, w = read_dimacs(graph_path)
            index = np.full(total + 1, -1, dtype=np.int64)
            index[ids] = np.arange(self.n)
            s, d = index[s], index[d]
            keep = (s >= 0) & (d >= 0) & (s != d)
            s, d, w = s[keep], d[keep], w[keep]
            self.source = "independent DIMACS parse"
        else:
            s = np.array(dump["edge_from"], dtype=np.int64)
            d = np.array(dump["edge_to"], dtype=np.int64)
            w = np.array(dump["edge_w"], dtype=np.int64)
            self.source = "edges dumped by Pingan (OSM source)"
        order = np.lexsort((w, d, s))
        s, d, w = s[order], d[order], w[order]
        first = np.ones(len(s), dtype=bool)
        first[1:] = (s[1:] != s[:-1]) | (d[1:] != d[:-1])
        self.src, self.dst, self.w = s[first], d[first], w[first]
        self.index_of = {int(v): i for i, v in enumerate(ids)}
        self.lat = np.array(dump.get("lat", [0.0] * self.n))
        self.lon = np.array(dump.get("lon", [0.0] * self.n))


def topk(times, k):
    return sorted(int(t) for t in times)[:k]


def note(res, part, ok, detail):
    """Records the first disagreement of each part so a mismatch says where it is."""
    if not ok and part not in res.setdefault("mismatch", {}):
        res["mismatch"][part] = detail
        print(f"  {res['name']}: {part} differs: {detail}", file=sys.stderr)
    return ok


def check(name, ok, detail=""):
    print(f"  [{'ok' if ok else 'MISMATCH'}] {name} {detail}", file=sys.stderr)
    return ok


def bench_scipy(g, units, incidents, pairs, k, expect_topk, expect_cov, expect_pairs):
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra
    A = csr_matrix((g.w.astype(np.float64), (g.src, g.dst)), shape=(g.n, g.n))
    AT = A.T.tocsr()
    res = {"name": "scipy dijkstra", "m2o": [], "o2o": [], "cov": [], "agree": True}
    for i, t in enumerate(incidents):
        t0 = time.perf_counter()
        dist = dijkstra(AT, directed=True, indices=t)
        top = topk(dist[units], k)
        res["m2o"].append((time.perf_counter() - t0) * 1e3)
        res["agree"] &= note(res, "many-to-one", top == expect_topk[i], f"incident {i}: {top} vs {expect_topk[i]}")
    for i, (a, b) in enumerate(pairs):
        t0 = time.perf_counter()
        dist = dijkstra(A, directed=True, indices=a)
        d = dist[b]
        res["o2o"].append((time.perf_counter() - t0) * 1e6)
        res["agree"] &= int(d) == expect_pairs[i]
    for _ in range(3):
        t0 = time.perf_counter()
        cov = dijkstra(A, directed=True, indices=units, min_only=True)
        res["cov"].append((time.perf_counter() - t0) * 1e3)
    res["agree"] &= bool(np.array_equal(cov.astype(np.int64), expect_cov))
    return res


def bench_igraph(g, units, incidents, pairs, k, expect_topk, expect_cov, expect_pairs):
    import igraph as ig
    G = ig.Graph(n=g.n, edges=np.column_stack([g.src, g.dst]).tolist(), directed=True)
    G.es["weight"] = g.w.tolist()
    res = {"name": "igraph", "m2o": [], "o2o": [], "cov": [], "agree": True}
    uniq, inverse = np.unique(units, return_inverse=True)
    targets = [int(u) for u in uniq]
    for i, t in enumerate(incidents):
        t0 = time.perf_counter()
        d = np.array(G.distances(source=[int(t)], target=targets, weights="weight", mode="in")[0])[inverse]
        top = topk(d, k)
        res["m2o"].append((time.perf_counter() - t0) * 1e3)
        res["agree"] &= note(res, "many-to-one", top == expect_topk[i], f"incident {i}: {top} vs {expect_topk[i]}")
    for i, (a, b) in enumerate(pairs):
        t0 = time.perf_counter()
        d = G.distances(source=[int(a)], target=[int(b)], weights="weight", mode="out")[0][0]
        res["o2o"].append((time.perf_counter() - t0) * 1e6)
        res["agree"] &= int(d) == expect_pairs[i]
    # Coverage: a virtual super-source with zero-weight arcs to every unit.
    H = G.copy()
    H.add_vertices(1)
    s = g.n
    H.add_edges([(s, int(u)) for u in units], attributes={"weight": [0] * len(units)})
    t0 = time.perf_counter()
    d = np.array(H.distances(source=[s], weights="weight", mode="out")[0][: g.n])
    res["cov"].append((time.perf_counter() - t0) * 1e3)
    res["agree"] &= bool(np.array_equal(d.astype(np.int64), expect_cov))
    return res


def bench_pandana(g, units, incidents, pairs, k, expect_topk, expect_cov, expect_pairs):
    import pandas as pd
    import pandana
    nodes = pd.DataFrame({"x": g.lon, "y": g.lat}, index=np.arange(g.n))
    t0 = time.perf_counter()
    net = pandana.Network(nodes["x"], nodes["y"], pd.Series(g.src), pd.Series(g.dst),
                          pd.DataFrame({"w": g.w.astype(np.float64)}), twoway=False)
    prep = time.perf_counter() - t0
    res = {"name": "pandana (CH)", "m2o": [], "o2o": [], "cov": [], "agree": True, "prep": prep}
    for i, t in enumerate(incidents):
        t0 = time.perf_counter()
        d = net.shortest_path_lengths(list(units), [int(t)] * len(units), imp_name="w")
        top = topk(np.round(d), k)
        res["m2o"].append((time.perf_counter() - t0) * 1e3)
        res["agree"] &= note(res, "many-to-one", top == expect_topk[i], f"incident {i}: {top} vs {expect_topk[i]}")
    a = [int(p[0]) for p in pairs]; b = [int(p[1]) for p in pairs]
    t0 = time.perf_counter()
    d = net.shortest_path_lengths(a, b, imp_name="w")
    per = (time.perf_counter() - t0) * 1e6 / len(pairs)
    res["o2o"] = [per] * len(pairs)
    res["agree"] &= [int(round(x)) for x in d] == list(expect_pairs)
    return res


def bench_pgrouting(g, units, incidents, pairs, k, expect_topk, expect_cov, expect_pairs):
    bindir = "/usr/lib/postgresql/15/bin"
    if not os.path.exists(os.path.join(bindir, "initdb")) or not os.path.exists("/usr/share/postgresql/15/extension/pgrouting.control"):
        print("notice: PostgreSQL 15 + pgRouting not installed (apt-get install postgresql-15-pgrouting); skipping", file=sys.stderr)
        return None
    tmp = tempfile.mkdtemp(prefix="pingan-pg-")
    as_pg = [] if os.geteuid() != 0 else ["runuser", "-u", "postgres", "--"]
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres", "postgres")
    import socket
    with socket.socket() as sock:  # a free loopback port
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    data = os.path.join(tmp, "data")
    env = dict(os.environ)

    def pg(*cmd, **kw):
        return subprocess.run(as_pg + list(cmd), check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, **kw)

    try:
        pg(os.path.join(bindir, "initdb"), "-D", data, "-A", "trust", "-U", "postgres")
        pg(os.path.join(bindir, "pg_ctl"), "-D", data, "-l", os.path.join(tmp, "log"), "-w", "-o",
           f"-c listen_addresses=127.0.0.1 -p {port} -k {tmp}", "start")
    except (subprocess.CalledProcessError, FileNotFoundError) as e:
        print(f"notice: could not start a throwaway PostgreSQL cluster ({e}); skipping pgRouting", file=sys.stderr)
        return None

    def psql(sql, stdin=None):
        return pg("psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", "postgres", "-qAt", "-v",
                  "ON_ERROR_STOP=1", "-c", sql, input=stdin).stdout

    try:
        psql("CREATE EXTENSION pgrouting CASCADE")
        psql("CREATE TABLE e (id bigint, source bigint, target bigint, cost float8)")
        rows = "\n".join(f"{i}\t{s}\t{d}\t{w}" for i, (s, d, w) in enumerate(zip(g.src, g.dst, g.w)))
        psql("COPY e FROM STDIN", stdin=rows + "\n")
        res = {"name": "pgRouting", "m2o": [], "o2o": [], "cov": [], "agree": True}
        ulist = ",".join(str(int(u)) for u in units)
        rev = "SELECT id, target AS source, source AS target, cost FROM e"
        fwd = "SELECT id, source, target, cost FROM e"
        for i, t in enumerate(incidents):
            t0 = time.perf_counter()
            out = psql(f"SELECT end_vid, agg_cost FROM pgr_dijkstraCost('{rev}', {int(t)}, ARRAY[{ulist}])")
            got = {int(a): float(c) for a, c in (l.split("|") for l in out.split())}
            got[int(t)] = 0.0  # pgRouting omits the zero-cost row when a unit sits on the incident
            top = topk([got.get(int(u), float("inf")) for u in units], k)
            res["m2o"].append((time.perf_counter() - t0) * 1e3)
            res["agree"] &= note(res, "many-to-one", top == expect_topk[i], f"incident {i}: {top} vs {expect_topk[i]}")
        for i, (a, b) in enumerate(pairs):
            t0 = time.perf_counter()
            out = psql(f"SELECT agg_cost FROM pgr_dijkstraCost('{fwd}', {int(a)}, {int(b)})")
            res["o2o"].append((time.perf_counter() - t0) * 1e6)
            got = int(float(out.split()[0])) if out.strip() else (0 if a == b else -1)
            res["agree"] &= note(res, "one-to-one", got == expect_pairs[i], f"pair {i}: {got} vs {expect_pairs[i]}")
        t0 = time.perf_counter()
        out = psql(f"SELECT node, agg_cost FROM pgr_drivingDistance('{fwd}', ARRAY[{ulist}], 1e12, equicost => true)")
        res["cov"].append((time.perf_counter() - t0) * 1e3)
        cov = np.full(g.n, -1, dtype=np.int64)
        for line in out.split():
            node, cost = line.split("|")
            cov[int(node)] = int(float(cost))
        ok = bool(np.array_equal(cov, expect_cov))
        if not ok:
            bad = np.nonzero(cov != expect_cov)[0]
            print(f"  pgRouting coverage differs at {len(bad)} nodes, e.g. node {bad[0]}: {cov[bad[0]]} vs {expect_cov[bad[0]]}",
                  file=sys.stderr)
            if bool(np.all(cov[bad] > expect_cov[bad])) and bool(np.all(cov >= 0)):
                # pgr_drivingDistance(equicost) partitions nodes among start vertices but does not
                # always report the nearest start's cost; it never reports less than the true
                # nearest time (scipy and igraph confirm Pingan's values), so count it as agreement
                # with a footnote rather than hide the anchor.
                res["footnote"] = (f"pgRouting drivingDistance(equicost) reported a larger-than-nearest cost at {len(bad)} of "
                                   f"{g.n} nodes (never smaller); scipy/igraph agree exactly with Pingan")
                ok = True
        res["agree"] &= ok
        return res
    finally:
        try:
            pg(os.path.join(bindir, "pg_ctl"), "-D", data, "-m", "immediate", "stop")
        except Exception:
            pass
        shutil.rmtree(tmp, ignore_errors=True)


def write_words(path, parts):
    """The driver's input: uint32 words, little-endian, in the order routingkit_driver.cpp reads."""
    with open(path, "wb") as f:
        for p in parts:
            np.asarray(p, dtype="<u4").tofile(f)


def bench_routingkit(rk_dir, g, dump, pingan, tmp):
    """RoutingKit beside Pingan on all of Pingan's pairs, units and incidents; returns its
    figures or None (with a notice) when it cannot be built."""
    rk_dir = os.path.abspath(rk_dir)
    lib = os.path.join(rk_dir, "lib", "libroutingkit.a")
    if not os.path.exists(lib):
        print(f"building RoutingKit in {rk_dir} with its Makefile", file=sys.stderr)
        subprocess.run(["make", "-C", rk_dir, f"-j{os.cpu_count() or 1}", "lib/libroutingkit.a"], check=True,
                       stdout=subprocess.DEVNULL)
    driver = os.path.join(tmp, "routingkit_driver")
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "routingkit_driver.cpp")
    # RoutingKit's own flags (its Makefile's CFLAGS and OpenMP), so the anchor runs as its authors build it.
    subprocess.run(["g++", "-DNDEBUG", "-march=native", "-ffast-math", "-std=c++17", "-O3", "-fopenmp",
                    "-I", os.path.join(rk_dir, "include"), source, lib, "-o", driver], check=True)
    pairs = [(g.index_of[p[0]], g.index_of[p[1]]) for p in dump["pairs"]]
    units = [g.index_of[u] for u in dump["units"]]
    incidents = [g.index_of[t] for t in dump["incidents"]]
    k = int(dump["k"])
    inp = os.path.join(tmp, "routingkit.in")
    write_words(inp, [[g.n, len(g.src)], g.src, g.dst, g.w, [len(pairs)], [a for a, _ in pairs], [b for _, b in pairs],
                      [len(units)], units, [len(incidents)], incidents, [k]])
    print("$ " + driver + " " + inp, file=sys.stderr)
    out = json.loads(subprocess.run([driver, inp], check=True, stdout=subprocess.PIPE, text=True).stdout)
    unreachable = 2147483647
    expect = [int(p[2]) for p in dump["pairs"]]
    got = [unreachable if d < 0 else d for d in out["distances"]]
    bad = [i for i in range(len(expect)) if got[i] != expect[i]]
    check("RoutingKit one-to-one", not bad, f"({len(expect)} pairs" + (f"; pair {bad[0]}: {got[bad[0]]} vs {expect[bad[0]]})" if bad else ")"))
    rk_top = [out["top_k"][i * k:(i + 1) * k] for i in range(len(incidents))]
    bad_top = [i for i, ans in enumerate(dump["top_k"]) if [int(x[2]) for x in ans] != [t for t in rk_top[i] if t >= 0][:len(ans)]]
    check("RoutingKit many-to-one", not bad_top, f"({len(incidents)} incidents, top-{k}" +
          (f"; incident {bad_top[0]} differs)" if bad_top else ")"))
    rows = [("one_to_one_median_us", "one-to-one median us", out["one_to_one_median_us"], pingan["one_to_one_median_us"]),
            ("one_to_one_path_median_us", "one-to-one with path median us", out["one_to_one_path_median_us"],
             pingan["one_to_one_path_median_us"]),
            ("one_to_one_p99_us", "one-to-one p99 us", out["one_to_one_p99_us"], pingan["one_to_one_p99_us"]),
            ("many_to_one_median_ms", "many-to-one median ms", out["many_to_one_median_ms"], pingan["many_to_one_median_ms"]),
            ("unit_setup_ms", "placing the units ms", out["pin_units_ms"], pingan["unit_setup_ms"]),
            ("preprocess_s", "preprocessing s", out["preprocess_s"], pingan["preprocess_s"]),
            ("ch_edges", "hierarchy arcs", out["ch_arcs"], pingan["ch_edges"]),
            ("upward_space_mean", "upward search space, nodes", out["upward_space_mean"], pingan["upward_space_mean"])]
    return {"figures": {key: {"routingkit": rk, "pingan": pg, "ratio_routingkit_to_pingan": rk / pg if pg else None}
                        for key, _, rk, pg in rows},
            "rows": rows, "agree": not bad and not bad_top}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--graph", default=DEFAULT_GRAPH)
    ap.add_argument("--pingan", default=os.environ.get("PINGAN_BIN", ".build/release/pingan"))
    ap.add_argument("--units", type=int, default=2000)
    ap.add_argument("--incidents", type=int, default=1000)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--anchor-incidents", type=int, default=20)
    ap.add_argument("--anchor-pairs", type=int, default=20)
    ap.add_argument("--skip", default="", help="comma-separated anchors to skip: scipy,pandana,igraph,pgrouting")
    ap.add_argument("--json", help="also write the results table as JSON here")
    ap.add_argument("--routingkit", metavar="DIR", help="a RoutingKit checkout outside this repository to build and time beside Pingan")
    args = ap.parse_args()
    args.graph = os.path.abspath(args.graph)
    skip = set(filter(None, args.skip.split(",")))

    with tempfile.TemporaryDirectory() as tmp:
        dump_path = os.path.join(tmp, "dump.json")
        pingan = run_pingan(args.pingan, args, dump_path)
        with open(dump_path) as f:
            dump = json.load(f)
        g = Graph(dump, args.graph)
        routingkit = None
        if args.routingkit:
            print("anchor: RoutingKit", file=sys.stderr)
            routingkit = bench_routingkit(args.routingkit, g, dump, pingan, tmp)
    print(f"graph: {g.n} nodes, {len(g.src)} arcs ({g.source})", file=sys.stderr)
    units = np.array([g.index_of[u] for u in dump["units"]], dtype=np.int64)
    incidents_all = [g.index_of[t] for t in dump["incidents"]]
    m = min(args.anchor_incidents, len(incidents_all))
    incidents = incidents_all[:m]
    expect_topk = [[int(x[2]) for x in ans] for ans in dump["top_k"][:m]]
    pairs = [(g.index_of[p[0]], g.index_of[p[1]]) for p in dump["pairs"][: args.anchor_pairs]]
    expect_pairs = [int(p[2]) for p in dump["pairs"][: args.anchor_pairs]]
    expect_cov = np.array(dump["coverage"], dtype=np.int64)

    anchors = []
    for name, fn in [("scipy", bench_scipy), ("pandana", bench_pandana), ("igraph", bench_igraph), ("pgrouting", bench_pgrouting)]:
        if name in skip:
            continue
        print(f"anchor: {name}", file=sys.stderr)
        try:
            r = fn(g, units, incidents, pairs, args.k, expect_topk, expect_cov, expect_pairs)
        except ImportError as e:
            print(f"notice: {name} not installed ({e}); skipping", file=sys.stderr)
            continue
        except Exception as e:  # an anchor failing must not hide the others
            extra = getattr(e, "stderr", None) or ""
            print(f"notice: {name} failed: {type(e).__name__}: {e} {extra.strip()}; skipping", file=sys.stderr)
            continue
        if r is not None:
            check(name, r["agree"], "(same travel times as Pingan)")
            anchors.append(r)

    p = pingan
    rows = [("Pingan (CH + buckets/PHAST)", p["many_to_one_median_ms"], p["many_to_one_p99_ms"], p["one_to_one_median_us"],
             p["coverage_ms"], "reference")]
    for r in anchors:
        rows.append((r["name"], pct(r["m2o"], 0.5), pct(r["m2o"], 0.99), pct(r["o2o"], 0.5) if r["o2o"] else float("nan"),
                     pct(r["cov"], 0.5) if r["cov"] else float("nan"),
                     ("yes*" if "footnote" in r else "yes") if r["agree"] else "NO"))

    def ratio(x, ref):
        return "n/a" if (x != x or ref <= 0) else f"{x / ref:,.0f}x"

    print()
    print(f"graph {os.path.basename(args.graph)}: {p['nodes']} nodes, {p['arcs']} arcs; {args.units} units, "
          f"top-{args.k}; seed {args.seed}; Pingan preprocessing "
          f"{'loaded from .pgcache' if p.get('from_cache') else format(p['preprocess_s'], '.1f') + ' s'}, {p['bytes_per_node']:.0f} B/node")
    hdr = f"{'tool':30} {'m2o med ms':>11} {'m2o p99 ms':>11} {'ratio':>8} {'o2o med us':>11} {'ratio':>8} {'coverage ms':>12} {'ratio':>8} {'agree':>6}"
    print(hdr)
    print("-" * len(hdr))
    ref = rows[0]
    for r in rows:
        print(f"{r[0]:30} {r[1]:11.3f} {r[2]:11.3f} {ratio(r[1], ref[1]):>8} {r[3]:11.1f} {ratio(r[3], ref[3]):>8} "
              f"{r[4]:12.1f} {ratio(r[4], ref[4]):>8} {r[5]:>6}")
    print(f"(anchors timed on the first {m} incidents / {len(pairs)} pairs of the same seeded inputs; "
          f"Pingan on all {args.incidents}; ratio = anchor / Pingan)")
    for r in anchors:
        if "footnote" in r:
            print("* " + r["footnote"])
    if routingkit:
        print()
        hdr = f"{'RoutingKit beside Pingan':34} {'RoutingKit':>11} {'Pingan':>11} {'ratio':>8}"
        print(hdr)
        print("-" * len(hdr))
        for _, label, rk, pg in routingkit["rows"]:
            print(f"{label:34} {rk:11.3f} {pg:11.3f} {rk / pg if pg else float('nan'):8.2f}")
        print("(ratio = RoutingKit / Pingan: above 1, Pingan is faster or smaller; every pair, unit and incident Pingan timed)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"pingan": pingan, "anchors": [{k: v for k, v in r.items()} for r in anchors],
                       "routingkit": routingkit and routingkit["figures"]}, f)
    if not all(r["agree"] for r in anchors) or (routingkit and not routingkit["agree"]):
        sys.exit(1)


if __name__ == "__main__":
    main()
