# Real data for the multivariate tests (include/cxgap/multivariate/*), copied column by column so
# the C++ tests need neither R nor psych at run time:
#  * psych's bfi (2800 respondents, Likert items coded 1-6, NA = no answer): the agreeableness
#    (A1-A5) and conscientiousness (C1-C5) items, gender (1 = male, 2 = female) and education;
#  * R's datasets mtcars, attitude and swiss (complete, continuous) and airquality (with NA) for
#    the key-driver tests.
# The reference values themselves are computed from the same R objects by
# multivariate_hotelling.R, multivariate_reliability.R and multivariate_relative_weights.R.
# Run from the repository root:  Rscript tests/reference/multivariate_data.R
# Writes tests/reference/fixtures/multivariate_data.txt.
suppressPackageStartupMessages(library(psych))
data(bfi, package = "psych", envir = environment())
out <- file("tests/reference/fixtures/multivariate_data.txt", "w")
w <- function(...) cat(..., "\n", sep = "", file = out)
num <- function(x) paste(ifelse(is.na(x), "NaN", sprintf("%.17g", x)), collapse = " ")

w("# Data columns (one key per column, one value per respondent/row, NaN = NA) for the multivariate tests.")
w("# Tool: ", R.version.string, ", psych ", as.character(packageVersion("psych")), ", datasets")
w("# Script: tests/reference/multivariate_data.R")

columns <- function(name, call, df, cols) {
  w("")
  w("[", name, "]")
  w("call = ", call)
  w("rows = ", nrow(df))
  w("columns = ", paste(cols, collapse = " "))
  for (col in cols) w(col, " = ", num(df[[col]]))
}

columns("bfi", 'data(bfi, package = "psych"); bfi[, c(items, "gender", "education")]', bfi,
        c(paste0("A", 1:5), paste0("C", 1:5), "gender", "education"))
columns("mtcars", "datasets::mtcars", mtcars, c("mpg", "cyl", "disp", "hp", "wt"))
columns("attitude", "datasets::attitude", attitude, colnames(attitude))
columns("swiss", "datasets::swiss", swiss, colnames(swiss))
columns("airquality", "datasets::airquality", airquality, c("Ozone", "Solar.R", "Wind", "Temp"))
close(out)
