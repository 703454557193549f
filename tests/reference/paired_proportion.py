"""Independent reference for the paired difference of proportions p_first - p_second.

cxgap (include/cxgap/paired/paired_proportion.hpp) computes Wilson limits in closed form, Tango's
restricted MLE in closed form (the quadratic of Tango 1998) and inverts the score statistic by
bisection in double precision. This script shares none of that code: in 50-digit mpmath
arithmetic it finds
  * Wilson limits by bisection on the score inequality (x/n - p)^2 <= z^2 p(1-p)/n,
  * Newcombe's (1998b) method 10 (corrected phi) and method 8 (plain phi) from them,
  * Tango's restricted MLE of p_21 by bisection on the derivative of the multinomial
    log-likelihood (concave in p_21 on its feasible range), and each Tango limit by bisection on
    the score statistic,
  * the Wald interval.
Cells: a = both yes, b = first yes / second no, c = first no / second yes, d = both no.

Writes tests/reference/fixtures/paired_proportion_mpmath.txt. Run from the repository root:
    /usr/bin/python3 tests/reference/paired_proportion.py
"""
import os
import sys

import mpmath
from mpmath import mp, mpf

mp.dps = 50
OUT = os.path.join("tests", "reference", "fixtures", "paired_proportion_mpmath.txt")
ITER = 180  # bisection steps: 2^-180 is far below double precision
EPS = mpf(10) ** -40


def z_of(level):
    return mpmath.sqrt(2) * mpmath.erfinv(mpf(level))


def wilson(x, n, z):
    """Wilson limits by bisection on (x/n - p)^2 - z^2 p (1 - p) / n (<= 0 inside)."""
    phat = mpf(x) / n

    def inside(p):
        return (phat - p) ** 2 <= z * z * p * (1 - p) / n

    def limit(out, ins):
        for _ in range(ITER):
            mid = (out + ins) / 2
            if inside(mid):
                ins = mid
            else:
                out = mid
        return (out + ins) / 2

    lower = mpf(0) if x == 0 else limit(mpf(0), phat)
    upper = mpf(1) if x == n else limit(mpf(1), phat)
    return lower, upper


def phi(a, b, c, d, corrected):
    margins = [a + b, c + d, a + c, b + d]
    if min(margins) == 0:
        return mpf(0)
    num = mpf(a * d - b * c)
    if corrected and num >= 0:
        half_n = mpf(a + b + c + d) / 2
        num = num - half_n if num > half_n else mpf(0)
    return num / mpmath.sqrt(mpf(margins[0]) * margins[1] * margins[2] * margins[3])


def newcombe(a, b, c, d, level, corrected):
    n = a + b + c + d
    z = z_of(level)
    p1, p2 = mpf(a + b) / n, mpf(a + c) / n
    l1, u1 = wilson(a + b, n, z)
    l2, u2 = wilson(a + c, n, z)
    f = phi(a, b, c, d, corrected)
    diff = p1 - p2

    def root(x, y):
        v = x * x - 2 * f * x * y + y * y
        return mpmath.sqrt(max(v, mpf(0)))

    lower = diff - root(p1 - l1, u2 - p2)
    upper = diff + root(p2 - l2, u1 - p1)
    return max(lower, mpf(-1)), min(upper, mpf(1))


def restricted_p21(delta, b, c, n):
    """argmax over p21 of b log(p21 + delta) + c log p21 + m log(1 - 2 p21 - delta)."""
    m = n - b - c
    lo = max(mpf(0), -delta)
    hi = (1 - delta) / 2

    def dloglik(p21):  # terms with a zero count are absent
        s = mpf(0)
        if b:
            s += b / (p21 + delta)
        if c:
            s += c / p21
        if m:
            s -= 2 * m / (1 - 2 * p21 - delta)
        return s

    if dloglik(lo + EPS) <= 0:
        return lo
    if dloglik(hi - EPS) >= 0:
        return hi
    x, y = lo, hi
    for _ in range(ITER):
        mid = (x + y) / 2
        if dloglik(mid) > 0:
            x = mid
        else:
            y = mid
    return (x + y) / 2


def tango_stat(delta, b, c, n):
    p21 = restricted_p21(delta, b, c, n)
    return (b - c - n * delta) / mpmath.sqrt(n * (2 * p21 + delta * (1 - delta)))


