#!/usr/bin/env python3
"""Exact anchor for `pingan bench patrol`: solves one maximal-covering instance with PySAL spopt's
MCLP and its bundled CBC solver (pip install spopt), and prints one JSON line:
{"covered": weight covered, "ms": build+solve wall time, "status": "Optimal"|...}.

The instance file (written by the benchmark) holds k, the demand weights and, per candidate
post, the demand indices it covers within the time limit. spopt takes a cost matrix and a
service radius, so covered pairs cost 0 and the rest 2, with radius 1.
"""
import json
import sys
import time

import numpy as np
import pulp
from spopt.locate import MCLP


def main(path):
    inst = json.load(open(path))
    weights = np.array(inst["weights"], dtype=float)
    sets = inst["sets"]
    cost = np.full((len(weights), len(sets)), 2.0)
    for j, members in enumerate(sets):
        cost[members, j] = 0.0
    t0 = time.perf_counter()
    model = MCLP.from_cost_matrix(cost, weights, service_radius=1.0, p_facilities=inst["k"], name="pingan")
    model = model.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=300))
    ms = (time.perf_counter() - t0) * 1000
    chosen = [j for j, var in enumerate(model.fac_vars) if var.value() is not None and var.value() > 0.5]
    hit = np.zeros(len(weights), dtype=bool)
    for j in chosen:
        hit[sets[j]] = True
    print(json.dumps({"covered": float(weights[hit].sum()), "ms": ms, "status": pulp.LpStatus[model.problem.status],
                      "sites": len(chosen)}))


if __name__ == "__main__":
    main(sys.argv[1])
