# Reference values for cxgap's PSU bootstrap of gaps (include/cxgap/design/bootstrap.hpp,
# tests/design/bootstrap_test.cpp): R survey's Rao–Wu rescaled bootstrap
# (as.svrepdesign(type = "subbootstrap")) and stratified jackknife (type = "JKn") on the seeded CX
# panel of design_cx_panel.R (fixtures/design_cx_panel.csv: 42 stores in 4 regions), without the
# fpc (the subbootstrap ignores one). R's random draws are exported (the per-PSU
# multipliers) so cxgap can recompute every replicate from them; the gap's replicates, its svrVar
# SE, and the JKn replicates (for the BCa acceleration) are stored per measure. The percentile and
# BCa limits from these replicates are computed by scipy (design_bootstrap.py, run next).
# Run from the repository root:  Rscript tests/reference/design_bootstrap.R
# Writes tests/reference/fixtures/design_bootstrap.txt.
suppressPackageStartupMessages(library(survey))
stopifnot(packageVersion("survey") == "4.1.1")
f <- function(x) sprintf("%.17g", x)
panel <- read.csv("tests/reference/fixtures/design_cx_panel.csv", stringsAsFactors = FALSE)
design_call <- "d <- svydesign(id = ~store, strata = ~region, weights = ~w, data = panel)"
boot_call <- "set.seed(20260611); r <- as.svrepdesign(d, type = \"subbootstrap\", replicates = 200)"
jk_call <- "jk <- as.svrepdesign(d, type = \"JKn\")"
eval(parse(text = design_call)); eval(parse(text = boot_call)); eval(parse(text = jk_call))

W <- r$repweights$weights            # PSUs (order of first appearance) x replicates
stopifnot(inherits(r$repweights, "repweights_compressed"), nrow(W) == 42, ncol(W) == 200)
psu <- unique(panel$store)
psu_stratum <- panel$region[!duplicated(panel$store)]
# R's analysis weights are w times the PSU's multiplier (a check of the reading of W).
stopifnot(max(abs(weights(r, "analysis") - panel$w * W[match(panel$store, psu), ])) < 1e-9)
J <- jk$repweights$weights
stopifnot(inherits(jk$repweights, "repweights_compressed"), nrow(J) == 42)
jk_stratum <- psu_stratum[apply(J, 2, function(m) which(m == 0))]  # the PSU each replicate drops

lines <- c(
  "# cxgap reference values: Rao-Wu (subbootstrap) and JKn replicates of design-based gaps (R survey).",
  paste0("# Tool: ", R.version.string, ", survey ", packageVersion("survey"), "."),
  "# Script: tests/reference/design_bootstrap.R (Rscript tests/reference/design_bootstrap.R), then",
  "# tests/reference/design_bootstrap.py writes design_bootstrap_intervals.txt from it (scipy).",
  "# Data: fixtures/design_cx_panel.csv (design_cx_panel.R). Gap = executive - customer.",
  paste("# design_call =", design_call),
  paste("# boot_call =", boot_call),
  paste("# jk_call =", jk_call), "",
  "[design]",
  paste("design_call =", design_call),
  paste("boot_call =", boot_call),
  paste("psu =", paste(psu, collapse = " ")),
  paste("psu_stratum =", paste(psu_stratum, collapse = " ")),
  "multipliers_call = as.vector(t(r$repweights$weights))  # one row per PSU (psu order), one column per replicate",
  paste("replicates =", ncol(W)),
  paste("multipliers =", paste(f(as.vector(t(W))), collapse = " ")),
  paste("scale =", f(r$scale)), paste("rscales =", paste(f(unique(r$rscales)), collapse = " ")),
  paste("mse =", as.integer(isTRUE(r$mse))),
  paste("jk_call =", jk_call),
  paste("jk_stratum =", paste(jk_stratum, collapse = " ")),
  "jk_stratum_call = psu_stratum[apply(jk$repweights$weights, 2, function(m) which(m == 0))]", "")

# Measures: item, cxgap statistic, R expression of y.
measures <- list(
  q1_mean = c("q1", "mean", "q1"), q1_top = c("q1", "top_box", "as.numeric(q1 >= 4)"),
  q2_mean = c("q2", "mean", "q2"), q2_top = c("q2", "top_box", "as.numeric(q2 >= 4)"),
  rec_mean = c("rec", "mean", "rec"), rec_top = c("rec", "top_box", "as.numeric(rec >= 9)"),
  rec_nps = c("rec", "nps", "100 * (rec >= 9) - 100 * (rec <= 6)"),
  spend_mean = c("spend", "mean", "spend"))
gap_of <- function(des, expr) {
  des <- update(des, y = eval(parse(text = expr)))
  dy <- subset(des, !is.na(y) & group %in% c("executive", "customer"))
  g <- svycontrast(svyby(~y, ~group, dy, svymean, covmat = TRUE), c(customer = -1, executive = 1))
  reps <- attr(svyby(~y, ~group, dy, svymean, return.replicates = TRUE), "replicates")
  list(gap = unname(coef(g)), se = unname(SE(g)),
       reps = unname(reps[, "executive"] - reps[, "customer"]))
}
for (m in names(measures)) {
  it <- measures[[m]]
  boot <- gap_of(r, it[3]); jack <- gap_of(jk, it[3])
  call <- paste0("des <- update(r, y = ", it[3], "); dy <- subset(des, !is.na(y) & group %in% ",
                 "c(\"executive\", \"customer\")); svycontrast(svyby(~y, ~group, dy, svymean, covmat = TRUE), ",
                 "c(customer = -1, executive = 1)); b <- svyby(~y, ~group, dy, svymean, return.replicates = TRUE); ",
                 "attr(b, \"replicates\")[, \"executive\"] - attr(b, \"replicates\")[, \"customer\"]")
  lines <- c(lines, sprintf("[%s]", m), paste("call =", call),
             paste("jk_call = the same on jk"), paste("item =", it[1]), paste("statistic =", it[2]),
             paste("gap =", f(boot$gap)), paste("gap_se =", f(boot$se)),
             paste("replicates =", paste(f(boot$reps), collapse = " ")),
             paste("jk_gap =", f(jack$gap)),
             paste("jk_replicates =", paste(f(jack$reps), collapse = " ")), "")
}
writeLines(lines, "tests/reference/fixtures/design_bootstrap.txt")
