# Reference values for cxgap's proportions (include/cxgap/stats/proportion.hpp,
# proportion_difference.hpp, contingency.hpp) from base R.
# Writes tests/reference/fixtures/proportion_r.txt. Run from the repository root:
#   Rscript tests/reference/proportion.R
# Every case records the exact R expression that produced its numbers (key `call`).

out_file <- file.path("tests", "reference", "fixtures", "proportion_r.txt")
lines <- c(
  "# Reference values for cxgap proportions, computed with base R (package stats).",
  paste0("# Tool: ", R.version.string),
  "# Script: tests/reference/proportion.R (regenerate: Rscript tests/reference/proportion.R)",
  "# Numbers are written with sprintf('%.17g'). Keys: kind, x/n or x_a/n_a/x_b/n_b, level, results."
)
num <- function(v) paste(sprintf("%.17g", v), collapse = " ")
add_case <- function(name, call, fields) {
  lines <<- c(lines, "", paste0("[", name, "]"), paste0("call = ", call))
  for (k in names(fields)) {
    v <- fields[[k]]
    lines <<- c(lines, paste0(k, " = ", if (is.character(v)) v else num(v)))
  }
}
run <- function(call) suppressWarnings(eval(parse(text = call)))

# ---- one proportion -------------------------------------------------------------------------
single <- list(c(0, 1), c(1, 1), c(0, 10), c(1, 10), c(5, 10), c(9, 10), c(10, 10),
               c(0, 50), c(3, 50), c(49, 50), c(17, 300), c(150, 300), c(1, 1e7),
               c(5e6, 1e7), c(9999999, 1e7), c(0, 1e7), c(12345, 1e9))
levels <- c(0.95, 0.9, 0.99)
for (xn in single) {
  x <- xn[1]; n <- xn[2]
  for (level in levels) {
    if (level != 0.95 && !(x %in% c(0, 1, 3, 17)) ) next
    tag <- sprintf("%.0f/%.0f level %g", x, n, level)
    # Wilson = the score interval of prop.test without continuity correction.
    call <- sprintf("prop.test(%.0f, %.0f, correct = FALSE, conf.level = %g)$conf.int", x, n, level)
    ci <- run(call)
    add_case(paste("wilson", tag), call,
             list(kind = "wilson", x = x, n = n, level = level, lower = ci[1], upper = ci[2]))
    call <- sprintf("binom.test(%.0f, %.0f, conf.level = %g)$conf.int", x, n, level)
    ci <- run(call)
    add_case(paste("clopper-pearson", tag), call,
             list(kind = "clopper-pearson", x = x, n = n, level = level,
                  lower = ci[1], upper = ci[2]))
    # Jeffreys with the boundary convention lower = 0 at x = 0, upper = 1 at x = n.
    call <- sprintf(paste0("c(if (%.0f == 0) 0 else qbeta(%.17g, %.0f + 0.5, %.0f - %.0f + 0.5), ",
                           "if (%.0f == %.0f) 1 else qbeta(%.17g, %.0f + 0.5, %.0f - %.0f + 0.5, ",
                           "lower.tail = FALSE))"),
                    x, (1 - level) / 2, x, n, x, x, n, (1 - level) / 2, x, n, x)
    ci <- run(call)
    add_case(paste("jeffreys", tag), call,
             list(kind = "jeffreys", x = x, n = n, level = level, lower = ci[1], upper = ci[2]))
  }
}

# ---- two independent proportions ------------------------------------------------------------
# Table rows are the groups (A, B), columns success / failure.
pairs <- list(c(56, 70, 48, 80), c(9, 10, 3, 10), c(6, 7, 2, 7), c(5, 56, 0, 29),
              c(3, 29, 6, 36), c(12, 40, 25, 45), c(150, 300, 120, 310), c(1, 1, 0, 1),
              c(0, 1, 1, 2), c(2, 5, 3, 5), c(40, 50, 10, 60), c(0, 10, 10, 10),
              c(10, 10, 0, 20), c(1, 1000, 0, 1000), c(500, 1000, 450, 1000),
              c(5000000, 1e7, 4990000, 1e7), c(2500, 1e7, 2300, 1e7),
              c(850, 1000, 60, 1000),        # z about 35.5: p about 1e-275
              c(500, 500, 0, 500),           # Fisher p = 2/choose(1000, 500), about 7e-300
              c(300, 400, 100, 400))
