"""Reference values for cxgap's proportions from statsmodels (and scipy).

Writes tests/reference/fixtures/proportion_statsmodels.txt. Run from the repository root:
    /usr/bin/python3 tests/reference/proportion.py
Every case records the exact Python expression that produced its numbers (key `call`).

Not used, on purpose: confint_proportions_2indep(method='score') (wrong in statsmodels 0.13,
see shared/REFERENCE-TRAPS.md; the score intervals are checked by proportion_score.py and
Newcombe 1998 instead) and test_proportions_2indep(method='score'), which ignores
correction=False in 0.13.5 and so is not the pooled z test.
"""
import math
import os
import sys

import numpy as np  # noqa: F401  (used inside the eval'd calls)
import scipy
import statsmodels
from statsmodels.stats.contingency_tables import Table2x2  # noqa: F401
from statsmodels.stats.proportion import (  # noqa: F401
    confint_proportions_2indep,
    proportion_confint,
    proportions_ztest,
)

OUT = os.path.join("tests", "reference", "fixtures", "proportion_statsmodels.txt")

lines = [
    "# Reference values for cxgap proportions, computed with statsmodels.",
    f"# Tool: statsmodels {statsmodels.__version__}, scipy {scipy.__version__}, numpy "
    f"{np.__version__}, Python {sys.version.split()[0]}",
    "# Script: tests/reference/proportion.py "
    "(regenerate: /usr/bin/python3 tests/reference/proportion.py)",
    "# Numbers are written with repr(float). Raw tool output: statsmodels does not clip the",
    "# 'normal' (Wald) nor the two-sample intervals to [-1, 1]; the tests clip where cxgap does.",
]


def fmt(v):
    if isinstance(v, str):
        return v
    if isinstance(v, (list, tuple)):
        return " ".join(fmt(u) for u in v)
    if isinstance(v, int):
        return str(v)
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Inf" if v > 0 else "-Inf"
    return repr(v)


def add_case(name, call, fields):
    lines.extend(["", f"[{name}]", f"call = {call}"])
    for k, v in fields.items():
        lines.append(f"{k} = {fmt(v)}")


# ---- one proportion -----------------------------------------------------------------------
# statsmodels method name -> cxgap kind. Jeffreys: statsmodels 0.13 does not set lower = 0 at
# x = 0 nor upper = 1 at x = n, so only interior x are recorded for it (R's qbeta covers the
# boundary with cxgap's convention in proportion_r.txt).
METHODS = {"wilson": "wilson", "agresti_coull": "agresti-coull", "beta": "clopper-pearson",
           "jeffreys": "jeffreys", "normal": "wald"}
single = [(0, 1), (1, 1), (0, 10), (1, 10), (5, 10), (9, 10), (10, 10), (0, 50), (3, 50),
          (49, 50), (17, 300), (150, 300), (1, 10**7), (5 * 10**6, 10**7), (10**7 - 1, 10**7),
          (0, 10**7), (12345, 10**9)]
for x, n in single:
    for level in (0.95, 0.9, 0.99):
        if level != 0.95 and x not in (0, 1, 3, 17):
            continue
        alpha = 1 - level
        for sm, kind in METHODS.items():
            if sm == "jeffreys" and x in (0, n):
                continue
            call = f"proportion_confint({x}, {n}, alpha={alpha!r}, method={sm!r})"
            lo, hi = eval(call)
            add_case(f"{kind} {x}/{n} level {level}", call,
                     {"kind": kind, "x": x, "n": n, "level": level, "lower": lo, "upper": hi})

# ---- two independent proportions ----------------------------------------------------------
pairs = [(56, 70, 48, 80), (9, 10, 3, 10), (6, 7, 2, 7), (5, 56, 0, 29), (0, 10, 0, 20),
         (0, 10, 0, 10), (10, 10, 0, 20), (10, 10, 0, 10), (3, 29, 6, 36), (12, 40, 25, 45),
         (150, 300, 120, 310), (1, 1, 0, 1), (0, 1, 1, 2), (2, 5, 3, 5), (40, 50, 10, 60),
         (0, 10, 10, 10), (1, 1000, 0, 1000), (500, 1000, 450, 1000),
         (5 * 10**6, 10**7, 4990000, 10**7), (2500, 10**7, 2300, 10**7), (850, 1000, 60, 1000),
         (300, 400, 100, 400)]
