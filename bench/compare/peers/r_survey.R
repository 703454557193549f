# Peer 4 of the side-by-side benchmark: R's survey package (Lumley), the design-based path users
# trust. The panel is an equal-probability sample with each respondent its own PSU:
# svydesign(ids = ~1, weights = ~1); per item svyby(svymean) by audience with the covariance
# matrix, the gap by svycontrast, svyttest for the test, and svyciprop-free top-box shares by
# svyby(svymean) of the indicator with the same contrast. Design-based (with-replacement) SEs
# differ from Welch's by the factor n/(n-1)·(n_g-1)/n_g per audience; the compare script checks
# the gap and, where cxgap computes it, the design-based SE.
#   Rscript r_survey.R panel.csv K executive customer out.json
suppressPackageStartupMessages({library(data.table); library(survey)})
args <- commandArgs(trailingOnly = TRUE)
d <- as.data.frame(fread(args[1]))
items <- sprintf("q%02d", seq_len(as.integer(args[2])))
ga <- args[3]; gb <- args[4]
d$w <- 1
des <- svydesign(ids = ~1, weights = ~w, data = d)
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
  vals <- c(mean_gap = unname(coef(gap)), svy_mean_se = unname(SE(gap)),
            svy_t = unname(tt$statistic), svy_df = unname(tt$parameter), svy_p = unname(tt$p.value),
            tb_gap = unname(coef(tgap)), svy_tb_se = unname(SE(tgap)))
  out <- c(out, sprintf('"%s": {%s}', q,
                        paste(sprintf('"%s": %s', names(vals), num(vals)), collapse = ", ")))
}
writeLines(c('{"tool": "R survey", "items": {', paste(out, collapse = ",\n"), "}}"), args[5])
