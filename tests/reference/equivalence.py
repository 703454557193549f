#!/usr/bin/python3
"""Reference values for include/cxgap/stats/equivalence.hpp (TOST, Schuirmann 1987).

Means: statsmodels.stats.weightstats.ttost_ind(x1, x2, low, upp, usevar='unequal' | 'pooled'),
the two one-sided t tests on x1 - x2 with Welch-Satterthwaite (or pooled) df.
Proportions: statsmodels.stats.proportion.tost_proportions_2indep(count1, nobs1, count2, nobs2,
low, upp, method='wald' | 'agresti-caffo', compare='diff'), two one-sided z tests with the
unpooled SE, and confint_proportions_2indep(..., alpha=2*alpha) for the (1 - 2 alpha) interval.
REFERENCE-TRAP: statsmodels 0.13's tost_proportions_2indep returns min(p_lower, p_upper) as
its pvalue instead of the max (statsmodels issue 8213, fixed in 0.14); the fixture keeps it as
statsmodels_pvalue and the tests use the two one-sided p-values.
The (1 - 2 alpha) t interval of the mean TOST is not taken from statsmodels (scipy 1.10 t.ppf is
~3e-9 off for non-integer df); the C++ test ties it to welch_test, which is checked against R.
Run from the repository root:  /usr/bin/python3 tests/reference/equivalence.py
Writes tests/reference/fixtures/equivalence.txt.
"""
import sys

import numpy as np
import scipy
import statsmodels
from statsmodels.stats.proportion import confint_proportions_2indep, tost_proportions_2indep
from statsmodels.stats.weightstats import ttost_ind

MEAN_CASES = [
    # name, counts_a, scores_a, counts_b, scores_b, low, upp
    ("means equivalent, large n", [120, 300, 500, 900, 800], [1, 2, 3, 4, 5],
     [110, 310, 520, 880, 790], [1, 2, 3, 4, 5], -0.1, 0.1),
    ("means not equivalent, small n", [1, 3, 5, 2, 1], [1, 2, 3, 4, 5],
     [2, 4, 3, 1, 0], [1, 2, 3, 4, 5], -0.5, 0.5),
    ("means, asymmetric bounds, unequal variances", [3, 0, 0, 0, 7], [1, 2, 3, 4, 5],
     [10, 25, 30, 20, 15], [1, 2, 3, 4, 5], -0.2, 2.5),
    ("means, estimate outside the bounds", [0, 10, 30, 40, 20], [1, 2, 3, 4, 5],
     [20, 40, 30, 10, 0], [1, 2, 3, 4, 5], -0.3, 0.3),
]
PROPORTION_CASES = [
    # name, count1, nobs1, count2, nobs2, low, upp
    ("proportions equivalent", 412, 1000, 398, 1000, -0.05, 0.05),
    ("proportions not equivalent, small n", 12, 40, 9, 35, -0.1, 0.1),
    ("proportions, asymmetric bounds", 150, 300, 120, 310, -0.02, 0.15),
    ("proportions, one group at zero", 0, 25, 3, 30, -0.2, 0.2),
]
ALPHA = [0.05, 0.1]


def f17(x):
    return "NaN" if np.isnan(x) else repr(float(x))


def main(path):
    out = open(path, "w")
    w = lambda s="": out.write(s + "\n")
    w("# TOST equivalence tests for a gap in means and in proportions.")
    w("# Tool: Python %s, statsmodels %s, scipy %s, numpy %s"
      % (sys.version.split()[0], statsmodels.__version__, scipy.__version__, np.__version__))
    w("# Script: tests/reference/equivalence.py; x1 = np.repeat(scores_a, counts_a), x2 likewise.")
    w("# lower_* test H0: diff <= low (alternative 'larger'); upper_* test H0: diff >= upp.")
    w("# statsmodels_pvalue of tost_proportions_2indep is min(lower, upper) in 0.13 (issue 8213), not the TOST p.")
    for name, ca, sa, cb, sb, low, upp in MEAN_CASES:
        x1 = np.repeat(np.array(sa, float), ca)
        x2 = np.repeat(np.array(sb, float), cb)
        for usevar in ("unequal", "pooled"):
            p, (t1, p1, df1), (t2, p2, df2) = ttost_ind(x1, x2, low, upp, usevar=usevar)
            w()
            w("[%s, %s]" % (name, usevar))
            w("call = ttost_ind(x1, x2, %r, %r, usevar=%r)" % (low, upp, usevar))
            w("kind = mean")
            w("usevar = " + usevar)
            w("counts_a = " + " ".join(str(c) for c in ca))
            w("scores_a = " + " ".join(f17(s) for s in sa))
            w("counts_b = " + " ".join(str(c) for c in cb))
            w("scores_b = " + " ".join(f17(s) for s in sb))
            w("low = " + f17(low))
            w("upp = " + f17(upp))
            w("p_value = " + f17(p))
            w("lower_statistic = " + f17(t1))
            w("lower_p_value = " + f17(p1))
            w("upper_statistic = " + f17(t2))
            w("upper_p_value = " + f17(p2))
            w("df = " + f17(df1))
    for name, c1, n1, c2, n2, low, upp in PROPORTION_CASES:
        for method in ("wald", "agresti-caffo"):
            for alpha in ALPHA:
                res = tost_proportions_2indep(c1, n1, c2, n2, low, upp, method=method, compare="diff")
                lo, hi = confint_proportions_2indep(c1, n1, c2, n2, method=method, compare="diff",
                                                    alpha=2 * alpha)
                w()
                w("[%s, %s, alpha %r]" % (name, method, alpha))
                w("call = tost_proportions_2indep(%d, %d, %d, %d, %r, %r, method=%r, compare='diff'); "
                  "confint_proportions_2indep(%d, %d, %d, %d, method=%r, compare='diff', alpha=%r)"
                  % (c1, n1, c2, n2, low, upp, method, c1, n1, c2, n2, method, 2 * alpha))
                w("kind = proportion")
                w("method = " + method)
                w("x_a = %d" % c1)
                w("n_a = %d" % n1)
                w("x_b = %d" % c2)
                w("n_b = %d" % n2)
                w("low = " + f17(low))
                w("upp = " + f17(upp))
                w("alpha = " + f17(alpha))
                # statsmodels 0.13 returns the SMALLER one-sided p here (issue 8213, fixed by
                # PR 8333 in 0.14); the TOST p-value is the larger one, max(lower, upper).
                w("statsmodels_pvalue = " + f17(res.pvalue))
                w("lower_statistic = " + f17(res.results_larger.statistic))
                w("lower_p_value = " + f17(res.results_larger.pvalue))
                w("upper_statistic = " + f17(res.results_smaller.statistic))
                w("upper_p_value = " + f17(res.results_smaller.pvalue))
                w("ci = %s %s" % (f17(lo), f17(hi)))
    out.close()


if __name__ == "__main__":
    main("tests/reference/fixtures/equivalence.txt")
