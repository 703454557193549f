# Reference values for cxgap's Mann-Whitney U test from category counts (include/cxgap/stats/
# mann_whitney.hpp): R's wilcox.test (normal approximation with and without continuity
# correction; exact where there are no ties) and coin::wilcox_test(distribution = "exact")
# (permutation distribution conditional on the ties), each run on respondent-level data expanded
# from the counts.
# Run from the repository root:  Rscript tests/reference/rank_wilcox.R
# Writes tests/reference/fixtures/rank_wilcox.txt.
suppressPackageStartupMessages(library(coin))

cases <- list(
  likert5        = list(a = c(3, 5, 9, 12, 6),  b = c(6, 9, 10, 7, 3)),
  unequal        = list(a = c(1, 2, 8, 15, 24), b = c(10, 14, 20, 9, 4)),
  small          = list(a = c(1, 2, 3, 1, 0),   b = c(0, 1, 1, 3, 2)),
  nps11          = list(a = c(2, 1, 3, 2, 4, 8, 10, 15, 20, 18, 12),
                        b = c(5, 3, 4, 6, 7, 12, 14, 13, 10, 6, 4)),
  no_ties        = list(a = c(1, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0),
                        b = c(0, 1, 0, 0, 1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1)),
  small_vs_large = list(a = c(0, 1, 2, 0, 0),   b = c(40, 35, 30, 20, 15)),
  identical      = list(a = c(5, 5, 5, 5, 5),   b = c(5, 5, 5, 5, 5)),
  separated      = list(a = c(0, 0, 0, 3, 4),   b = c(2, 3, 0, 0, 0)),
  near_separated = list(a = c(0, 0, 1, 5, 10),  b = c(8, 6, 1, 0, 0)),
  empty_middle   = list(a = c(4, 0, 0, 3, 2),   b = c(1, 0, 5, 0, 3)),
  skewed         = list(a = c(20, 3, 1, 0, 0),  b = c(15, 6, 2, 1, 1)),
  one_each       = list(a = c(0, 1, 0),         b = c(0, 0, 1)),
  large          = list(a = c(300, 500, 900, 1200, 600), b = c(600, 900, 1000, 700, 300))
)
# coin's exact distribution is run where the expanded data stay small.
coin_max_n <- 400

fmt <- function(x) sprintf("%.17g", x)
vec <- function(v) paste(format(v, scientific = FALSE, trim = TRUE), collapse = " ")
expand_call <- function(v) sprintf("rep(1:%d, c(%s))", length(v), paste(v, collapse = ", "))

out <- c(
  "# cxgap reference values: Mann-Whitney U from category counts.",
  paste0("# Tool: ", R.version.string, "; coin ", as.character(packageVersion("coin")), "."),
  "# Script: tests/reference/rank_wilcox.R (Rscript tests/reference/rank_wilcox.R).",
  "# Each case: counts a and b over K ordered categories; call expands them to respondent-level",
  "# scores x, y (1..K); each value's <key>_call is the R expression that produced it.",
  "# u_a is W = U of the first sample; p_exact_coin is coin's two-sided P(|T| >= |t|) under the",
  "# permutation distribution conditional on ties (only where N <= 400); p_exact_wilcox only",
  "# where there are no ties.",
  ""
)
for (name in names(cases)) {
  a <- cases[[name]]$a
  b <- cases[[name]]$b
  x <- rep(seq_along(a), a)
  y <- rep(seq_along(b), b)
  wc <- suppressWarnings(wilcox.test(x, y, exact = FALSE, correct = TRUE))
  wu <- suppressWarnings(wilcox.test(x, y, exact = FALSE, correct = FALSE))
  out <- c(out, sprintf("[%s]", name),
           sprintf("call = x <- %s; y <- %s", expand_call(a), expand_call(b)),
           paste("a =", vec(a)), paste("b =", vec(b)),
           "u_a_call = wilcox.test(x, y, exact = FALSE, correct = TRUE)$statistic",
           paste("u_a =", fmt(unname(wc$statistic))),
           "p_corrected_call = wilcox.test(x, y, exact = FALSE, correct = TRUE)$p.value",
           paste("p_corrected =", fmt(wc$p.value)),
           "p_uncorrected_call = wilcox.test(x, y, exact = FALSE, correct = FALSE)$p.value",
           paste("p_uncorrected =", fmt(wu$p.value)))
  if (length(x) + length(y) <= coin_max_n) {
    d <- data.frame(v = c(x, y), g = factor(rep(c("A", "B"), c(length(x), length(y)))))
    ct <- wilcox_test(v ~ g, data = d, distribution = exact())
    out <- c(out,
             "p_exact_coin_call = pvalue(wilcox_test(v ~ g, data = data.frame(v = c(x, y), g = factor(rep(c(\"A\", \"B\"), c(length(x), length(y))))), distribution = exact()))",
             paste("p_exact_coin =", fmt(pvalue(ct))))
  }
  if (all(a + b <= 1)) {
    we <- wilcox.test(x, y, exact = TRUE)
    out <- c(out, "p_exact_wilcox_call = wilcox.test(x, y, exact = TRUE)$p.value",
             paste("p_exact_wilcox =", fmt(we$p.value)))
  }
  out <- c(out, "")
}
writeLines(out, "tests/reference/fixtures/rank_wilcox.txt")
