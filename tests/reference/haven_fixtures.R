# Survey-file fixtures for the ReadStat reader (include/cxgap/io/readstat.hpp), written by R's
# haven, which writes these formats through its own bundled copy of ReadStat's writers.
# Generated with: R 4.2.2 Patched (2022-11-10 r83330), haven 2.5.1 (Debian r-cran-haven 2.5.1-1).
# Run from the repository root:  Rscript tests/reference/haven_fixtures.R
#
# One small CX export (20 respondents: 8 executives, 12 customers), written four times:
#   haven::write_sav(spss, "tests/io/data/cx_survey.sav")                     # compress = "byte"
#   haven::write_sav(spss, "tests/io/data/cx_survey.zsav", compress = "zsav")
#   haven::write_dta(stata, "tests/io/data/cx_survey.dta", version = 15)
#   haven::write_sas(sas, "tests/io/data/cx_survey.sas7bdat")
# plus the values every reader must return, as text (missing = empty field):
#   tests/io/data/haven_expected.csv
# and a note of the versions and calls: tests/io/data/haven_fixtures.txt.
#
# Columns (same names, order and variable labels in every file):
#   respondent  1..20
#   group       1 = executive, 2 = customer (value labels; SAS has none, see below)
#   audience    the same as text ("executive" / "customer")
#   q1          Likert 1-5, value labels "Strongly disagree" .. "Strongly agree"; 2 system-missing
#   q2          Likert 1-5 plus 9 = "Don't know", user-missing; 2 system-missing
#   q3          recommend 0-10 (labels at 0 and 10), 98 = "Refused", 99 = "Not asked", user-missing
#   weight      a design weight with non-terminating binary fractions (1/3, 0.1, ...)
#   region      text, one "" (SPSS, Stata and SAS have no missing string: NA is written as "")
# How each format says "user-missing":
#   SPSS (.sav, .zsav): labelled_spss(na_values = 9) on q2 and labelled_spss(na_range = c(98, 99))
#     on q3: the codes 9, 98, 99 stay in the file as defined missing values.
#   Stata (.dta): no user-missing codes; the answers become extended missing values,
#     9 -> .a, 98 -> .r, 99 -> .n (haven::tagged_na), with value labels on .a / .r / .n.
#   SAS (.sas7bdat): special missing values 9 -> .A, 98 -> .R, 99 -> .N. write_sas writes no
#     format catalog (.sas7bcat), so the SAS file has variable labels but no value labels.
# Every file is read back with haven and compared with the expected values (stopifnot below).
library(haven)

dir <- "tests/io/data"
dir.create(dir, showWarnings = FALSE, recursive = TRUE)
likert <- c("Strongly disagree" = 1, "Disagree" = 2, "Neither agree nor disagree" = 3,
            "Agree" = 4, "Strongly agree" = 5)
text_q1 <- "Our service is above average"
text_q2 <- "Our staff have the tools and authority to solve customer problems"
text_q3 <- "How likely are you to recommend us to a friend or colleague?"

respondent <- 1:20
group_code <- c(rep(1, 8), rep(2, 12))
q1 <- c(5, 4, 5, 4, NA, 5, 3, 4,   2, 3, 1, 2, 4, NA, 3, 2, 1, 3, 2, 5)
q2 <- c(4, 9, 5, 4, 3, NA, 4, 5,   3, 9, 2, 9, 3, 2, NA, 4, 1, 9, 2, 3)
q3 <- c(9, 10, 8, 98, 9, 10, 7, 9, 5, 6, 99, 3, 8, NA, 7, 2, 0, 98, 6, 10)
weight <- c(1, 1/3, 2/3, 1.25, 0.1, 1, 1, 0.8,   1.5, 0.75, 1/3, 2, 0.9, 1.1, 1, 0.6, 1.2, 2.5, 0.4, 1)
region <- c("North", "South", "Île-de-France", "North", "South", "East", "West", "North",
            "South", "East", "Île-de-France", NA, "North", "West", "South", "East", "North",
            "West", "South", "East")

labels_q3 <- c("Not at all likely" = 0, "Extremely likely" = 10)
base <- function() data.frame(
  respondent = respondent,
  group = labelled(group_code, c(executive = 1, customer = 2), label = "Audience"),
  audience = ifelse(group_code == 1, "executive", "customer"),
  stringsAsFactors = FALSE)

# SPSS: the codes stay, declared user-missing.
spss <- base()
spss$q1 <- labelled(q1, likert, label = text_q1)
spss$q2 <- labelled_spss(q2, c(likert, "Don't know" = 9), na_values = 9, label = text_q2)
spss$q3 <- labelled_spss(q3, c(labels_q3, "Refused" = 98, "Not asked" = 99),
                         na_range = c(98, 99), label = text_q3)
