# Real data nobody here wrote: psych's bfi (2800 respondents, 25 Likert items coded 1-6;
# gender 1 = male, 2 = female). For every item, gender 1 - gender 2 with NA removed per item:
#  * the category counts per gender (the C++ tests build moments from these counts);
#  * R's t.test (Welch) and t.test(var.equal = TRUE) (Student);
#  * Hedges' g = J d with the exact J (from lgamma) and its noncentral-t interval from R's pt()
#    inverted with uniroot(tol = 1e-13), scaled by J;
#  * psych::cohen.d's "hedges.g" (which is d without correction, reported as group 2 - group 1).
# Run from the repository root:  Rscript tests/reference/bfi.R
# Writes tests/reference/fixtures/bfi.txt.
suppressPackageStartupMessages(library(psych))
data(bfi, package = "psych", envir = environment())
out <- file("tests/reference/fixtures/bfi.txt", "w")
w <- function(...) cat(..., "\n", sep = "", file = out)
num <- function(x) paste(ifelse(is.na(x), "NaN", sprintf("%.17g", x)), collapse = " ")
int <- function(x) paste(sprintf("%.0f", x), collapse = " ")

w("# psych bfi: 25 items, gender 1 (male) - gender 2 (female), NA removed per item.")
w("# Tool: ", R.version.string, ", psych ", as.character(packageVersion("psych")),
  ", stats::t.test, stats::pt, stats::uniroot")
w("# Script: tests/reference/bfi.R; x <- bfi[[item]][bfi$gender == 1], y likewise for 2, NA dropped.")
w("# counts_* = table(factor(x, levels = 1:6)); scores 1..6.")
w("# g: df = nx + ny - 2, J = exp(lgamma(df/2) - lgamma((df-1)/2)) / sqrt(df/2), d = (mean(x) - mean(y)) / s_p;")
w("#    ncp_for(p) := uniroot(function(l) pt(t, df, l) - p, c(t - 20, t + 20), tol = 1e-13)$root,")
w("#    g_ci = J * ncp_for(c(0.975, 0.025)) * sqrt(1/nx + 1/ny), t = d / sqrt(1/nx + 1/ny).")
w("# psych_hedges_g = cohen.d(bfi[, c(items, 'gender')], 'gender')$hedges.g[item, ] (group 2 - group 1).")

items <- colnames(bfi)[1:25]
cd <- suppressWarnings(cohen.d(bfi[, c(items, "gender")], "gender"))
ncp_for <- function(t, df, p) {
  uniroot(function(l) pt(t, df, l) - p, c(t - 20, t + 20), tol = 1e-13, extendInt = "yes")$root
}

for (item in items) {
  x <- bfi[[item]][bfi$gender == 1]; x <- x[!is.na(x)]
  y <- bfi[[item]][bfi$gender == 2]; y <- y[!is.na(y)]
  welch <- t.test(x, y)
  student <- t.test(x, y, var.equal = TRUE)
  nx <- length(x); ny <- length(y); df <- nx + ny - 2
  sp <- sqrt(((nx - 1) * var(x) + (ny - 1) * var(y)) / df)
  d <- (mean(x) - mean(y)) / sp
  J <- exp(lgamma(df / 2) - lgamma((df - 1) / 2)) / sqrt(df / 2)
  h <- sqrt(1 / nx + 1 / ny)
  t <- d / h
  w("")
  w("[", item, "]")
  w("call = t.test(x, y); t.test(x, y, var.equal = TRUE); hedges g as above")
  w("counts_a = ", int(table(factor(x, levels = 1:6))))
  w("counts_b = ", int(table(factor(y, levels = 1:6))))
  for (r in list(list("welch_", welch), list("student_", student))) {
    p <- r[[1]]; tt <- r[[2]]
    w(p, "estimate = ", num(unname(tt$estimate[1] - tt$estimate[2])))
    w(p, "std_error = ", num(tt$stderr))
    w(p, "statistic = ", num(unname(tt$statistic)))
    w(p, "df = ", num(unname(tt$parameter)))
    w(p, "p_value = ", num(tt$p.value))
    w(p, "ci = ", num(tt$conf.int))
  }
  w("d = ", num(d))
  w("J = ", num(J))
  w("g = ", num(J * d))
  w("g_ci = ", num(J * h * c(ncp_for(t, df, 0.975), ncp_for(t, df, 0.025))))
  w("psych_hedges_g = ", num(cd$hedges.g[item, c("lower", "effect", "upper")]))
}
close(out)
