# Reference values for cxgap's Wilcoxon signed-rank test (include/cxgap/paired/signed_rank.hpp)
# on respondent-level vectors expanded from the K x K paired tables of
# tests/reference/paired_cases.R:
#  * R's wilcox.test(x, y, paired = TRUE): V (= W+, zeros dropped) and the normal approximation
#    with and without continuity correction; exact = TRUE only where there are no ties and no
#    zeros (R cannot do exact otherwise);
#  * coin::wilcoxsign_test with zero.method "Wilcoxon" and "Pratt": the linear statistic (W+),
#    the asymptotic p (tie corrected, no continuity correction) and the exact p conditional on
#    the ties (only where the data are small).
# Where a tool stops with an error, the message is stored instead.
# Run from the repository root:  Rscript tests/reference/paired_signed_rank.R
# Writes tests/reference/fixtures/paired_signed_rank_r.txt.
suppressPackageStartupMessages(library(coin))
source("tests/reference/paired_cases.R")
coin_exact_max_n <- 200

out <- c(
  "# cxgap reference values: Wilcoxon signed-rank test of a K x K paired table (first - second).",
  paste0("# Tool: ", R.version.string, "; coin ", as.character(packageVersion("coin")), "."),
  "# Script: tests/reference/paired_signed_rank.R (Rscript tests/reference/paired_signed_rank.R),",
  "# tables from tests/reference/paired_cases.R. counts: row-major K x K (rows = first rating);",
  "# scores: the K category scores. Each value's <key>_call is the R expression that produced it;",
  "# <key>_error holds a tool's error message instead of a value.",
  ""
)
add <- function(key, call, expr) {
  v <- tryCatch(suppressWarnings(expr), error = function(e) structure(conditionMessage(e), class = "err"))
  if (inherits(v, "err")) {
    c(sprintf("%s_call = %s", key, call), sprintf("%s_error = %s", key, unclass(v)))
  } else {
    c(sprintf("%s_call = %s", key, call), sprintf("%s = %s", key, fmt(v)))
  }
}
for (name in names(paired_cases)) {
  cs <- paired_cases[[name]]
  v <- expand(cs)
  x <- v$x; y <- v$y
  d <- x - y
  out <- c(out, sprintf("[%s]", name), paste("call =", expand_call(cs)),
           paste("k =", length(cs$scores)), paste("counts =", vec(cs$counts)),
           paste("scores =", vec(cs$scores)), paste("n =", length(x)),
           paste("n_zero =", sum(d == 0)))
  out <- c(out,
    add("v", "unname(wilcox.test(x, y, paired = TRUE, exact = FALSE, correct = TRUE)$statistic)",
        unname(wilcox.test(x, y, paired = TRUE, exact = FALSE, correct = TRUE)$statistic)),
    add("p_corrected", "wilcox.test(x, y, paired = TRUE, exact = FALSE, correct = TRUE)$p.value",
        wilcox.test(x, y, paired = TRUE, exact = FALSE, correct = TRUE)$p.value),
    add("p_uncorrected", "wilcox.test(x, y, paired = TRUE, exact = FALSE, correct = FALSE)$p.value",
        wilcox.test(x, y, paired = TRUE, exact = FALSE, correct = FALSE)$p.value))
  nz <- d[d != 0]
  if (length(nz) > 0 && length(nz) < 50 && !any(d == 0) && !any(duplicated(abs(nz)))) {
    out <- c(out, add("p_exact_r", "wilcox.test(x, y, paired = TRUE, exact = TRUE)$p.value",
                      wilcox.test(x, y, paired = TRUE, exact = TRUE)$p.value))
  }
  for (zm in c("Wilcoxon", "Pratt")) {
    key <- tolower(zm)
    out <- c(out,
      add(paste0("coin_", key, "_w_plus"),
          sprintf("statistic(wilcoxsign_test(x ~ y, zero.method = \"%s\"), type = \"linear\")", zm),
          as.numeric(statistic(wilcoxsign_test(x ~ y, zero.method = zm), type = "linear"))),
      add(paste0("coin_", key, "_p_asymptotic"),
          sprintf("pvalue(wilcoxsign_test(x ~ y, zero.method = \"%s\"))", zm),
          pvalue(wilcoxsign_test(x ~ y, zero.method = zm))))
    if (length(x) <= coin_exact_max_n) {
      out <- c(out, add(paste0("coin_", key, "_p_exact"),
          sprintf("pvalue(wilcoxsign_test(x ~ y, zero.method = \"%s\", distribution = \"exact\"))", zm),
          pvalue(wilcoxsign_test(x ~ y, zero.method = zm, distribution = "exact"))))
    }
  }
  out <- c(out, "")
}
writeLines(out, "tests/reference/fixtures/paired_signed_rank_r.txt")
