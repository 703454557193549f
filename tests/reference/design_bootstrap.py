# Percentile and BCa limits of the PSU bootstrap of design-based gaps (include/cxgap/design/
# bootstrap.hpp), given R survey's Rao-Wu replicates (fixtures/design_bootstrap.txt, written by
# design_bootstrap.R): scipy.stats.bootstrap's own interval code applied to those replicates.
# The data of scipy's BCa jackknife are the strata, each a sample of its PSUs; the statistic is
# the gap of two domain ratio means from per-PSU weighted sums, a stratum's total scaled by
# n_h / (PSUs present), so scipy's delete-one-observation jackknife is the stratified delete-one-
# PSU jackknife (JKn); the script checks its values equal R's JKn replicates.
# Run from the repository root, after design_bootstrap.R:
#   /usr/bin/python3 tests/reference/design_bootstrap.py
# Writes tests/reference/fixtures/design_bootstrap_intervals.txt.
import csv
import math

import numpy as np
import scipy
from scipy.special import ndtri
from scipy.stats import _resampling

FIX = "tests/reference/fixtures/"


def load_fixture(path):
    cases, cur = {}, None
    for line in open(path):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            cur = cases.setdefault(line[1:-1], {})
        else:
            k, v = line.split(" = ", 1)
            cur[k] = v
    return cases


ref = load_fixture(FIX + "design_bootstrap.txt")
design = ref["design"]
psus = design["psu"].split()
psu_stratum = design["psu_stratum"].split()
strata = list(dict.fromkeys(psu_stratum))
members = [np.array([p for p, s in enumerate(psu_stratum) if s == h]) for h in strata]
n_h = [len(m) for m in members]
rows = list(csv.DictReader(open(FIX + "design_cx_panel.csv")))

Y = {
    "q1_mean": lambda r: float(r["q1"]),
    "q1_top": lambda r: float(float(r["q1"]) >= 4),
    "q2_mean": lambda r: float(r["q2"]),
    "q2_top": lambda r: float(float(r["q2"]) >= 4),
    "rec_mean": lambda r: float(r["rec"]),
    "rec_top": lambda r: float(float(r["rec"]) >= 9),
    "rec_nps": lambda r: 100.0 * (float(r["rec"]) >= 9) - 100.0 * (float(r["rec"]) <= 6),
    "spend_mean": lambda r: float(r["spend"]),
}
item_of = {"q1_mean": "q1", "q1_top": "q1", "q2_mean": "q2", "q2_top": "q2", "rec_mean": "rec",
           "rec_top": "rec", "rec_nps": "rec", "spend_mean": "spend"}

fmt = lambda v: repr(float(v))
out = [
    "# cxgap reference values: percentile and BCa limits of the PSU bootstrap given R's replicates.",
    f"# Tool: scipy {scipy.__version__}, numpy {np.__version__}; replicates from R survey 4.1.1",
    "# (fixtures/design_bootstrap.txt, tests/reference/design_bootstrap.R).",
    "# Script: tests/reference/design_bootstrap.py (/usr/bin/python3 tests/reference/design_bootstrap.py).",
    "# percentile_* = np.percentile(reps, [2.5, 97.5]) (scipy.stats.bootstrap, method='percentile');",
    "# z0 = ndtri(_resampling._percentile_of_score(reps, theta_hat)); alpha_1, alpha_2, a_hat =",
    "# _resampling._bca_interval(strata, statistic, axis=-1, alpha=0.025, theta_hat_b=reps, batch=None)",
    "# with strata = one sample of PSU indices per stratum; bca_* = _resampling._percentile_along_axis",
    "# (scipy.stats.bootstrap, method='BCa'). level = 0.95.",
    "",
]
for name, case in ref.items():
    if name == "design":
        continue
    item = item_of[name]
    sums = np.zeros((len(psus), 4))  # per PSU: sum w, sum w*y for executive, then customer
    for r in rows:
        if r[item] == "" or r["group"] not in ("executive", "customer"):
            continue
        p = psus.index(r["store"])
        j = 0 if r["group"] == "executive" else 2
        w = float(r["w"])
        sums[p, j] += w
        sums[p, j + 1] += w * Y[name](r)

    def statistic(*samples, axis=-1):
        assert axis == -1
        tot = 0
        for h, idx in enumerate(samples):
            idx = np.asarray(idx, dtype=int)
            tot = tot + sums[idx].sum(axis=-2) * (n_h[h] / idx.shape[-1])
        return tot[..., 1] / tot[..., 0] - tot[..., 3] / tot[..., 2]

    data = tuple(members)
    theta_hat = float(statistic(*data))
    assert abs(theta_hat - float(case["gap"])) <= 1e-12 * max(1.0, abs(theta_hat)), name
    # scipy's jackknife values (strata in R's order, PSUs in order) equal R's JKn replicates.
    jk = np.concatenate([statistic(*[m if g != h else np.delete(m, i) for g, m in enumerate(data)])
                         [None] for h in range(len(data)) for i in range(n_h[h])])
    jk_r = np.array([float(v) for v in case["jk_replicates"].split()])
    assert np.max(np.abs(jk - jk_r)) <= 1e-12 * max(1.0, abs(theta_hat)), name
    reps = np.array([float(v) for v in case["replicates"].split()])
    pct = np.percentile(reps, [2.5, 97.5])
    z0 = ndtri(_resampling._percentile_of_score(reps, theta_hat, axis=-1))
    a1, a2, a_hat = _resampling._bca_interval(data, statistic, axis=-1, alpha=0.025,
                                              theta_hat_b=reps, batch=None)
    bca_low = _resampling._percentile_along_axis(reps, a1 * 100)
    bca_high = _resampling._percentile_along_axis(reps, a2 * 100)
    out += [f"[{name}]",
            "call = reps <- replicates of [" + name + "] in design_bootstrap.txt; see the header",
            f"theta_hat = {fmt(theta_hat)}",
            f"percentile_low = {fmt(pct[0])}",
            f"percentile_high = {fmt(pct[1])}",
            f"z0 = {fmt(z0)}",
            f"a_hat = {fmt(a_hat)}",
            f"alpha_1 = {fmt(a1)}",
            f"alpha_2 = {fmt(a2)}",
            f"bca_low = {fmt(bca_low)}",
            f"bca_high = {fmt(bca_high)}",
            ""]
open(FIX + "design_bootstrap_intervals.txt", "w").write("\n".join(out))
