# Reference values for include/cxgap/paired/icc.hpp from psych::ICC(x, lmer = FALSE): the six
# Shrout-Fleiss intraclass correlations with F tests and McGraw-Wong intervals.
# (lmer = TRUE estimates the mean squares by REML and drifts ~1e-6; the ANOVA path is exact.)
# Run from the repository root:  Rscript tests/reference/agreement_icc.R
# Writes tests/reference/fixtures/agreement_icc.txt.
suppressPackageStartupMessages(library(psych))
data(bfi, package = "psych", envir = environment())
out <- file("tests/reference/fixtures/agreement_icc.txt", "w")
w <- function(...) cat(..., "\n", sep = "", file = out)
num <- function(x) paste(ifelse(is.na(x), "NaN", sprintf("%.17g", x)), collapse = " ")
int <- function(x) paste(sprintf("%.0f", x), collapse = " ")

w("# psych::ICC(x, alpha = 1 - level, lmer = FALSE) on n x k rating matrices (rows: subjects).")
w("# Tool: ", R.version.string, ", psych ", as.character(packageVersion("psych")))
w("# Script: tests/reference/agreement_icc.R. ratings = t(x) flattened (row-major), n x k.")
w("# For form f in ICC1 ICC2 ICC3 ICC1k ICC2k ICC3k: <f> = r$results[f, c('ICC', 'F', 'df1',")
w("#   'df2', 'p', 'lower bound', 'upper bound')]; ms = r$stats['MS', ] (subjects, judges,")
w("#   residual); msw = r$MSW.")
w("# Cases with a table: x = the pairs of the K x K table (row-major counts) expanded to scores,")
w("#   first rating in column 1; C++ checks icc(table, scores) against the same values.")
w("# SexualFun: vcd 1.4-13 data('SexualFun'), husband (rows) x wife (columns), 91 couples.")
w("# Shrout & Fleiss (1979) Table 2: 6 targets x 4 judges; published ICCs .17 .29 .71 .44 .62 .91.")

expand <- function(tab, s) {
  k <- nrow(tab)
  idx <- which(tab > 0, arr.ind = TRUE)
  idx <- idx[order(idx[, 1], idx[, 2]), , drop = FALSE]
  reps <- tab[idx]
  cbind(rep(s[idx[, 1]], reps), rep(s[idx[, 2]], reps))
}

shrout_fleiss <- matrix(c(9, 2, 5, 8,
                          6, 1, 3, 2,
                          8, 4, 6, 8,
                          7, 1, 2, 6,
                          10, 5, 6, 9,
                          6, 2, 4, 7), ncol = 4, byrow = TRUE)
sexualfun <- matrix(c(7, 7, 2, 3,
                      2, 8, 3, 7,
                      1, 5, 4, 9,
                      2, 8, 9, 14), 4, 4, byrow = TRUE)
bfi_a <- as.matrix(bfi[complete.cases(bfi[, paste0("A", 1:5)]), paste0("A", 1:5)])
cc <- bfi[complete.cases(bfi[, c("C1", "C2")]), c("C1", "C2")]
bfi_c1_c2 <- unclass(table(factor(cc$C1, levels = 1:6), factor(cc$C2, levels = 1:6)))
offset <- cbind(c(1, 2, 3, 4, 5), c(2, 3, 4, 5, 6))

cases <- list(
  list(name = "Shrout-Fleiss 1979 Table 2", x = shrout_fleiss, level = 0.95),
  list(name = "Shrout-Fleiss 1979 Table 2, level 0.90", x = shrout_fleiss, level = 0.90),
  list(name = "bfi A1-A5 complete cases as five raters", x = bfi_a, level = 0.95),
  list(name = "SexualFun husband x wife", table = sexualfun, scores = 1:4, level = 0.95),
  list(name = "SexualFun husband x wife, scores 0 2.5 7.25 10", table = sexualfun,
       scores = c(0, 2.5, 7.25, 10), level = 0.99),
  list(name = "bfi C1 x C2 complete cases", table = bfi_c1_c2, scores = 1:6, level = 0.95),
  list(name = "two subjects two raters", x = cbind(c(1, 4), c(2, 3)), level = 0.95),
  list(name = "second rater one point higher", x = offset, level = 0.95)
)

for (cs in cases) {
  x <- if (is.null(cs$table)) cs$x else expand(cs$table, cs$scores)
  level <- cs$level
  r <- suppressWarnings(suppressMessages(ICC(x, alpha = 1 - level, lmer = FALSE)))
  w("")
  w("[", cs$name, "]")
  w("call = ICC(x, alpha = ", 1 - level, ", lmer = FALSE)")
  w("level = ", num(level))
  w("n = ", nrow(x))
  w("k = ", ncol(x))
  if (is.null(cs$table)) {
    w("ratings = ", num(t(x)))
  } else {
    w("table_k = ", nrow(cs$table))
    w("table = ", int(t(cs$table)))
    w("scores = ", num(cs$scores))
  }
  w("ms = ", num(unname(r$stats["MS", ])))
  w("msw = ", num(r$MSW))
  for (f in c("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k")) {
    row <- r$results[r$results$type == f, ]
    w(f, " = ", num(unlist(row[1, c("ICC", "F", "df1", "df2", "p", "lower bound", "upper bound")])))
  }
}
close(out)
