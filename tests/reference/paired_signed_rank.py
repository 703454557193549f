"""Reference values for cxgap's Wilcoxon signed-rank test from scipy.

scipy.stats.wilcoxon(x, y, zero_method, correction, mode) on respondent-level vectors expanded
from the K x K paired tables stored in tests/reference/fixtures/paired_signed_rank_r.txt (keys
k, counts, scores; run tests/reference/paired_signed_rank.R first). mode='approx' for both zero
methods with and without continuity correction; mode='exact' only where there are no ties and
no zeros (scipy's exact distribution ignores ties). scipy's two-sided statistic is min(W+, W-),
not W+ (R's V). Errors are stored as <key>_error.

Writes tests/reference/fixtures/paired_signed_rank_scipy.txt. Run from the repository root:
    /usr/bin/python3 tests/reference/paired_signed_rank.py
"""
import os
import sys
import warnings

import numpy as np
import scipy
from scipy.stats import wilcoxon

SRC = os.path.join("tests", "reference", "fixtures", "paired_signed_rank_r.txt")
OUT = os.path.join("tests", "reference", "fixtures", "paired_signed_rank_scipy.txt")


def read_tables(path):
    cases, current = [], None
    for line in open(path):
        line = line.rstrip("\n")
        if line.startswith("["):
            current = {"name": line[1:-1]}
            cases.append(current)
        elif current is not None and " = " in line:
            key, value = line.split(" = ", 1)
            if key in ("k", "counts", "scores"):
                current[key] = value
    return cases


def expand(case):
    k = int(case["k"])
    counts = np.array([int(v) for v in case["counts"].split()]).reshape(k, k)
    scores = np.array([float(v) for v in case["scores"].split()])
    i, j = np.nonzero(counts)
    reps = counts[i, j]
    return np.repeat(scores[i], reps), np.repeat(scores[j], reps)


def run(key, call, fn):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = fn()
        return [f"{key}_call = {call}", f"{key}_statistic = {float(res.statistic)!r}",
                f"{key}_p = {float(res.pvalue)!r}"]
    except ValueError as e:
        return [f"{key}_call = {call}", f"{key}_error = {e}"]


lines = [
    "# cxgap reference values: Wilcoxon signed-rank test of a K x K paired table from scipy.",
    f"# Tool: scipy {scipy.__version__}, numpy {np.__version__}, Python {sys.version.split()[0]}",
    "# Script: tests/reference/paired_signed_rank.py "
    "(regenerate: /usr/bin/python3 tests/reference/paired_signed_rank.py; tables read from",
    "# paired_signed_rank_r.txt). x, y expanded from the table: x = scores[row], y = scores[col].",
    "# <key>_statistic is scipy's min(W+, W-); <key>_p the two-sided p.",
]
for case in read_tables(SRC):
    x, y = expand(case)
    d = x - y
    lines += ["", f"[{case['name']}]",
              "call = x, y = expand(k, counts, scores)  # x = scores[row], y = scores[col]",
              f"k = {case['k']}", f"counts = {case['counts']}", f"scores = {case['scores']}"]
    for zm in ("wilcox", "pratt"):
        for corr in (True, False):
            key = f"{zm}_{'corrected' if corr else 'uncorrected'}"
            call = f"wilcoxon(x, y, zero_method={zm!r}, correction={corr}, mode='approx')"
            lines += run(key, call, lambda: wilcoxon(x, y, zero_method=zm, correction=corr,
                                                     mode="approx"))
    nz = d[d != 0]
    if len(nz) == len(d) and len(np.unique(np.abs(nz))) == len(nz) and len(d) > 0:
        lines += run("exact", "wilcoxon(x, y, mode='exact')",
                     lambda: wilcoxon(x, y, mode="exact"))
with open(OUT, "w") as f:
    f.write("\n".join(lines) + "\n")
print("wrote", OUT)
