# Reference values for Taylor-linearised standard errors of estimates from RAKED weights
# (include/cxgap/design/raking_taylor.hpp, tests/design/raking_taylor_test.cpp and
# `cxgap report --rake` on a --weight/--strata/--cluster design, tests/cli/rake_taylor_cli_test.cpp):
# R survey's rake() on a svydesign, then per item and measure the domain means with their
# covariance (svymean(influence = TRUE) + svyrecvar), the gap and svyttest (t, df, p, CI).
# rake() leaves design$postStrata with a "raking" element, and svyrecvar() adjusts the influence
# values by 10 backfitting iterations over the margins before the multistage variance.
#
# Data: R's api data as exported by design_api_data.R (tests/reference/fixtures/api/*.csv, read
# back so that R and cxgap see the same numbers): apistrat (strata stype, fpc: the moment form),
# apiclus1 (one-stage clusters dnum, fpc), apiclus2 (two stages dnum + snum, fpc1 + fpc2: the
# stage-2 variance), group awards 1 vs 0, the 0/1 item yr_rnd, numeric api00 and enroll, raked to
# apipop's margins of stype (E 4421, H 755, M 1018) and sch_wide (0: 1072, 1: 5122)
# (tests/cli/data/api_rake_taylor_margins.csv). And the seeded CX panel of design_cx_panel.R
# (tests/reference/fixtures/design_cx_panel.csv: strata region, PSUs store, fpc; executives,
# employees and customers; executive vs customer) raked to invented population margins of region
# and group (tests/cli/data/cx_panel_rake_margins.csv): employees stay in the design, out of both
# domains, and raking gives them non-zero influence values.
#
# Lonely PSUs (one PSU in a stratum) under each of R's options(survey.lonely.psu = "remove",
# "adjust", "average", "certainty"): svyrecvar() applies the policy (survey:::onestrat /
# onestage) to the influence values AFTER the raking adjustment, so the lonely stratum's term is
# not 0 under "adjust" and the rescaling of "average" counts every stratum of the design. Two
# designs: the CX panel with a fifth region R5 of one store (design_cx_panel_lonely.csv, made by
# design_cx_panel.R) raked to region (R1..R5) and group (tests/cli/data/
# cx_panel_lonely_rake_margins.csv); and apistrat stratified by district dnum (rows as PSUs, the
# moment form; 102 of its 135 districts hold one school) raked to stype and sch_wide.
#
# Run from the repository root:  Rscript tests/reference/design_cli_rake_taylor.R
# Writes tests/cli/data/api_rake_taylor_margins.csv, tests/cli/data/cx_panel_rake_margins.csv,
# tests/cli/data/cx_panel_lonely_rake_margins.csv and tests/reference/fixtures/design_rake_taylor.txt
# (R 4.2.2, survey 4.1.1).
suppressPackageStartupMessages(library(survey))
stopifnot(packageVersion("survey") == "4.1.1")
options(survey.lonely.psu = "fail")  # each case sets its own policy (des$lonely)
f <- function(x) sprintf("%.17g", x)
rd <- function(name) read.csv(file.path("tests/reference/fixtures/api", paste0(name, ".csv")),
                              colClasses = c(cds = "character"))
api <- list(apistrat = rd("apistrat"), apiclus1 = rd("apiclus1"), apiclus2 = rd("apiclus2"))
panel <- read.csv("tests/reference/fixtures/design_cx_panel.csv", stringsAsFactors = FALSE)
panel_lonely <- read.csv("tests/reference/fixtures/design_cx_panel_lonely.csv", stringsAsFactors = FALSE)

