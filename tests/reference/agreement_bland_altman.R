# Reference values for include/cxgap/paired/bland_altman.hpp, computed in base R from the raw
# pairs: bias (mean of first - second), SD of the differences, limits of agreement
# bias -/+ z * SD with z = qnorm((1 + coverage) / 2), and t intervals (qt, n - 1 df) for the bias
# (SE sd / sqrt(n)) and for each limit with SE sqrt(3 * sd^2 / n) (Bland & Altman 1986) or
# sd * sqrt(1 / n + z^2 / (2 * (n - 1))) (Bland & Altman 1999).
# The 1986 formulas are those of BlandAltmanLeh 0.3.1 bland.altman.stats (CRAN, R/bland.altman.R:
# critical.diff = two * sd(diffs), CI.lines = line + qt(...) * sqrt(sd(diffs)^2 * 3 / based.on),
# bias CI = mean + qt(...) * sd / sqrt(n)) with two = z; BlandAltmanLeh is not installed here, so
# the cross-check is the restatement below and t.test() for the bias interval.
# Run from the repository root:  Rscript tests/reference/agreement_bland_altman.R
# Writes tests/reference/fixtures/agreement_bland_altman.txt.
suppressPackageStartupMessages(library(psych))
data(bfi, package = "psych", envir = environment())
out <- file("tests/reference/fixtures/agreement_bland_altman.txt", "w")
w <- function(...) cat(..., "\n", sep = "", file = out)
num <- function(x) paste(ifelse(is.na(x), "NaN", sprintf("%.17g", x)), collapse = " ")
int <- function(x) paste(sprintf("%.0f", x), collapse = " ")

w("# Bland-Altman bias, limits of agreement and their t intervals, base R on the raw pairs.")
w("# Tool: ", R.version.string, ", stats::qnorm, stats::qt, stats::sd, stats::t.test")
w("# Script: tests/reference/agreement_bland_altman.R. d = first - second, n = length(d),")
w("#   s = sd(d), z = qnorm((1 + coverage) / 2), tq = qt((1 + level) / 2, n - 1);")
w("#   bias = mean(d), bias_se = s / sqrt(n), bias_ci = bias -/+ tq * bias_se")
w("#   (checked equal to t.test(first, second, paired = TRUE, conf.level = level)$conf.int);")
w("#   limits = bias -/+ z * s; approx_se = sqrt(3 * s^2 / n); exact_se = s * sqrt(1/n + z^2/(2(n-1)));")
w("#   <lower|upper>_ci_<approx|exact> = limit -/+ tq * <approx|exact>_se.")
w("# Cases with a table: first/second = the pairs of the K x K table (row-major counts) expanded to")
w("#   scores. SexualFun: vcd 1.4-13 data('SexualFun'), husband (rows) x wife (columns).")
w("# PEFR: Bland & Altman (1986) Table 1, first readings, Wright (large) - Mini Wright meter, as in")
w("#   BlandAltmanLeh 0.3.1 bland.altman.PEFR$bigger.first and $smaller.first; the paper reports")
w("#   mean difference -2.1, SD 38.8 l/min.")

expand <- function(tab, s) {
  idx <- which(tab > 0, arr.ind = TRUE)
  idx <- idx[order(idx[, 1], idx[, 2]), , drop = FALSE]
  reps <- tab[idx]
  list(rep(s[idx[, 1]], reps), rep(s[idx[, 2]], reps))
}

sexualfun <- matrix(c(7, 7, 2, 3,
                      2, 8, 3, 7,
                      1, 5, 4, 9,
                      2, 8, 9, 14), 4, 4, byrow = TRUE)
cc <- bfi[complete.cases(bfi[, c("C1", "C2")]), c("C1", "C2")]
bfi_c1_c2 <- unclass(table(factor(cc$C1, levels = 1:6), factor(cc$C2, levels = 1:6)))
pefr_wright <- c(494, 395, 516, 434, 476, 557, 413, 442, 650, 433, 417, 656, 267, 478, 178, 423, 427)
pefr_mini <- c(512, 430, 520, 428, 500, 600, 364, 380, 658, 445, 432, 626, 260, 477, 259, 350, 451)

cases <- list(
  list(name = "SexualFun husband - wife", table = sexualfun, scores = 1:4, level = 0.95,
       coverage = 0.95),
  list(name = "SexualFun, unequal scores, level 0.90, coverage 0.90", table = sexualfun,
       scores = c(0, 2.5, 7.25, 10), level = 0.90, coverage = 0.90),
  list(name = "bfi C1 - C2 complete cases, level 0.99", table = bfi_c1_c2, scores = 1:6,
       level = 0.99, coverage = 0.95),
  list(name = "PEFR Wright - Mini Wright (Bland & Altman 1986)", first = pefr_wright,
       second = pefr_mini, level = 0.95, coverage = 0.95),
  list(name = "PEFR, coverage 0.9545 (z close to 2)", first = pefr_wright, second = pefr_mini,
       level = 0.95, coverage = 0.9545),
  list(name = "three pairs", first = c(1.5, 3.25, -2), second = c(0.5, 4, -2.5), level = 0.95,
       coverage = 0.95),
  list(name = "two pairs", first = c(3, 5), second = c(1, 4), level = 0.95, coverage = 0.99)
)

for (cs in cases) {
  if (!is.null(cs$table)) {
    p <- expand(cs$table, cs$scores); first <- p[[1]]; second <- p[[2]]
  } else {
    first <- cs$first; second <- cs$second
  }
  level <- cs$level; coverage <- cs$coverage
  d <- first - second; n <- length(d); s <- sd(d); m <- mean(d)
  z <- qnorm((1 + coverage) / 2); tq <- qt((1 + level) / 2, n - 1)
  bias_se <- s / sqrt(n)
  bias_ci <- m + c(-1, 1) * tq * bias_se
  tt <- t.test(first, second, paired = TRUE, conf.level = level)$conf.int
  stopifnot(isTRUE(all.equal(bias_ci, as.vector(tt), tolerance = 1e-13)))
  lower <- m - z * s; upper <- m + z * s
  approx_se <- sqrt(3 * s^2 / n)
  exact_se <- s * sqrt(1 / n + z^2 / (2 * (n - 1)))
  w("")
  w("[", cs$name, "]")
  w("call = d <- first - second; mean(d); sd(d); qnorm((1 + ", coverage, ") / 2); qt((1 + ",
    level, ") / 2, n - 1); t.test(first, second, paired = TRUE, conf.level = ", level, ")")
  w("level = ", num(level))
  w("coverage = ", num(coverage))
  if (!is.null(cs$table)) {
    w("table_k = ", nrow(cs$table))
    w("table = ", int(t(cs$table)))
    w("scores = ", num(cs$scores))
  } else {
    w("first = ", num(first))
    w("second = ", num(second))
  }
  w("n = ", n)
  w("bias = ", num(m))
  w("sd = ", num(s))
  w("z = ", num(z))
  w("bias_se = ", num(bias_se))
  w("bias_ci = ", num(bias_ci))
  w("lower = ", num(lower))
  w("upper = ", num(upper))
  w("approx_se = ", num(approx_se))
  w("lower_ci_approx = ", num(lower + c(-1, 1) * tq * approx_se))
  w("upper_ci_approx = ", num(upper + c(-1, 1) * tq * approx_se))
  w("exact_se = ", num(exact_se))
  w("lower_ci_exact = ", num(lower + c(-1, 1) * tq * exact_se))
  w("upper_ci_exact = ", num(upper + c(-1, 1) * tq * exact_se))
}
close(out)
