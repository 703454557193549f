# Reference values for include/cxgap/stats/nps.hpp.
# The NPS is the mean of the recode promoter = +1, passive = 0, detractor = -1, so R's t.test
# on the recode is an independent route to the score and (up to sqrt(n/(n-1))) its SE:
#   trinomial SE = sqrt((pP + pD - (pP - pD)^2) / n) = t.test SE * sqrt((n - 1) / n).
# The adjusted-Wald interval is computed as in Rocks's NPS package (version 2.x, function
# nps_test_, test = "adjusted.wald": pseudo-observations c(0.75, 1.5, 0.75) added to
# (detractors, passives, promoters), then a Wald interval); the package is not in Debian, so
# its two lines are transcribed below (rocks_*).
# Run from the repository root:  Rscript tests/reference/nps.R
# Writes tests/reference/fixtures/nps.txt.
out <- file("tests/reference/fixtures/nps.txt", "w")
w <- function(...) cat(..., "\n", sep = "", file = out)
num <- function(x) paste(ifelse(is.na(x), "NaN", sprintf("%.17g", x)), collapse = " ")
int <- function(x) paste(sprintf("%.0f", x), collapse = " ")

w("# Net Promoter Score: R t.test on the +1/0/-1 recode, and Rocks's adjusted-Wald interval.")
w("# Tool: ", R.version.string, ", stats::t.test, stats::qnorm")
w("# Script: tests/reference/nps.R; ratings_a/b are counts of the ratings 0..10;")
w("#   x <- c(-1, 0, 1)[cut(rep(0:10, ratings_a), c(-1, 6, 8, 10))] (0-6 detractor, 7-8 passive, 9-10 promoter).")

# Transcription of NPS::nps_var_ and the adjusted.wald branch of NPS::nps_test_ (Rocks 2016).
rocks_nps <- function(cat) (cat[3] - cat[1]) / sum(cat)      # cat = (detractors, passives, promoters)
rocks_var <- function(cat) { p <- cat / sum(cat); (p[3] + p[1]) - (p[3] - p[1])^2 }
rocks_adj <- function(cat) cat + c(0.75, 1.50, 0.75)

cases <- list(
  list("typical panel", c(3, 1, 2, 4, 5, 8, 12, 30, 41, 38, 26), c(6, 4, 5, 7, 9, 11, 18, 33, 35, 21, 11), 0.95),
  list("small groups", c(0, 0, 1, 0, 0, 1, 2, 1, 3, 4, 2), c(1, 0, 0, 1, 0, 2, 1, 2, 1, 1, 0), 0.95),
  list("level 0.90", c(3, 1, 2, 4, 5, 8, 12, 30, 41, 38, 26), c(6, 4, 5, 7, 9, 11, 18, 33, 35, 21, 11), 0.90),
  list("large n", c(300, 150, 210, 400, 520, 800, 1200, 3000, 4100, 3800, 2600),
       c(610, 420, 500, 730, 900, 1100, 1800, 3300, 3500, 2100, 1100), 0.95),
  list("near the upper bound", c(0, 0, 0, 0, 0, 0, 1, 0, 2, 9, 18), c(0, 0, 0, 0, 0, 1, 0, 3, 4, 12, 10), 0.95),
  list("all promoters in a", c(0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 5), c(0, 1, 0, 0, 2, 1, 3, 4, 2, 5, 3), 0.95)
)

for (cs in cases) {
  name <- cs[[1]]; ra <- cs[[2]]; rb <- cs[[3]]; level <- cs[[4]]
  recode <- function(r) c(-1, 0, 1)[cut(rep(0:10, r), c(-1, 6, 8, 10), labels = FALSE)]
  xa <- recode(ra); xb <- recode(rb)
  cat_a <- c(sum(ra[1:7]), sum(ra[8:9]), sum(ra[10:11]))
  cat_b <- c(sum(rb[1:7]), sum(rb[8:9]), sum(rb[10:11]))
  z <- qnorm(1 - (1 - level) / 2)
  w("")
  w("[", name, "]")
  w("call = t.test(xa, conf.level = ", level, "); t.test(xb, conf.level = ", level,
    "); t.test(xa, xb, conf.level = ", level, "); qnorm(", 1 - (1 - level) / 2, ")")
  w("ratings_a = ", int(ra))
  w("ratings_b = ", int(rb))
  w("level = ", num(level))
  w("z = ", num(z))
  for (g in c("a", "b")) {
    x <- if (g == "a") xa else xb
    r <- tryCatch(t.test(x, conf.level = level), error = function(e) e)
    w("t_test_", g, "_call = t.test(x", g, ", conf.level = ", level, ")")
    if (inherits(r, "error")) {
      w("t_test_", g, "_error = ", conditionMessage(r))
      w("t_test_", g, "_estimate = ", num(mean(x)))
    } else {
      w("t_test_", g, "_estimate = ", num(unname(r$estimate)))
      w("t_test_", g, "_std_error = ", num(r$stderr))
    }
  }
  r <- t.test(xa, xb, conf.level = level)
  w("welch_call = t.test(xa, xb, conf.level = ", level, ")")
  w("welch_estimate = ", num(unname(r$estimate[1] - r$estimate[2])))
  w("welch_std_error = ", num(r$stderr))
  # Rocks's adjusted Wald: one sample and two sample (difference a - b, not its absolute value).
  aa <- rocks_adj(cat_a); ab <- rocks_adj(cat_b)
  se_a <- sqrt(rocks_var(aa) / sum(aa)); se_b <- sqrt(rocks_var(ab) / sum(ab))
  w("rocks_call = x.hat <- x + c(0.75, 1.50, 0.75); nps_(x.hat) -/+ qnorm(", 1 - (1 - level) / 2,
    ") * sqrt(nps_var_(x.hat) / sum(x.hat))")
  w("rocks_adjusted_wald_a = ", num(rocks_nps(aa) + c(-1, 1) * z * se_a))
  w("rocks_adjusted_wald_b = ", num(rocks_nps(ab) + c(-1, 1) * z * se_b))
  w("rocks_adjusted_wald_difference = ",
    num(rocks_nps(aa) - rocks_nps(ab) + c(-1, 1) * z * sqrt(se_a^2 + se_b^2)))
}
close(out)
