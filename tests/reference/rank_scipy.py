#!/usr/bin/python3
"""Reference values for cxgap's rank statistics from category counts, by scipy and by independent
respondent-level implementations (include/cxgap/stats/mann_whitney.hpp, brunner_munzel.hpp,
dominance.hpp).

 - scipy.stats.mannwhitneyu (asymptotic, with and without continuity correction);
 - scipy.stats.brunnermunzel (its statistic is positive when the SECOND sample tends to be
   larger; cxgap reports the opposite sign, so bm_statistic = -scipy statistic);
 - Brunner-Munzel pieces scipy does not return (p-hat, sigma-hat, Satterthwaite df) and the
   interval p-hat +- t_df * sigma-hat, from ranks of the expanded data (scipy.stats.rankdata);
   checked against scipy: sigma-hat = (p-hat - 1/2) / (-scipy statistic);
 - Cliff's delta with the asymmetric interval of Cliff (1996) / Feng & Cliff (2004) exactly as
   R effsize::cliff.delta(x, y) computes it by default (use.unbiased = TRUE, use.normal = FALSE,
   i.e. Student t on n1 + n2 - 2 df; at |d| = 1 the rescaled d. = d (n1 n2 - 1)/(n1 n2) and the
   far bound set to +-1), from the explicit n1 x n2 dominance matrix sign(x_i - y_j) (effsize's
   return.dm = TRUE algorithm, O(n1 n2)) -- effsize is not installed here, so this is an
   independent re-implementation -- plus Cliff's (1993) floor of the variance at
   (1 - d^2)/(n1 n2 - 1), which effsize omits (cliff_var_effsize is effsize's value, cliff_var
   the floored one used for the interval).
t quantiles are found by root-finding on scipy.stats.t.sf (accurate), not t.ppf, which is ~3e-9
off for non-integer df in scipy 1.10 (shared/REFERENCE-TRAPS.md).

Run from the repository root:  /usr/bin/python3 tests/reference/rank_scipy.py
Writes tests/reference/fixtures/rank_scipy.txt.
"""
import sys
import warnings

import numpy as np
import scipy
from scipy import optimize, stats

CASES = [
    ("likert5", [3, 5, 9, 12, 6], [6, 9, 10, 7, 3]),
    ("unequal", [1, 2, 8, 15, 24], [10, 14, 20, 9, 4]),
    ("small", [1, 2, 3, 1, 0], [0, 1, 1, 3, 2]),
    ("nps11", [2, 1, 3, 2, 4, 8, 10, 15, 20, 18, 12], [5, 3, 4, 6, 7, 12, 14, 13, 10, 6, 4]),
    ("no_ties", [1, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0],
     [0, 1, 0, 0, 1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1]),
    ("small_vs_large", [0, 1, 2, 0, 0], [40, 35, 30, 20, 15]),
    ("identical", [5, 5, 5, 5, 5], [5, 5, 5, 5, 5]),
    ("separated", [0, 0, 0, 3, 4], [2, 3, 0, 0, 0]),
    ("near_separated", [0, 0, 1, 5, 10], [8, 6, 1, 0, 0]),
    ("empty_middle", [4, 0, 0, 3, 2], [1, 0, 5, 0, 3]),
    ("skewed", [20, 3, 1, 0, 0], [15, 6, 2, 1, 1]),
    ("large", [300, 500, 900, 1200, 600], [600, 900, 1000, 700, 300]),
]
LEVEL = 0.95


def t_quantile(p_upper, df):
    """q with P(T_df > q) = p_upper, by root-finding on the survival function."""
    return optimize.brentq(lambda q: stats.t.sf(q, df) - p_upper, 0.0, 1e4, xtol=1e-15,
                           rtol=4 * np.finfo(float).eps, maxiter=500)


def expand(counts):
    return np.repeat(np.arange(1, len(counts) + 1), counts).astype(float)


def brunner_munzel_parts(x, y):
    nx, ny = len(x), len(y)
    rc = stats.rankdata(np.concatenate([x, y]))
    px = rc[:nx] - stats.rankdata(x)  # placements: pooled rank minus within-group rank
    py = rc[nx:] - stats.rankdata(y)
    p_hat = (rc[:nx].mean() - (nx + 1) / 2) / ny  # P(A > B) + P(A = B)/2
    sx, sy = px.var(ddof=1), py.var(ddof=1)
    se = np.sqrt(sx / (nx * ny ** 2) + sy / (ny * nx ** 2))
    vx, vy = nx * sx, ny * sy
    with np.errstate(invalid="ignore", divide="ignore"):
        df = (vx + vy) ** 2 / (vx ** 2 / (nx - 1) + vy ** 2 / (ny - 1))
    return p_hat, se, df


