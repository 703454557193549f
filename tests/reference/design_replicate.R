# Reference values for cxgap's replicate-weight designs (include/cxgap/design/replicate.hpp,
# tests/design/replicate_test.cpp): R survey's as.svrepdesign (JK1, JKn, BRR, Fay, bootstrap,
# subbootstrap) and svrepdesign (supplied replicate weights) on its own api data
# (tests/reference/fixtures/api/*.csv, from design_api_data.R) and on its scd data; svymean,
# svytotal, svyby, svycontrast, svyttest; R's Hadamard matrices (survey:::hadamard).
# Run from the repository root:  Rscript tests/reference/design_replicate.R
# Writes tests/reference/fixtures/design_replicate.txt, design_replicate_hadamard.txt and
# design_replicate_apiclus1_jk1.csv.
suppressPackageStartupMessages(library(survey))
data(api); data(scd)
stopifnot(packageVersion("survey") == "4.1.1")
f <- function(x) sprintf("%.17g", x)
lines <- c(
  "# cxgap reference values: replicate-weight variance (R survey).",
  paste0("# Tool: ", R.version.string, ", survey ", packageVersion("survey"), "."),
  "# Script: tests/reference/design_replicate.R (Rscript tests/reference/design_replicate.R).",
  "# design_call builds the replicate design `r`; every value's <key>_call is the R expression.",
  "# multipliers: R's compressed replicate multipliers, row-major: one row per PSU (in R's order",
  "# of first appearance), one column per replicate. PSUs/strata: see psu_key.", "")
kv <- function(k, v, call = NULL) {
  if (!is.null(call)) lines <<- c(lines, paste0(k, "_call = ", call))
  lines <<- c(lines, paste0(k, " = ", paste(f(v), collapse = " ")))
}
ks <- function(k, v) lines <<- c(lines, paste0(k, " = ", paste(v, collapse = " ")))

estimates <- function(r, with_groups = TRUE) {
  kv("scale", r$scale, "r$scale"); kv("rscales", r$rscales, "r$rscales")
  kv("mse", as.integer(isTRUE(r$mse)), "r$mse"); kv("degf", degf(r), "degf(r)")
  m <- svymean(~api00, r)
  kv("mean_api00", coef(m), "coef(svymean(~api00, r))"); kv("mean_api00_se", SE(m), "SE(svymean(~api00, r))")
  t <- svytotal(~enroll, r, na.rm = TRUE)
  kv("total_enroll", coef(t), "coef(svytotal(~enroll, r, na.rm = TRUE))"); kv("total_enroll_se", SE(t), "SE(svytotal(~enroll, r, na.rm = TRUE))")
  if (!with_groups) return(invisible())
  b <- svyby(~api00, ~stype, r, svymean, covmat = TRUE)
  kv("by_stype_api00", coef(b), "coef(svyby(~api00, ~stype, r, svymean, covmat = TRUE))  # E H M")
  kv("by_stype_api00_se", SE(b), "SE(svyby(~api00, ~stype, r, svymean, covmat = TRUE))")
  g <- svycontrast(b, c(E = 1, H = 0, M = -1))
  kv("gap_api00_E_M", coef(g), "coef(svycontrast(svyby(~api00, ~stype, r, svymean, covmat = TRUE), c(E = 1, H = 0, M = -1)))")
  kv("gap_api00_E_M_se", SE(g), "SE(svycontrast(svyby(~api00, ~stype, r, svymean, covmat = TRUE), c(E = 1, H = 0, M = -1)))")
  p <- svyby(~I(as.numeric(sch.wide == "Yes")), ~stype, r, svymean)
  kv("by_stype_schwide", coef(p), "coef(svyby(~I(as.numeric(sch.wide == \"Yes\")), ~stype, r, svymean))")
  kv("by_stype_schwide_se", SE(p), "SE(svyby(~I(as.numeric(sch.wide == \"Yes\")), ~stype, r, svymean))")
  tt <- svyttest(api00 ~ awards, r)
  tc <- "svyttest(api00 ~ awards, r)"
  kv("ttest_estimate", unname(tt$estimate), paste0(tc, "$estimate  # awards Yes - No"))
  kv("ttest_statistic", unname(tt$statistic), paste0(tc, "$statistic"))
  kv("ttest_df", unname(tt$parameter), paste0(tc, "$parameter"))
  kv("ttest_p", tt$p.value, paste0(tc, "$p.value"))
  kv("ttest_ci", as.vector(tt$conf.int), paste0(tc, "$conf.int"))
}
multipliers <- function(r) {
  w <- r$repweights
  stopifnot(inherits(w, "repweights_compressed"))
  kv("psus", nrow(w$weights)); kv("replicates", ncol(w$weights))
  kv("multipliers", as.vector(t(w$weights)), "as.vector(t(r$repweights$weights))")
}
case <- function(name, design_call, psu_key) {
  lines <<- c(lines, sprintf("[%s]", name), paste("design_call =", design_call),
              paste("psu_key =", psu_key))
  eval(parse(text = design_call), envir = globalenv())
}

