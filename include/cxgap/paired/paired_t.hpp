// The paired t test of dyads and say–do gaps: the mean of the differences d = first − second
// (e.g. employee − customer of one interaction, or item A − item B of one respondent), computed
// from the K×K paired_table and the categories' scores in O(K²), never over respondents.
// Formulas, degenerate cases and validation: docs/paired.md.
#ifndef CXGAP_PAIRED_PAIRED_T_HPP
#define CXGAP_PAIRED_PAIRED_T_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "cxgap/detail/check.hpp"
#include "cxgap/paired/detail/paired_scores.hpp"
#include "cxgap/paired/paired_table.hpp"
#include "cxgap/stats/counts.hpp"
#include "cxgap/stats/detail/distributions.hpp"
#include "cxgap/stats/moments.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap {

/// The mean paired difference first − second with its standard error, t interval and t test
/// of "no difference". Fields the data cannot define are NaN; status says why.
template <class Real = double>
struct paired_mean_difference {
  std::int64_t n = 0;             ///< number of pairs
  Real mean_first = nan<Real>();   ///< mean score of the first rating (NaN from moments alone)
  Real mean_second = nan<Real>();  ///< mean score of the second rating (NaN from moments alone)
  Real estimate = nan<Real>();     ///< mean of d = first − second (= mean_first − mean_second)
  Real std_dev = nan<Real>();      ///< standard deviation of the differences (divisor n − 1)
  Real std_error = nan<Real>();    ///< std_dev / √n
  interval<Real> ci;               ///< t interval for the mean difference, df = n − 1
  test_result<Real> test;          ///< t = estimate / std_error, df = n − 1, two-sided p
  stat_status status = stat_status::ok;
};

namespace detail {

/// The one-sample t procedure on the moments of the differences (R: t.test(x, y, paired =
/// TRUE), which is t.test(x − y)).
template <class Real>
void paired_t_from_moments(paired_mean_difference<Real>& r, const sample_moments<Real>& d,
                           Real level) {
  r.n = d.n;
  r.ci.level = level;
  r.ci.method = "paired t";
  r.test.method = "paired t test";
  auto finish = [&r](stat_status s) {
    r.status = r.ci.status = r.test.status = s;
  };
  if (d.n == 0) return finish(stat_status::empty);
  r.estimate = d.mean;
  if (d.n < 2) return finish(stat_status::too_few);
  r.std_dev = std::sqrt(d.variance);
  r.std_error = std::sqrt(d.variance / static_cast<Real>(d.n));
  // R: "data are essentially constant" when se < 10·eps·|mean|; "!(se > ...)" also catches
  // se = 0 with mean 0 (all pairs tied), where R returns t = NaN instead of stopping.
  if (!(r.std_error > 10 * std::numeric_limits<Real>::epsilon() * std::fabs(d.mean))) {
    return finish(stat_status::zero_variance);
  }
  const Real df = static_cast<Real>(d.n - 1);
  r.test.df = df;
  r.test.statistic = d.mean / r.std_error;
  r.test.p_value = t_two_sided_p(r.test.statistic, df);
  const Real q = t_critical(level, df);
  r.ci.lower = d.mean - q * r.std_error;
  r.ci.upper = d.mean + q * r.std_error;
  finish(stat_status::ok);
}

template <class Real>
paired_mean_difference<Real> paired_t_table(const paired_table& table,
                                            const std::vector<Real>& s, Real level) {
  constexpr const char* fn = "cxgap::paired_t_test";
  check_level(fn, level);
  const std::size_t k = table.size();
  // Moments of d over the K² cells (row-major count i·K + j has difference s_i − s_j), and of
  // the two margins for the two means; two-pass compensated sums (moments.hpp).
  const sample_moments<Real> d = moments_over_categories<Real>(
      fn, count_view(table.counts()),
      [&s, k](std::size_t cell) { return s[cell / k] - s[cell % k]; });
  std::vector<std::int64_t> first(k, 0), second(k, 0);
  for (std::size_t i = 0; i < k; ++i) {
    for (std::size_t j = 0; j < k; ++j) {
      first[i] += table(i, j);
      second[j] += table(i, j);
    }
  }
  auto score = [&s](std::size_t i) { return s[i]; };
  paired_mean_difference<Real> r;
  r.mean_first = moments_over_categories<Real>(fn, count_view(first), score).mean;
  r.mean_second = moments_over_categories<Real>(fn, count_view(second), score).mean;
  paired_t_from_moments(r, d, level);
  return r;
}

}  // namespace detail

/// Paired t test and interval for the mean difference first − second of a K×K paired table
/// (rows: first rating, columns: second, both in ascending score order) with category scores
/// `scores` (any sized range of K finite numbers). t = d̄ / (s_d/√n), df = n − 1, two-sided p
/// from the t survival function, CI d̄ ± t_{n−1,1−α/2}·s_d/√n — R's t.test(x, y, paired = TRUE).
/// Degenerate data: n = 0 → status empty (all NaN); n = 1 → too_few (estimate and means only);
/// all differences equal (incl. all pairs tied) → zero_variance (estimate, std_dev 0 and
/// std_error 0 reported; t, df, p, CI NaN), where R stops with "data are essentially constant".
/// @throws cxgap::invalid_argument if level ∉ (0, 1), scores.size() != table.size() or a
///         score is not finite.
/// Reference: Student (1908) Biometrika 6:1–25; moments by Chan, Golub & LeVeque (1983).
template <class Real = double, class ScoreRange,
          class = std::enable_if_t<detail::is_sized_range<ScoreRange>::value>>
paired_mean_difference<Real> paired_t_test(const paired_table& table, const ScoreRange& scores,
                                           detail::no_deduce_t<Real> level = Real(0.95)) {
  return detail::paired_t_table<Real>(
      table, detail::paired_scores<Real>("cxgap::paired_t_test", table, scores), level);
}

/// Braced-list overload: paired_t_test(table, {1, 2, 3, 4, 5}). @throws as the range overload.
template <class Real = double>
paired_mean_difference<Real> paired_t_test(const paired_table& table,
                                           std::initializer_list<detail::no_deduce_t<Real>> scores,
                                           detail::no_deduce_t<Real> level = Real(0.95)) {
  return paired_t_test<Real, std::initializer_list<Real>>(table, scores, level);
}

/// Paired t test from the moments (n, mean, variance with divisor n − 1) of the differences
/// first − second, e.g. moments_from_values of raw differences or moments_from_counts of a
/// difference_distribution (signed_rank.hpp). mean_first and mean_second stay NaN.
/// Degenerate data as the table overload.
/// @throws cxgap::invalid_argument if level ∉ (0, 1) or differences.n < 0.
template <class Real>
paired_mean_difference<Real> paired_t_test(const sample_moments<Real>& differences,
                                           detail::no_deduce_t<Real> level = Real(0.95)) {
  detail::check_level("cxgap::paired_t_test", level);
  if (differences.n < 0)
    detail::throw_invalid("cxgap::paired_t_test", "differences.n", differences.n, "non-negative");
  paired_mean_difference<Real> r;
  detail::paired_t_from_moments(r, differences, static_cast<Real>(level));
  return r;
}

}  // namespace cxgap

#endif  // CXGAP_PAIRED_PAIRED_T_HPP