spss$weight <- labelled(weight, label = "Design weight")
spss$region <- labelled(region, label = "Region")

# Stata / SAS: the codes become extended / special missing values with the given tags.
tag <- function(x, tags) {
  out <- as.double(x)
  for (code in names(tags)) out[!is.na(x) & x == as.numeric(code)] <- tagged_na(tags[[code]])
  out
}
stata <- spss
stata$q2 <- labelled(tag(q2, c("9" = "a")), c(likert, "Don't know" = tagged_na("a")), label = text_q2)
stata$q3 <- labelled(tag(q3, c("98" = "r", "99" = "n")),
                     c(labels_q3, "Refused" = tagged_na("r"), "Not asked" = tagged_na("n")),
                     label = text_q3)
sas <- stata
sas$group <- labelled(group_code, label = "Audience")
sas$q1 <- labelled(q1, label = text_q1)
sas$q2 <- labelled(tag(q2, c("9" = "A")), label = text_q2)
sas$q3 <- labelled(tag(q3, c("98" = "R", "99" = "N")), label = text_q3)

write_sav(spss, file.path(dir, "cx_survey.sav"))
write_sav(spss, file.path(dir, "cx_survey.zsav"), compress = "zsav")
write_dta(stata, file.path(dir, "cx_survey.dta"), version = 15)
write_sas(sas, file.path(dir, "cx_survey.sas7bdat"))

# Expected fields: integers without decimals, other numbers with %.17g, user-missing and
# system-missing as "", strings as they are.
num <- function(x) ifelse(is.na(x), "",
                          ifelse(x == round(x) & abs(x) < 2^53, sprintf("%.0f", x), sprintf("%.17g", x)))
plain <- function(x, missing_codes = numeric()) { x[x %in% missing_codes] <- NA; num(x) }
expected <- data.frame(
  respondent = num(respondent), group = num(group_code),
  audience = ifelse(group_code == 1, "executive", "customer"),
  q1 = plain(q1), q2 = plain(q2, 9), q3 = plain(q3, c(98, 99)), weight = num(weight),
  region = ifelse(is.na(region), "", region), stringsAsFactors = FALSE)
con <- file(file.path(dir, "haven_expected.csv"), "w", encoding = "UTF-8")
write.csv(expected, con, row.names = FALSE, quote = TRUE, na = "")
close(con)

# Read every file back with haven (user-missing -> NA, haven's default) and compare.
check <- function(d) {
  got <- data.frame(lapply(d, function(col) {
    col <- as.vector(zap_labels(col))  # drops the label / format attributes
    if (is.character(col)) col else num(as.double(col))
  }),
                    stringsAsFactors = FALSE)
  stopifnot(identical(names(got), names(expected)),
            identical(unname(as.list(got)), unname(as.list(expected))),
            identical(attr(d$q1, "label"), text_q1))
}
check(read_sav(file.path(dir, "cx_survey.sav")))
check(read_sav(file.path(dir, "cx_survey.zsav")))
check(read_dta(file.path(dir, "cx_survey.dta")))
check(read_sas(file.path(dir, "cx_survey.sas7bdat")))

note <- file(file.path(dir, "haven_fixtures.txt"), "w", encoding = "UTF-8")
writeLines(c(
  "# Survey-file fixtures written by tests/reference/haven_fixtures.R (run from the repository root).",
  paste0("# Tool: ", R.version.string, ", haven ", packageVersion("haven"),
         " (its bundled ReadStat writers)"),
  "# Files and calls:",
  "#   cx_survey.sav       haven::write_sav(spss, \"tests/io/data/cx_survey.sav\")",
  "#   cx_survey.zsav      haven::write_sav(spss, \"tests/io/data/cx_survey.zsav\", compress = \"zsav\")",
  "#   cx_survey.dta       haven::write_dta(stata, \"tests/io/data/cx_survey.dta\", version = 15)",
  "#   cx_survey.sas7bdat  haven::write_sas(sas, \"tests/io/data/cx_survey.sas7bdat\")",
  "#   haven_expected.csv  write.csv(expected, row.names = FALSE, na = \"\"): the fields a reader must return",
  "# User-missing: SPSS q2 na_values = 9, q3 na_range = c(98, 99); Stata q2 9 -> .a, q3 98 -> .r, 99 -> .n;",
  "#   SAS q2 9 -> .A, q3 98 -> .R, 99 -> .N (no value labels in the SAS file: no format catalog).",
  "# Every file was read back with haven::read_sav / read_dta / read_sas and matched haven_expected.csv."),
  note)
close(note)
