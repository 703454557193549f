# Reference values for include/cxgap/stats/multiplicity.hpp: R's stats::p.adjust for every
# method on random, tied, boundary and missing p-values.
# Run from the repository root:  Rscript tests/reference/multiplicity.R
# Writes tests/reference/fixtures/multiplicity.txt.
out <- file("tests/reference/fixtures/multiplicity.txt", "w")
w <- function(...) cat(..., "\n", sep = "", file = out)
num <- function(x) paste(ifelse(is.na(x), "NaN", sprintf("%.17g", x)), collapse = " ")

w("# p.adjust for methods holm, hochberg, hommel, bonferroni, BH, BY, fdr, none.")
w("# Tool: ", R.version.string, ", stats::p.adjust")
w("# Script: tests/reference/multiplicity.R (NaN in p stands for NA)")

set.seed(20240517)
cases <- list(
  list("random uniform, 20 tests", runif(20), NULL),
  list("random with small p, 25 tests", c(10^-runif(10, 1, 8), runif(15)), NULL),
  list("ties", c(0.01, 0.04, 0.01, 0.04, 0.2, 0.04, 0.5, 0.01, 0.9, 0.2), NULL),
  list("boundaries and tiny p", c(1, 0, 1e-300, 1e-20, 0.05, 1, 0.049999999999999996, 1e-305), NULL),
  list("missing values", c(0.02, NA, 0.3, 0.001, NA, 0.04, 0.8), NULL),
  list("family larger than the tests given", c(0.01, 0.02, 0.03, 0.2), 10),
  list("missing values and larger family", c(0.011, NA, 0.02, 0.3, 0.04), 8),
  list("single test", c(0.03), NULL),
  list("two tests", c(0.03, 0.02), NULL),
  list("three tests", c(0.03, 0.02, 0.5), NULL),
  list("all missing", c(NA_real_, NA_real_), NULL),
  list("empty", numeric(0), NULL),
  list("random 200 tests", runif(200)^3, NULL)
)
methods <- c("holm", "hochberg", "hommel", "bonferroni", "BH", "BY", "fdr", "none")

for (cs in cases) {
  name <- cs[[1]]; p <- cs[[2]]; n <- cs[[3]]
  w("")
  w("[", name, "]")
  if (is.null(n)) {
    w("call = p.adjust(p, method) for method in ", paste(methods, collapse = ", "))
  } else {
    w("call = p.adjust(p, method, n = ", n, ") for method in ", paste(methods, collapse = ", "))
    w("n = ", n)
  }
  w("p = ", num(p))
  for (m in methods) {
    a <- if (is.null(n)) p.adjust(p, m) else p.adjust(p, m, n = n)
    w(m, " = ", num(a))
  }
}
close(out)
