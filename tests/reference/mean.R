# Reference values for include/cxgap/stats/mean.hpp: Welch and Student two-sample t tests and
# the one-sample t interval, from R's stats::t.test on data expanded from category counts.
# Run from the repository root:  Rscript tests/reference/mean.R
# Writes tests/reference/fixtures/mean.txt.
out <- file("tests/reference/fixtures/mean.txt", "w")
w <- function(...) cat(..., "\n", sep = "", file = out)
num <- function(x) paste(ifelse(is.na(x), "NaN", sprintf("%.17g", x)), collapse = " ")
int <- function(x) paste(sprintf("%.0f", x), collapse = " ")

w("# Two-sample t tests (Welch and pooled Student) and one-sample t intervals.")
w("# Tool: ", R.version.string, ", stats::t.test")
w("# Script: tests/reference/mean.R (data: x <- rep(scores_a, counts_a), y <- rep(scores_b, counts_b))")
w("# A key *_error holds the message with which R stops instead of returning a result.")

cases <- list(
  list("likert5 small groups", c(1, 3, 5, 2, 1), 1:5, c(2, 4, 3, 1, 0), 1:5, 0.95),
  list("unequal n and variances", c(3, 0, 0, 0, 7), 1:5, c(10, 25, 30, 20, 15), 1:5, 0.95),
  list("non-integer scores", c(4, 9, 2, 7), c(0, 2.5, 7.25, 10), c(6, 1, 8, 3), c(0, 2.5, 7.25, 10), 0.95),
  list("level 0.90", c(5, 8, 12, 9, 6), 1:5, c(7, 11, 9, 5, 2), 1:5, 0.90),
  list("level 0.999", c(5, 8, 12, 9, 6), 1:5, c(7, 11, 9, 5, 2), 1:5, 0.999),
  list("seven point scale, large n", c(1200, 3000, 5000, 9000, 8000, 4000, 1800), 1:7,
       c(900, 2500, 6100, 8800, 7000, 3500, 1200), 1:7, 0.95),
  list("large t, tiny p", c(0, 50, 150, 200, 100), 1:5, c(100, 200, 150, 50, 0), 1:5, 0.95),
  list("negative scores, NPS-like recode", c(30, 50, 120), c(-1, 0, 1), c(45, 60, 95), c(-1, 0, 1), 0.95),
  list("one group constant", c(0, 0, 12, 0, 0), 1:5, c(2, 3, 4, 2, 1), 1:5, 0.95),
  list("group of one", c(0, 1, 0, 0, 0), 1:5, c(1, 2, 1, 0, 0), 1:5, 0.95),
  list("two groups of one", c(0, 1, 0), 1:3, c(0, 0, 1), 1:3, 0.95),
  list("both groups constant", c(0, 7, 0), 1:3, c(0, 0, 5), 1:3, 0.95),
  list("both constant at zero", c(4, 0), c(0, 1), c(6, 0), c(0, 1), 0.95)
)

record <- function(prefix, expr, call) {
  r <- tryCatch(eval(expr), error = function(e) e)
  w(prefix, "call = ", call)
  if (inherits(r, "error")) {
    w(prefix, "error = ", conditionMessage(r))
    return(invisible())
  }
  if (length(r$estimate) == 2) {
    w(prefix, "estimate = ", num(unname(r$estimate[1] - r$estimate[2])))
  } else {
    w(prefix, "estimate = ", num(unname(r$estimate)))
  }
  w(prefix, "std_error = ", num(r$stderr))
  w(prefix, "statistic = ", num(unname(r$statistic)))
  w(prefix, "df = ", num(unname(r$parameter)))
  w(prefix, "p_value = ", num(r$p.value))
  w(prefix, "ci = ", num(r$conf.int))
}

for (cs in cases) {
  name <- cs[[1]]; ca <- cs[[2]]; sa <- cs[[3]]; cb <- cs[[4]]; sb <- cs[[5]]; level <- cs[[6]]
  x <- rep(sa, ca); y <- rep(sb, cb)
  w("")
  w("[", name, "]")
  w("call = t.test(x, y, conf.level = ", level, ") and t.test(x, y, var.equal = TRUE, conf.level = ",
    level, ") and t.test(x, conf.level = ", level, ")")
  w("counts_a = ", int(ca))
  w("scores_a = ", num(sa))
  w("counts_b = ", int(cb))
  w("scores_b = ", num(sb))
  w("level = ", num(level))
  w("mean_a = ", num(mean(x)))
  w("mean_b = ", num(mean(y)))
  w("var_a = ", num(if (length(x) > 1) var(x) else NA))
  w("var_b = ", num(if (length(y) > 1) var(y) else NA))
  record("welch_", quote(t.test(x, y, conf.level = level)),
         sprintf("t.test(x, y, conf.level = %s)", level))
  record("student_", quote(t.test(x, y, var.equal = TRUE, conf.level = level)),
         sprintf("t.test(x, y, var.equal = TRUE, conf.level = %s)", level))
  record("one_sample_", quote(t.test(x, conf.level = level)),
         sprintf("t.test(x, conf.level = %s)", level))
}
close(out)
