"""Independent reference for the Miettinen-Nurminen and Mee score intervals of p_a - p_b.

cxgap computes the restricted MLE in closed form (the cubic of Miettinen & Nurminen 1985) and
inverts the score test by bisection in double precision. This script shares none of that code:
in 50-digit mpmath arithmetic it finds the restricted MLE by bisection on the derivative of the
log-likelihood (strictly decreasing in p_b on the feasible range), and each confidence limit by
bisection on the score statistic. statsmodels 0.13 confint_proportions_2indep(method='score')
is not used: it is wrong (shared/REFERENCE-TRAPS.md).

Writes tests/reference/fixtures/proportion_score.txt. Run from the repository root:
    /usr/bin/python3 tests/reference/proportion_score.py
"""
import os
import sys

import mpmath
from mpmath import mp, mpf

mp.dps = 50
OUT = os.path.join("tests", "reference", "fixtures", "proportion_score.txt")
ITER = 180  # bisection steps: 2^-180 is far below double precision


def restricted_mle(theta, xa, na, xb, nb):
    """(p_a, p_b) maximising the binomial likelihood subject to p_a - p_b = theta."""
    lo = max(mpf(0), -theta)
    hi = min(mpf(1), 1 - theta)

    def dloglik(pb):  # d/dp_b of the log-likelihood; terms with a zero count are absent
        pa = pb + theta
        s = mpf(0)
        if xa:
            s += xa / pa
        if na - xa:
            s -= (na - xa) / (1 - pa)
        if xb:
            s += xb / pb
        if nb - xb:
            s -= (nb - xb) / (1 - pb)
        return s

    def at_bound(pb, toward):  # the derivative just inside a bound (may be +-inf)
        return dloglik(pb + toward * mpf(10) ** (-40))

    if at_bound(lo, +1) <= 0:
        pb = lo
    elif at_bound(hi, -1) >= 0:
        pb = hi
    else:
        a, b = lo, hi
        for _ in range(ITER):
            mid = (a + b) / 2
            if dloglik(mid) > 0:
                a = mid
            else:
                b = mid
        pb = (a + b) / 2
    return pb + theta, pb


def variance(theta, xa, na, xb, nb, mn):
    pa, pb = restricted_mle(theta, xa, na, xb, nb)
    v = pa * (1 - pa) / na + pb * (1 - pb) / nb
    if mn:
        big_n = mpf(na + nb)
        v *= big_n / (big_n - 1)
    return v


def limit(d, z, outside, xa, na, xb, nb, mn):
    """Bisection between a rejected theta (`outside`) and the accepted theta = d."""
    inside = d
    for _ in range(ITER):
        mid = (outside + inside) / 2
        if (d - mid) ** 2 <= z * z * variance(mid, xa, na, xb, nb, mn):
            inside = mid
        else:
            outside = mid
    return (outside + inside) / 2


def score_interval(xa, na, xb, nb, level, mn):
    d = mpf(xa) / na - mpf(xb) / nb
    z = mpmath.sqrt(2) * mpmath.erfinv(mpf(level))
    lower = mpf(-1) if d == -1 else limit(d, z, mpf(-1), xa, na, xb, nb, mn)
    upper = mpf(1) if d == 1 else limit(d, z, mpf(1), xa, na, xb, nb, mn)
    return lower, upper


cases = [(56, 70, 48, 80), (9, 10, 3, 10), (6, 7, 2, 7), (5, 56, 0, 29), (0, 10, 0, 20),
         (0, 10, 0, 10), (10, 10, 0, 20), (10, 10, 0, 10), (3, 29, 6, 36), (12, 40, 25, 45),
         (150, 300, 120, 310), (1, 1, 0, 1), (0, 1, 1, 1), (0, 1, 1, 2), (1, 2, 0, 3),
         (2, 5, 3, 5), (40, 50, 10, 60), (0, 30, 30, 30), (5, 5, 0, 5), (10, 10, 10, 10),
         (1, 1000, 0, 1000), (0, 1000, 3, 2000), (500, 1000, 450, 1000),
         (4000000, 10**7, 3990000, 10**7), (7, 10**6, 2, 10**6), (0, 46084725, 0, 92070272),
         (3, 97175245, 0, 67206122), (2, 103, 3, 772)]
lines = [
    "# Independent reference for the Miettinen-Nurminen (N/(N-1) factor) and Mee (no factor)",
    "# score intervals for p_a - p_b: restricted MLE by bisection on the score equation and the",
    "# limits by bisection on the score statistic, in 50-digit arithmetic.",
    f"# Tool: mpmath {mpmath.__version__}, Python {sys.version.split()[0]}",
    "# Script: tests/reference/proportion_score.py "
    "(regenerate: /usr/bin/python3 tests/reference/proportion_score.py)",
]
for xa, na, xb, nb in cases:
    for level in (0.95, 0.9, 0.99):
        if level != 0.95 and (xa, na, xb, nb) not in ((56, 70, 48, 80), (5, 56, 0, 29),
                                                      (0, 10, 0, 20), (1, 1, 0, 1)):
            continue
        for mn, kind in ((True, "miettinen-nurminen"), (False, "mee")):
            lo, hi = score_interval(xa, na, xb, nb, level, mn)
            lines += ["", f"[{kind} {xa}/{na} vs {xb}/{nb} level {level}]",
                      f"call = score_interval({xa}, {na}, {xb}, {nb}, level={level!r}, mn={mn})",
                      f"kind = {kind}", f"x_a = {xa}", f"n_a = {na}", f"x_b = {xb}", f"n_b = {nb}",
                      f"level = {level!r}", f"lower = {float(lo)!r}", f"upper = {float(hi)!r}"]
with open(OUT, "w") as f:
    f.write("\n".join(lines) + "\n")
print("wrote", OUT)
