# Reference values for `cxgap report` with replicate weights (cli/replicate_command.cpp,
# tests/cli/replicate_cli_test.cpp): R survey's svrepdesign (replicate-weight columns supplied
# in the file) and as.svrepdesign (replicates generated from the design), then per item and
# measure svyby + svycontrast (gap and its SE) and svyttest (t, df, p, CI).
#
# The data: R's apistrat (200 schools) with a derived audience ("awarded" / "other", from
# awards), three Likert-like items (q1 1..5 from api00, q2 1..5 from meals with 13 blanks,
# q3 1..7 from ell), variance strata vstrat (8 strata of 2 PSUs: E1..E4, H1, H2, M1, M2) and
# PSUs vpsu made of schools adjacent in snum within stype, and combined replicate-weight columns
# made by as.svrepdesign on the vstrat/vpsu design: jkn01..jkn16 (JKn), brr01..brr12 (BRR),
# fay01..fay12 (Fay, rho 0.3), bs01..bs20 (Rao–Wu subbootstrap, set.seed(20240611)).
# The file is written with write.csv (15 significant digits) and read back: every value below
# is computed from the file as the CLI reads it.
#
# Run from the repository root:  Rscript tests/reference/design_cli_replicate.R
# Writes tests/cli/data/api_replicate.csv and tests/reference/fixtures/design_cli_replicate.txt
# (R 4.2.2, survey 4.1.1).
suppressPackageStartupMessages(library(survey))
stopifnot(packageVersion("survey") == "4.1.1")
data(api)
f <- function(x) sprintf("%.17g", x)

# ---- the data file ------------------------------------------------------------------------
d <- apistrat
likert <- function(x, k) as.integer(cut(x, quantile(x, 0:k / k, na.rm = TRUE), include.lowest = TRUE))
out <- data.frame(snum = d$snum, stype = as.character(d$stype),
                  audience = ifelse(d$awards == "Yes", "awarded", "other"),
                  q1 = likert(d$api00, 5), q2 = 6L - likert(d$meals, 5), q3 = likert(d$ell, 7),
                  pw = round(d$pw, 2), fpc = d$fpc)
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
add_reps(as.svrepdesign(dclus, type = "BRR", compress = FALSE), "brr")
add_reps(as.svrepdesign(dclus, type = "Fay", fay.rho = 0.3, compress = FALSE), "fay")
set.seed(20240611)
add_reps(as.svrepdesign(dclus, type = "subbootstrap", replicates = 20, compress = FALSE), "bs")
csv <- "tests/cli/data/api_replicate.csv"
write.csv(out, csv, row.names = FALSE, na = "", quote = FALSE)
df <- read.csv(csv, stringsAsFactors = FALSE)
stopifnot(nrow(df) == 200)

# ---- the designs --------------------------------------------------------------------------
rscales_jkn <- as.svrepdesign(svydesign(id = ~vpsu, strata = ~vstrat, weights = ~pw, data = df),
                              type = "JKn")$rscales
designs <- list(
  supplied_jkn = list(
    call = "svrepdesign(data = df, repweights = '^jkn', type = 'JKn', weights = ~pw, combined.weights = TRUE, rscales = 0.5)",
    cli = "--weight pw --repweights ^jkn --rep-type JKn --rep-rscales 0.5"),
  supplied_jk1_scale = list(
    call = "svrepdesign(data = df, repweights = '^jkn', type = 'JK1', weights = ~pw, combined.weights = TRUE, scale = 0.8)",
    cli = "--weight pw --repweights ^jkn --rep-type JK1 --rep-scale 0.8"),
  supplied_jk1 = list(
    call = "svrepdesign(data = df, repweights = '^jkn', type = 'JK1', weights = ~pw, combined.weights = TRUE)",
    cli = "--weight pw --repweights ^jkn --rep-type JK1"),
  supplied_brr = list(
    call = "svrepdesign(data = df, repweights = '^brr', type = 'BRR', weights = ~pw, combined.weights = TRUE)",
    cli = "--weight pw --repweights ^brr --rep-type BRR"),
  supplied_fay = list(
    call = "svrepdesign(data = df, repweights = '^fay', type = 'Fay', rho = 0.3, weights = ~pw, combined.weights = TRUE)",
    cli = "--weight pw --repweights ^fay --rep-type Fay --fay-rho 0.3"),
  supplied_bootstrap_mse = list(
    call = "svrepdesign(data = df, repweights = '^bs', type = 'bootstrap', weights = ~pw, combined.weights = TRUE, mse = TRUE)",
    cli = "--weight pw --repweights ^bs --rep-type bootstrap --mse"),
  generated_jk1 = list(
    call = "as.svrepdesign(svydesign(id = ~vpsu, weights = ~pw, data = df), type = 'JK1')",
    cli = "--weight pw --cluster vpsu --replicates auto --rep-type JK1"),
  generated_jkn = list(
    call = "as.svrepdesign(svydesign(id = ~vpsu, strata = ~vstrat, weights = ~pw, data = df), type = 'JKn')",
    cli = "--weight pw --strata vstrat --cluster vpsu --replicates auto --rep-type JKn"),
  generated_jkn_mse = list(
    call = "as.svrepdesign(svydesign(id = ~vpsu, strata = ~vstrat, weights = ~pw, data = df), type = 'JKn', mse = TRUE)",
    cli = "--weight pw --strata vstrat --cluster vpsu --replicates auto --rep-type JKn --mse"),
  generated_brr = list(
    call = "as.svrepdesign(svydesign(id = ~vpsu, strata = ~vstrat, weights = ~pw, data = df), type = 'BRR')",
    cli = "--weight pw --strata vstrat --cluster vpsu --replicates auto --rep-type BRR"),
  generated_fay = list(
    call = "as.svrepdesign(svydesign(id = ~vpsu, strata = ~vstrat, weights = ~pw, data = df), type = 'Fay', fay.rho = 0.3)",
    cli = "--weight pw --strata vstrat --cluster vpsu --replicates 12 --rep-type Fay --fay-rho 0.3"),
  generated_jkn_rows_fpc = list(
    call = "as.svrepdesign(svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = df), type = 'JKn')",
    cli = "--weight pw --strata stype --fpc fpc --replicates auto --rep-type JKn"))

