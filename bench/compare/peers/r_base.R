# Peer 3 of the side-by-side benchmark: R as an analyst writes it.
# data.table::fread, then per item t.test (Welch), wilcox.test(exact = FALSE, correct = TRUE),
# prop.test(correct = FALSE) for the pooled z test (X-squared = z^2) and its Wilson intervals for
# Newcombe's hybrid score interval of the top-box difference (base R has no Newcombe function).
#   Rscript r_base.R panel.csv K executive customer out.json
suppressPackageStartupMessages(library(data.table))
args <- commandArgs(trailingOnly = TRUE)
d <- fread(args[1])
items <- sprintf("q%02d", seq_len(as.integer(args[2])))
ga <- args[3]; gb <- args[4]
num <- function(x) sprintf("%.17g", x)
out <- character()
for (q in items) {
  a <- d[group == ga][[q]]; a <- a[!is.na(a)]
  b <- d[group == gb][[q]]; b <- b[!is.na(b)]
  w <- t.test(a, b)
  mw <- wilcox.test(a, b, exact = FALSE, correct = TRUE)
  xa <- sum(a >= 4); xb <- sum(b >= 4); na <- length(a); nb <- length(b)
  pt <- prop.test(c(xa, xb), c(na, nb), correct = FALSE)
  wa <- prop.test(xa, na, correct = FALSE)$conf.int
  wb <- prop.test(xb, nb, correct = FALSE)$conf.int
  pa <- xa / na; pb <- xb / nb; dd <- pa - pb
  z <- sign(dd) * sqrt(unname(pt$statistic))
  vals <- c(mean_gap = mean(a) - mean(b), mean_se = unname(w$stderr),
            t = unname(w$statistic), df = unname(w$parameter), mean_p = unname(w$p.value),
            tb_gap = dd, tb_lo = dd - sqrt((pa - wa[1])^2 + (wb[2] - pb)^2),
            tb_hi = dd + sqrt((wa[2] - pa)^2 + (pb - wb[1])^2), z = z, z_p = unname(pt$p.value),
            u = unname(mw$statistic), mw_p = unname(mw$p.value))
  out <- c(out, sprintf('"%s": {%s}', q,
                        paste(sprintf('"%s": %s', names(vals), num(vals)), collapse = ", ")))
}
writeLines(c('{"tool": "R base", "items": {', paste(out, collapse = ",\n"), "}}"), args[5])
