# Reference values for include/cxgap/multivariate/relative_weights.hpp: Johnson's (2000) relative
# weights, computed step by step in base R (no package implements them here, so this script is
# the reference; R² is cross-checked against summary(lm())$r.squared), on R's real datasets
# mtcars, attitude, swiss and airquality (with NA: complete cases), whose columns are stored in
# multivariate_data.txt. Also the importance-performance table rule on seeded synthetic gaps.
#
# Johnson (2000), Multivariate Behavioral Research 35(1):1-19:
#   R_xx = Q diag(lambda) Q' (predictor correlations), Lambda = Q diag(sqrt(lambda)) Q'
#   (correlations of the predictors with their best-fitting orthogonal counterparts Z),
#   beta = Lambda^-1 r_xy (regression of the standardised outcome on Z),
#   raw_j = sum_k Lambda_jk^2 beta_k^2 (sums to R²), rescaled_j = 100 raw_j / R².
# Importance-performance rule: priority = importance * gap; rows ordered by decreasing priority
# (order(-priority), stable; NaN last); Q3 = quantile(x, 0.75, type = 7, na.rm = TRUE) of the
# importances and of the gaps; flagged = importance >= Q3(importance) & gap >= Q3(gap).
# Run from the repository root:  Rscript tests/reference/multivariate_relative_weights.R
# Writes tests/reference/fixtures/multivariate_relative_weights.txt.
out <- file("tests/reference/fixtures/multivariate_relative_weights.txt", "w")
w <- function(...) cat(..., "\n", sep = "", file = out)
num <- function(x) paste(ifelse(is.na(x), "NaN", sprintf("%.17g", x)), collapse = " ")

w("# Johnson (2000) relative weights and the importance-performance rule.")
w("# Tool: ", R.version.string, ", base::eigen, stats::cor, stats::lm, stats::quantile(type = 7)")
w("# Script: tests/reference/multivariate_relative_weights.R; data in multivariate_data.txt.")

relative_weights <- function(X, y) {
  ok <- complete.cases(X, y); X <- X[ok, , drop = FALSE]; y <- y[ok]
  Rxx <- cor(X); rxy <- drop(cor(X, y))
  e <- eigen(Rxx, symmetric = TRUE)
  Lambda <- e$vectors %*% diag(sqrt(e$values)) %*% t(e$vectors)
  beta <- solve(Lambda, rxy)
  raw <- drop(Lambda^2 %*% beta^2)
  r2 <- summary(lm(y ~ X))$r.squared
  stopifnot(isTRUE(all.equal(sum(raw), r2, tolerance = 1e-12)))
  list(n = nrow(X), rxy = rxy, raw = raw, r2 = sum(raw), r2_lm = r2, rescaled = 100 * raw / sum(raw))
}

rw_cases <- list(
  list("mtcars mpg ~ cyl + disp + hp + wt", "mtcars", "mpg", c("cyl", "disp", "hp", "wt")),
  list("attitude rating ~ all", "attitude", "rating",
       c("complaints", "privileges", "learning", "raises", "critical", "advance")),
  list("swiss Fertility ~ all", "swiss", "Fertility",
       c("Agriculture", "Examination", "Education", "Catholic", "Infant.Mortality")),
  list("airquality Ozone ~ Solar.R + Wind + Temp, complete cases", "airquality", "Ozone",
       c("Solar.R", "Wind", "Temp"))
)
results <- list()
for (cs in rw_cases) {
  d <- get(cs[[2]], envir = as.environment("package:datasets"))
  r <- relative_weights(as.matrix(d[, cs[[4]]]), d[[cs[[3]]]])
  results[[cs[[2]]]] <- r
  w("")
  w("[", cs[[1]], "]")
  w("call = Johnson (2000) step by step on complete.cases(X, y) as in the script header; ",
    "r2_lm = summary(lm(y ~ X))$r.squared")
  w("dataset = ", cs[[2]])
  w("outcome = ", cs[[3]])
  w("predictors = ", paste(cs[[4]], collapse = " "))
  w("n = ", r$n)
  w("correlations = ", num(r$rxy))
  w("raw_weights = ", num(r$raw))
  w("rescaled_weights = ", num(r$rescaled))
  w("r_squared = ", num(r$r2))
  w("r_squared_lm = ", num(r$r2_lm))
}

ip_case <- function(name, call, importance, gap) {
  priority <- importance * gap
  ord <- order(-priority, na.last = TRUE)
  q_imp <- unname(quantile(importance, 0.75, type = 7, na.rm = TRUE))
  q_gap <- unname(quantile(gap, 0.75, type = 7, na.rm = TRUE))
  top_i <- !is.na(importance) & importance >= q_imp
  top_g <- !is.na(gap) & gap >= q_gap
  w("")
  w("[", name, "]")
  w("call = ", call, "; priority = importance * gap; order(-priority, na.last = TRUE); ",
    "quantile(x, 0.75, type = 7, na.rm = TRUE)")
  w("importance = ", num(importance))
  w("gap = ", num(gap))
  w("order = ", paste(ord - 1, collapse = " "))  # 0-based item indices, highest priority first
  w("priority = ", num(priority))
  w("q3_importance = ", num(q_imp))
  w("q3_gap = ", num(q_gap))
  w("top_importance = ", paste(as.integer(top_i), collapse = " "))
  w("top_gap = ", paste(as.integer(top_g), collapse = " "))
  w("flagged = ", paste(as.integer(top_i & top_g), collapse = " "))
}

set.seed(20240501)
ip_case("importance-performance, attitude weights",
        "importance = rescaled attitude weights; set.seed(20240501); gap = round(rnorm(6, 0.3, 0.5), 2)",
        results$attitude$rescaled, round(rnorm(6, 0.3, 0.5), 2))
set.seed(7)
imp <- round(runif(13, 0, 20), 1); gp <- round(rnorm(13, 0.2, 0.4), 2)
imp[5] <- imp[2]; gp[5] <- gp[2]; gp[9] <- NA
ip_case("importance-performance, 13 synthetic items with a tie and a missing gap",
        paste("set.seed(7); importance = round(runif(13, 0, 20), 1); gap = round(rnorm(13, 0.2, 0.4), 2);",
              "importance[5] = importance[2]; gap[5] = gap[2]; gap[9] = NA"), imp, gp)
close(out)
