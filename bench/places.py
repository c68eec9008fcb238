#!/usr/bin/env python3
"""Setting up a city and finding places (issue 16): Pingan's figures beside two anchors run on the
same inputs in the same run.

Runs `pingan bench places --dump DIR` (release build), which imports 10,000 units under 1,000
station areas into a fresh store, builds a map of a million nodes or more from the real extracts
in ../shared/data/osm, and times place search and reverse geocoding; then
- place search anchor: SQLite FTS5 with the trigram tokenizer over the same names, one
  `LIKE '%query%'` lookup (limit 8) per query (substring matching only: no crossings, pinyin or
  ranking, so it does less than Pingan's search);
- reverse geocoding anchor: scipy's cKDTree nearest neighbour among the same candidate points
  (addresses, crossings, street vertices) on the unit sphere, queried as one vectorised batch
  (its best case; Pingan answers one call per point and names the place).

Prints each figure and the ratio anchor / Pingan, then one JSON object as the last line.
"""
import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pingan", default=os.environ.get("PINGAN_BIN", ".build/release/pingan"))
    ap.add_argument("--osm-dir", default="../shared/data/osm")
    ap.add_argument("--queries", type=int, default=5000)
    ap.add_argument("--database", help="PostgreSQL URL of an empty database for the import (default SQLite)")
    args = ap.parse_args()
    if not os.path.exists(os.path.join(args.osm_dir, "liechtenstein_valhalla_test.osm.pbf")):
        sys.exit(f"{args.osm_dir}/liechtenstein_valhalla_test.osm.pbf is absent: this benchmark reads ../shared/data/osm (see its README)")

    with tempfile.TemporaryDirectory(prefix="pingan-places-") as dump:
        cmd = [args.pingan, "bench", "places", "--osm-dir", args.osm_dir, "--queries", str(args.queries), "--dump", dump]
        if args.database:
            cmd += ["--database", args.database]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True)
        sys.stderr.write(out.stderr)
        pingan = json.loads(out.stdout.strip().splitlines()[-1])

        names = [line.split("\t") for line in open(os.path.join(dump, "names.tsv"), encoding="utf-8").read().split("\n") if line]
        queries = [line.split("\t")[0] for line in open(os.path.join(dump, "queries.tsv"), encoding="utf-8").read().split("\n") if line]
        fts = fts_search(names, queries)
        kd = kdtree_reverse(os.path.join(dump, "targets.tsv"), os.path.join(dump, "points.tsv"))

    result = {
        "import_s": pingan["import_s"],
        "place_search_p99_ms": pingan["place_search_p99_ms"],
        "reverse_geocode_us": pingan["reverse_geocode_us"],
        "nodes": pingan.get("nodes"),
        "anchor_fts5_trigram_p99_ms": fts["p99_ms"],
        "anchor_fts5_trigram_hit_rate": fts["hit_rate"],
        "anchor_kdtree_batch_us": kd["us_per_point"],
        "search_ratio_fts5_over_pingan": round(fts["p99_ms"] / max(pingan["place_search_p99_ms"], 1e-9), 2),
        "reverse_ratio_kdtree_over_pingan": round(kd["us_per_point"] / max(pingan["reverse_geocode_us"], 1e-9), 2),
    }
    print(f"import of {pingan.get('import_units')} units under {pingan.get('import_station_areas')} station areas: {pingan['import_s']:.2f} s (goal <= 5)")
    print(f"place search p99: Pingan {pingan['place_search_p99_ms']:.3f} ms (goal <= 20), FTS5 trigram {fts['p99_ms']:.3f} ms "
          f"(hit rate Pingan {pingan.get('searchHitRate', 0):.3f}, FTS5 {fts['hit_rate']:.3f}); ratio {result['search_ratio_fts5_over_pingan']}")
    print(f"reverse geocoding: Pingan {pingan['reverse_geocode_us']:.2f} us/point (goal <= 50), cKDTree batch {kd['us_per_point']:.2f} us/point; "
          f"ratio {result['reverse_ratio_kdtree_over_pingan']}")
    print(json.dumps(result, sort_keys=True))


def fts_search(names, queries):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE names USING fts5(name, lat UNINDEXED, lon UNINDEXED, tokenize='trigram')")
    db.executemany("INSERT INTO names VALUES (?, ?, ?)", names)
    db.commit()
    times, hits = [], 0
    for q in queries:
        start = time.perf_counter()
        rows = db.execute("SELECT name, lat, lon FROM names WHERE name LIKE ? LIMIT 8", (f"%{q}%",)).fetchall()
        times.append((time.perf_counter() - start) * 1000)
        hits += bool(rows)
    times.sort()
    return {"p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 4), "hit_rate": round(hits / max(1, len(queries)), 4)}


def kdtree_reverse(targets_path, points_path):
    import numpy as np
    from scipy.spatial import cKDTree

    def sphere(path):
        a = np.loadtxt(path, delimiter="\t", ndmin=2)
        lat, lon = np.radians(a[:, 0]), np.radians(a[:, 1])
        return np.column_stack((np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)))

    targets, points = sphere(targets_path), sphere(points_path)
    tree = cKDTree(targets)
    start = time.perf_counter()
    tree.query(points, k=1)
    elapsed = time.perf_counter() - start
    return {"us_per_point": round(elapsed / len(points) * 1e6, 3)}


if __name__ == "__main__":
    main()