# JK1 on the one-stage cluster sample (15 districts of 757), with and without fpc.
case("apiclus1_jk1_fpc", "r <- as.svrepdesign(svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc), type = \"JK1\")", "dnum")
multipliers(r); estimates(r)
lines <- c(lines, "")
case("apiclus1_jk1", "r <- as.svrepdesign(svydesign(id = ~dnum, weights = ~pw, data = apiclus1), type = \"JK1\")", "dnum")
multipliers(r); estimates(r)
lines <- c(lines, "")
case("apiclus1_jk1_mse", "r <- as.svrepdesign(svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc), type = \"JK1\", mse = TRUE)", "dnum")
estimates(r)
lines <- c(lines, "")
# JK1 on the two-stage sample: only the first stage is used (fpc2 dropped, as R warns).
case("apiclus2_jk1_fpc", "r <- suppressWarnings(as.svrepdesign(svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2), type = \"JK1\"))", "dnum")
estimates(r)
lines <- c(lines, "")
# JKn on the stratified sample (each school its own PSU; strata stype), with and without fpc.
case("apistrat_jkn_fpc", "r <- as.svrepdesign(svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc), type = \"JKn\")", "row")
estimates(r)
lines <- c(lines, "")
case("apistrat_jkn", "r <- as.svrepdesign(svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat), type = \"JKn\")", "row")
estimates(r)
lines <- c(lines, "")
# Bootstraps: R's random draws are exported (multipliers) and the variance checked given them.
set.seed(20240601)
case("apiclus1_subbootstrap", "set.seed(20240601); r <- as.svrepdesign(svydesign(id = ~dnum, weights = ~pw, data = apiclus1), type = \"subbootstrap\", replicates = 50)", "dnum")
multipliers(r); estimates(r)
lines <- c(lines, "")
set.seed(20240602)
case("apistrat_subbootstrap", "set.seed(20240602); r <- as.svrepdesign(svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat), type = \"subbootstrap\", replicates = 20)", "row")
multipliers(r); estimates(r)
ks("psu_stratum", as.character(apistrat$stype))
lines <- c(lines, "")
set.seed(20240603)
case("apiclus1_bootstrap", "set.seed(20240603); r <- as.svrepdesign(svydesign(id = ~dnum, weights = ~pw, data = apiclus1), type = \"bootstrap\", replicates = 50)", "dnum")
multipliers(r); estimates(r)
lines <- c(lines, "")