DIFF = {"newcomb": "newcombe", "agresti-caffo": "agresti-caffo", "wald": "wald"}
for xa, na, xb, nb in pairs:
    tag = f"{xa}/{na} vs {xb}/{nb}"
    groups = {"x_a": xa, "n_a": na, "x_b": xb, "n_b": nb}
    for level in (0.95, 0.9):
        if level != 0.95 and (xa, na) not in ((56, 70), (9, 10), (0, 10), (1, 1000)):
            continue
        alpha = 1 - level
        for sm, kind in DIFF.items():
            call = (f"confint_proportions_2indep({xa}, {na}, {xb}, {nb}, method={sm!r}, "
                    f"compare='diff', alpha={alpha!r})")
            lo, hi = eval(call)
            add_case(f"{kind} {tag} level {level}", call,
                     dict(kind=kind, **groups, level=level, lower=lo, upper=hi))
    if 0 < xa + xb < na + nb:
        call = f"proportions_ztest([{xa}, {xb}], [{na}, {nb}])"
        z, p = eval(call)
        add_case(f"ztest {tag}", call, dict(kind="ztest", **groups, z=z, p_value=p))
    table = f"np.array([[{xa}, {na - xa}], [{xb}, {nb - xb}]])"
    if min(xa, na - xa, xb, nb - xb) > 0:
        t = f"Table2x2({table}, shift_zeros=False)"
        for level in (0.95, 0.9):
            alpha = 1 - level
            call = (f"(lambda t: (t.riskratio, t.log_riskratio_se, *t.riskratio_confint("
                    f"alpha={alpha!r}), t.oddsratio, t.log_oddsratio_se, *t.oddsratio_confint("
                    f"alpha={alpha!r})))({t})")
            rr, rr_se, rr_lo, rr_hi, orr, or_se, or_lo, or_hi = eval(call)
            add_case(f"table2x2 {tag} level {level}", call,
                     dict(kind="table2x2", **groups, level=level, rr=rr, rr_log_se=rr_se,
                          rr_lower=rr_lo, rr_upper=rr_hi, odds_ratio=orr, or_log_se=or_se,
                          or_lower=or_lo, or_upper=or_hi))
        # The same ratios by a second statsmodels code path.
        call = (f"(confint_proportions_2indep({xa}, {na}, {xb}, {nb}, compare='ratio', "
                f"method='log'), confint_proportions_2indep({xa}, {na}, {xb}, {nb}, "
                f"compare='odds-ratio', method='logit'))")
        (rr_lo, rr_hi), (or_lo, or_hi) = eval(call)
        add_case(f"ratio confint {tag}", call,
                 dict(kind="ratio-confint", **groups, level=0.95, rr_lower=rr_lo, rr_upper=rr_hi,
                      or_lower=or_lo, or_upper=or_hi))
    elif min(na, nb) > 0:
        # A zero cell: the Haldane-Anscombe correction adds 1/2 to all four cells. statsmodels'
        # own shift_zeros=True instead replaces only the zero cells by 1/2 (not cxgap's rule),
        # so the shifted table is passed explicitly with shift_zeros=False.
        shifted = f"np.array([[{xa} + 0.5, {na - xa} + 0.5], [{xb} + 0.5, {nb - xb} + 0.5]])"
        t = f"Table2x2({shifted}, shift_zeros=False)"
        call = (f"(lambda t: (t.riskratio, t.log_riskratio_se, *t.riskratio_confint(alpha=0.05), "
                f"t.oddsratio, t.log_oddsratio_se, *t.oddsratio_confint(alpha=0.05)))({t})")
        rr, rr_se, rr_lo, rr_hi, orr, or_se, or_lo, or_hi = eval(call)
        add_case(f"table2x2 haldane-anscombe {tag}", call,
                 dict(kind="table2x2-haldane", **groups, level=0.95, rr=rr, rr_log_se=rr_se,
                      rr_lower=rr_lo, rr_upper=rr_hi, odds_ratio=orr, or_log_se=or_se,
                      or_lower=or_lo, or_upper=or_hi))
        # Odds ratio with 1/2 added to every cell by statsmodels itself.
        call = (f"confint_proportions_2indep({xa}, {na}, {xb}, {nb}, compare='odds-ratio', "
                f"method='logit-adjusted')")
        lo, hi = eval(call)
        add_case(f"logit-adjusted {tag}", call,
                 dict(kind="logit-adjusted", **groups, level=0.95, or_lower=lo, or_upper=hi))

with open(OUT, "w") as f:
    f.write("\n".join(lines) + "\n")
print("wrote", OUT)
