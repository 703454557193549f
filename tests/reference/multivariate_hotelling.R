# Reference values for include/cxgap/multivariate/hotelling.hpp: two-sample Hotelling T² on the
# item means of two audiences, on psych's real bfi data (columns stored in multivariate_data.txt).
#  * complete_case: respondents with any NA among the items are dropped. The reference is base R's
#    MANOVA, summary(manova(Y ~ g), test = "Hotelling-Lawley"): with two groups its F is exactly
#    the T² F with df (p, N - p - 1), and T² = (N - 2) * (Hotelling-Lawley trace). The textbook
#    formula below must agree with it (checked with stopifnot); statsmodels is the independent
#    second tool (multivariate_hotelling.py).
#  * pairwise: no tool implements it, so this script is the reference for cxgap's definition
#    (docs/multivariate.md): item means from the available answers; per group the covariance
#    cov(x, use = "pairwise.complete.obs") (pair-subset means); pooled
#    S_jk = ((n_a,jk - 1) S_a,jk + (n_b,jk - 1) S_b,jk) / (n_a,jk + n_b,jk - 2) and
#    V_jk = S_jk (n_a,jk / (n_a,j n_a,k) + n_b,jk / (n_b,j n_b,k)), T² = d' V^-1 d with
#    d = mean_a - mean_b; n_g = min_jk n_g,jk; F = (N - p - 1) / (p (N - 2)) T², df (p, N - p - 1).
# Run from the repository root:  Rscript tests/reference/multivariate_hotelling.R
# Writes tests/reference/fixtures/multivariate_hotelling.txt.
suppressPackageStartupMessages(library(psych))
data(bfi, package = "psych", envir = environment())
out <- file("tests/reference/fixtures/multivariate_hotelling.txt", "w")
w <- function(...) cat(..., "\n", sep = "", file = out)
num <- function(x) paste(ifelse(is.na(x), "NaN", sprintf("%.17g", x)), collapse = " ")

w("# Two-sample Hotelling T² (A - B) on bfi items; data in multivariate_data.txt [bfi].")
w("# Tool: ", R.version.string, ", psych ", as.character(packageVersion("psych")),
  " (data only), stats::manova, stats::cov, stats::pf")
w("# Script: tests/reference/multivariate_hotelling.R. A = rows with group_column == group_a,")
w("# B = rows with group_column == group_b, both within rows first..last (1-based) of bfi.")

A_items <- paste0("A", 1:5); C_items <- paste0("C", 1:5)
cases <- list(
  list("A1-A5 by gender, complete cases", A_items, "gender", 1, 2, c(1, 2800), "complete_case"),
  list("C1-C5 by gender, complete cases", C_items, "gender", 1, 2, c(1, 2800), "complete_case"),
  list("A1-C5 by gender, complete cases", c(A_items, C_items), "gender", 1, 2, c(1, 2800), "complete_case"),
  list("C1-C5 by education 3 vs 4, complete cases", C_items, "education", 3, 4, c(1, 2800), "complete_case"),
  list("A1-A5 by gender, first 140 rows, complete cases", A_items, "gender", 1, 2, c(1, 140), "complete_case"),
  list("A1-A5 by education 1 vs 2, complete cases", A_items, "education", 1, 2, c(1, 2800), "complete_case"),
  list("A1-A5 by gender, pairwise", A_items, "gender", 1, 2, c(1, 2800), "pairwise"),
  list("C1-C5 by gender, pairwise", C_items, "gender", 1, 2, c(1, 2800), "pairwise"),
  list("A1-C5 by gender, pairwise", c(A_items, C_items), "gender", 1, 2, c(1, 2800), "pairwise"),
  list("C1-C5 by education 3 vs 4, pairwise", C_items, "education", 3, 4, c(1, 2800), "pairwise"),
  list("A1-A5 by gender, first 140 rows, pairwise", A_items, "gender", 1, 2, c(1, 140), "pairwise")
)