def tango(a, b, c, d, level):
    n = a + b + c + d
    z = z_of(level)
    diff = mpf(b - c) / n

    def limit(outside, inside, target_sign):
        # target_sign = +1: the lower limit, where T = z; -1: the upper limit, where T = -z.
        for _ in range(ITER):
            mid = (outside + inside) / 2
            t = tango_stat(mid, b, c, n)
            if target_sign * t > z:
                outside = mid
            else:
                inside = mid
        return (outside + inside) / 2

    lower = mpf(-1) if c == n else limit(mpf(-1), diff, +1)
    upper = mpf(1) if b == n else limit(mpf(1), diff, -1)
    return lower, upper


def wald(a, b, c, d, level):
    n = mpf(a + b + c + d)
    diff = (b - c) / n
    se = mpmath.sqrt((b + c) - (b - c) ** 2 / n) / n
    half = z_of(level) * se
    return max(diff - half, mpf(-1)), min(diff + half, mpf(1)), se


# Newcombe (1998b) Table III rows, the published examples of paired_proportion_published.txt,
# and edge cases: all discordant one way, no discordant pairs, n = 1, large counts.
cases = [
    (36, 12, 2, 0), (20, 12, 2, 16), (18, 12, 2, 18), (36, 14, 0, 0), (35, 14, 0, 1),
    (18, 14, 0, 18), (2, 97, 1, 0), (1, 97, 1, 1), (0, 29, 1, 0), (2, 98, 0, 0), (1, 98, 0, 1),
    (0, 30, 0, 0), (54, 0, 0, 0), (53, 0, 0, 1), (30, 0, 0, 24), (29, 0, 0, 25), (28, 0, 0, 26),
    (27, 0, 0, 27),
    (43, 0, 1, 0), (53, 16, 8, 9), (1, 1, 7, 12), (8, 3, 1, 2), (7, 25, 2, 68), (59, 6, 16, 80),
    (0, 5, 0, 0), (0, 0, 5, 0), (0, 0, 0, 5), (1, 0, 0, 0), (0, 1, 0, 0), (0, 0, 1, 0),
    (3, 2, 1, 4), (0, 9, 1, 0), (10, 0, 7, 3), (4000, 300, 250, 5000),
    (1000000, 12345, 12000, 2000000), (5, 5, 5, 5),
]
other_levels = {(20, 12, 2, 16), (43, 0, 1, 0), (1, 1, 7, 12), (0, 5, 0, 0), (3, 2, 1, 4)}

lines = [
    "# Independent reference for paired differences of proportions p_first - p_second = (b - c)/n:",
    "# Newcombe (1998b) method 10 (corrected phi) and method 8 (plain phi) from Wilson limits found",
    "# by bisection, Tango (1998) score interval with the restricted MLE by bisection on the",
    "# log-likelihood derivative and limits by bisection, and Wald; all in 50-digit arithmetic.",
    "# Cells: a = both yes, b = first yes/second no, c = first no/second yes, d = both no.",
    f"# Tool: mpmath {mpmath.__version__}, Python {sys.version.split()[0]}",
    "# Script: tests/reference/paired_proportion.py "
    "(regenerate: /usr/bin/python3 tests/reference/paired_proportion.py)",
]
for a, b, c, d in cases:
    for level in (0.95, 0.9, 0.99):
        if level != 0.95 and (a, b, c, d) not in other_levels:
            continue
        m10 = newcombe(a, b, c, d, level, True)
        m8 = newcombe(a, b, c, d, level, False)
        tg = tango(a, b, c, d, level)
        wl, wu, se = wald(a, b, c, d, level)
        call = f"newcombe/tango/wald({a}, {b}, {c}, {d}, level={level!r})"
        lines += ["", f"[{a} {b} {c} {d} level {level}]", f"call = {call}",
                  f"a = {a}", f"b = {b}", f"c = {c}", f"d = {d}", f"level = {level!r}",
                  f"estimate = {float(mpf(b - c) / (a + b + c + d))!r}",
                  f"wald_std_error = {float(se)!r}",
                  f"newcombe = {float(m10[0])!r} {float(m10[1])!r}",
                  f"newcombe_plain_phi = {float(m8[0])!r} {float(m8[1])!r}",
                  f"tango = {float(tg[0])!r} {float(tg[1])!r}",
                  f"wald = {float(wl)!r} {float(wu)!r}"]
with open(OUT, "w") as f:
    f.write("\n".join(lines) + "\n")
print("wrote", OUT)