# BRR and Fay need two PSUs per stratum: a constructed design on apistrat (within each stype,
# schools ranked by snum; PSU = 5 consecutive schools, stratum = 2 consecutive PSUs: 20 strata,
# 40 PSUs), labels sorted by R as strings; and R's own scd data (3 strata, 6 ambulances).
rk <- ave(apistrat$snum, apistrat$stype, FUN = rank) - 1
apistrat$brr_psu <- paste0(apistrat$stype, sprintf("%02d", rk %/% 5))
apistrat$brr_str <- paste0(apistrat$stype, sprintf("%02d", (rk %/% 5) %/% 2))
construct <- "rk <- ave(apistrat$snum, apistrat$stype, FUN = rank) - 1; apistrat$brr_psu <- paste0(apistrat$stype, sprintf(\"%02d\", rk %/% 5)); apistrat$brr_str <- paste0(apistrat$stype, sprintf(\"%02d\", (rk %/% 5) %/% 2)); "
case("apistrat_pairs_brr", paste0(construct, "r <- as.svrepdesign(svydesign(id = ~brr_psu, strata = ~brr_str, weights = ~pw, data = apistrat), type = \"BRR\")"), "brr_psu (strata brr_str, sorted)")
ks("psu_label", apistrat$brr_psu); ks("stratum_label", apistrat$brr_str)
multipliers(r); estimates(r)
lines <- c(lines, "")
case("apistrat_pairs_fay", paste0(construct, "r <- as.svrepdesign(svydesign(id = ~brr_psu, strata = ~brr_str, weights = ~pw, data = apistrat), type = \"Fay\", fay.rho = 0.3)"), "brr_psu (strata brr_str, sorted)")
ks("psu_label", apistrat$brr_psu); ks("stratum_label", apistrat$brr_str); kv("rho", 0.3)
multipliers(r); estimates(r)
lines <- c(lines, "")

scd_case <- function(name, call) {
  lines <<- c(lines, sprintf("[%s]", name), paste("design_call =", call), "psu_key = ambulance (strata ESA)")
  eval(parse(text = call), envir = globalenv())
  kv("esa", scd$ESA); kv("ambulance", scd$ambulance); kv("arrests", scd$arrests); kv("alive", scd$alive)
  multipliers(r)
  kv("scale", r$scale, "r$scale"); kv("rscales", r$rscales, "r$rscales"); kv("degf", degf(r), "degf(r)")
  m <- svymean(~arrests + alive, r)
  kv("mean", coef(m), "coef(svymean(~arrests + alive, r))"); kv("mean_se", SE(m), "SE(svymean(~arrests + alive, r))")
  t <- svytotal(~arrests + alive, r)
  kv("total", coef(t), "coef(svytotal(~arrests + alive, r))"); kv("total_se", SE(t), "SE(svytotal(~arrests + alive, r))")
  q <- svyratio(~alive, ~arrests, r)
  kv("ratio", coef(q), "coef(svyratio(~alive, ~arrests, r))"); kv("ratio_se", SE(q), "SE(svyratio(~alive, ~arrests, r))")
  lines <<- c(lines, "")
}
scd_case("scd_brr", "r <- as.svrepdesign(svydesign(data = scd, prob = ~1, id = ~ambulance, strata = ~ESA, nest = TRUE), type = \"BRR\")")
scd_case("scd_fay", "r <- as.svrepdesign(svydesign(data = scd, prob = ~1, id = ~ambulance, strata = ~ESA, nest = TRUE), type = \"Fay\", fay.rho = 0.5)")

# Supplied replicate-weight columns: the JK1 replicate weights of apiclus1 (with fpc) written to
# a CSV, read back with svrepdesign() as combined weights.
src <- as.svrepdesign(svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc), type = "JK1")
rw <- weights(src, "analysis")
colnames(rw) <- paste0("repw", seq_len(ncol(rw)))
sup <- data.frame(snum = apiclus1$snum, stype = as.character(apiclus1$stype), pw = sprintf("%.17g", apiclus1$pw),
                  apply(rw, 2, function(x) sprintf("%.17g", x)))
