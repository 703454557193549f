# Reference values for include/cxgap/multivariate/reliability.hpp: Cronbach's alpha (raw and
# standardised), Feldt's interval, alpha if item deleted, item-rest correlations and the scale
# score's mean and SD, from psych::alpha on psych's real bfi data (columns stored in
# multivariate_data.txt), with reverse-keyed items.
# REFERENCE TRAP: psych::alpha uses pairwise covariances by default (use = "pairwise") and its
# standardised alpha uses cov2cor() of that matrix. Cases "pairwise" call psych exactly so and
# match cxgap's missing_data::pairwise; cases "complete_case" call psych on na.omit(x), which is
# cxgap's missing_data::complete_case (listwise deletion).
# psych reverses a keyed item by flipping the sign of its covariances (and min + max - x for the
# scores, min/max over the data: 1 and 6 for these items, the scale's bounds).
# Feldt's interval is psych::alpha.ci (Feldt, Woodruff & Salih 1987): 1 - (1 - alpha) F quantiles
# with df (n - 1, (n - 1)(k - 1)), n = nrow(x) (for bfi every row answers at least one item).
# Run from the repository root:  Rscript tests/reference/multivariate_reliability.R
# Writes tests/reference/fixtures/multivariate_reliability.txt.
suppressPackageStartupMessages(library(psych))
data(bfi, package = "psych", envir = environment())
out <- file("tests/reference/fixtures/multivariate_reliability.txt", "w")
w <- function(...) cat(..., "\n", sep = "", file = out)
num <- function(x) paste(ifelse(is.na(x), "NaN", sprintf("%.17g", x)), collapse = " ")

w("# Cronbach's alpha on bfi scales; data in multivariate_data.txt [bfi] (scale 1..6).")
w("# Tool: ", R.version.string, ", psych ", as.character(packageVersion("psych")),
  " (alpha, alpha.ci), stats::na.omit")
w("# Script: tests/reference/multivariate_reliability.R. keys = reverse-keyed items (1-based")
w("# positions within items); alpha_drop_* and r_drop are in item order.")

A <- paste0("A", 1:5); C <- paste0("C", 1:5)
cases <- list(
  list("A1-A5, A1 reversed, pairwise", A, "A1", "pairwise"),
  list("A1-A5, A1 reversed, complete cases", A, "A1", "complete_case"),
  list("C1-C5, C4 C5 reversed, pairwise", C, c("C4", "C5"), "pairwise"),
  list("C1-C5, C4 C5 reversed, complete cases", C, c("C4", "C5"), "complete_case"),
  list("A2-A5, no reversed items, complete cases", A[2:5], character(0), "complete_case"),
  list("A2-A3, two items, complete cases", A[2:3], character(0), "complete_case")
)

for (cs in cases) {
  items <- cs[[2]]; keys <- cs[[3]]; mode <- cs[[4]]
  x <- bfi[, items]
  if (mode == "complete_case") x <- na.omit(x)
  key_arg <- if (length(keys)) keys else NULL
  a <- suppressWarnings(alpha(x, keys = key_arg))
  k <- length(items); n <- nrow(x)
  raw <- a$total$raw_alpha
  ci95 <- alpha.ci(raw, n, k, p.val = 0.05)
  ci90 <- alpha.ci(raw, n, k, p.val = 0.10)
  stopifnot(isTRUE(all.equal(unlist(a$feldt[c("lower.ci", "upper.ci")]),
                             unlist(ci95[c("lower.ci", "upper.ci")]), check.attributes = FALSE)))
  key_call <- if (length(keys)) paste0("c(", paste0('"', keys, '"', collapse = ", "), ")") else "NULL"
  x_call <- if (mode == "complete_case") "na.omit(bfi[, items])" else "bfi[, items]"
  w("")
  w("[", cs[[1]], "]")
  w("call = psych::alpha(", x_call, ", keys = ", key_call, "); psych::alpha.ci(raw_alpha, n, k, p.val = 0.05 and 0.10)")
  w("missing = ", mode)
  w("items = ", paste(items, collapse = " "))
  w("keys = ", paste(match(keys, items), collapse = " "))
  w("scale_min = 1")
  w("scale_max = 6")
  w("n = ", n)
  w("k = ", k)
  w("raw_alpha = ", num(raw))
  w("std_alpha = ", num(a$total$std.alpha))
  w("average_r = ", num(a$total$average_r))
  w("scale_mean = ", num(a$total$mean))
  w("scale_sd = ", num(a$total$sd))
  w("feldt_ci_95 = ", num(c(ci95$lower.ci, ci95$upper.ci)))
  w("feldt_ci_90 = ", num(c(ci90$lower.ci, ci90$upper.ci)))
  w("r_drop = ", num(a$item.stats$r.drop))
  if (k > 2) {
    w("alpha_drop_raw = ", num(a$alpha.drop$raw_alpha))
    w("alpha_drop_std = ", num(a$alpha.drop$std.alpha))
  }
}
close(out)
