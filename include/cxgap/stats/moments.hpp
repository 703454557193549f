// Sample size, mean and variance of a scale score, computed from category counts.
#ifndef CXGAP_STATS_MOMENTS_HPP
#define CXGAP_STATS_MOMENTS_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <string>
#include <type_traits>
#include <utility>

#include "cxgap/detail/check.hpp"
#include "cxgap/stats/counts.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap {

/// Sample size, mean and unbiased variance (denominator n − 1) of one group.
/// mean is NaN when n = 0; variance is NaN when n < 2.
template <class Real = double>
struct sample_moments {
  std::int64_t n = 0;
  Real mean = nan<Real>();
  Real variance = nan<Real>();

  /// Standard deviation sqrt(variance) (NaN when n < 2).
  Real std_dev() const noexcept { return std::sqrt(variance); }
  /// Standard error of the mean sqrt(variance / n) (NaN when n < 2).
  Real std_error() const noexcept { return std::sqrt(variance / static_cast<Real>(n)); }
};

namespace detail {

template <class T>
struct no_deduce {
  using type = T;
};
template <class T>
using no_deduce_t = typename no_deduce<T>::type;

template <class Range, class = void>
struct is_sized_range : std::false_type {};
template <class Range>
struct is_sized_range<Range, std::void_t<decltype(std::size(std::declval<const Range&>())),
                                         decltype(std::begin(std::declval<const Range&>()))>>
    : std::true_type {};

/// Two-pass moments over categories with compensated sums. score(i) gives category i's score.
/// Pass 1: the mean, accumulated as shifts from the first occupied category's score (Neumaier
/// summation). Pass 2: the corrected two-pass sum of squares Σc·d² − (Σc·d)²/n with
/// d = s − mean (Chan, Golub & LeVeque 1983), so constant data give exactly zero and counts of
/// 10⁹ per category lose nothing to cancellation.
template <class Real, class ScoreAt>
sample_moments<Real> moments_over_categories(const char* function, count_view counts,
                                             ScoreAt score) {
  const std::size_t k = counts.size();
  std::int64_t n = 0;
  for (std::size_t i = 0; i < k; ++i) {
    if (counts[i] < 0) throw_invalid(function, "counts[i]", counts[i], "non-negative");
    check_finite(function, "scores[i]", score(i));
    n += counts[i];
  }
  sample_moments<Real> m;
  m.n = n;
  if (n == 0) return m;
  const Real nr = static_cast<Real>(n);

  // Pass 1: mean = shift + Σ c·(s − shift) / n.
  std::size_t first = 0;
  while (counts[first] == 0) ++first;
  const Real shift = score(first);
  Real sum = 0, comp = 0;  // Neumaier-compensated Σ c·(s − shift)
  for (std::size_t i = first; i < k; ++i) {
    if (counts[i] == 0) continue;
    const Real term = static_cast<Real>(counts[i]) * (score(i) - shift);
    const Real t = sum + term;
    comp += std::fabs(sum) >= std::fabs(term) ? (sum - t) + term : (term - t) + sum;
    sum = t;
  }
  Real mean = shift + (sum + comp) / nr;

  // Pass 2: Σ c·d and Σ c·d², d = s − mean; the first refines the mean.
  Real s1 = 0, s2 = 0;
  for (std::size_t i = first; i < k; ++i) {
    if (counts[i] == 0) continue;
    const Real c = static_cast<Real>(counts[i]);
    const Real d = score(i) - mean;
    s1 += c * d;
    s2 += c * d * d;
  }
  m.mean = mean + s1 / nr;
  if (n >= 2) {
    Real ss = s2 - s1 * s1 / nr;
    if (ss < 0) ss = 0;
    m.variance = ss / static_cast<Real>(n - 1);
  }
  return m;
}

}  // namespace detail

/// Moments of a scale score from counts per category and the categories' scores.
/// @param counts  respondents per category (ascending category order), each >= 0
/// @param scores  pointer to counts.size() finite scores, one per category
/// @throws cxgap::invalid_argument if a count is negative or a score is not finite.
/// Method: two-pass corrected sums (Chan, Golub & LeVeque 1983, Am. Stat. 37:242–247).
template <class Real>
sample_moments<Real> moments_from_counts(count_view counts, const Real* scores) {
  return detail::moments_over_categories<Real>("moments_from_counts", counts,
                                               [scores](std::size_t i) { return scores[i]; });
}

/// Moments from counts and a sized range of scores (std::vector, std::array, ...).
/// @throws cxgap::invalid_argument if scores.size() != counts.size(), a count is negative or a
///         score is not finite.
template <class Real = double, class ScoreRange,
          class = std::enable_if_t<detail::is_sized_range<ScoreRange>::value>>
sample_moments<Real> moments_from_counts(count_view counts, const ScoreRange& scores) {
  const auto size = static_cast<std::size_t>(std::size(scores));
  if (size != counts.size()) {
    detail::throw_invalid("moments_from_counts", "scores.size()", size,
                          ("equal to counts.size() = " + std::to_string(counts.size())).c_str());
  }
  auto first = std::begin(scores);
  return detail::moments_over_categories<Real>(
      "moments_from_counts", counts, [first](std::size_t i) {
        return static_cast<Real>(*std::next(first, static_cast<std::ptrdiff_t>(i)));
      });
}

/// Moments from counts and a braced list of scores: moments_from_counts(c, {1, 2, 3, 4, 5}).
/// @throws as the range overload.
template <class Real = double>
sample_moments<Real> moments_from_counts(
    count_view counts, std::initializer_list<detail::no_deduce_t<Real>> scores) {
  return moments_from_counts<Real, std::initializer_list<Real>>(counts, scores);
}

/// Moments of consecutive integer codes first_code, first_code + 1, ... (a Likert item's raw
/// codes) from their counts. @throws cxgap::invalid_argument if a count is negative.
template <class Real = double>
sample_moments<Real> moments_from_codes(count_view counts, std::int64_t first_code = 1) {
  return detail::moments_over_categories<Real>(
      "moments_from_codes", counts, [first_code](std::size_t i) {
        return static_cast<Real>(first_code + static_cast<std::int64_t>(i));
      });
}

/// Moments of raw values (two-pass; no missing-value handling: a NaN propagates). Meant for
/// tests and small samples; tallies should use moments_from_counts.
template <class Real = double, class ValueRange>
sample_moments<Real> moments_from_values(const ValueRange& values) {
  sample_moments<Real> m;
  std::int64_t n = 0;
  Real sum = 0;
  for (const auto& v : values) {
    sum += static_cast<Real>(v);
    ++n;
  }
  m.n = n;
  if (n == 0) return m;
  const Real nr = static_cast<Real>(n);
  const Real mean = sum / nr;
  Real s1 = 0, s2 = 0;
  for (const auto& v : values) {
    const Real d = static_cast<Real>(v) - mean;
    s1 += d;
    s2 += d * d;
  }
  m.mean = mean + s1 / nr;
  if (n >= 2) {
    Real ss = s2 - s1 * s1 / nr;
    if (ss < 0) ss = 0;
    m.variance = ss / static_cast<Real>(n - 1);
  }
  return m;
}

/// Braced-list overload of moments_from_values.
template <class Real = double>
sample_moments<Real> moments_from_values(
    std::initializer_list<detail::no_deduce_t<Real>> values) {
  return moments_from_values<Real, std::initializer_list<Real>>(values);
}

}  // namespace cxgap

#endif  // CXGAP_STATS_MOMENTS_HPP
