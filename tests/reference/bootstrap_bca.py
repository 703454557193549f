# Reference values for cxgap's bootstrap intervals (include/cxgap/stats/bootstrap.hpp) from
# scipy.stats.bootstrap (two independent samples, i.e. stratified by group) on respondent-level
# data expanded from category counts. Random draws differ between tools, so the fixture stores
# scipy's bootstrap distribution (its replicates) and cxgap recomputes from those replicates:
# the percentile and BCa limits, z0, the BCa levels alpha_1, alpha_2, and the jackknife
# acceleration a_hat (cxgap computes a_hat from the counts; scipy by leaving out each respondent).
# Run from the repository root:  /usr/bin/python3 tests/reference/bootstrap_bca.py
# Writes tests/reference/fixtures/bootstrap_bca.txt.
import numpy as np
import scipy
from scipy import stats
from scipy.special import ndtri
from scipy.stats import _resampling

B = 500

def mean_gap(x, y, axis=-1):
    return np.mean(x, axis=axis) - np.mean(y, axis=axis)

def top_box_gap(first_top_code):
    def stat(x, y, axis=-1):
        return np.mean(x >= first_top_code, axis=axis) - np.mean(y >= first_top_code, axis=axis)
    return stat

def nps_score(x, axis):
    # codes 1..11 are the ratings 0..10: promoters 10..11, detractors 1..7
    n = x.shape[axis]
    return (np.sum(x >= 10, axis=axis) - np.sum(x <= 7, axis=axis)) * 100.0 / n

def nps_gap(x, y, axis=-1):
    return nps_score(x, axis) - nps_score(y, axis)

def cliff_delta(x, y, axis=-1):
    x = np.moveaxis(x, axis, -1)
    y = np.moveaxis(y, axis, -1)
    s = np.sign(x[..., :, None] - y[..., None, :])
    return (np.sum(s > 0, axis=(-2, -1)) - np.sum(s < 0, axis=(-2, -1))) / (x.shape[-1] * y.shape[-1])

cases = [
    ("mean_likert5", "mean", (3, 5, 9, 12, 6), (6, 9, 10, 7, 3), mean_gap, "mean_gap"),
    ("mean_skewed", "mean", (20, 3, 1, 0, 0), (15, 6, 2, 1, 1), mean_gap, "mean_gap"),
    ("top_box_unequal", "top_box", (1, 2, 8, 15, 24), (10, 14, 20, 9, 4), top_box_gap(4), "top_box_gap (codes 4..5, first_top = 3)"),
    ("nps", "nps", (2, 1, 3, 2, 4, 8, 10, 15, 20, 18, 12), (5, 3, 4, 6, 7, 12, 14, 13, 10, 6, 4), nps_gap, "nps_gap"),
    ("cliff_small", "cliff", (1, 2, 3, 1, 0), (0, 1, 1, 3, 2), cliff_delta, "cliff_delta"),
    ("cliff_likert5", "cliff", (3, 5, 9, 12, 6), (6, 9, 10, 7, 3), cliff_delta, "cliff_delta"),
]

fmt = lambda v: repr(float(v))
out = [
    "# cxgap reference values: bootstrap percentile and BCa intervals given scipy's replicates.",
    f"# Tool: scipy {scipy.__version__}, numpy {np.__version__}.",
    "# Script: tests/reference/bootstrap_bca.py (/usr/bin/python3 tests/reference/bootstrap_bca.py).",
    "# x, y: respondent codes 1..K expanded from the counts a, b. replicates = scipy's",
    "# res.bootstrap_distribution (same for method='BCa' and 'percentile' with the same seed);",
    "# theta_hat = statistic(x, y); z0 = ndtri(scipy's _percentile_of_score(replicates, theta_hat));",
    "# a_hat, alpha_1, alpha_2 = scipy.stats._resampling._bca_interval(...) given the replicates.",
    f"# B = {B}, confidence_level = 0.95.",
    "",
]
for i, (name, kind, a, b, stat, cx) in enumerate(cases):
    x = np.repeat(np.arange(1, len(a) + 1), a).astype(float)
    y = np.repeat(np.arange(1, len(b) + 1), b).astype(float)
    seed = 1000 + i
    call = (f"scipy.stats.bootstrap((x, y), {stat.__name__ if hasattr(stat, '__name__') else 'stat'}, "
            f"n_resamples={B}, confidence_level=0.95, vectorized=True, method=M, "
            f"random_state=np.random.default_rng({seed}))")
    res_bca = stats.bootstrap((x, y), stat, n_resamples=B, confidence_level=0.95,
                              vectorized=True, method="BCa", random_state=np.random.default_rng(seed))
    res_pct = stats.bootstrap((x, y), stat, n_resamples=B, confidence_level=0.95,
                              vectorized=True, method="percentile", random_state=np.random.default_rng(seed))
    reps = res_bca.bootstrap_distribution
    assert np.array_equal(reps, res_pct.bootstrap_distribution)
    theta_hat = stat(x, y, axis=-1)
    z0 = ndtri(_resampling._percentile_of_score(reps, theta_hat, axis=-1))
    alpha_1, alpha_2, a_hat = _resampling._bca_interval((x, y), stat, axis=-1, alpha=0.025,
                                                        theta_hat_b=reps, batch=None)
    out += [f"[{name}]",
            f"call = x <- codes of a; y <- codes of b; {call}",
            f"statistic = {kind}",
            f"cxgap_statistic = {cx}",
            "a = " + " ".join(str(v) for v in a),
            "b = " + " ".join(str(v) for v in b),
            f"theta_hat = {fmt(theta_hat)}",
            f"z0 = {fmt(z0)}",
            f"a_hat = {fmt(a_hat)}",
            f"alpha_1 = {fmt(alpha_1)}",
            f"alpha_2 = {fmt(alpha_2)}",
            f"percentile_low = {fmt(res_pct.confidence_interval.low)}",
            f"percentile_high = {fmt(res_pct.confidence_interval.high)}",
            f"bca_low = {fmt(res_bca.confidence_interval.low)}",
            f"bca_high = {fmt(res_bca.confidence_interval.high)}",
            "replicates = " + " ".join(fmt(v) for v in reps),
            ""]
open("tests/reference/fixtures/bootstrap_bca.txt", "w").write("\n".join(out))
