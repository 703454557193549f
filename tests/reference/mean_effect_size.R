# Reference values for include/cxgap/stats/effect_size.hpp from R, a second engine beside
# mean_effect_size.py (whose scipy 1.10 nct is Boost's, as is cxgap's):
#  * the noncentral-t interval of Cohen's d from R's pt(q, df, ncp) (Lenth 1989, AS 243),
#    inverted with uniroot(tol = 1e-13);
#  * psych::cohen.d for the same data, to document its conventions: its "hedges.g" is cxgap's
#    cohens_d (pooled SD with na + nb - 2, no small-sample correction) and its "cohen.d" divides
#    by sqrt(SS / (na + nb)); it reports group 2 - group 1, and its intervals come from uniroot's
#    default tolerance (about 1e-4).
# Run from the repository root:  Rscript tests/reference/mean_effect_size.R
# Writes tests/reference/fixtures/mean_effect_size_r.txt.
suppressPackageStartupMessages(library(psych))
out <- file("tests/reference/fixtures/mean_effect_size_r.txt", "w")
w <- function(...) cat(..., "\n", sep = "", file = out)
num <- function(x) paste(ifelse(is.na(x), "NaN", sprintf("%.17g", x)), collapse = " ")
int <- function(x) paste(sprintf("%.0f", x), collapse = " ")

w("# Cohen's d noncentral-t intervals from R's pt(), and psych::cohen.d for the same data.")
w("# Tool: ", R.version.string, ", psych ", as.character(packageVersion("psych")))
w("# Script: tests/reference/mean_effect_size.R; x <- rep(scores_a, counts_a), y likewise.")
w("# ncp_for(p) := uniroot(function(l) pt(t, df, l) - p, c(t - 20, t + 20), tol = 1e-13,")
w("#   extendInt = \"yes\")$root; d CI = ncp_for(c(1 - alpha/2, alpha/2)) * sqrt(1/na + 1/nb).")
w("# psych_* come from cohen.d(data.frame(group = rep(1:2, c(na, nb)), score = c(x, y)), \"group\"),")
w("#   i.e. group b - group a.")

cases <- list(
  list("likert5 small groups", c(1, 3, 5, 2, 1), 1:5, c(2, 4, 3, 1, 0), 1:5, 0.95),
  list("unequal n and variances", c(3, 0, 0, 0, 7), 1:5, c(10, 25, 30, 20, 15), 1:5, 0.95),
  list("level 0.90", c(5, 8, 12, 9, 6), 1:5, c(7, 11, 9, 5, 2), 1:5, 0.90),
  list("level 0.99", c(5, 8, 12, 9, 6), 1:5, c(7, 11, 9, 5, 2), 1:5, 0.99),
  list("seven point scale, n in the thousands", c(120, 300, 500, 900, 800, 400, 180), 1:7,
       c(90, 250, 610, 880, 700, 350, 120), 1:7, 0.95),
  list("large negative effect", c(40, 30, 20, 8, 2), 1:5, c(2, 8, 20, 30, 40), 1:5, 0.95),
  list("very large effect, small n", c(0, 0, 1, 4, 5), 1:5, c(5, 4, 1, 0, 0), 1:5, 0.95),
  list("df = 2", c(1, 0, 1), 1:3, c(0, 1, 1), 1:3, 0.95),
  list("group of one", c(0, 0, 1), 1:3, c(1, 2, 1), 1:3, 0.95),
  list("zero difference", c(2, 3, 2), 1:3, c(4, 6, 4), 1:3, 0.95)
)

ncp_for <- function(t, df, p) {
  uniroot(function(l) pt(t, df, l) - p, c(t - 20, t + 20), tol = 1e-13,
          extendInt = "yes", maxiter = 10000)$root
}

for (cs in cases) {
  name <- cs[[1]]; ca <- cs[[2]]; sa <- cs[[3]]; cb <- cs[[4]]; sb <- cs[[5]]; level <- cs[[6]]
  x <- rep(sa, ca); y <- rep(sb, cb)
  na <- length(x); nb <- length(y); df <- na + nb - 2
  ss <- (if (na > 1) (na - 1) * var(x) else 0) + (if (nb > 1) (nb - 1) * var(y) else 0)
  d <- (mean(x) - mean(y)) / sqrt(ss / df)
  h <- 1 / na + 1 / nb
  t <- d / sqrt(h)
  alpha <- 1 - level
  ci <- c(ncp_for(t, df, 1 - alpha / 2), ncp_for(t, df, alpha / 2)) * sqrt(h)
  w("")
  w("[", name, "]")
  w("call = c(ncp_for(t, df, ", 1 - alpha / 2, "), ncp_for(t, df, ", alpha / 2,
    ")) * sqrt(1/na + 1/nb) with t = d / sqrt(1/na + 1/nb); cohen.d(..., alpha = ", alpha, ")")
  w("counts_a = ", int(ca))
  w("scores_a = ", num(sa))
  w("counts_b = ", int(cb))
  w("scores_b = ", num(sb))
  w("level = ", num(level))
  w("d = ", num(d))
  w("d_ci_noncentral_t = ", num(ci))
  if (na > 1 && nb > 1) {
    cd <- tryCatch(suppressWarnings(cohen.d(data.frame(group = rep(1:2, c(na, nb)),
                                                       score = c(x, y)), "group", alpha = alpha)),
                   error = function(e) e)
    if (inherits(cd, "error")) {
      w("psych_error = ", gsub("[[:space:]]+", " ", conditionMessage(cd)))
    } else {
      w("psych_hedges_g = ", num(cd$hedges.g[1, c("lower", "effect", "upper")]))
      w("psych_cohen_d = ", num(cd$cohen.d[1, c("lower", "effect", "upper")]))
    }
  }
}
close(out)
