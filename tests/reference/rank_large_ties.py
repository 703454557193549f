#!/usr/bin/python3
"""Reference values for cxgap's rank statistics when a tie group is huge (millions to billions of
respondents in one category), where scipy 1.10's mannwhitneyu overflows t**3 - t in int64
(shared/REFERENCE-TRAPS.md).

The values here come from exact rational arithmetic on Python integers (fractions.Fraction) with
the textbook formulas, evaluated at 40 significant digits with mpmath:
  U_A = sum_k a_k (B_{<k} + b_k/2),  sigma^2 = nA nB/12 ((N+1) - sum(t^3 - t)/(N(N-1))),
  z = sign(D) max(|D| - cc, 0)/sigma with D = U_A - nA nB/2,  p = erfc(|z|/sqrt(2));
Brunner-Munzel placements variances and Satterthwaite df, and Cliff's unbiased variance
(Feng & Cliff 2004), likewise exactly. For the 3e6 case the script also runs scipy on the
expanded data and records its (wrong) p-value as scipy_p_corrected_overflowed.

Run from the repository root:  /usr/bin/python3 tests/reference/rank_large_ties.py
Writes tests/reference/fixtures/rank_large_ties.txt.
"""
import sys
from fractions import Fraction

import mpmath
import numpy as np
import scipy
from scipy import stats

mpmath.mp.dps = 40

CASES = [
    ("tie_3e6", [3_000_000] * 5, [3_003_000, 3_000_000, 3_000_000, 3_000_000, 2_997_000], True),
    ("tie_1e9", [1_000_000_000] * 5,
     [1_000_100_000, 1_000_000_000, 1_000_000_000, 1_000_000_000, 999_900_000], False),
]


def mann_whitney(a, b, cc):
    na, nb = sum(a), sum(b)
    n = na + nb
    b_below = 0
    u = Fraction(0)
    for ak, bk in zip(a, b):
        u += ak * b_below + Fraction(ak * bk, 2)
        b_below += bk
    ties = sum((ak + bk) ** 3 - (ak + bk) for ak, bk in zip(a, b))
    var = Fraction(na * nb, 12) * ((n + 1) - Fraction(ties, n * (n - 1)))
    d = u - Fraction(na * nb, 2)
    excess = max(abs(d) - cc, Fraction(0))
    sigma = mpmath.sqrt(mpmath.mpf(var.numerator) / var.denominator)
    z = (1 if d >= 0 else -1) * (mpmath.mpf(excess.numerator) / excess.denominator) / sigma
    p = mpmath.erfc(abs(z) / mpmath.sqrt(2))
    return u, sigma, z, p


def brunner_munzel(a, b):
    na, nb = sum(a), sum(b)
    a_below = b_below = 0
    pa, pb = [], []
    for ak, bk in zip(a, b):
        pa.append(b_below + Fraction(bk, 2))
        pb.append(a_below + Fraction(ak, 2))
        a_below += ak
        b_below += bk
    ma = sum(ak * p for ak, p in zip(a, pa)) / na
    mb = sum(bk * p for bk, p in zip(b, pb)) / nb
    sa = sum(ak * (p - ma) ** 2 for ak, p in zip(a, pa)) / (na - 1)
    sb = sum(bk * (p - mb) ** 2 for bk, p in zip(b, pb)) / (nb - 1)
    p_hat = ma / nb
    var = sa / (na * nb * nb) + sb / (nb * na * na)
    va, vb = na * sa, nb * sb
    df = (va + vb) ** 2 / (va ** 2 / (na - 1) + vb ** 2 / (nb - 1))
    w = (mpmath.mpf(p_hat.numerator) / p_hat.denominator - mpmath.mpf(1) / 2) / mpmath.sqrt(
        mpmath.mpf(var.numerator) / var.denominator)
    return p_hat, w, df


def cliff_var(a, b):
    na, nb = sum(a), sum(b)
    b_below = 0
    a_below = 0
    greater = less = 0
    for ak, bk in zip(a, b):
        greater += ak * b_below
        less += bk * a_below
        a_below += ak
        b_below += bk
    d = Fraction(greater - less, na * nb)
    a_below = b_below = 0
    rows = cols = cells = Fraction(0)
    for ak, bk in zip(a, b):
        a_above, b_above = na - a_below - ak, nb - b_below - bk
        rows += ak * (Fraction(b_below - b_above, nb) - d) ** 2
        cols += bk * (Fraction(a_above - a_below, na) - d) ** 2
        cells += ak * (b_below * (1 - d) ** 2 + bk * d ** 2 + b_above * (1 + d) ** 2)
        a_below += ak
        b_below += bk
    var = (nb * nb * rows + na * na * cols - cells) / (na * nb * (na - 1) * (nb - 1))
    return d, var


def s(x):
    """17 significant digits of an mpmath number or Fraction."""
    if isinstance(x, Fraction):
        x = mpmath.mpf(x.numerator) / x.denominator
    return mpmath.nstr(x, 17, min_fixed=-1, max_fixed=1, strip_zeros=False).replace("e+", "e")


def main():
    out = [
        "# cxgap reference values: rank statistics with huge tie groups, by exact rational",
        "# arithmetic (Python fractions) and mpmath at 40 digits; see the script's docstring.",
        f"# Tool: Python {sys.version.split()[0]}; mpmath {mpmath.__version__}; scipy {scipy.__version__}"
        f" (only for scipy_p_corrected_overflowed).",
        "# Script: tests/reference/rank_large_ties.py (/usr/bin/python3 tests/reference/rank_large_ties.py).",
        "",
    ]
    for name, a, b, run_scipy in CASES:
        u, sigma, zc, pc = mann_whitney(a, b, Fraction(1, 2))
        _, _, zu, pu = mann_whitney(a, b, Fraction(0))
        p_hat, w, df = brunner_munzel(a, b)
        d, var = cliff_var(a, b)
        out += [f"[{name}]",
                f"call = mann_whitney({a}, {b}, cc); brunner_munzel(a, b); cliff_var(a, b)",
                "a = " + " ".join(map(str, a)), "b = " + " ".join(map(str, b)),
                "u_a = " + s(u), "sigma = " + s(sigma),
                "z_corrected = " + s(zc), "p_corrected = " + s(pc),
                "z_uncorrected = " + s(zu), "p_uncorrected = " + s(pu),
                "ps = " + s(p_hat), "bm_statistic = " + s(w), "bm_df = " + s(df),
                "cliff_delta = " + s(d), "cliff_var = " + s(var)]
        if run_scipy:
            x = np.repeat(np.arange(1, len(a) + 1, dtype=np.int64), a)
            y = np.repeat(np.arange(1, len(b) + 1, dtype=np.int64), b)
            r = stats.mannwhitneyu(x, y, use_continuity=True, alternative="two-sided",
                                   method="asymptotic")
            out += ["scipy_p_corrected_overflowed_call = scipy.stats.mannwhitneyu(x, y, "
                    "use_continuity=True, alternative='two-sided', method='asymptotic').pvalue",
                    "scipy_p_corrected_overflowed = " + repr(float(r.pvalue))]
        out.append("")
    with open("tests/reference/fixtures/rank_large_ties.txt", "w") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main()
