#!/usr/bin/python3
"""Peer 2 of the side-by-side benchmark: the textbook per-item scipy/statsmodels calls.

pandas.read_csv, then for every item the two audiences' answers as arrays and
scipy.stats.ttest_ind(equal_var=False), scipy.stats.mannwhitneyu(asymptotic, continuity),
statsmodels confint_proportions_2indep(method="newcomb") and proportions_ztest (pooled).

    scipy_per_item.py --csv panel.csv --items K --a executive --b customer --out r.json
"""
import argparse
import json

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", required=True)
    ap.add_argument("--items", type=int, default=20)
    ap.add_argument("--a", default="executive")
    ap.add_argument("--b", default="customer")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    names = [f"q{k:02d}" for k in range(1, args.items + 1)]
    frame = pd.read_csv(args.csv, usecols=["group"] + names)
    in_a = frame["group"] == args.a
    in_b = frame["group"] == args.b
    result = {}
    for q in names:
        a = frame.loc[in_a, q].dropna().to_numpy()
        b = frame.loc[in_b, q].dropna().to_numpy()
        welch = stats.ttest_ind(a, b, equal_var=False)
        va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
        df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
        mw = stats.mannwhitneyu(a, b, use_continuity=True, alternative="two-sided",
                                method="asymptotic")
        xa, xb = int((a >= 4).sum()), int((b >= 4).sum())
        lo, hi = confint_proportions_2indep(xa, len(a), xb, len(b), method="newcomb",
                                           compare="diff")
        z, zp = proportions_ztest([xa, xb], [len(a), len(b)])
        result[q] = {"mean_gap": float(a.mean() - b.mean()), "mean_se": float(np.sqrt(va + vb)),
                     "t": float(welch.statistic), "df": float(df), "mean_p": float(welch.pvalue),
                     "tb_gap": xa / len(a) - xb / len(b), "tb_lo": float(lo), "tb_hi": float(hi),
                     "z": float(z), "z_p": float(zp), "u": float(mw.statistic),
                     "mw_p": float(mw.pvalue)}
    with open(args.out, "w") as f:
        json.dump({"tool": "scipy+statsmodels per item", "items": result}, f, indent=1)


if __name__ == "__main__":
    main()