write.csv(sup, "tests/reference/fixtures/design_replicate_apiclus1_jk1.csv", row.names = FALSE, quote = FALSE)
apiclus1$meals_decile <- apiclus1$meals %/% 10
apiclus1$sch_wide01 <- as.numeric(apiclus1$sch.wide == "Yes")
rwd <- cbind(apiclus1, as.data.frame(rw))
for (variant in c("scale", "default")) {
  call <- if (variant == "scale") {
    sprintf("r <- svrepdesign(data = rwd, repweights = \"repw[0-9]+\", weights = ~pw, type = \"JK1\", scale = %s, combined.weights = TRUE)", f(src$scale))
  } else {
    "r <- suppressWarnings(svrepdesign(data = rwd, repweights = \"repw[0-9]+\", weights = ~pw, type = \"JK1\", combined.weights = TRUE))"
  }
  lines <- c(lines, sprintf("[apiclus1_supplied_jk1_%s]", variant),
             "data_call = rwd <- cbind(apiclus1, as.data.frame(weights(as.svrepdesign(svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc), type = \"JK1\"), \"analysis\"))); rwd$meals_decile <- rwd$meals %/% 10; rwd$sch_wide01 <- as.numeric(rwd$sch.wide == \"Yes\")",
             paste("design_call =", call))
  eval(parse(text = call))
  kv("replicates", ncol(rw)); kv("scale", r$scale, "r$scale"); kv("rscales", r$rscales, "r$rscales")
  kv("degf", degf(r), "degf(r)")
  b <- svyby(~meals_decile, ~stype, r, svymean, covmat = TRUE)
  kv("by_stype_meals", coef(b), "coef(svyby(~meals_decile, ~stype, r, svymean, covmat = TRUE))  # E H M")
  kv("by_stype_meals_se", SE(b), "SE(svyby(~meals_decile, ~stype, r, svymean, covmat = TRUE))")
  g <- svycontrast(b, c(E = 1, H = -1, M = 0))
  kv("gap_meals_E_H", coef(g), "coef(svycontrast(svyby(~meals_decile, ~stype, r, svymean, covmat = TRUE), c(E = 1, H = -1, M = 0)))")
  kv("gap_meals_E_H_se", SE(g), "SE(svycontrast(svyby(~meals_decile, ~stype, r, svymean, covmat = TRUE), c(E = 1, H = -1, M = 0)))")
  p <- svyby(~sch_wide01, ~stype, r, svymean)
  kv("by_stype_schwide", coef(p), "coef(svyby(~sch_wide01, ~stype, r, svymean))")
  kv("by_stype_schwide_se", SE(p), "SE(svyby(~sch_wide01, ~stype, r, svymean))")
  lines <- c(lines, "")
}
writeLines(lines, "tests/reference/fixtures/design_replicate.txt")

# Hadamard matrices as brrweights() builds them: hadamard(n) for n strata. Checksums of the 0/1
# matrix H (N x N): sum(H), sum(H * outer(1:N, 1:N, function(i, j) (i * 31 + j * 17) %% 101)).
hl <- c("# cxgap reference values: R survey's Hadamard matrices, survey:::hadamard(n).",
        paste0("# Tool: ", R.version.string, ", survey ", packageVersion("survey"), "."),
        "# Script: tests/reference/design_replicate.R. size = nrow(H); sum = sum(H);",
        "# weighted = sum(H * outer(1:N, 1:N, function(i, j) (i * 31 + j * 17) %% 101)); rows = H",
        "# row-major as 0/1 strings (small n only).", "")
for (n in c(1:130, 150, 200, 250, 300, 333, 400, 500)) {
  H <- survey:::hadamard(n); N <- nrow(H)
  hl <- c(hl, sprintf("[hadamard_%d]", n), sprintf("call = H <- survey:::hadamard(%d)", n),
          paste("n =", n), paste("size =", N), paste("sum =", sum(H)),
          paste("weighted =", sum(H * outer(1:N, 1:N, function(i, j) (i * 31 + j * 17) %% 101))))
  if (N <= 40) hl <- c(hl, paste("rows =", paste(apply(H, 1, paste, collapse = ""), collapse = " ")))
  hl <- c(hl, "")
}
writeLines(hl, "tests/reference/fixtures/design_replicate_hadamard.txt")
