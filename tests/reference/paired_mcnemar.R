# Reference values for cxgap's McNemar test (include/cxgap/paired/mcnemar.hpp): R's
# mcnemar.test with and without continuity correction, and binom.test(b, b + c) as the exact
# (conditional binomial) test. Cells: a = both yes, b = first yes/second no, c = first no/second
# yes, d = both no; the R table is matrix(c(a, c, b, d), 2) = rbind(c(a, b), c(c, d)).
# Run from the repository root:  Rscript tests/reference/paired_mcnemar.R
# Writes tests/reference/fixtures/paired_mcnemar_r.txt.
cases <- list(
  c(10, 15, 5, 20), c(59, 6, 16, 80), c(1, 1, 7, 12), c(20, 12, 2, 16), c(5, 3, 3, 5),
  c(5, 3, 4, 5), c(10, 0, 0, 10), c(0, 1, 0, 0), c(0, 0, 7, 3), c(1000, 150, 100, 2000),
  c(5000, 20, 80, 4000), c(10, 3, 0, 10), c(2, 1000, 1, 3), c(0, 25, 24, 0), c(3, 2, 9, 1)
)
fmt <- function(x) sprintf("%.17g", x)
out <- c(
  "# cxgap reference values: McNemar's test of a paired 2x2 table.",
  paste0("# Tool: ", R.version.string, "."),
  "# Script: tests/reference/paired_mcnemar.R (Rscript tests/reference/paired_mcnemar.R).",
  "# Cells a b c d: a = both yes, b = first yes/second no, c = first no/second yes, d = both no.",
  "# chi2/p with suffix _corrected: mcnemar.test(m, correct = TRUE); _uncorrected: correct = FALSE;",
  "# p_exact: binom.test(b, b + c, p = 0.5)$p.value (absent when b + c = 0).",
  ""
)
for (v in cases) {
  a <- v[1]; b <- v[2]; c <- v[3]; d <- v[4]
  m <- matrix(c(a, c, b, d), 2)
  mc <- suppressWarnings(mcnemar.test(m, correct = TRUE))
  mu <- suppressWarnings(mcnemar.test(m, correct = FALSE))
  out <- c(out, sprintf("[%g %g %g %g]", a, b, c, d),
           sprintf("call = m <- matrix(c(%g, %g, %g, %g), 2)", a, c, b, d),
           sprintf("a = %g", a), sprintf("b = %g", b), sprintf("c = %g", c), sprintf("d = %g", d),
           "chi2_corrected_call = mcnemar.test(m, correct = TRUE)$statistic",
           paste("chi2_corrected =", fmt(unname(mc$statistic))),
           "p_corrected_call = mcnemar.test(m, correct = TRUE)$p.value",
           paste("p_corrected =", fmt(mc$p.value)),
           "chi2_uncorrected_call = mcnemar.test(m, correct = FALSE)$statistic",
           paste("chi2_uncorrected =", fmt(unname(mu$statistic))),
           "p_uncorrected_call = mcnemar.test(m, correct = FALSE)$p.value",
           paste("p_uncorrected =", fmt(mu$p.value)))
  if (b + c > 0) {
    out <- c(out, sprintf("p_exact_call = binom.test(%g, %g, p = 0.5)$p.value", b, b + c),
             paste("p_exact =", fmt(binom.test(b, b + c, p = 0.5)$p.value)))
  }
  out <- c(out, "")
}
writeLines(out, "tests/reference/fixtures/paired_mcnemar_r.txt")
