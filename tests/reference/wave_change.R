# Reference values for the change of a gap between two waves (tests/report/wave_change_test.cpp).
# Base R has no function for a difference of two independent gaps, so the values are computed
# here from raw data with var(), qt()/pt() and qnorm()/pnorm() (the Welch-Satterthwaite contrast
# and the Wald interaction z); the C++ computes them from moments / counts.
# Run from the repository root:  Rscript tests/reference/wave_change.R
set.seed(20261123)
out <- file("tests/reference/fixtures/wave_change.txt", "w")
f <- function(x) sprintf("%.17g", x)
cat("# cxgap reference fixture: change of a gap between two waves\n", file = out)
cat("# tool: ", R.version.string, "\n", sep = "", file = out)
cat("# script: tests/reference/wave_change.R\n", file = out)
kv <- function(k, v) cat(k, " = ", paste(f(v), collapse = " "), "\n", sep = "", file = out)
for (case in 1:4) {
  n <- c(a1 = 30 + 10 * case, b1 = 200, a2 = 25 + 5 * case, b2 = 150 + 20 * case)
  x <- list(a1 = sample(1:5, n[["a1"]], TRUE, c(.05, .1, .2, .35, .3)),
            b1 = sample(1:5, n[["b1"]], TRUE, c(.15, .2, .3, .2, .15)),
            a2 = sample(1:5, n[["a2"]], TRUE, c(.05, .15, .2, .3, .3)),
            b2 = sample(1:5, n[["b2"]], TRUE, c(.1, .15, .3, .25, .2)))
  m <- sapply(x, mean); v <- sapply(x, var); w <- v / n
  est <- (m[["a2"]] - m[["b2"]]) - (m[["a1"]] - m[["b1"]])
  se <- sqrt(sum(w)); df <- sum(w)^2 / sum(w^2 / (n - 1)); t <- est / se
  q <- qt(0.975, df)
  cat(sprintf("\n[means %d]\n", case), file = out)
  cat("call = raw data x (seeded sample()); (mean(a2)-mean(b2))-(mean(a1)-mean(b1)); se = sqrt(sum(var/n)); df = sum(var/n)^2/sum((var/n)^2/(n-1)); 2*pt(-abs(t), df); qt(0.975, df)\n", file = out)
  for (g in names(x)) kv(paste0("counts_", g), tabulate(x[[g]], 5))
  kv("estimate", est); kv("se", se); kv("df", df); kv("t", t); kv("p", 2 * pt(-abs(t), df))
  kv("lower", est - q * se); kv("upper", est + q * se)

  top <- sapply(x, function(y) sum(y >= 4)); p <- top / n
  est <- (p[["a2"]] - p[["b2"]]) - (p[["a1"]] - p[["b1"]])
  se <- sqrt(sum(p * (1 - p) / n)); z <- est / se
  cat(sprintf("\n[proportions %d]\n", case), file = out)
  cat("call = top-box counts x of n; (p_a2-p_b2)-(p_a1-p_b1); se = sqrt(sum(p(1-p)/n)); 2*pnorm(-abs(z)); qnorm(0.975)\n", file = out)
  kv("x", top); kv("n", n)
  kv("estimate", est); kv("se", se); kv("z", z); kv("p", 2 * pnorm(-abs(z)))
  kv("lower", est - qnorm(0.975) * se); kv("upper", est + qnorm(0.975) * se)
}
close(out)
