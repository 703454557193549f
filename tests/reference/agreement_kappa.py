"""Reference values for include/cxgap/paired/kappa.hpp from statsmodels' cohens_kappa.

Cohen's kappa and linear / quadratic weighted kappa with the large-sample SEs (non-null SE for the
interval, null SE for the z test) for the tables defined in
tests/reference/fixtures/agreement_kappa_psych.txt (written by agreement_kappa.R; read here so
both tools see the same tables).
Run from the repository root:  /usr/bin/python3 tests/reference/agreement_kappa.py
Writes tests/reference/fixtures/agreement_kappa_statsmodels.txt.
"""
import sys
import warnings

import numpy as np
import scipy
import scipy.stats
import statsmodels
from statsmodels.stats.inter_rater import cohens_kappa

SRC = "tests/reference/fixtures/agreement_kappa_psych.txt"
OUT = "tests/reference/fixtures/agreement_kappa_statsmodels.txt"


def read_cases(path):
    cases, cur = [], None
    for line in open(path):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            cur = {"name": line[1:line.rindex("]")]}
            cases.append(cur)
            continue
        key, value = line.split(" = ", 1)
        cur[key] = value
    return cases


def num(x):
    return " ".join("NaN" if np.isnan(v) else repr(float(v)) for v in np.atleast_1d(x))


def main():
    out = open(OUT, "w")
    w = lambda *a: print(*a, sep="", file=out)
    w("# statsmodels cohens_kappa on the tables of agreement_kappa_psych.txt.")
    w("# Tool: Python ", sys.version.split()[0], ", statsmodels ", statsmodels.__version__,
      ", scipy ", scipy.__version__, ", numpy ", np.__version__)
    w("# Script: tests/reference/agreement_kappa.py; t = np.array(table).reshape(k, k), s = scores.")
    w("# <w>_std_error = r.std_kappa (non-null), <w>_std_error_null = r.std_kappa0,")
    w("# <w>_z = r.z_value, <w>_p_value = r.pvalue_two_sided,")
    w("# <w>_ci = r.kappa -/+ scipy.stats.norm.isf((1 - level) / 2) * r.std_kappa (statsmodels'")
    w("# kappa_low / kappa_upp at its fixed alpha = 0.025 are the same for level 0.95; not clipped).")
    w("# Runtime warnings (0/0 in degenerate tables) are suppressed; NaN is what statsmodels returns.")
    for c in read_cases(SRC):
        k = int(c["k"])
        t = np.array([float(v) for v in c["table"].split()]).reshape(k, k)
        s = np.array([float(v) for v in c["scores"].split()])
        level = float(c["level"])
        w("")
        w("[", c["name"], "]")
        w("call = cohens_kappa(t); cohens_kappa(t, weights=s, wt='linear'); "
          "cohens_kappa(t, weights=s, wt='quadratic')")
        w("level = ", num(level))
        q = scipy.stats.norm.isf((1 - level) / 2)
        for prefix, kwargs in (("unweighted_", {}),
                               ("linear_", {"weights": s, "wt": "linear"}),
                               ("quadratic_", {"weights": s, "wt": "quadratic"})):
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                r = cohens_kappa(t, **kwargs)
                if level == 0.95:
                    assert np.allclose([r.kappa_low, r.kappa_upp],
                                       [r.kappa - q * r.std_kappa, r.kappa + q * r.std_kappa],
                                       equal_nan=True)
                w(prefix, "kappa = ", num(r.kappa))
                w(prefix, "std_error = ", num(r.std_kappa))
                w(prefix, "std_error_null = ", num(r.std_kappa0))
                w(prefix, "z = ", num(r.z_value))
                w(prefix, "p_value = ", num(r.pvalue_two_sided))
                w(prefix, "ci = ", num([r.kappa - q * r.std_kappa, r.kappa + q * r.std_kappa]))
    out.close()


if __name__ == "__main__":
    main()
