# Reference values for the gap report on the bundled sample survey (examples/data/sample_survey.csv):
# executives (A) vs customers (B) on every item, computed respondent by respondent with base R.
# Writes tests/reference/fixtures/gap_report_sample.txt.
# Run from the repository root:  Rscript tests/reference/gap_report.R
d <- read.csv("examples/data/sample_survey.csv")
out <- file("tests/reference/fixtures/gap_report_sample.txt", "w")
f <- function(x) sprintf("%.17g", x)
cat("# cxgap reference fixture: gap report, executive - customer, sample survey\n", file = out)
cat("# tool: ", R.version.string, "\n", sep = "", file = out)
cat("# script: tests/reference/gap_report.R (base R stats only)\n", file = out)
cat("# 'don't know' (code 9) and blank answers are excluded per item, as cxgap does.\n", file = out)

items <- list(
  above_average = c("above_average", "above_average"),
  superior_experience = c("superior_experience", "superior_experience"),
  deserves_loyalty = c("deserves_loyalty", "deserves_loyalty"),
  worth_the_price = c("worth_the_price", "worth_the_price"),
  delight = c("delight", "delight"),
  first_contact_resolved = c("first_contact_resolved", "first_contact_resolved"),
  easy_to_do_business = c("easy_to_do_business", "easy_to_do_business"),
  staff_courtesy = c("staff_courtesy", "staff_courtesy"),
  recommend = c("recommend", "recommend"),
  authority = c("authority", "solve_problem"))
top_from <- list(recommend = 9, first_contact_resolved = 1)

res <- list()
for (name in names(items)) {
  a <- d[d$group == "executive", items[[name]][1]]
  b <- d[d$group == "customer", items[[name]][2]]
  a <- a[!is.na(a) & a != 9 | (name == "recommend" & !is.na(a))]
  b <- b[!is.na(b) & b != 9 | (name == "recommend" & !is.na(b))]
  top <- if (is.null(top_from[[name]])) 4 else top_from[[name]]
  w <- t.test(a, b)
  xa <- sum(a >= top); xb <- sum(b >= top)
  pt <- prop.test(c(xa, xb), c(length(a), length(b)), correct = FALSE)
  mw <- wilcox.test(a, b, correct = TRUE, exact = FALSE)
  res[[name]] <- list(n_a = length(a), n_b = length(b), mean_a = mean(a), mean_b = mean(b),
    gap = mean(a) - mean(b), ci = w$conf.int, t = unname(w$statistic), df = unname(w$parameter),
    p = w$p.value, x_a = xa, x_b = xb,
    z = sign(xa / length(a) - xb / length(b)) * sqrt(unname(pt$statistic)), p_top = pt$p.value,
    u = unname(mw$statistic), p_rank = mw$p.value)
}
p_mean_holm <- p.adjust(sapply(res, `[[`, "p"), "holm")
p_top_holm <- p.adjust(sapply(res, `[[`, "p_top"), "holm")
p_rank_holm <- p.adjust(sapply(res, `[[`, "p_rank"), "holm")
for (name in names(res)) {
  r <- res[[name]]
  cat(sprintf("\n[%s]\n", name), file = out)
  cat("call = t.test(a, b); prop.test(c(x_a, x_b), c(n_a, n_b), correct = FALSE); ",
      "wilcox.test(a, b, correct = TRUE, exact = FALSE); p.adjust(p, 'holm') over the 10 items\n",
      sep = "", file = out)
  kv <- c(n_a = r$n_a, n_b = r$n_b, mean_a = r$mean_a, mean_b = r$mean_b, gap = r$gap,
          ci_lower = r$ci[1], ci_upper = r$ci[2], t = r$t, df = r$df, p = r$p,
          p_holm = p_mean_holm[[name]], x_a = r$x_a, x_b = r$x_b, z = r$z, p_top = r$p_top,
          p_top_holm = p_top_holm[[name]], u = r$u, p_rank = r$p_rank,
          p_rank_holm = p_rank_holm[[name]])
  for (k in names(kv)) cat(k, " = ", f(kv[[k]]), "\n", sep = "", file = out)
}
close(out)
