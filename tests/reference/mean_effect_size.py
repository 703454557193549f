#!/usr/bin/python3
"""Reference values for include/cxgap/stats/effect_size.hpp (Cohen's d, Hedges' g).

Route: numpy for the moments, mpmath (50 digits) for Hedges' exact J, and the confidence
interval of d by inverting scipy.stats.nct.cdf with scipy.optimize.brentq (Steiger & Fouladi
1997). Note: scipy 1.10's nct is Boost.Math's non_central_t, as cxgap's is, so the interval is
checked against R's pt() as well (mean_effect_size.R). The normal-approximation interval uses the Hedges & Olkin (1985) SE.
Run from the repository root:  /usr/bin/python3 tests/reference/mean_effect_size.py
Writes tests/reference/fixtures/mean_effect_size.txt.
"""
import sys

import mpmath
import numpy as np
import scipy
import scipy.stats as st
from scipy.optimize import brentq

CASES = [
    # name, counts_a, scores_a, counts_b, scores_b, level
    ("likert5 small groups", [1, 3, 5, 2, 1], [1, 2, 3, 4, 5], [2, 4, 3, 1, 0], [1, 2, 3, 4, 5], 0.95),
    ("unequal n and variances", [3, 0, 0, 0, 7], [1, 2, 3, 4, 5], [10, 25, 30, 20, 15], [1, 2, 3, 4, 5], 0.95),
    ("level 0.90", [5, 8, 12, 9, 6], [1, 2, 3, 4, 5], [7, 11, 9, 5, 2], [1, 2, 3, 4, 5], 0.90),
    ("level 0.99", [5, 8, 12, 9, 6], [1, 2, 3, 4, 5], [7, 11, 9, 5, 2], [1, 2, 3, 4, 5], 0.99),
    ("seven point scale, n in the thousands", [120, 300, 500, 900, 800, 400, 180], [1, 2, 3, 4, 5, 6, 7],
     [90, 250, 610, 880, 700, 350, 120], [1, 2, 3, 4, 5, 6, 7], 0.95),
    ("large negative effect", [40, 30, 20, 8, 2], [1, 2, 3, 4, 5], [2, 8, 20, 30, 40], [1, 2, 3, 4, 5], 0.95),
    ("very large effect, small n", [0, 0, 1, 4, 5], [1, 2, 3, 4, 5], [5, 4, 1, 0, 0], [1, 2, 3, 4, 5], 0.95),
    ("df = 2", [1, 0, 1], [1, 2, 3], [0, 1, 1], [1, 2, 3], 0.95),
    ("group of one", [0, 0, 1], [1, 2, 3], [1, 2, 1], [1, 2, 3], 0.95),
    ("zero difference", [2, 3, 2], [1, 2, 3], [4, 6, 4], [1, 2, 3], 0.95),
]


def f17(x):
    return "NaN" if np.isnan(x) else repr(float(x))


def ncp_for_cdf(t, df, p):
    """The noncentrality lambda with P(T <= t | df, lambda) = p, solved on the smaller tail."""
    if p > 0.5:
        f = lambda ncp: st.nct.sf(t, df, ncp) - (1 - p)  # rises with lambda
    else:
        f = lambda ncp: p - st.nct.cdf(t, df, ncp)  # rises with lambda
    spread = np.sqrt(1 + t * t / (2 * df))
    guess = t - st.norm.ppf(p) * spread
    step = max(0.5, spread)
    lo, hi = guess - step, guess + step
    while f(lo) > 0:
        lo -= step
        step *= 2
    while f(hi) < 0:
        hi += step
        step *= 2
    return brentq(f, lo, hi, xtol=1e-15, rtol=1e-15, maxiter=1000)


def exact_j(df):
    """Hedges' J = Gamma(df/2) / (sqrt(df/2) Gamma((df-1)/2)) in 50-digit arithmetic."""
    with mpmath.workdps(50):
        m = mpmath.mpf(df)
        return float(mpmath.gamma(m / 2) / (mpmath.sqrt(m / 2) * mpmath.gamma((m - 1) / 2)))