lines <- c(
  "# cxgap reference values: `cxgap report` with replicate weights (R survey).",
  paste0("# Tool: ", R.version.string, ", survey ", packageVersion("survey"), "."),
  "# Script: tests/reference/design_cli_replicate.R (Rscript tests/reference/design_cli_replicate.R).",
  "# Data: tests/cli/data/api_replicate.csv, read back as df <- read.csv(csv, stringsAsFactors = FALSE).",
  "# Per case: r <- <design_call>; y = the item (mean) or as.numeric(item >= top) (top box: 4..5",
  "# of 1..5, 6..7 of 1..7); b <- svyby(~y, ~audience, r, svymean, na.rm = TRUE, covmat = TRUE);",
  "# g <- svycontrast(b, c(awarded = 1, other = -1)); gap = coef(g), gap_se = SE(g);",
  "# t = gap / gap_se (equal to the t of svyttest(y ~ awarded, subset(r, !is.na(y))), checked),",
  "# df = degf(r) - 1, p = 2 * pt(-abs(t), df) (svyttest's df and p wherever its df is the same;",
  "# else its df is given as svyttest_df), ci = confint(g, df = degf(r) - 1).",
  "# cli: the options of `cxgap report FILE --group audience --compare awarded:other` for r.",
  "")
add <- function(k, v) lines <<- c(lines, paste0(k, " = ", paste(v, collapse = " ")))
items <- list(q1 = 4, q2 = 4, q3 = 6)
for (name in names(designs)) {
  des <- designs[[name]]
  r <- suppressWarnings(eval(parse(text = des$call)))
  for (item in names(items)) for (measure in c("mean", "top_box")) {
    lines <- c(lines, sprintf("[%s %s %s]", name, item, measure))
    add("design_call", paste0("r <- ", des$call))
    add("cli", des$cli)
    add("item", item); add("measure", measure)
    y <- df[[item]]
    if (measure == "top_box") y <- as.numeric(y >= items[[item]])
    r2 <- update(r, y = y, awarded = as.numeric(audience == "awarded"))
    b <- svyby(~y, ~audience, r2, svymean, na.rm = TRUE, covmat = TRUE)
    g <- svycontrast(b, c(awarded = 1, other = -1))
    tt <- svyttest(y ~ awarded, subset(r2, !is.na(y)))
    stopifnot(abs(tt$estimate - coef(g)) < 1e-9 * abs(coef(g)),
              abs(tt$statistic - coef(g) / SE(g)) < 1e-8 * abs(tt$statistic))
    add("degf", f(degf(r)))
    add("a", f(coef(b)[["awarded"]])); add("b", f(coef(b)[["other"]]))
    stopifnot(names(coef(b)) == c("awarded", "other"))
    add("a_se", f(SE(b)[1])); add("b_se", f(SE(b)[2]))
    add("gap", f(coef(g))); add("gap_se", f(SE(g)))
    # cxgap's df is degf(r) - 1 of the whole design (a domain keeps every replicate's rows);
    # svyttest on the rows observed agrees except where dropping the blanks lowers the rank
    # of the replicate weights (rows-as-PSUs JKn, q2): then its df is recorded as svyttest_df.
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
writeLines(lines, "tests/reference/fixtures/design_cli_replicate.txt")
