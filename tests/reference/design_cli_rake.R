# Reference values for `cxgap report --rake` (cli/replicate_command.cpp, cli/rake_margins.cpp,
# tests/cli/rake_cli_test.cpp): R survey's rake() on a replicate-weight design (svrepdesign with
# replicate-weight columns supplied in the file, or as.svrepdesign generating them), which rakes
# the full-sample weights and, in the same sweeps, every replicate's weights; then per item and
# measure svyby + svycontrast (gap and its SE) and svyttest (t, df, p, CI) on the raked design.
#
# The data: R's apistrat (200 schools) as in design_cli_replicate.R (audience "awarded"/"other",
# items q1..q3, variance strata vstrat and PSUs vpsu) with two raking variables, stype (E, H, M)
# and sch_wide (R's sch.wide: No, Yes), the numeric item api00, and combined replicate-weight
# columns made by as.svrepdesign on the vstrat/vpsu design: jkn01..jkn16 (JKn) and
# fay01..fay12 (Fay, rho 0.3). The population margins are apipop's counts: stype 4421, 755,
# 1018; sch.wide 1072, 5122 (tests/cli/data/api_rake_margins.csv).
# Files are written with write.csv (replicate weights to 10 significant digits) and read back:
# every value below is computed from the files as the CLI reads them.
#
# Run from the repository root:  Rscript tests/reference/design_cli_rake.R
# Writes tests/cli/data/api_rake.csv, tests/cli/data/api_rake_margins.csv and
# tests/reference/fixtures/design_cli_rake.txt (R 4.2.2, survey 4.1.1).
suppressPackageStartupMessages(library(survey))
stopifnot(packageVersion("survey") == "4.1.1")
data(api)
f <- function(x) sprintf("%.17g", x)

# ---- the data and margins files -----------------------------------------------------------
d <- apistrat
likert <- function(x, k) as.integer(cut(x, quantile(x, 0:k / k, na.rm = TRUE), include.lowest = TRUE))
out <- data.frame(snum = d$snum, stype = as.character(d$stype),
                  sch_wide = as.character(d$sch.wide),
                  audience = ifelse(d$awards == "Yes", "awarded", "other"),
                  q1 = likert(d$api00, 5), q2 = 6L - likert(d$meals, 5), q3 = likert(d$ell, 7),
                  api00 = d$api00, pw = round(d$pw, 2))
out$q2[d$snum %% 17 == 0] <- NA
npsu <- c(E = 8, H = 4, M = 4)
out$vstrat <- NA_character_
out$vpsu <- NA_character_
for (s in names(npsu)) {
  rows <- which(out$stype == s)
  k <- npsu[[s]]
  rk <- rank(out$snum[rows])
  psu <- ceiling(rk * k / length(rows))
  out$vstrat[rows] <- paste0(s, ceiling(psu / 2))
  out$vpsu[rows] <- paste0(s, ceiling(psu / 2), c("b", "a")[psu %% 2 + 1])
}
dclus <- svydesign(id = ~vpsu, strata = ~vstrat, weights = ~pw, data = out)
add_reps <- function(r, prefix) {
  w <- weights(r, type = "analysis")
  for (j in seq_len(ncol(w))) out[[sprintf("%s%02d", prefix, j)]] <<- signif(w[, j], 10)
}
add_reps(as.svrepdesign(dclus, type = "JKn", compress = FALSE), "jkn")
add_reps(as.svrepdesign(dclus, type = "Fay", fay.rho = 0.3, compress = FALSE), "fay")
csv <- "tests/cli/data/api_rake.csv"
write.csv(out, csv, row.names = FALSE, na = "", quote = FALSE)
df <- read.csv(csv, stringsAsFactors = FALSE)
stopifnot(nrow(df) == 200)
pop_stype <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
pop_sch_wide <- data.frame(sch_wide = c("No", "Yes"),
                           Freq = as.vector(table(apipop$sch.wide)[c("No", "Yes")]))
stopifnot(pop_sch_wide$Freq == c(1072, 5122))
margins_csv <- "tests/cli/data/api_rake_margins.csv"
writeLines(c("variable,category,total",
             paste0("stype,", pop_stype$stype, ",", pop_stype$Freq),
             paste0("sch_wide,", pop_sch_wide$sch_wide, ",", pop_sch_wide$Freq)), margins_csv)

