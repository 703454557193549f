"""Independent second reference for include/cxgap/multivariate/hotelling.hpp (complete cases):
statsmodels' two-sample Hotelling test, statsmodels.stats.multivariate.test_mvmean_2indep, on the
same bfi columns as multivariate_hotelling.R (read from fixtures/multivariate_data.txt, which
multivariate_data.R writes from psych's bfi). Respondents with any missing item are dropped.

Run from the repository root:  /usr/bin/python3 tests/reference/multivariate_hotelling.py
Writes tests/reference/fixtures/multivariate_hotelling_statsmodels.txt.
"""
import numpy as np
import scipy
import statsmodels
from statsmodels.stats.multivariate import test_mvmean_2indep


def read_columns(path, section):
    cols, inside = {}, False
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("["):
                inside = line == "[" + section + "]"
                continue
            if inside and " = " in line:
                key, value = line.split(" = ", 1)
                cols[key] = value
    names = cols["columns"].split()
    return {n: np.array([float(v) for v in cols[n].split()]) for n in names}


def num(x):
    return " ".join(repr(float(v)) for v in np.atleast_1d(x))


bfi = read_columns("tests/reference/fixtures/multivariate_data.txt", "bfi")
A = ["A%d" % i for i in range(1, 6)]
C = ["C%d" % i for i in range(1, 6)]
cases = [
    ("A1-A5 by gender, complete cases", A, "gender", 1, 2, (1, 2800)),
    ("C1-C5 by gender, complete cases", C, "gender", 1, 2, (1, 2800)),
    ("A1-C5 by gender, complete cases", A + C, "gender", 1, 2, (1, 2800)),
    ("C1-C5 by education 3 vs 4, complete cases", C, "education", 3, 4, (1, 2800)),
    ("A1-A5 by gender, first 140 rows, complete cases", A, "gender", 1, 2, (1, 140)),
    ("A1-A5 by education 1 vs 2, complete cases", A, "education", 1, 2, (1, 2800)),
]

with open("tests/reference/fixtures/multivariate_hotelling_statsmodels.txt", "w") as out:
    w = lambda s="": out.write(s + "\n")
    w("# Two-sample Hotelling T2 (A - B) on bfi items, complete cases; data in multivariate_data.txt [bfi].")
    w("# Tool: statsmodels %s, scipy %s, numpy %s" % (statsmodels.__version__, scipy.__version__,
                                                   np.__version__))
    w("# Script: tests/reference/multivariate_hotelling.py. A = rows with group_column == group_a,")
    w("# B = rows with group_column == group_b, within rows first..last (1-based); rows with any NaN dropped.")
    for name, items, gcol, ga, gb, (first, last) in cases:
        sl = slice(first - 1, last)
        X = np.column_stack([bfi[i][sl] for i in items])
        g = bfi[gcol][sl]
        Xa, Xb = X[g == ga], X[g == gb]
        Xa = Xa[~np.isnan(Xa).any(axis=1)]
        Xb = Xb[~np.isnan(Xb).any(axis=1)]
        r = test_mvmean_2indep(Xa, Xb)
        w()
        w("[%s]" % name)
        w("call = statsmodels.stats.multivariate.test_mvmean_2indep(Xa, Xb)")
        w("missing = complete_case")
        w("items = " + " ".join(items))
        w("group_column = " + gcol)
        w("group_a = %d" % ga)
        w("group_b = %d" % gb)
        w("rows = %d %d" % (first, last))
        w("n_a = %d" % Xa.shape[0])
        w("n_b = %d" % Xb.shape[0])
        w("t_squared = " + num(r.t2))
        w("f_statistic = " + num(r.statistic))
        w("df1 = " + num(r.df[0]))
        w("df2 = " + num(r.df[1]))
        w("p_value = " + num(r.pvalue))
