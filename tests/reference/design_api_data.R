# R survey's own California API data (apistrat, apiclus1, apiclus2), exported with their design
# columns for the design-based tests (include/cxgap/design/*) and the CLI, so that neither needs R
# at run time. Factors are written as integer codes: yes/no factors as 1 = Yes, 0 = No; stype as
# its label (E, M, H). Column names use '_' for R's '.'.
# Run from the repository root:  Rscript tests/reference/design_api_data.R
# Writes tests/reference/fixtures/api/{apistrat,apiclus1,apiclus2}.csv (R 4.2.2, survey 4.1.1).
suppressPackageStartupMessages(library(survey))
data(api)
yes <- function(f) ifelse(is.na(f), NA, as.integer(f == "Yes"))
export <- function(d, name, extra) {
  out <- data.frame(
    cds = d$cds, snum = d$snum, dnum = d$dnum, stype = as.character(d$stype),
    api00 = d$api00, api99 = d$api99, enroll = d$enroll, meals = d$meals, ell = d$ell,
    sch_wide = yes(d$sch.wide), comp_imp = yes(d$comp.imp), both = yes(d$both),
    awards = yes(d$awards), yr_rnd = yes(d$yr.rnd), pw = sprintf("%.17g", d$pw))
  for (col in extra) out[[gsub(".", "_", col, fixed = TRUE)]] <- d[[col]]
  path <- file.path("tests/reference/fixtures/api", paste0(name, ".csv"))
  write.csv(out, path, row.names = FALSE, na = "", quote = FALSE)
}
export(apistrat, "apistrat", "fpc")
export(apiclus1, "apiclus1", "fpc")
export(apiclus2, "apiclus2", c("fpc1", "fpc2"))