def cliff(x, y, level):
    n1, n2 = len(x), len(y)
    dom = np.sign(x[:, None] - y[None, :])
    d = dom.mean()
    m = n1 * n2
    dd = d * (m - 1) / m if abs(d) == 1 else d
    di = dom.mean(axis=1)
    dj = dom.mean(axis=0)
    ssr = ((dom - dd) ** 2).sum()
    var_effsize = (n2 ** 2 * ((di - dd) ** 2).sum() + n1 ** 2 * ((dj - dd) ** 2).sum() - ssr) / (
        n1 * n2 * (n1 - 1) * (n2 - 1))
    var = max(var_effsize, (1 - dd ** 2) / (m - 1))
    z = t_quantile((1 - level) / 2, n1 + n2 - 2)
    root = z * np.sqrt(var) * np.sqrt((1 - dd ** 2) ** 2 + z ** 2 * var)
    den = 1 - dd ** 2 + z ** 2 * var
    lo, hi = (dd - dd ** 3 - root) / den, (dd - dd ** 3 + root) / den
    if d == 1:
        hi = 1.0
    if d == -1:
        lo = -1.0
    return d, var_effsize, var, lo, hi


def fmt(v):
    v = float(v)
    if np.isnan(v):
        return "NaN"
    return repr(v)


def main():
    out = [
        "# cxgap reference values: rank statistics from category counts (scipy and independent",
        "# respondent-level implementations; see the script's docstring).",
        f"# Tool: Python {sys.version.split()[0]}; scipy {scipy.__version__}; numpy {np.__version__}.",
        "# Script: tests/reference/rank_scipy.py (/usr/bin/python3 tests/reference/rank_scipy.py).",
        "# Each case: counts a and b over K ordered categories; call expands them to respondent-level",
        "# scores x, y; each value's <key>_call names the expression that produced it.",
        f"# Confidence level {LEVEL}. bm_statistic = -scipy statistic (cxgap: positive when A is larger).",
        "",
    ]
    for name, a, b in CASES:
        x, y = expand(a), expand(b)
        out += [f"[{name}]",
                f"call = x = np.repeat(np.arange(1, {len(a)} + 1), {a}).astype(float); "
                f"y = np.repeat(np.arange(1, {len(b)} + 1), {b}).astype(float)",
                "a = " + " ".join(map(str, a)), "b = " + " ".join(map(str, b))]
        mc = stats.mannwhitneyu(x, y, use_continuity=True, alternative="two-sided",
                                method="asymptotic")
        mu = stats.mannwhitneyu(x, y, use_continuity=False, alternative="two-sided",
                                method="asymptotic")
        out += ["mw_u1_call = scipy.stats.mannwhitneyu(x, y, use_continuity=True, "
                "alternative='two-sided', method='asymptotic').statistic",
                "mw_u1 = " + fmt(mc.statistic),
                "mw_p_corrected_call = scipy.stats.mannwhitneyu(x, y, use_continuity=True, "
                "alternative='two-sided', method='asymptotic').pvalue",
                "mw_p_corrected = " + fmt(mc.pvalue),
                "mw_p_uncorrected_call = scipy.stats.mannwhitneyu(x, y, use_continuity=False, "
                "alternative='two-sided', method='asymptotic').pvalue",
                "mw_p_uncorrected = " + fmt(mu.pvalue)]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            bm = stats.brunnermunzel(x, y)
        p_hat, se, df = brunner_munzel_parts(x, y)
        if np.isfinite(bm.statistic) and bm.statistic != 0:
            assert abs(se - (p_hat - 0.5) / -bm.statistic) <= 1e-12 * se, name
        out += ["bm_statistic_call = -scipy.stats.brunnermunzel(x, y).statistic",
                "bm_statistic = " + fmt(-bm.statistic),
                "bm_p_call = scipy.stats.brunnermunzel(x, y).pvalue",
                "bm_p = " + fmt(bm.pvalue),
                "ps_call = brunner_munzel_parts(x, y)[0]  # (mean pooled rank of x - (nx+1)/2)/ny",
                "ps = " + fmt(p_hat),
                "bm_se_call = brunner_munzel_parts(x, y)[1]",
                "bm_se = " + fmt(se),
                "bm_df_call = brunner_munzel_parts(x, y)[2]",
                "bm_df = " + fmt(df)]
        if se > 0 and np.isfinite(df):
            q = t_quantile((1 - LEVEL) / 2, df)
            lo, hi = max(0.0, p_hat - q * se), min(1.0, p_hat + q * se)
            out += ["ps_ci_call = clip(p_hat -+ t_quantile(0.025, df) * se, 0, 1)",
                    "ps_ci_lower = " + fmt(lo), "ps_ci_upper = " + fmt(hi)]
        d, var_effsize, var, lo, hi = cliff(x, y, LEVEL)
        out += ["cliff_call = cliff(x, y, 0.95)  # effsize::cliff.delta(x, y) algorithm + floor",
                "cliff_delta = " + fmt(d),
                "cliff_var_effsize = " + fmt(var_effsize),
                "cliff_var = " + fmt(var),
                "cliff_ci_lower = " + fmt(lo),
                "cliff_ci_upper = " + fmt(hi),
                ""]
    with open("tests/reference/fixtures/rank_scipy.txt", "w") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main()
