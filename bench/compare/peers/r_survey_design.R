# Design-based peer of the side-by-side benchmark: R's survey package (Lumley) on the stratified
# cluster panel of `cxgap_make_panel --design` (8 strata, 2,000 PSUs, weights w):
# svydesign(ids = ~psu, strata = ~stratum, weights = ~w); per item, on the answered rows of the
# two audiences as a domain of the full design (subset() of the design object, never rows deleted
# first, so every PSU and stratum stays): svyby(svymean) by audience with the covariance matrix,
# the gap by svycontrast, svyttest for the test (df = PSUs − strata of the subset − 1), and the
# top-box share (codes >= 4) by svyby(svymean) of the indicator with the same contrast; its t and
# p are the contrast over its SE on svyttest's df (what svyttest of the indicator gives).
# Lonely PSUs cannot occur (every stratum holds 100 PSUs or more); R's default "fail" is kept.
#   Rscript r_survey_design.R panel_design.csv K executive customer out.json
suppressPackageStartupMessages({library(data.table); library(survey)})
args <- commandArgs(trailingOnly = TRUE)
d <- as.data.frame(fread(args[1]))
items <- sprintf("q%02d", seq_len(as.integer(args[2])))
ga <- args[3]; gb <- args[4]
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d)
sub <- subset(des, group %in% c(ga, gb))
num <- function(x) sprintf("%.17g", x)
out <- character()
for (q in items) {
  f <- as.formula(paste0("~", q))
  # svyby(na.rm = TRUE, covmat = TRUE) fails on NAs (survey 4.1): answered rows as a domain.
  ans <- subset(sub, !is.na(get(q)))
  by <- svyby(f, ~group, ans, svymean, covmat = TRUE)
  gap <- svycontrast(by, setNames(c(1, -1), c(ga, gb)))
  tt <- svyttest(as.formula(paste0(q, " ~ factor(group, levels = c('", gb, "', '", ga, "'))")),
                 ans)
  top <- as.formula(paste0("~I(as.numeric(", q, " >= 4))"))
  tb <- svyby(top, ~group, ans, svymean, covmat = TRUE)
  tgap <- svycontrast(tb, setNames(c(1, -1), c(ga, gb)))
  df <- unname(tt$parameter)
  tb_t <- unname(coef(tgap)) / unname(SE(tgap))
  vals <- c(mean_a = unname(coef(by)[ga]), mean_b = unname(coef(by)[gb]),
            mean_gap = unname(coef(gap)), mean_se = unname(SE(gap)),
            t = unname(tt$statistic), df = df, mean_p = unname(tt$p.value),
            tb_a = unname(coef(tb)[ga]), tb_b = unname(coef(tb)[gb]),
            tb_gap = unname(coef(tgap)), tb_se = unname(SE(tgap)),
            tb_t = tb_t, tb_p = 2 * pt(-abs(tb_t), df))
  out <- c(out, sprintf('"%s": {%s}', q,
                        paste(sprintf('"%s": %s', names(vals), num(vals)), collapse = ", ")))
}
writeLines(c(sprintf('{"tool": "R survey (design)", "degf": %d, "items": {', degf(sub)),
             paste(out, collapse = ",\n"), "}}"), args[5])
