# Reference values for the Taylor-linearised design-based estimates (tests/design/taylor_test.cpp,
# tests/cli/design_cli_test.cpp) on R survey's own api data, read back from the exported CSVs
# (tests/reference/fixtures/api/*.csv, made by design_api_data.R) so that R and cxgap see the
# same numbers.
# Run from the repository root:  Rscript tests/reference/design_taylor.R
# Writes tests/reference/fixtures/design_taylor_api.txt (R 4.2.2, survey 4.1.1).
suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "fail")
rd <- function(name) read.csv(file.path("tests/reference/fixtures/api", paste0(name, ".csv")),
                              colClasses = c(cds = "character"))
apistrat <- rd("apistrat"); apiclus1 <- rd("apiclus1"); apiclus2 <- rd("apiclus2")
designs <- list(
  strat = list(call = "svydesign(id=~1, strata=~stype, weights=~pw, fpc=~fpc, data=apistrat)",
               d = svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)),
  strat_nofpc = list(call = "svydesign(id=~1, strata=~stype, weights=~pw, data=apistrat)",
               d = svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat)),
  clus1 = list(call = "svydesign(id=~dnum, weights=~pw, fpc=~fpc, data=apiclus1)",
               d = svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)),
  clus1_nofpc = list(call = "svydesign(id=~dnum, weights=~pw, data=apiclus1)",
               d = svydesign(id = ~dnum, weights = ~pw, data = apiclus1)),
  clus2 = list(call = "svydesign(id=~dnum+snum, weights=~pw, fpc=~fpc1+fpc2, data=apiclus2)",
               d = svydesign(id = ~dnum + snum, weights = ~pw, fpc = ~fpc1 + fpc2, data = apiclus2)),
  clus2_nofpc = list(call = "svydesign(id=~dnum+snum, weights=~pw, data=apiclus2)",
               d = svydesign(id = ~dnum + snum, weights = ~pw, data = apiclus2)))
# Items: numeric api00 and enroll; the 0/1 item `yr_rnd` (a proportion). Groups: awards 1 vs 0.
items <- c("api00", "enroll", "yr_rnd")

out <- file("tests/reference/fixtures/design_taylor_api.txt", "w")
f <- function(x) sprintf("%.17g", x)
cat("# cxgap reference fixture: Taylor-linearised domain means, gaps, svyttest, svyciprop, deff\n", file = out)
cat("# tool: ", R.version.string, ", survey ", as.character(packageVersion("survey")), "\n", sep = "", file = out)
cat("# script: tests/reference/design_taylor.R (data: tests/reference/fixtures/api/*.csv)\n", file = out)
kv <- function(k, v) cat(k, " = ", paste(f(v), collapse = " "), "\n", sep = "", file = out)
ks <- function(k, v) cat(k, " = ", v, "\n", sep = "", file = out)