# ---- the margins ------------------------------------------------------------------------
pop_stype <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
pop_sch_wide <- data.frame(sch_wide = c(0L, 1L), Freq = c(1072, 5122))
pop_region <- data.frame(region = c("R1", "R2", "R3", "R4"), Freq = c(8000, 4500, 12000, 3000))
pop_group <- data.frame(group = c("executive", "employee", "customer"), Freq = c(500, 3000, 24000))
pop_region_lonely <- data.frame(region = c("R1", "R2", "R3", "R4", "R5"), Freq = c(8000, 4500, 12000, 3000, 900))
pop_group_lonely <- data.frame(group = c("executive", "employee", "customer"), Freq = c(520, 3100, 24780))
margins_file <- function(path, ...) {
  m <- list(...)
  rows <- "variable,category,total"
  for (p in m) rows <- c(rows, paste0(names(p)[1], ",", p[[1]], ",", p$Freq))
  writeLines(rows, path)
}
margins_file("tests/cli/data/api_rake_taylor_margins.csv", pop_stype, pop_sch_wide)
margins_file("tests/cli/data/cx_panel_rake_margins.csv", pop_region, pop_group)
margins_file("tests/cli/data/cx_panel_lonely_rake_margins.csv", pop_region_lonely, pop_group_lonely)
api_margins <- "tests/cli/data/api_rake_taylor_margins.csv"
panel_margins <- "tests/cli/data/cx_panel_rake_margins.csv"
panel_lonely_margins <- "tests/cli/data/cx_panel_lonely_rake_margins.csv"

# ---- the cases --------------------------------------------------------------------------
api_rake <- "rake(d0, list(~stype, ~sch_wide), list(pop_stype, pop_sch_wide), control = %s)"
panel_rake <- "rake(d0, list(~region, ~group), list(pop_region, pop_group), control = %s)"
lonely_rake <- "rake(d0, list(~region, ~group), list(pop_region_lonely, pop_group_lonely), control = %s)"
default <- "list(maxit = 10, epsilon = 1)"
tight <- "list(maxit = 50, epsilon = 1e-9)"
short <- "list(maxit = 2, epsilon = 1)"
api_items <- list(yr_rnd = "yr_rnd", api00 = "api00", enroll = "enroll")
panel_items <- list(q1_mean = "q1", q1_top = "as.numeric(q1 >= 4)", q2_mean = "q2",
                    rec_nps = "100 * (rec >= 9) - 100 * (rec <= 6)", spend = "spend")
designs <- list(
  strat = list(data = "apistrat", design = "svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)",
               rake = api_rake, control = default, items = api_items, group = "awards", a = 1, b = 0,
               cli = "--weight pw --strata stype --fpc fpc"),
  strat_tight = list(data = "apistrat", design = "svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat)",
               rake = api_rake, control = tight, items = api_items, group = "awards", a = 1, b = 0,
               cli = "--weight pw --strata stype --rake-maxit 50 --rake-epsilon 1e-9"),
  clus1 = list(data = "apiclus1", design = "svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)",
               rake = api_rake, control = default, items = api_items, group = "awards", a = 1, b = 0,
               cli = "--weight pw --cluster dnum --fpc fpc"),
  clus1_maxit2 = list(data = "apiclus1", design = "svydesign(id = ~dnum, weights = ~pw, data = apiclus1)",
               rake = api_rake, control = short, items = api_items, group = "awards", a = 1, b = 0,
               cli = "--weight pw --cluster dnum --rake-maxit 2"),
  clus2 = list(data = "apiclus2", design = "svydesign(id = ~dnum + snum, weights = ~pw, fpc = ~fpc1 + fpc2, data = apiclus2)",
               rake = api_rake, control = default, items = api_items, group = "awards", a = 1, b = 0,
               cli = "--weight pw --cluster dnum --cluster2 snum --fpc fpc1 --fpc2 fpc2"),
  clus2_tight = list(data = "apiclus2", design = "svydesign(id = ~dnum + snum, weights = ~pw, data = apiclus2)",
               rake = api_rake, control = tight, items = api_items, group = "awards", a = 1, b = 0,
               cli = "--weight pw --cluster dnum --cluster2 snum --rake-maxit 50 --rake-epsilon 1e-9"),
  panel = list(data = "panel", design = "svydesign(id = ~store, strata = ~region, weights = ~w, fpc = ~fpc, data = panel)",
               rake = panel_rake, control = default, items = panel_items, group = "group",
               a = "executive", b = "customer", cli = "--weight w --strata region --cluster store --fpc fpc"))
