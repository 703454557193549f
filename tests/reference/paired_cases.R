# The K x K paired tables shared by tests/reference/paired_t.R and paired_signed_rank.R (sourced
# by both; not run on its own). Rows: the first rating's category (e.g. the employee's), columns:
# the second's (the customer's of the same interaction); counts row-major; scores of the K
# categories in ascending order. expand() turns a table into respondent-level vectors x (first)
# and y (second), one element per dyad.
paired_case <- function(counts, scores, level = 0.95) {
  k <- length(scores)
  stopifnot(length(counts) == k * k)
  list(counts = counts, scores = scores, level = level)
}

# A seeded 11-point (0..10) table of 150 dyads: the customer rates about one point lower.
nps_counts <- local({
  set.seed(20240607)
  first <- sample(0:10, 150, replace = TRUE, prob = c(1, 1, 1, 2, 2, 4, 6, 9, 12, 10, 6))
  second <- pmin(10, pmax(0, first - sample(-1:3, 150, replace = TRUE, prob = c(2, 4, 4, 2, 1))))
  as.vector(t(table(factor(first, 0:10), factor(second, 0:10))))
})

paired_cases <- list(
  likert5 = paired_case(c(2, 1, 0, 0, 0,
                          1, 4, 2, 1, 0,
                          0, 2, 8, 3, 1,
                          0, 1, 6, 12, 4,
                          0, 0, 2, 9, 15), 1:5),
  likert5_level90 = paired_case(c(2, 1, 0, 0, 0,
                                  1, 4, 2, 1, 0,
                                  0, 2, 8, 3, 1,
                                  0, 1, 6, 12, 4,
                                  0, 0, 2, 9, 15), 1:5, level = 0.90),
  nps11 = paired_case(nps_counts, 0:10),
  # Distinct |differences| (scores 2^k - 1) and no zero: R's exact test applies.
  no_ties_6 = paired_case(c(0, 0, 0, 0, 0, 0,
                            1, 0, 0, 0, 0, 0,
                            0, 1, 0, 0, 1, 0,
                            1, 0, 1, 0, 0, 0,
                            0, 1, 0, 1, 0, 1,
                            1, 0, 1, 0, 0, 0), c(0, 1, 3, 7, 15, 31)),
  no_ties_8 = paired_case(c(0, 0, 0, 1, 1, 0, 1, 1,
                            1, 0, 0, 0, 0, 0, 0, 0,
                            1, 0, 0, 1, 1, 0, 1, 0,
                            0, 1, 0, 0, 0, 0, 0, 1,
                            0, 1, 0, 0, 0, 1, 1, 0,
                            0, 1, 0, 0, 0, 0, 0, 1,
                            0, 0, 0, 0, 0, 1, 0, 0,
                            0, 1, 0, 0, 1, 0, 1, 0), c(0, 1, 3, 7, 15, 31, 63, 127)),
  with_zeros = paired_case(c(1, 0, 0, 0, 0,
                             1, 0, 1, 0, 0,
                             1, 1, 1, 0, 0,
                             0, 2, 1, 1, 1,
                             0, 0, 2, 2, 1), 1:5),
  uneven_scores = paired_case(c(3, 2, 1, 0, 0,
                                4, 6, 2, 1, 0,
                                1, 5, 9, 4, 2,
                                0, 2, 7, 8, 3,
                                0, 0, 1, 6, 7), c(-2, -0.5, 0, 1.25, 3), level = 0.99),
  binary = paired_case(c(20, 5, 15, 10), c(0, 1)),
  large = paired_case(100 * c(2, 1, 0, 0, 0,
                              1, 4, 2, 1, 0,
                              0, 2, 8, 3, 1,
                              0, 1, 6, 12, 4,
                              0, 0, 2, 9, 15), 1:5),
  symmetric = paired_case(c(4, 2, 1,
                            2, 6, 3,
                            1, 3, 5), 1:3),
  two_pairs = paired_case(c(0, 1, 0,
                            0, 0, 0,
                            1, 0, 0), 1:3),
  constant_shift = paired_case(c(0, 0, 0,
                                 4, 0, 0,
                                 0, 6, 0), 1:3),
  all_tied = paired_case(c(3, 0, 0,
                           0, 5, 0,
                           0, 0, 2), 1:3),
  single_dyad = paired_case(c(0, 0, 0,
                              0, 0, 0,
                              0, 1, 0), 1:3)
)

expand <- function(cs) {
  k <- length(cs$scores)
  m <- matrix(cs$counts, k, k, byrow = TRUE)
  list(x = rep(cs$scores[row(m)], m), y = rep(cs$scores[col(m)], m))
}
expand_call <- function(cs) {
  k <- length(cs$scores)
  sprintf(paste0("m <- matrix(c(%s), %d, %d, byrow = TRUE); s <- c(%s); ",
                 "x <- rep(s[row(m)], m); y <- rep(s[col(m)], m)"),
          paste(cs$counts, collapse = ", "), k, k, paste(cs$scores, collapse = ", "))
}
fmt <- function(x) sprintf("%.17g", x)
vec <- function(v) paste(vapply(v, function(e) format(e, digits = 17, scientific = FALSE), ""), collapse = " ")