for (dn in names(designs)) {
  d <- designs[[dn]]$d
  for (y in items) {
    fy <- as.formula(paste0("~", y))
    cat(sprintf("\n[%s %s]\n", dn, y), file = out)
    ks("design", designs[[dn]]$call)
    ks("call", paste0("svyby(", deparse(fy), ", ~awards, dy=d[!is.na(", y, "),], svymean, covmat=TRUE); ",
                      "svycontrast(by, c(-1, 1)) (awards 1 - 0); svyttest(", y, "~awards, d); ",
                      "svymean(", deparse(fy), ", subset(d, awards==g), na.rm=TRUE, deff=TRUE|\"replace\"); ",
                      "confint(by, df=degf(d)); svymean(", deparse(fy), ", d, deff=...)"))
    ks("item", y); ks("group", "awards"); ks("a", "1"); ks("b", "0")
    kv("degf", degf(d))
    kv("kish_n", sum(weights(d))^2 / sum(weights(d)^2))  # Kish's effective n: (sum w)^2 / sum w^2
    # Rows missing the item are dropped as svymean(na.rm=TRUE) drops them (a subset keeps the
    # full design's PSU counts); svyby's covmat needs them gone beforehand.
    dy <- d[!is.na(d$variables[[y]]), ]
    by <- svyby(fy, ~awards, dy, svymean, covmat = TRUE)
    V <- vcov(by)
    # svyby orders the groups 0, 1: A = awards 1 is the second.
    kv("mean_a", coef(by)[2]); kv("mean_b", coef(by)[1])
    kv("se_a", sqrt(V[2, 2])); kv("se_b", sqrt(V[1, 1])); kv("cov_ab", V[1, 2])
    ci <- confint(by, df = degf(d))
    kv("ci_a", ci[2, ]); kv("ci_b", ci[1, ])
    g <- svycontrast(by, c(-1, 1))
    kv("gap", coef(g)); kv("gap_se", SE(g))
    tt <- svyttest(as.formula(paste0(y, "~awards")), d)
    kv("t", tt$statistic); kv("df", tt$parameter); kv("p", tt$p.value); kv("ci", tt$conf.int)
    kv("ttest_estimate", tt$estimate)
    for (grp in c("a", "b")) {
      lev <- if (grp == "a") 1 else 0
      sub <- subset(d, awards == lev & !is.na(d$variables[[y]]))
      m1 <- svymean(fy, sub, deff = TRUE); m2 <- svymean(fy, sub, deff = "replace")
      kv(paste0("deff_", grp), deff(m1)); kv(paste0("deff_replace_", grp), deff(m2))
      kv(paste0("n_", grp), sum(weights(sub) != 0)); kv(paste0("degf_", grp), degf(sub))
      kv(paste0("popsize_", grp), sum(weights(sub)))
    }
    m <- svymean(fy, d, na.rm = TRUE, deff = TRUE)
    kv("mean_all", coef(m)); kv("se_all", SE(m)); kv("deff_all", deff(m))
    kv("deff_replace_all", deff(svymean(fy, d, na.rm = TRUE, deff = "replace")))
    if (y == "yr_rnd") {
      # svyciprop of `yr_rnd` within awards == 1 (the domain as a subset design, df = degf(subset)).
      sub <- subset(d, awards == 1)
      ks("ciprop_call", "svyciprop(~I(yr_rnd==1), subset(d, awards==1), method=m, level=0.95) for m in logit, mean, beta, asin")
      for (meth in c("logit", "mean", "beta", "asin")) {
        cp <- svyciprop(~I(yr_rnd == 1), sub, method = meth, level = 0.95)
        kv(paste0("ciprop_", meth), attr(cp, "ci"))
      }
      kv("ciprop_estimate", as.vector(svyciprop(~I(yr_rnd == 1), sub)))
      # Design-adjusted Wilson (not in survey 4.1): Wilson's score interval with the effective
      # sample size p(1-p)/V and a t quantile on degf(subset) (Kott & Carr 1997; Dean & Pagano
      # 2015), computed here from svymean's estimate and variance.
      mm <- svymean(~I(yr_rnd == 1), sub)
      p <- coef(mm)[[2]]; v <- vcov(mm)[2, 2]; neff <- p * (1 - p) / v
      q <- qt(0.975, degf(sub))
      centre <- (p + q^2 / (2 * neff)) / (1 + q^2 / neff)
      half <- q / (1 + q^2 / neff) * sqrt(p * (1 - p) / neff + q^2 / (4 * neff^2))
      ks("wilson_call", "p=coef(svymean(~I(yr_rnd==1), sub))[2]; neff=p(1-p)/vcov; q=qt(0.975,degf(sub)); (p+q^2/(2neff))/(1+q^2/neff) -+ q/(1+q^2/neff)*sqrt(p(1-p)/neff+q^2/(4neff^2))")
      kv("ciprop_wilson", c(centre - half, centre + half)); kv("neff_a", neff)
    }
  }
}
close(out)
