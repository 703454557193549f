# A seeded weighted, stratified, clustered CX panel and R survey's design-based estimates on it
# (tests/design/cx_panel_test.cpp). Executives, employees and customers of the same stores (the
# PSUs) answer Likert items q1, q2 (1..5, q1 with blanks), the 0..10 recommend item rec, and the
# numeric spend; stores are sampled within 4 regions (strata) from known store counts (fpc). A
# second file adds a region R5 with a single store to check every lonely-PSU policy.
# Run from the repository root:  Rscript tests/reference/design_cx_panel.R
# Writes tests/reference/fixtures/design_cx_panel.csv, design_cx_panel_lonely.csv and
# design_cx_panel.txt (R 4.2.2, survey 4.1.1).
suppressPackageStartupMessages(library(survey))
set.seed(20261123)
make_panel <- function(regions, stores_per_region, pop_stores) {
  rows <- list()
  for (h in seq_along(regions)) {
    for (s in seq_len(stores_per_region[h])) {
      store <- sprintf("%s-S%02d", regions[h], s)
      u <- rnorm(1, 0, 0.45)  # store effect: answers cluster within stores
      n <- c(executive = sample(1:3, 1), employee = sample(2:6, 1), customer = sample(8:25, 1))
      for (g in names(n)) {
        shift <- c(executive = 0.8, employee = 0.4, customer = 0)[[g]]
        lat <- rnorm(n[[g]], 3 + shift + u, 1)
        q1 <- pmin(5, pmax(1, round(lat)))
        q1[runif(n[[g]]) < 0.08] <- NA
        q2 <- pmin(5, pmax(1, round(rnorm(n[[g]], 3.2 + u + 0.3 * shift, 1.1))))
        rec <- pmin(10, pmax(0, round(rnorm(n[[g]], 6.5 + 1.5 * u + shift, 2))))
        spend <- round(exp(rnorm(n[[g]], 4 + 0.3 * u + 0.2 * shift, 0.6)), 2)
        w <- round(runif(n[[g]], 5, 40) * c(executive = 0.5, employee = 1, customer = 3)[[g]], 3)
        rows[[length(rows) + 1]] <- data.frame(group = g, region = regions[h], store = store,
          w = w, fpc = pop_stores[h], q1 = q1, q2 = q2, rec = rec, spend = spend)
      }
    }
  }
  d <- do.call(rbind, rows)
  d$id <- seq_len(nrow(d))
  d[, c("id", "group", "region", "store", "w", "fpc", "q1", "q2", "rec", "spend")]
}
panel <- make_panel(c("R1", "R2", "R3", "R4"), c(12, 9, 15, 6), c(80, 45, 120, 30))
lonely <- rbind(panel, transform(make_panel("R5", 1, 10), id = id + nrow(panel)))
write.csv(panel, "tests/reference/fixtures/design_cx_panel.csv", row.names = FALSE, na = "", quote = FALSE)
write.csv(lonely, "tests/reference/fixtures/design_cx_panel_lonely.csv", row.names = FALSE, na = "", quote = FALSE)

out <- file("tests/reference/fixtures/design_cx_panel.txt", "w")
f <- function(x) sprintf("%.17g", x)
cat("# cxgap reference fixture: design-based gaps on a seeded CX panel (executive vs customer)\n", file = out)
cat("# tool: ", R.version.string, ", survey ", as.character(packageVersion("survey")), "\n", sep = "", file = out)
cat("# script: tests/reference/design_cx_panel.R (data: fixtures/design_cx_panel*.csv)\n", file = out)
kv <- function(k, v) cat(k, " = ", paste(f(v), collapse = " "), "\n", sep = "", file = out)
ks <- function(k, v) cat(k, " = ", v, "\n", sep = "", file = out)

# Measures: mean of q1, q2 (1..5) and spend; top-box share of q1 (4-5); NPS of rec (points).
measures <- list(q1_mean = "q1", q2_mean = "q2", spend_mean = "spend",
                 q1_top = "I(as.numeric(q1 >= 4))",
                 rec_nps = "I(100 * (rec >= 9) - 100 * (rec <= 6))")
run <- function(label, data, lonely_policy, file) {
  options(survey.lonely.psu = lonely_policy)
  d <- svydesign(id = ~store, strata = ~region, weights = ~w, fpc = ~fpc, data = data)
  for (mn in names(measures)) {
    expr <- measures[[mn]]
    fy <- as.formula(paste0("~", expr))
    data$y <- eval(parse(text = sub("^I", "", expr)), data)
    d <- update(d, y = eval(parse(text = sub("^I", "", expr))))
    cat(sprintf("\n[%s %s]\n", label, mn), file = out)
    ks("data", file)
    ks("design", paste0("options(survey.lonely.psu=\"", lonely_policy, "\"); svydesign(id=~store, strata=~region, weights=~w, fpc=~fpc, data)"))
    ks("call", paste0("y = ", expr, "; dy = d[!is.na(y) & group %in% c(\"executive\",\"customer\"),]; ",
                      "svyby(~y, ~group, dy, svymean, covmat=TRUE); svycontrast; ",
                      "svyttest(y~I(group==\"executive\"), subset(d, group %in% c(\"executive\",\"customer\"))); ",
                      "svymean(~y, subset(d, group==g & !is.na(y)), deff=TRUE|\"replace\")"))
    ks("measure", mn)
    dy <- d[!is.na(d$variables$y) & d$variables$group %in% c("executive", "customer"), ]
    by <- svyby(~y, ~group, dy, svymean, covmat = TRUE)
    V <- vcov(by)
    ia <- which(rownames(V) == "executive"); ib <- which(rownames(V) == "customer")
    kv("mean_a", coef(by)[ia]); kv("mean_b", coef(by)[ib])
    kv("se_a", sqrt(V[ia, ia])); kv("se_b", sqrt(V[ib, ib])); kv("cov_ab", V[ia, ib])
    g <- svycontrast(by, setNames(c(1, -1), c("executive", "customer"))[rownames(V)])
    kv("gap", coef(g)); kv("gap_se", SE(g))
    sub <- subset(d, group %in% c("executive", "customer"))
    tt <- svyttest(y ~ I(group == "executive"), sub)
    kv("t", tt$statistic); kv("df", tt$parameter); kv("p", tt$p.value); kv("ci", tt$conf.int)
    for (grp in c("a", "b")) {
      lev <- if (grp == "a") "executive" else "customer"
      s <- subset(d, group == lev & !is.na(y))
      kv(paste0("deff_", grp), deff(svymean(~y, s, deff = TRUE)))
      kv(paste0("deff_replace_", grp), deff(svymean(~y, s, deff = "replace")))
      kv(paste0("n_", grp), sum(weights(s) != 0))
    }
    if (mn == "q1_top") {
      s <- subset(d, group == "executive" & !is.na(y))
      for (meth in c("logit", "mean", "beta", "asin"))
        kv(paste0("ciprop_", meth), attr(svyciprop(~I(y == 1), s, method = meth), "ci"))
    }
  }
}
run("panel", panel, "fail", "design_cx_panel.csv")
for (p in c("remove", "adjust", "average", "certainty"))
  run(paste0("lonely_", p), lonely, p, "design_cx_panel_lonely.csv")
close(out)
