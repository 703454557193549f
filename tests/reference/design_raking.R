# Reference values for cxgap's raking (include/cxgap/design/raking.hpp,
# tests/design/raking_test.cpp): R survey's rake() (iterative proportional fitting, postStratify
# per margin) and calibrate(calfun = "raking") on its api data
# (tests/reference/fixtures/api/*.csv, from design_api_data.R): raked weights, sweeps until
# rake()'s convergence test passes, and weighted means of the raked designs.
# Run from the repository root:  Rscript tests/reference/design_raking.R
# Writes tests/reference/fixtures/design_raking.txt.
suppressPackageStartupMessages(library(survey))
data(api)
stopifnot(packageVersion("survey") == "4.1.1")
f <- function(x) sprintf("%.17g", x)
lines <- c(
  "# cxgap reference values: raking (R survey rake() and calibrate(calfun = \"raking\")).",
  paste0("# Tool: ", R.version.string, ", survey ", packageVersion("survey"), "."),
  "# Script: tests/reference/design_raking.R (Rscript tests/reference/design_raking.R).",
  "# margins: the margin variables in order; target_<var>: population counts in the order of",
  "# levels_<var>; weights: raked weights in data-file row order; sweeps: the smallest maxit for",
  "# which rake() does not warn \"did not converge\" (NA if none up to maxit).", "")
kv <- function(k, v, call = NULL) {
  if (!is.null(call)) lines <<- c(lines, paste0(k, "_call = ", call))
  lines <<- c(lines, paste0(k, " = ", paste(f(v), collapse = " ")))
}
ks <- function(k, v) lines <<- c(lines, paste0(k, " = ", paste(v, collapse = " ")))
sweeps <- function(design, margins, pops, control) {
  for (k in seq_len(control$maxit)) {
    ctl <- control; ctl$maxit <- k
    warned <- FALSE
    invisible(withCallingHandlers(rake(design, margins, pops, control = ctl),
                        warning = function(w) { warned <<- TRUE; invokeRestart("muffleWarning") }))
    if (!warned) return(k)
  }
  NA
}
rake_case <- function(name, data_name, design_call, vars, pops, control, control_call) {
  design <- eval(parse(text = design_call))
  margins <- lapply(vars, function(v) as.formula(paste0("~", v)))
  call <- sprintf("rake(%s, list(%s), list(%s), control = %s)", "d", paste0("~", vars, collapse = ", "),
                  paste0("pop_", vars, collapse = ", "), control_call)
  lines <<- c(lines, sprintf("[%s]", name), paste("data =", data_name), paste("design_call = d <-", design_call))
  for (i in seq_along(vars)) {
    lines <<- c(lines, sprintf("pop_%s_call = pop_%s <- data.frame(%s = c(%s), Freq = c(%s))", vars[i], vars[i], vars[i],
                               paste0("\"", pops[[i]][[1]], "\"", collapse = ", "), paste(f(pops[[i]]$Freq), collapse = ", ")))
    ks(paste0("levels_", vars[i]), pops[[i]][[1]]); kv(paste0("target_", vars[i]), pops[[i]]$Freq)
  }
  ks("margins", vars); lines <<- c(lines, paste("call =", call))
  kv("max_iterations", control$maxit); kv("epsilon", control$epsilon)
  r <- suppressWarnings(rake(design, margins, pops, control = control))
  kv("weights", weights(r), "weights(r)")
  kv("sweeps", sweeps(design, margins, pops, control))
  m <- svymean(~api00, r)
  kv("mean_api00", coef(m), "coef(svymean(~api00, r))")
  b <- svyby(~api00, ~stype, r, svymean)
  kv("by_stype_api00", coef(b), "coef(svyby(~api00, ~stype, r, svymean))  # E H M")
  lines <<- c(lines, "")
  invisible(r)
}
pop_stype <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
pop_sch.wide <- data.frame(sch.wide = c("No", "Yes"), Freq = c(1072, 5122))
pop_awards <- data.frame(awards = c("No", "Yes"), Freq = c(2500, 3694))
clus1 <- "svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)"
strat <- "svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)"
rake_case("apiclus1_default", "apiclus1", clus1, c("stype", "sch.wide"), list(pop_stype, pop_sch.wide),
          list(maxit = 10, epsilon = 1, verbose = FALSE), "list(maxit = 10, epsilon = 1)")
rake_case("apiclus1_tight", "apiclus1", clus1, c("stype", "sch.wide"), list(pop_stype, pop_sch.wide),
          list(maxit = 100, epsilon = 1e-12, verbose = FALSE), "list(maxit = 100, epsilon = 1e-12)")
rake_case("apiclus1_three", "apiclus1", clus1, c("stype", "sch.wide", "awards"), list(pop_stype, pop_sch.wide, pop_awards),
          list(maxit = 100, epsilon = 1e-10, verbose = FALSE), "list(maxit = 100, epsilon = 1e-10)")
rake_case("apiclus1_two_sweeps", "apiclus1", clus1, c("stype", "sch.wide", "awards"), list(pop_stype, pop_sch.wide, pop_awards),
          list(maxit = 2, epsilon = 1e-10, verbose = FALSE), "list(maxit = 2, epsilon = 1e-10)")
rake_case("apistrat_default", "apistrat", strat, c("sch.wide", "awards"), list(pop_sch.wide, pop_awards),
          list(maxit = 10, epsilon = 1, verbose = FALSE), "list(maxit = 10, epsilon = 1)")
rake_case("apistrat_tight", "apistrat", strat, c("sch.wide", "awards"), list(pop_sch.wide, pop_awards),
          list(maxit = 50, epsilon = 1e-11, verbose = FALSE), "list(maxit = 50, epsilon = 1e-11)")

# calibrate(calfun = "raking") reaches the same fixed point (its SEs differ from rake()'s).
d <- eval(parse(text = clus1))
cal <- calibrate(d, ~stype + sch.wide, population = c(`(Intercept)` = 6194, stypeH = 755, stypeM = 1018, sch.wideYes = 5122),
                 calfun = "raking", epsilon = 1e-13, maxit = 200)
lines <- c(lines, "[apiclus1_calibrate]", "data = apiclus1", paste("design_call = d <-", clus1),
           "call = calibrate(d, ~stype + sch.wide, population = c(`(Intercept)` = 6194, stypeH = 755, stypeM = 1018, sch.wideYes = 5122), calfun = \"raking\", epsilon = 1e-13, maxit = 200)")
ks("margins", c("stype", "sch.wide")); ks("levels_stype", c("E", "H", "M")); kv("target_stype", c(4421, 755, 1018))
ks("levels_sch.wide", c("No", "Yes")); kv("target_sch.wide", c(1072, 5122))
kv("weights", weights(cal), "weights(cal)")
kv("mean_api00", coef(svymean(~api00, cal)), "coef(svymean(~api00, cal))")
writeLines(lines, "tests/reference/fixtures/design_raking.txt")