def main(path):
    out = open(path, "w")
    w = lambda s="": out.write(s + "\n")
    w("# Cohen's d and Hedges' g with noncentral-t and normal (Hedges-Olkin) intervals.")
    w("# Tool: Python %s, numpy %s, scipy %s (scipy.stats.nct, scipy.optimize.brentq), mpmath %s"
      % (sys.version.split()[0], np.__version__, scipy.__version__, mpmath.__version__))
    w("# Script: tests/reference/mean_effect_size.py; x = np.repeat(scores_a, counts_a), y likewise.")
    w("# d = (mean(x) - mean(y)) / s_p, s_p^2 = ((na-1)var(x) + (nb-1)var(y)) / (na+nb-2);")
    w("# J = Gamma(df/2) / (sqrt(df/2) Gamma((df-1)/2)) with mpmath at 50 digits, g = J d;")
    w("# d CI: lambda with nct.cdf(t, df, lambda) = 1 - alpha/2 and alpha/2, t = d / sqrt(1/na + 1/nb),")
    w("# bound = lambda * sqrt(1/na + 1/nb); g CI = J * d CI;")
    w("# normal: x +- z * sqrt(1/na + 1/nb + x^2 / (2 (na + nb))) with x = d or g.")
    for name, ca, sa, cb, sb, level in CASES:
        x = np.repeat(np.array(sa, float), ca)
        y = np.repeat(np.array(sb, float), cb)
        na, nb = len(x), len(y)
        df = na + nb - 2
        ss = (na - 1) * (np.var(x, ddof=1) if na > 1 else 0.0) + (nb - 1) * (np.var(y, ddof=1) if nb > 1 else 0.0)
        sp_ = np.sqrt(ss / df)
        d = (x.mean() - y.mean()) / sp_
        J = exact_j(df)
        g = J * d
        h = 1 / na + 1 / nb
        t = d / np.sqrt(h)
        alpha = 1 - level
        lam_lo = ncp_for_cdf(t, df, 1 - alpha / 2)
        lam_hi = ncp_for_cdf(t, df, alpha / 2)
        z = st.norm.isf(alpha / 2)
        se_d = np.sqrt(h + d * d / (2 * (na + nb)))
        se_g = np.sqrt(h + g * g / (2 * (na + nb)))
        w()
        w("[%s]" % name)
        w("call = brentq on scipy.stats.nct.cdf(t, df, l) = 1 - alpha/2 and alpha/2 (nct.sf for p > 1/2), "
          "xtol=1e-15, rtol=1e-15; level = %r" % level)
        w("counts_a = " + " ".join(str(c) for c in ca))
        w("scores_a = " + " ".join(f17(s) for s in sa))
        w("counts_b = " + " ".join(str(c) for c in cb))
        w("scores_b = " + " ".join(f17(s) for s in sb))
        w("level = " + f17(level))
        w("df = " + f17(df))
        w("t = " + f17(t))
        w("d = " + f17(d))
        w("J = " + f17(J))
        w("J_approx = " + f17(1 - 3 / (4 * df - 1)))
        w("g = " + f17(g))
        w("d_ci_noncentral_t = %s %s" % (f17(lam_lo * np.sqrt(h)), f17(lam_hi * np.sqrt(h))))
        w("g_ci_noncentral_t = %s %s" % (f17(J * lam_lo * np.sqrt(h)), f17(J * lam_hi * np.sqrt(h))))
        w("d_se_normal = " + f17(se_d))
        w("g_se_normal = " + f17(se_g))
        w("d_ci_normal = %s %s" % (f17(d - z * se_d), f17(d + z * se_d)))
        w("g_ci_normal = %s %s" % (f17(g - z * se_g), f17(g + z * se_g)))
    dfs = [2, 3, 4, 5, 10, 30, 100, 1000, 1e6, 1e9, 1e12, 1e15]
    w()
    w("[hedges correction]")
    w("call = mpmath.gamma(df/2) / (mpmath.sqrt(df/2) * mpmath.gamma((df-1)/2)) at mp.dps = 50")
    w("df = " + " ".join(f17(x) for x in dfs))
    w("J = " + " ".join(f17(exact_j(x)) for x in dfs))
    w("J_approx = " + " ".join(f17(1 - 3 / (4 * x - 1)) for x in dfs))
    out.close()


if __name__ == "__main__":
    main("tests/reference/fixtures/mean_effect_size.txt")