# ---- the designs --------------------------------------------------------------------------
rake_call <- function(control) sprintf(
  "rake(r0, list(~stype, ~sch_wide), list(pop_stype, pop_sch_wide), control = %s)", control)
default <- "list(maxit = 10, epsilon = 1)"
tight <- "list(maxit = 50, epsilon = 1e-9)"
short <- "list(maxit = 2, epsilon = 1)"
designs <- list(
  generated_jk1 = list(
    design = "as.svrepdesign(svydesign(id = ~vpsu, weights = ~pw, data = df), type = 'JK1')",
    control = default,
    cli = "--weight pw --cluster vpsu --replicates auto --rep-type JK1"),
  generated_jk1_tight = list(
    design = "as.svrepdesign(svydesign(id = ~vpsu, weights = ~pw, data = df), type = 'JK1')",
    control = tight,
    cli = "--weight pw --cluster vpsu --replicates auto --rep-type JK1 --rake-maxit 50 --rake-epsilon 1e-9"),
  generated_jk1_maxit2 = list(
    design = "as.svrepdesign(svydesign(id = ~vpsu, weights = ~pw, data = df), type = 'JK1')",
    control = short,
    cli = "--weight pw --cluster vpsu --replicates auto --rep-type JK1 --rake-maxit 2"),
  generated_jkn = list(
    design = "as.svrepdesign(svydesign(id = ~vpsu, strata = ~vstrat, weights = ~pw, data = df), type = 'JKn')",
    control = default,
    cli = "--weight pw --strata vstrat --cluster vpsu --replicates auto --rep-type JKn"),
  supplied_fay = list(
    design = "svrepdesign(data = df, repweights = '^fay', type = 'Fay', rho = 0.3, weights = ~pw, combined.weights = TRUE)",
    control = default,
    cli = "--weight pw --repweights ^fay --rep-type Fay --fay-rho 0.3"),
  supplied_fay_tight = list(
    design = "svrepdesign(data = df, repweights = '^fay', type = 'Fay', rho = 0.3, weights = ~pw, combined.weights = TRUE)",
    control = tight,
    cli = "--weight pw --repweights ^fay --rep-type Fay --fay-rho 0.3 --rake-maxit 50 --rake-epsilon 1e-9"),
  supplied_jkn_mse = list(
    design = "svrepdesign(data = df, repweights = '^jkn', type = 'JKn', weights = ~pw, combined.weights = TRUE, rscales = 0.5, mse = TRUE)",
    control = default,
    cli = "--weight pw --repweights ^jkn --rep-type JKn --rep-rscales 0.5 --mse"))

# Sweeps of rake() (R's iter + 1 when it converges, else maxit) and its last largest change,
# as rake()'s own loop computes them (svytable of the full-sample weights).
rake_trace <- function(r0, control) {
  ff <- ~stype + sch_wide
  design <- r0
  oldtable <- svytable(ff, design)
  eps <- if (control$epsilon < 1) control$epsilon * sum(weights(r0, "sampling")) else control$epsilon
  for (sweep in seq_len(control$maxit)) {
    design$postStrata <- NULL
    design <- postStratify(design, ~stype, pop_stype, compress = FALSE)
    design <- postStratify(design, ~sch_wide, pop_sch_wide, compress = FALSE)
    newtable <- svytable(ff, design)
    delta <- max(abs(oldtable - newtable))
    if (delta < eps) return(list(sweeps = sweep, converged = TRUE, delta = delta, design = design))
    oldtable <- newtable
  }
  list(sweeps = control$maxit, converged = FALSE, delta = delta, design = design)
}

