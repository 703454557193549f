#!/usr/bin/python3
"""Peer 1 of the side-by-side benchmark: what a skilled Python user writes.

pandas.read_csv of the panel (or np.load of pre-converted uint8 columns with --npy), then per
item np.bincount of the codes by audience and every statistic from those counts with numpy and
scipy.special-level distribution functions: Welch t, top-box Newcombe (hybrid score) interval and
pooled z test, Mann-Whitney U with tie-corrected normal approximation and continuity correction.

    numpy_expert.py --csv panel.csv | --npy DIR  --items K --a executive --b customer --out r.json
"""
import argparse
import json

import numpy as np
from scipy import stats

GROUPS = ["executive", "employee", "customer"]
CODES = 5           # Likert 1..5; code 0 = missing in the .npy columns
TOP_BOX = (4, 5)    # cxgap's default top box on a 5-point scale: the top two


def wilson(x, n, z):
    p = x / n
    centre = (x + z * z / 2) / (n + z * z)
    half = z * np.sqrt(n * p * (1 - p) + z * z / 4) / (n + z * z)
    return centre - half, centre + half


def item_statistics(ca, cb, level=0.95):
    """ca, cb: counts of codes 1..5 in groups A and B."""
    scores = np.arange(1, CODES + 1, dtype=float)
    na, nb = ca.sum(), cb.sum()
    ma, mb = (ca * scores).sum() / na, (cb * scores).sum() / nb
    va = (ca * (scores - ma) ** 2).sum() / (na - 1)
    vb = (cb * (scores - mb) ** 2).sum() / (nb - 1)
    se = np.sqrt(va / na + vb / nb)
    df = (va / na + vb / nb) ** 2 / ((va / na) ** 2 / (na - 1) + (vb / nb) ** 2 / (nb - 1))
    t = (ma - mb) / se
    out = {"mean_gap": ma - mb, "mean_se": se, "t": t, "df": df,
           "mean_p": 2 * stats.t.sf(abs(t), df)}

    z = stats.norm.ppf(0.5 + level / 2)
    xa = sum(ca[c - 1] for c in TOP_BOX)
    xb = sum(cb[c - 1] for c in TOP_BOX)
    pa, pb = xa / na, xb / nb
    la, ua = wilson(xa, na, z)
    lb, ub = wilson(xb, nb, z)
    d = pa - pb
    out["tb_gap"] = d
    out["tb_lo"] = d - np.sqrt((pa - la) ** 2 + (ub - pb) ** 2)
    out["tb_hi"] = d + np.sqrt((ua - pa) ** 2 + (pb - lb) ** 2)
    pooled = (xa + xb) / (na + nb)
    zz = d / np.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
    out["z"] = zz
    out["z_p"] = 2 * stats.norm.sf(abs(zz))

    below_b = np.concatenate(([0], np.cumsum(cb)[:-1]))
    u = float((ca * (below_b + 0.5 * cb)).sum())
    n = na + nb
    # Float, not int64: at 1e7 respondents a category holds millions of ties and t**3 overflows
    # int64 silently (the tie correction then goes wrong: p off by up to 25% here).
    ties = (ca + cb).astype(np.float64)
    var = na * nb / 12.0 * ((n + 1) - (ties ** 3 - ties).sum() / (n * (n - 1)))
    mu = na * nb / 2.0
    zu = (abs(u - mu) - 0.5) / np.sqrt(var)
    out["u"] = u
    out["mw_p"] = 2 * stats.norm.sf(zu)
    return {k: float(v) for k, v in out.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv")
    ap.add_argument("--npy")
    ap.add_argument("--items", type=int, default=20)
    ap.add_argument("--a", default="executive")
    ap.add_argument("--b", default="customer")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    names = [f"q{k:02d}" for k in range(1, args.items + 1)]
    if args.npy:
        group = np.load(f"{args.npy}/group.npy")
        columns = {q: np.load(f"{args.npy}/{q}.npy") for q in names}
    else:
        import pandas as pd
        frame = pd.read_csv(args.csv, usecols=["group"] + names,
                            dtype={q: "float32" for q in names} | {"group": "category"})
        group = frame["group"].cat.codes.to_numpy()
        group = np.array([GROUPS.index(c) for c in frame["group"].cat.categories],
                         dtype=np.uint8)[group]
        columns = {q: np.nan_to_num(frame[q].to_numpy(), nan=0).astype(np.uint8) for q in names}
    ga, gb = GROUPS.index(args.a), GROUPS.index(args.b)
    result = {}
    for q in names:
        # One bincount over (group, code) keys: 3 groups x 6 codes (0 = missing).
        counts = np.bincount(group.astype(np.int64) * (CODES + 1) + columns[q],
                             minlength=len(GROUPS) * (CODES + 1)).reshape(len(GROUPS), CODES + 1)
        result[q] = item_statistics(counts[ga, 1:], counts[gb, 1:])
    with open(args.out, "w") as f:
        json.dump({"tool": "pandas+numpy", "items": result}, f, indent=1)


if __name__ == "__main__":
    main()