for (v in pairs) {
  xa <- v[1]; na <- v[2]; xb <- v[3]; nb <- v[4]
  tag <- sprintf("%.0f/%.0f vs %.0f/%.0f", xa, na, xb, nb)
  tab <- sprintf("matrix(c(%.0f, %.0f, %.0f, %.0f), 2, byrow = TRUE)", xa, na - xa, xb, nb - xb)
  fields <- list(x_a = xa, n_a = na, x_b = xb, n_b = nb)
  pooled <- (xa + xb) / (na + nb)
  if (pooled > 0 && pooled < 1) {
    call <- sprintf("prop.test(c(%.0f, %.0f), c(%.0f, %.0f), correct = FALSE)", xa, xb, na, nb)
    r <- run(call)
    # z = sign(p_a - p_b) * sqrt(X-squared); the p-value is the chi-square(1) upper tail.
    add_case(paste("prop.test", tag), call,
             c(list(kind = "prop.test"), fields,
               list(x_squared = unname(r$statistic), p_value = r$p.value,
                    z = sign(xa / na - xb / nb) * sqrt(unname(r$statistic)),
                    wald_lower = r$conf.int[1], wald_upper = r$conf.int[2])))
    call <- sprintf("prop.test(c(%.0f, %.0f), c(%.0f, %.0f), correct = TRUE)", xa, xb, na, nb)
    r <- run(call)
    add_case(paste("prop.test yates", tag), call,
             c(list(kind = "prop.test-yates"), fields,
               list(x_squared = unname(r$statistic), p_value = r$p.value)))
    for (correct in c(FALSE, TRUE)) {
      call <- sprintf("chisq.test(%s, correct = %s)", tab, correct)
      r <- run(call)
      add_case(paste(if (correct) "chisq.test yates" else "chisq.test", tag), call,
               c(list(kind = if (correct) "chisq-yates" else "chisq"), fields,
                 list(x_squared = unname(r$statistic), p_value = r$p.value)))
    }
  }
  # 850/1000 vs 60/1000: Fisher's p is about 9e-318, a subnormal double in which R's value has
  # lost digits; it is used for the z test only.
  if (!(xa == 850 && xb == 60)) {
    call <- sprintf("fisher.test(%s)$p.value", tab)
    add_case(paste("fisher.test", tag), call,
             c(list(kind = "fisher"), fields, list(p_value = run(call))))
  }
}

# Degenerate margins: R's own answers, recorded for the documentation of cxgap's choices.
for (v in list(c(0, 10, 0, 20), c(10, 10, 20, 20))) {
  xa <- v[1]; na <- v[2]; xb <- v[3]; nb <- v[4]
  tag <- sprintf("%.0f/%.0f vs %.0f/%.0f", xa, na, xb, nb)
  tab <- sprintf("matrix(c(%.0f, %.0f, %.0f, %.0f), 2, byrow = TRUE)", xa, na - xa, xb, nb - xb)
  fields <- list(x_a = xa, n_a = na, x_b = xb, n_b = nb)
  call <- sprintf("prop.test(c(%.0f, %.0f), c(%.0f, %.0f), correct = FALSE)", xa, xb, na, nb)
  r <- run(call)
  add_case(paste("degenerate prop.test", tag), call,
           c(list(kind = "degenerate-prop.test"), fields,
             list(x_squared = unname(r$statistic), p_value = r$p.value)))
  call <- sprintf("fisher.test(%s)$p.value", tab)
  add_case(paste("degenerate fisher.test", tag), call,
           c(list(kind = "degenerate-fisher"), fields, list(p_value = run(call))))
}

writeLines(lines, out_file)
cat("wrote", out_file, "\n")
