# Reference values for include/cxgap/paired/kappa.hpp from psych::cohen.kappa: Cohen's kappa and
# weighted kappa (linear and quadratic agreement weights from the category scores) of K x K tables
# of paired ratings, with psych's variances. This file also defines the tables that
# tests/reference/agreement_kappa.py feeds to statsmodels.
# Run from the repository root:  Rscript tests/reference/agreement_kappa.R
# Writes tests/reference/fixtures/agreement_kappa_psych.txt.
suppressPackageStartupMessages(library(psych))
data(bfi, package = "psych", envir = environment())
out <- file("tests/reference/fixtures/agreement_kappa_psych.txt", "w")
w <- function(...) cat(..., "\n", sep = "", file = out)
num <- function(x) paste(ifelse(is.na(x), "NaN", sprintf("%.17g", x)), collapse = " ")
int <- function(x) paste(sprintf("%.0f", x), collapse = " ")

w("# psych::cohen.kappa on K x K tables of paired ratings (rows: first rater, columns: second).")
w("# Tool: ", R.version.string, ", psych ", as.character(packageVersion("psych")))
w("# Script: tests/reference/agreement_kappa.R. x = matrix(table, k, k, byrow = TRUE);")
w("#   W_linear[i, j] = 1 - abs(s[i] - s[j]) / (max(s) - min(s)),")
w("#   W_quadratic[i, j] = 1 - (s[i] - s[j])^2 / (max(s) - min(s))^2, s = scores;")
w("#   r <- cohen.kappa(x, w = W, alpha = 1 - level) (suppressWarnings; psych clips confid to +-1).")
w("# kappa, var_kappa, ci_kappa = r$kappa, r$var.kappa, r$confid[1, c(1, 3)] (unweighted);")
w("# <weights>_kappa, <weights>_var = r$weighted.kappa, r$var.weighted. psych sets a negative or")
w("# NA variance to 0 (r$bad); such values are recorded as NaN here (key *_bad = TRUE).")
w("# SexualFun: vcd 1.4-13 data('SexualFun') (Hout, Duncan & Sobel 1987 via Agresti 1990):")
w("#   91 married couples, 'Sex is fun for me and my partner', husband (rows) x wife (columns).")

sexualfun <- matrix(c(7, 7, 2, 3,
                      2, 8, 3, 7,
                      1, 5, 4, 9,
                      2, 8, 9, 14), 4, 4, byrow = TRUE)
cc <- bfi[complete.cases(bfi[, c("C1", "C2")]), c("C1", "C2")]
bfi_c1_c2 <- unclass(table(factor(cc$C1, levels = 1:6), factor(cc$C2, levels = 1:6)))

cases <- list(
  list("SexualFun husband x wife", sexualfun, 1:4, 0.95),
  list("SexualFun level 0.90", sexualfun, 1:4, 0.90),
  list("SexualFun level 0.99", sexualfun, 1:4, 0.99),
  list("bfi C1 x C2 complete cases", bfi_c1_c2, 1:6, 0.95),
  list("unequally spaced scores", matrix(c(12, 5, 1, 0,
                                           4, 15, 6, 2,
                                           1, 7, 18, 5,
                                           0, 2, 6, 16), 4, 4, byrow = TRUE),
       c(0, 2.5, 7.25, 10), 0.95),
  list("binary problem resolved", matrix(c(40, 9, 6, 45), 2, 2, byrow = TRUE), c(0, 1), 0.95),
  list("unused category", matrix(c(10, 0, 3, 1, 0,
                                   0, 0, 0, 0, 0,
                                   2, 0, 12, 4, 1,
                                   1, 0, 3, 15, 2,
                                   0, 0, 1, 2, 9), 5, 5, byrow = TRUE), 1:5, 0.95),
  list("high agreement, small n", matrix(c(9, 1, 0,
                                           0, 8, 1,
                                           0, 0, 10), 3, 3, byrow = TRUE), 1:3, 0.95),
  list("SexualFun times 1e7", sexualfun * 1e7, 1:4, 0.95),
  list("perfect agreement", diag(c(5, 3, 7)), 1:3, 0.95),
  list("kappa minus one", matrix(c(0, 4, 4, 0), 2, 2, byrow = TRUE), c(0, 1), 0.95),
  list("one rater constant", matrix(c(3, 5, 2, 0, 0, 0, 0, 0, 0), 3, 3, byrow = TRUE), 1:3, 0.95),
  list("all pairs in one cell", matrix(c(10, 0, 0, 0), 2, 2, byrow = TRUE), c(0, 1), 0.95)
)

record <- function(prefix, x, W, level) {
  r <- tryCatch(suppressWarnings(suppressMessages(cohen.kappa(x, w = W, alpha = 1 - level))),
                error = function(e) e)
  if (inherits(r, "error")) {
    w(prefix, "error = ", conditionMessage(r))
    return(invisible())
  }
  if (prefix == "linear_") {
    w("kappa = ", num(r$kappa))
    w("var_kappa = ", num(r$var.kappa))
    w("ci_kappa = ", num(r$confid[1, c(1, 3)]))
  }
  w(prefix, "kappa = ", num(r$weighted.kappa))
  w(prefix, "var = ", num(r$var.weighted))
  w(prefix, "ci = ", num(r$confid[2, c(1, 3)]))
  w(prefix, "bad = ", if (isTRUE(r$bad)) "TRUE" else "FALSE")
}

for (cs in cases) {
  name <- cs[[1]]; x <- cs[[2]]; s <- cs[[3]]; level <- cs[[4]]
  k <- nrow(x)
  rng <- max(s) - min(s)
  W_linear <- 1 - abs(outer(s, s, "-")) / rng
  W_quadratic <- 1 - outer(s, s, "-")^2 / rng^2
  w("")
  w("[", name, "]")
  w("call = cohen.kappa(x, w = W_linear, alpha = ", 1 - level,
    "); cohen.kappa(x, w = W_quadratic, alpha = ", 1 - level, ")")
  w("k = ", k)
  w("table = ", int(t(x)))
  w("scores = ", num(s))
  w("level = ", num(level))
  record("linear_", x, W_linear, level)
  record("quadratic_", x, W_quadratic, level)
}
close(out)