lines <- c(
  "# cxgap reference values: `cxgap report --rake` on replicate weights (R survey rake()).",
  paste0("# Tool: ", R.version.string, ", survey ", packageVersion("survey"), "."),
  "# Script: tests/reference/design_cli_rake.R (Rscript tests/reference/design_cli_rake.R).",
  "# Data: tests/cli/data/api_rake.csv, read back as df <- read.csv(csv, stringsAsFactors = FALSE);",
  "# margins: tests/cli/data/api_rake_margins.csv, pop_stype <- data.frame(stype = c(\"E\", \"H\",",
  "# \"M\"), Freq = c(4421, 755, 1018)); pop_sch_wide <- data.frame(sch_wide = c(\"No\", \"Yes\"),",
  "# Freq = c(1072, 5122)).",
  "# Per case: r0 <- <design_call>; r <- <rake_call>; y = the item (mean) or as.numeric(item >= top)",
  "# (top box: 4..5 of 1..5, 6..7 of 1..7), or api00 (measure numeric);",
  "# b <- svyby(~y, ~audience, r, svymean, na.rm = TRUE, covmat = TRUE);",
  "# g <- svycontrast(b, c(awarded = 1, other = -1)); gap = coef(g), gap_se = SE(g);",
  "# t = gap / gap_se (equal to the t of svyttest(y ~ awarded, subset(r, !is.na(y))), checked),",
  "# df = degf(r) - 1 (degf of the raked replicate weights), p = 2 * pt(-abs(t), df),",
  "# ci = confint(g, df = degf(r) - 1). sweeps, converged, max_change: rake()'s loop (sweeps =",
  "# iter + 1 when converged, else maxit; max_change its last delta); the raked weights are",
  "# checked equal to a re-run of that loop. rake() warns \"did not converge\" when converged = 0.",
  "# cli: the options of `cxgap report FILE --group audience --compare awarded:other",
  "# --rake tests/cli/data/api_rake_margins.csv` for r.",
  "")
add <- function(k, v) lines <<- c(lines, paste0(k, " = ", paste(v, collapse = " ")))
items <- list(q1 = 4, q2 = 4, q3 = 6, api00 = NA)
for (name in names(designs)) {
  des <- designs[[name]]
  r0 <- eval(parse(text = des$design))
  control <- eval(parse(text = des$control))
  warned <- FALSE
  r <- withCallingHandlers(eval(parse(text = rake_call(des$control))),
                           warning = function(w) { warned <<- TRUE; invokeRestart("muffleWarning") })
  tr <- rake_trace(r0, control)
  stopifnot(warned == !tr$converged,
            max(abs(weights(r, "analysis") - weights(tr$design, "analysis"))) < 1e-9,
            max(abs(weights(r, "sampling") - weights(tr$design, "sampling"))) < 1e-9)
  for (item in names(items)) for (measure in if (is.na(items[[item]])) "numeric" else c("mean", "top_box")) {
    lines <- c(lines, sprintf("[%s %s %s]", name, item, measure))
    add("design_call", paste0("r0 <- ", des$design))
    add("rake_call", paste0("r <- ", rake_call(des$control)))
    add("cli", des$cli)
    add("item", item); add("measure", measure)
    add("sweeps", tr$sweeps); add("converged", as.integer(tr$converged)); add("max_change", f(tr$delta))
    y <- df[[item]]
    if (measure == "top_box") y <- as.numeric(y >= items[[item]])
    r2 <- update(r, y = y, awarded = as.numeric(audience == "awarded"))
    b <- svyby(~y, ~audience, r2, svymean, na.rm = TRUE, covmat = TRUE)
    stopifnot(names(coef(b)) == c("awarded", "other"))
    g <- svycontrast(b, c(awarded = 1, other = -1))
    tt <- svyttest(y ~ awarded, subset(r2, !is.na(y)))
    stopifnot(abs(tt$estimate - coef(g)) < 1e-9 * abs(coef(g)),
              abs(tt$statistic - coef(g) / SE(g)) < 1e-8 * abs(tt$statistic))
    add("degf", f(degf(r)))
    add("degf_before_raking", f(degf(r0)))
    add("a", f(coef(b)[["awarded"]])); add("b", f(coef(b)[["other"]]))
    add("a_se", f(SE(b)[1])); add("b_se", f(SE(b)[2]))
    add("gap", f(coef(g))); add("gap_se", f(SE(g)))
    tval <- coef(g) / SE(g)
    add("t", f(tval)); add("df", f(degf(r) - 1)); add("p", f(2 * pt(-abs(tval), degf(r) - 1)))
    if (tt$parameter == degf(r) - 1) stopifnot(abs(tt$p.value - 2 * pt(-abs(tval), degf(r) - 1)) < 1e-12)
    else add("svyttest_df", f(tt$parameter))
    add("ci", f(confint(g, df = degf(r) - 1)))
    add("n_a", sum(!is.na(y) & df$audience == "awarded"))
    add("n_b", sum(!is.na(y) & df$audience == "other"))
    lines <- c(lines, "")
  }
}
writeLines(lines, "tests/reference/fixtures/design_cli_rake.txt")
