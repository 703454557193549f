# Reference values for cxgap's exact Mann-Whitney test conditional on ties at the group sizes the
# dynamic programme over categories is meant for (include/cxgap/stats/mann_whitney.hpp,
# detail/mann_whitney_exact.hpp): coin::wilcox_test(distribution = exact()) on respondent-level
# data expanded from the counts (coin's shift algorithm, Streitberg & Roehmel 1986), plus
# wilcox.test's normal approximation.
# Run from the repository root:  Rscript tests/reference/rank_exact.R
# Writes tests/reference/fixtures/rank_exact.txt.
suppressPackageStartupMessages(library(coin))

cases <- list(
  exec40_cust300   = list(a = c(2, 4, 8, 14, 12),  b = c(45, 60, 85, 70, 40)),
  exec36_emp280_nps = list(a = c(0, 1, 1, 2, 2, 3, 4, 6, 7, 6, 4),
                           b = c(10, 8, 12, 15, 20, 30, 35, 45, 50, 35, 20)),
  small25_vs_2000  = list(a = c(1, 3, 5, 9, 7),    b = c(300, 420, 560, 450, 270)),
  equal70_nps      = list(a = c(2, 1, 3, 2, 4, 8, 10, 12, 12, 10, 6),
                          b = c(5, 3, 4, 6, 7, 12, 10, 9, 7, 4, 3)),
  larger120_150    = list(a = c(10, 20, 30, 35, 25), b = c(25, 35, 40, 30, 20)),
  null_like_60_240 = list(a = c(6, 12, 18, 15, 9),  b = c(24, 48, 70, 62, 36))
)

fmt <- function(x) sprintf("%.17g", x)
vec <- function(v) paste(format(v, scientific = FALSE, trim = TRUE), collapse = " ")
expand_call <- function(v) sprintf("rep(1:%d, c(%s))", length(v), paste(v, collapse = ", "))

out <- c(
  "# cxgap reference values: exact Mann-Whitney p conditional on ties, larger groups.",
  paste0("# Tool: ", R.version.string, "; coin ", as.character(packageVersion("coin")), "."),
  "# Script: tests/reference/rank_exact.R (Rscript tests/reference/rank_exact.R).",
  "# Each case: counts a and b over K ordered categories; call expands them to respondent-level",
  "# scores x, y (1..K). p_exact_coin is coin's two-sided P(|T - mu| >= |t - mu|) under the",
  "# permutation distribution conditional on ties; p_corrected is wilcox.test's normal",
  "# approximation with continuity correction; seconds_coin is coin's run time here.",
  ""
)
for (name in names(cases)) {
  a <- cases[[name]]$a
  b <- cases[[name]]$b
  x <- rep(seq_along(a), a)
  y <- rep(seq_along(b), b)
  wc <- suppressWarnings(wilcox.test(x, y, exact = FALSE, correct = TRUE))
  d <- data.frame(v = c(x, y), g = factor(rep(c("A", "B"), c(length(x), length(y)))))
  secs <- system.time(ct <- wilcox_test(v ~ g, data = d, distribution = exact()))[["elapsed"]]
  out <- c(out, sprintf("[%s]", name),
           sprintf("call = x <- %s; y <- %s", expand_call(a), expand_call(b)),
           paste("a =", vec(a)), paste("b =", vec(b)),
           "u_a_call = wilcox.test(x, y, exact = FALSE, correct = TRUE)$statistic",
           paste("u_a =", fmt(unname(wc$statistic))),
           "p_corrected_call = wilcox.test(x, y, exact = FALSE, correct = TRUE)$p.value",
           paste("p_corrected =", fmt(wc$p.value)),
           "p_exact_coin_call = pvalue(wilcox_test(v ~ g, data = data.frame(v = c(x, y), g = factor(rep(c(\"A\", \"B\"), c(length(x), length(y))))), distribution = exact()))",
           paste("p_exact_coin =", fmt(pvalue(ct))),
           paste("seconds_coin =", fmt(secs)), "")
}
writeLines(out, "tests/reference/fixtures/rank_exact.txt")
