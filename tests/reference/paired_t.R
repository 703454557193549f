# Reference values for cxgap's paired t test (include/cxgap/paired/paired_t.hpp): R's
# t.test(x, y, paired = TRUE) on respondent-level vectors expanded from the K x K paired tables
# of tests/reference/paired_cases.R. Where R stops with an error, the message is stored instead.
# Run from the repository root:  Rscript tests/reference/paired_t.R
# Writes tests/reference/fixtures/paired_t.txt.
source("tests/reference/paired_cases.R")

out <- c(
  "# cxgap reference values: paired t test of a K x K paired table (first - second).",
  paste0("# Tool: ", R.version.string, "."),
  "# Script: tests/reference/paired_t.R (Rscript tests/reference/paired_t.R), tables from",
  "# tests/reference/paired_cases.R. counts: row-major K x K (rows = first rating); scores: the",
  "# K category scores. Each value's <key>_call is the R expression that produced it; error = R's",
  "# message where t.test stops.",
  ""
)
for (name in names(paired_cases)) {
  cs <- paired_cases[[name]]
  v <- expand(cs)
  x <- v$x; y <- v$y
  out <- c(out, sprintf("[%s]", name), paste("call =", expand_call(cs)),
           paste("k =", length(cs$scores)), paste("counts =", vec(cs$counts)),
           paste("scores =", vec(cs$scores)), paste("level =", fmt(cs$level)),
           paste("n =", length(x)),
           "mean_first_call = mean(x)", paste("mean_first =", fmt(mean(x))),
           "mean_second_call = mean(y)", paste("mean_second =", fmt(mean(y))))
  tt <- tryCatch(t.test(x, y, paired = TRUE, conf.level = cs$level),
                 error = function(e) conditionMessage(e))
  if (is.character(tt)) {
    out <- c(out, sprintf("error_call = t.test(x, y, paired = TRUE, conf.level = %s)", fmt(cs$level)),
             paste("error =", tt))
  } else {
    tcall <- sprintf("t.test(x, y, paired = TRUE, conf.level = %s)", fmt(cs$level))
    out <- c(out,
             sprintf("estimate_call = %s$estimate", tcall), paste("estimate =", fmt(unname(tt$estimate))),
             sprintf("std_error_call = %s$stderr", tcall), paste("std_error =", fmt(tt$stderr)),
             sprintf("statistic_call = %s$statistic", tcall), paste("statistic =", fmt(unname(tt$statistic))),
             sprintf("df_call = %s$parameter", tcall), paste("df =", fmt(unname(tt$parameter))),
             sprintf("p_value_call = %s$p.value", tcall), paste("p_value =", fmt(tt$p.value)),
             sprintf("ci_call = %s$conf.int", tcall), paste("ci =", fmt(tt$conf.int[1]), fmt(tt$conf.int[2])))
  }
  out <- c(out, "")
}
writeLines(out, "tests/reference/fixtures/paired_t.txt")