hotelling_complete <- function(Xa, Xb) {
  Xa <- na.omit(Xa); Xb <- na.omit(Xb)
  na <- nrow(Xa); nb <- nrow(Xb); p <- ncol(Xa); N <- na + nb
  d <- colMeans(Xa) - colMeans(Xb)
  S <- ((na - 1) * cov(Xa) + (nb - 1) * cov(Xb)) / (N - 2)
  t2 <- (na * nb / N) * drop(t(d) %*% solve(S, d))
  # The tool: two-group MANOVA.
  Y <- rbind(Xa, Xb); g <- factor(rep(c("a", "b"), c(na, nb)))
  s <- summary(manova(Y ~ g), test = "Hotelling-Lawley")$stats
  hl <- s["g", "Hotelling-Lawley"]
  stopifnot(isTRUE(all.equal(t2, (N - 2) * hl, tolerance = 1e-12)))
  f <- s["g", "approx F"]
  stopifnot(isTRUE(all.equal(f, (N - p - 1) / (p * (N - 2)) * t2, tolerance = 1e-12)))
  list(n_a = na, n_b = nb, mean_a = colMeans(Xa), mean_b = colMeans(Xb), t2 = (N - 2) * hl,
       f = f, df1 = s["g", "num Df"], df2 = s["g", "den Df"],
       p = pf(f, s["g", "num Df"], s["g", "den Df"], lower.tail = FALSE),
       p_manova = s["g", "Pr(>F)"])
}

hotelling_pairwise <- function(Xa, Xb) {
  p <- ncol(Xa)
  Na <- crossprod(!is.na(Xa)); Nb <- crossprod(!is.na(Xb))   # n_g,jk (diagonal: n_g,j)
  Sa <- cov(Xa, use = "pairwise.complete.obs"); Sb <- cov(Xb, use = "pairwise.complete.obs")
  S <- ((Na - 1) * Sa + (Nb - 1) * Sb) / (Na + Nb - 2)
  V <- S * (Na / outer(diag(Na), diag(Na)) + Nb / outer(diag(Nb), diag(Nb)))
  ma <- colMeans(Xa, na.rm = TRUE); mb <- colMeans(Xb, na.rm = TRUE); d <- ma - mb
  t2 <- drop(t(d) %*% solve(V, d))
  na <- min(Na); nb <- min(Nb); N <- na + nb
  f <- (N - p - 1) / (p * (N - 2)) * t2
  list(n_a = na, n_b = nb, mean_a = ma, mean_b = mb, t2 = t2, f = f, df1 = p, df2 = N - p - 1,
       p = pf(f, p, N - p - 1, lower.tail = FALSE), min_eigen = min(eigen(cov2cor(V))$values))
}

for (cs in cases) {
  items <- cs[[2]]; gcol <- cs[[3]]; ga <- cs[[4]]; gb <- cs[[5]]; rows <- cs[[6]]; mode <- cs[[7]]
  d <- bfi[rows[1]:rows[2], ]
  Xa <- as.matrix(d[!is.na(d[[gcol]]) & d[[gcol]] == ga, items])
  Xb <- as.matrix(d[!is.na(d[[gcol]]) & d[[gcol]] == gb, items])
  r <- if (mode == "complete_case") hotelling_complete(Xa, Xb) else hotelling_pairwise(Xa, Xb)
  w("")
  w("[", cs[[1]], "]")
  if (mode == "complete_case") {
    w("call = summary(manova(rbind(na.omit(Xa), na.omit(Xb)) ~ g), test = \"Hotelling-Lawley\"); ",
      "t2 = (N - 2) * Hotelling-Lawley trace; p = pf(F, df1, df2, lower.tail = FALSE)")
  } else {
    w("call = pairwise T2 as in the script header (cov(use = \"pairwise.complete.obs\"), ",
      "colMeans(na.rm = TRUE), crossprod(!is.na(X)), solve(V, d), pf(lower.tail = FALSE))")
  }
  w("missing = ", mode)
  w("items = ", paste(items, collapse = " "))
  w("group_column = ", gcol)
  w("group_a = ", ga)
  w("group_b = ", gb)
  w("rows = ", rows[1], " ", rows[2])
  w("n_a = ", r$n_a)
  w("n_b = ", r$n_b)
  w("mean_a = ", num(unname(r$mean_a)))
  w("mean_b = ", num(unname(r$mean_b)))
  w("t_squared = ", num(r$t2))
  w("f_statistic = ", num(r$f))
  w("df1 = ", num(r$df1))
  w("df2 = ", num(r$df2))
  w("p_value = ", num(r$p))
  if (!is.null(r$min_eigen)) w("min_eigenvalue = ", num(r$min_eigen))
}
close(out)
