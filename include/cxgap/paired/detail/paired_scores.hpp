// Internals shared by the statistics of a paired_table that take category scores (paired t,
// signed rank, Bland–Altman, ICC, weighted kappa): checking and copying the scores, and the
// moments of the pair differences s_i − s_j and sums s_i + s_j over the K² cells (Bland–Altman
// uses the differences; the k = 2 ICC uses both).
#ifndef CXGAP_PAIRED_DETAIL_PAIRED_SCORES_HPP
#define CXGAP_PAIRED_DETAIL_PAIRED_SCORES_HPP

#include <cstddef>
#include <iterator>
#include <string>
#include <vector>

#include "cxgap/detail/check.hpp"
#include "cxgap/paired/paired_table.hpp"
#include "cxgap/stats/counts.hpp"
#include "cxgap/stats/moments.hpp"

namespace cxgap::detail {

/// Copies a sized range of category scores, one per category of `table`, checking that there are
/// table.size() of them and that each is finite; with `ascending`, also that they strictly
/// increase. Throws invalid_argument naming `function`.
template <class Real, class ScoreRange>
std::vector<Real> paired_scores(const char* function, const paired_table& table,
                                const ScoreRange& scores, bool ascending = false) {
  const auto size = static_cast<std::size_t>(std::size(scores));
  if (size != table.size()) {
    throw_invalid(function, "scores.size()", size,
                  ("equal to table.size() = " + std::to_string(table.size())).c_str());
  }
  std::vector<Real> s;
  s.reserve(size);
  for (const auto& v : scores) s.push_back(static_cast<Real>(v));
  for (std::size_t i = 0; i < size; ++i) {
    check_finite(function, "scores[i]", s[i]);
    if (ascending && i > 0 && !(s[i] > s[i - 1]))
      throw_invalid(function, "scores[i]", s[i], "greater than scores[i - 1] (strictly ascending)");
  }
  return s;
}

/// Moments of s_i − s_j (sign = −1) or s_i + s_j (sign = +1) over the pairs of a table, with the
/// compensated two-pass sums of moments_over_categories (the K² cells are the categories).
template <class Real>
sample_moments<Real> paired_cell_moments(const char* function, const paired_table& table,
                                         const std::vector<Real>& s, int sign) {
  const std::size_t k = table.size();
  const auto& counts = table.counts();
  return moments_over_categories<Real>(
      function, count_view(counts.data(), counts.size()), [&s, k, sign](std::size_t cell) {
        const Real a = s[cell / k], b = s[cell % k];
        return sign < 0 ? a - b : a + b;
      });
}

}  // namespace cxgap::detail

#endif  // CXGAP_PAIRED_DETAIL_PAIRED_SCORES_HPP
