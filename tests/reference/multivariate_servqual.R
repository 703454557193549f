# Reference values for include/cxgap/multivariate/servqual.hpp: SERVQUAL perception - expectation
# gaps per dimension and overall with paired t intervals, from R's t.test(P, E, paired = TRUE) on
# a seeded synthetic data set written by this script (22 items on a 1-7 scale, the five
# dimensions of Parasuraman, Zeithaml & Berry 1988 with their 4/5/4/4/5 items, about 3% of the
# answers missing at random).
# Definitions (as cxgap's): a respondent's dimension score is the mean of the dimension's items,
# NA if any of them is missing (rowMeans(na.rm = FALSE)); the overall score is the unweighted mean
# of the five dimension scores (NA if any is NA); the gap is P - E over respondents with both
# scores (t.test drops incomplete pairs).
# Run from the repository root:  Rscript tests/reference/multivariate_servqual.R
# Writes tests/reference/fixtures/multivariate_servqual.txt.
out <- file("tests/reference/fixtures/multivariate_servqual.txt", "w")
w <- function(...) cat(..., "\n", sep = "", file = out)
num <- function(x) paste(ifelse(is.na(x), "NaN", sprintf("%.17g", x)), collapse = " ")

w("# SERVQUAL P - E gaps with paired t tests on seeded synthetic data (written below).")
w("# Tool: ", R.version.string, ", stats::t.test(paired = TRUE), stats::rnorm, base::set.seed")
w("# Script: tests/reference/multivariate_servqual.R. items_* are 0-based column indices.")

set.seed(1988)
n <- 60
dims <- list(tangibles = 1:4, reliability = 5:9, responsiveness = 10:13, assurance = 14:17,
             empathy = 18:22)
shift <- c(tangibles = -0.2, reliability = -1.0, responsiveness = -0.7, assurance = -0.4,
           empathy = -0.5)
clamp <- function(x) pmin(7, pmax(1, round(x)))
person <- rnorm(n, 0, 0.5)
E <- matrix(NA_real_, n, 22); P <- matrix(NA_real_, n, 22)
for (d in names(dims)) for (j in dims[[d]]) {
  E[, j] <- clamp(6 + person + rnorm(n, 0, 0.8))
  P[, j] <- clamp(E[, j] + shift[[d]] + rnorm(n, 0, 1.0))
}
E[matrix(runif(n * 22) < 0.03, n)] <- NA
P[matrix(runif(n * 22) < 0.03, n)] <- NA

w("")
w("[servqual synthetic]")
w("call = see script; per dimension t.test(P_d, E_d, paired = TRUE, conf.level = 0.95 and 0.90)")
w("n = ", n)
w("dimensions = ", paste(names(dims), collapse = " "))
for (d in names(dims)) w("items_", d, " = ", paste(dims[[d]] - 1, collapse = " "))
for (j in 1:22) w("E", j, " = ", num(E[, j]))
for (j in 1:22) w("P", j, " = ", num(P[, j]))

record <- function(prefix, p, e) {
  t95 <- t.test(p, e, paired = TRUE, conf.level = 0.95)
  t90 <- t.test(p, e, paired = TRUE, conf.level = 0.90)
  ok <- complete.cases(p, e)
  w(prefix, "score_e = ", num(e))
  w(prefix, "score_p = ", num(p))
  w(prefix, "n = ", sum(ok))
  w(prefix, "mean_e = ", num(mean(e[ok])))
  w(prefix, "mean_p = ", num(mean(p[ok])))
  w(prefix, "estimate = ", num(unname(t95$estimate)))
  w(prefix, "std_error = ", num(t95$stderr))
  w(prefix, "statistic = ", num(unname(t95$statistic)))
  w(prefix, "df = ", num(unname(t95$parameter)))
  w(prefix, "p_value = ", num(t95$p.value))
  w(prefix, "ci_95 = ", num(t95$conf.int))
  w(prefix, "ci_90 = ", num(t90$conf.int))
}
Es <- sapply(dims, function(j) rowMeans(E[, j, drop = FALSE]))
Ps <- sapply(dims, function(j) rowMeans(P[, j, drop = FALSE]))
for (d in names(dims)) record(paste0(d, "_"), Ps[, d], Es[, d])
record("overall_", rowMeans(Ps), rowMeans(Es))
close(out)