for (p in c("remove", "adjust", "average", "certainty")) {
  designs[[paste0("panel_lonely_", p)]] <- list(
    data = "panel_lonely", lonely = p,
    design = "svydesign(id = ~store, strata = ~region, weights = ~w, fpc = ~fpc, data = panel_lonely)",
    rake = lonely_rake, control = default, items = panel_items, group = "group",
    a = "executive", b = "customer",
    cli = paste("--weight w --strata region --cluster store --fpc fpc --lonely-psu", p))
  designs[[paste0("strat_dnum_", p)]] <- list(
    data = "apistrat", lonely = p,
    design = "svydesign(id = ~1, strata = ~dnum, weights = ~pw, data = apistrat)",
    rake = api_rake, control = default, items = api_items, group = "awards", a = 1, b = 0,
    cli = paste("--weight pw --strata dnum --lonely-psu", p))
}
for (name in names(designs)) {
  if (is.null(designs[[name]]$lonely)) designs[[name]]$lonely <- "fail"
  designs[[name]]$margins <- switch(designs[[name]]$data, panel = panel_margins,
                                    panel_lonely = panel_lonely_margins, api_margins)
}

# Sweeps of rake() (R's iter + 1 when it converges, else maxit) and its last largest change, as
# rake()'s own loop computes them; and the weights each margin's postStratify left in
# design$postStrata (attr(margin, "weights"): after that margin's step of the LAST sweep).
rake_trace <- function(d0, margins, pops, control) {
  ff <- as.formula(paste("~", paste(sapply(margins, all.vars), collapse = "+")))
  design <- d0
  oldtable <- svytable(ff, design)
  eps <- if (control$epsilon < 1) control$epsilon * sum(weights(d0, "sampling")) else control$epsilon
  for (sweep in seq_len(control$maxit)) {
    design$postStrata <- NULL
    psw <- list()
    for (i in seq_along(margins)) {
      design <- postStratify(design, margins[[i]], pops[[i]], compress = FALSE)
      psw[[i]] <- weights(design)
    }
    newtable <- svytable(ff, design)
    delta <- max(abs(oldtable - newtable))
    if (delta < eps) return(list(sweeps = sweep, converged = TRUE, delta = delta, design = design, psw = psw))
    oldtable <- newtable
  }
  list(sweeps = control$maxit, converged = FALSE, delta = delta, design = design, psw = psw)
}

lines <- c(
  "# cxgap reference values: Taylor-linearised SEs of raked estimates (R survey rake() on a svydesign).",
  paste0("# Tool: ", R.version.string, ", survey ", packageVersion("survey"), "."),
  "# Script: tests/reference/design_cli_rake_taylor.R (Rscript tests/reference/design_cli_rake_taylor.R).",
  "# Data: tests/reference/fixtures/api/{apistrat,apiclus1,apiclus2}.csv read with read.csv (cds as",
  "# character); tests/reference/fixtures/design_cx_panel.csv read with read.csv. Margins:",
  "# pop_stype = data.frame(stype = c(\"E\", \"H\", \"M\"), Freq = c(4421, 755, 1018)),",
  "# pop_sch_wide = data.frame(sch_wide = c(0, 1), Freq = c(1072, 5122)) (apipop's),",
  "# pop_region = data.frame(region = c(\"R1\", \"R2\", \"R3\", \"R4\"), Freq = c(8000, 4500, 12000, 3000)),",
  "# pop_group = data.frame(group = c(\"executive\", \"employee\", \"customer\"), Freq = c(500, 3000, 24000));",
  "# as CSV: tests/cli/data/api_rake_taylor_margins.csv, tests/cli/data/cx_panel_rake_margins.csv",
  "# (key margins). Cases panel_lonely_*: tests/reference/fixtures/design_cx_panel_lonely.csv (region",
  "# R5 holds one store) raked to pop_region_lonely = data.frame(region = c(\"R1\", ..., \"R5\"), Freq",
  "# = c(8000, 4500, 12000, 3000, 900)), pop_group_lonely = data.frame(group = c(\"executive\",",
  "# \"employee\", \"customer\"), Freq = c(520, 3100, 24780)) (tests/cli/data/cx_panel_lonely_rake_margins.csv);",
  "# strat_dnum_*: apistrat with strata dnum (102 of 135 strata hold one school).",
  "# Per case: options(survey.lonely.psu = <lonely_psu>); d0 <- <design_call>; r <- <rake_call>;",
  "# r <- update(r, y = <y>); m_A <- svymean(~y, subset(r, <group> == A), na.rm = TRUE, influence",
  "# = TRUE) (a, ci_a = confint(m_A, df = degf(r))), m_B likewise; V <- svyrecvar(cbind(influence",
  "# of m_A, of m_B), r$cluster, r$strata, r$fpc, postStrata = r$postStrata): a_se, b_se, cov_ab",
  "# (what svyby(covmat = TRUE) computes; it fails on raked svydesigns in survey 4.1.1);",
  "# gap = a - b, gap_se = sqrt(V11 + V22 - 2 V12); tt <- svyttest(y ~ I(<group> == A),",
  "# subset(r, !is.na(y) & <group> %in% c(A, B))): t, df, p, ci (tt$conf.int), checked equal to",
  "# gap / gap_se; deff_a, deff_replace_a: deff(svymean(~y0, subset(r, <group> == A & !is.na(y)),",
  "# deff = TRUE | \"replace\")) with y0 = y, NA as 0 (R gives NA when y is NA outside the subset).",
  "# sweeps, converged, max_change: rake()'s loop (sweeps = iter + 1",
  "# when converged, else maxit); rake() warns \"did not converge\" when converged = 0.",
  "# unraked_gap_se: the gap's SE on d0 under the raked weights without the raking adjustment",
  "# (svydesign(weights = weights(r)) with d0's design): what ignoring the raking would give.",
  "# cli: the design options of `cxgap report FILE --group <group> --compare A:B --rake MARGINS`.",
  "")
add <- function(k, v) lines <<- c(lines, paste0(k, " = ", paste(v, collapse = " ")))
for (name in names(designs)) {
  des <- designs[[name]]
  options(survey.lonely.psu = des$lonely)
  env <- list2env(c(api, list(panel = panel, panel_lonely = panel_lonely)))
  d0 <- eval(parse(text = des$design), env)
  control <- eval(parse(text = des$control))
  rake_call <- sprintf(des$rake, des$control)
  warned <- FALSE
  r <- withCallingHandlers(eval(parse(text = rake_call)),
                           warning = function(w) { warned <<- TRUE; invokeRestart("muffleWarning") })
  margins <- if (startsWith(des$data, "api")) list(~stype, ~sch_wide) else list(~region, ~group)
  pops <- switch(des$data, panel = list(pop_region, pop_group),
                 panel_lonely = list(pop_region_lonely, pop_group_lonely), list(pop_stype, pop_sch_wide))
  tr <- rake_trace(d0, margins, pops, control)
  rk <- r$postStrata[[1]]
  stopifnot(inherits(rk, "raking"), warned == !tr$converged,
            max(abs(weights(r) - weights(tr$design))) < 1e-9 * max(weights(r)))
  # attr(margin, "weights") is each margin's weights after its step of the last sweep.
  for (i in seq_along(rk)) stopifnot(max(abs(attr(rk[[i]], "weights") - tr$psw[[i]])) < 1e-9 * max(weights(r)))
  # The same design without the raking adjustment, for unraked_gap_se.
  data <- d0$variables
  data$.raked <- weights(r)
  plain_call <- sub("weights = ~[a-z]+", "weights = ~.raked", des$design)
  plain_call <- sub("data = [a-z0-9_]+", "data = data", plain_call)
  d_plain <- eval(parse(text = plain_call))
  A <- des$a; B <- des$b; grp <- des$group
  for (item in names(des$items)) {
    expr <- des$items[[item]]
    lines <- c(lines, sprintf("[%s %s]", name, item))
    add("data", des$data)
    add("lonely_psu", des$lonely)
    add("design_call", paste0("d0 <- ", des$design))
    add("rake_call", paste0("r <- ", rake_call))
    add("margins", des$margins)
    add("cli", des$cli)
    add("group", grp); add("a_label", A); add("b_label", B)
    add("item", item); add("y", expr)
    add("sweeps", tr$sweeps); add("converged", as.integer(tr$converged)); add("max_change", f(tr$delta))
    y <- eval(parse(text = expr), r$variables)
    r2 <- update(r, y = y, .ina = as.numeric(r$variables[[grp]] == A))
    # svyby(~y, ~group, r2, svymean, covmat = TRUE) fails on a raked svydesign in survey 4.1.1
    # (its influence matrices keep every row of a calibrated subset, but svyby indexes them by
    # the domain's rows: "number of items to replace is not a multiple of replacement length").
    # What it means to compute, done by hand: each domain's svymean(influence = TRUE) on the
    # subset, and svyrecvar of the two influence columns with the raked design's postStrata.
    dom <- function(lev) svymean(~y, subset(r2, r2$variables[[grp]] == lev), na.rm = TRUE, influence = TRUE)
    ma <- dom(A); mb <- dom(B)
    V <- svyrecvar(cbind(attr(ma, "influence"), attr(mb, "influence")), r2$cluster, r2$strata,
                   r2$fpc, postStrata = r2$postStrata)
    stopifnot(abs(sqrt(V[1, 1]) - SE(ma)) < 1e-12 * SE(ma), abs(sqrt(V[2, 2]) - SE(mb)) < 1e-12 * SE(mb))
    add("degf", f(degf(r)))
    add("a", f(coef(ma))); add("b", f(coef(mb)))
    add("a_se", f(sqrt(V[1, 1]))); add("b_se", f(sqrt(V[2, 2]))); add("cov_ab", f(V[1, 2]))
    add("ci_a", f(confint(ma, df = degf(r)))); add("ci_b", f(confint(mb, df = degf(r))))
    gap <- coef(ma)[[1]] - coef(mb)[[1]]
    gap_se <- sqrt(V[1, 1] + V[2, 2] - 2 * V[1, 2])
    add("gap", f(gap)); add("gap_se", f(gap_se))
    sub2 <- subset(r2, !is.na(y) & r2$variables[[grp]] %in% c(A, B))
    tt <- svyttest(y ~ .ina, sub2)
    stopifnot(abs(tt$estimate - gap) < 1e-9 * abs(gap),
              abs(tt$statistic - gap / gap_se) < 1e-8 * abs(tt$statistic))
    add("t", f(tt$statistic)); add("df", f(tt$parameter)); add("p", f(tt$p.value))
    add("ci", f(tt$conf.int))
    for (side in c("a", "b")) {
      lev <- if (side == "a") A else B
      # deff on a raked design's subset is NA in survey 4.1.1 when y is NA outside the subset
      # (the subset keeps every row, and svyvar sees the NAs of rows with weight 0): y0 fills
      # those with 0, which leaves every weighted sum unchanged.
      s <- subset(update(r2, y0 = ifelse(is.na(y), 0, y)), r2$variables[[grp]] == lev & !is.na(y))
      add(paste0("deff_", side), f(deff(svymean(~y0, s, deff = TRUE))))
      add(paste0("deff_replace_", side), f(deff(svymean(~y0, s, deff = "replace"))))
      add(paste0("n_", side), sum(!is.na(y) & r$variables[[grp]] == lev))
    }
    yp <- eval(parse(text = expr), d_plain$variables)
    dp <- update(d_plain, y = yp)
    dp0 <- update(d_plain, y = yp)
    bp <- svyby(~y, as.formula(paste0("~", grp)), dp0[!is.na(yp), ], svymean, covmat = TRUE)
    Vp <- vcov(bp)
    jp <- rownames(Vp) %in% as.character(c(A, B))
    stopifnot(abs(coef(bp)[[as.character(A)]] - coef(ma)[[1]]) < 1e-9 * abs(coef(ma)[[1]]) + 1e-12)
    add("unraked_gap_se", f(SE(svycontrast(bp, setNames(ifelse(rownames(Vp) == as.character(A), 1,
                                                               ifelse(rownames(Vp) == as.character(B), -1, 0)),
                                                        rownames(Vp))))))
    lines <- c(lines, "")
  }
}
writeLines(lines, "tests/reference/fixtures/design_rake_taylor.txt")
