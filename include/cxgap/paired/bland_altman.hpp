// Bland–Altman agreement of the two members of a dyad: the mean difference (bias, first −
// second), the limits of agreement bias ± z·SD, and confidence intervals of the bias and of each
// limit (Bland & Altman 1986, 1999). From a paired_table and its scores or from raw pairs.
// Formulas and the choices where tools differ: docs/agreement.md.
#ifndef CXGAP_PAIRED_BLAND_ALTMAN_HPP
#define CXGAP_PAIRED_BLAND_ALTMAN_HPP

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <string>
#include <type_traits>

#include "cxgap/detail/check.hpp"
#include "cxgap/paired/detail/paired_scores.hpp"
#include "cxgap/paired/paired_table.hpp"
#include "cxgap/stats/detail/distributions.hpp"
#include "cxgap/stats/moments.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap {

/// Standard error of a limit of agreement d̄ ± z·s.
enum class loa_std_error : unsigned char {
  approximate,  ///< sqrt(3 s²/n) (Bland & Altman 1986; BlandAltmanLeh, MedCalc). Default.
  exact,        ///< s·sqrt(1/n + z²/(2(n − 1))) (Bland & Altman 1999, section 2.1)
};

/// Bias and limits of agreement of paired ratings, each with its standard error and t interval.
template <class Real = double>
struct bland_altman_result {
  std::int64_t n = 0;              ///< number of pairs
  Real sd_difference = nan<Real>();  ///< s, SD of the differences (denominator n − 1)
  Real multiplier = nan<Real>();     ///< z = Φ⁻¹((1 + coverage)/2), 1.959964 for 95% limits
  estimate<Real> bias;         ///< d̄ = mean(first − second); SE s/√n; d̄ ± t_{n−1}·SE
  estimate<Real> lower_limit;  ///< d̄ − z·s; SE per loa_std_error; limit ± t_{n−1}·SE
  estimate<Real> upper_limit;  ///< d̄ + z·s; likewise
  stat_status status = stat_status::ok;
};

namespace detail {

template <class Real>
bland_altman_result<Real> bland_altman_from_moments(const sample_moments<Real>& d, Real level,
                                                    Real coverage, loa_std_error se) {
  bland_altman_result<Real> r;
  r.n = d.n;
  r.multiplier = normal_critical(coverage);
  for (auto* e : {&r.bias, &r.lower_limit, &r.upper_limit}) {
    e->ci.level = level;
    e->ci.method = "t";
  }
  auto finish = [&r](stat_status s) {
    r.status = s;
    for (auto* e : {&r.bias, &r.lower_limit, &r.upper_limit}) e->status = e->ci.status = s;
    return r;
  };
  if (d.n == 0) return finish(stat_status::empty);
  r.bias.value = d.mean;
  if (d.n < 2) return finish(stat_status::too_few);
  const Real n = static_cast<Real>(d.n);
  Real s = std::sqrt(d.variance);
  // As t.test: "essentially constant" differences (every pair differs by the same amount).
  const bool constant =
      !(s / std::sqrt(n) > 10 * std::numeric_limits<Real>::epsilon() * std::fabs(d.mean));
  if (constant) s = 0;
  const Real z = r.multiplier;
  r.sd_difference = s;
  r.bias.std_error = s / std::sqrt(n);
  r.lower_limit.value = d.mean - z * s;
  r.upper_limit.value = d.mean + z * s;
  const Real se_limit = se == loa_std_error::approximate
                            ? std::sqrt(3 * s * s / n)
                            : s * std::sqrt(1 / n + z * z / (2 * (n - 1)));
  r.lower_limit.std_error = r.upper_limit.std_error = se_limit;
  if (constant) return finish(stat_status::zero_variance);
  const Real t = t_critical(level, n - 1);
  for (auto* e : {&r.bias, &r.lower_limit, &r.upper_limit}) {
    e->ci.lower = e->value - t * e->std_error;
    e->ci.upper = e->value + t * e->std_error;
  }
  return finish(stat_status::ok);
}

template <class Real>
void check_bland_altman_levels(const char* function, Real level, Real coverage) {
  check_level(function, level);
  if (!(coverage > 0 && coverage < 1)) throw_invalid(function, "coverage", coverage, "in (0, 1)");
}

}  // namespace detail

/// Bland–Altman analysis of a table of paired ratings (rows: first rating, columns: second) with
/// category scores s: differences d = s_i − s_j weighted by the cell counts; bias d̄ with SE s/√n;
/// limits d̄ ± z·s with z = Φ⁻¹((1 + coverage)/2) (the exact normal quantile, 1.959964 for 0.95,
/// not the rounded 1.96 of BlandAltmanLeh's default); each limit's SE sqrt(3s²/n) (approximate,
/// default) or s·sqrt(1/n + z²/(2(n−1))) (exact); all intervals estimate ± t_{n−1,(1+level)/2}·SE.
/// Degenerate data: n = 0 → empty (all NaN); n = 1 → too_few (bias only); all differences equal →
/// zero_variance: bias and both limits (= bias) with SE 0, intervals NaN (as R's t.test stops).
/// @param scores  one finite score per category (a sized range)
/// @throws cxgap::invalid_argument if level or coverage is not in (0, 1),
///         scores.size() != table.size(), or a score is not finite.
/// Reference: Bland & Altman (1986) Lancet 327:307–310; Bland & Altman (1999) Stat. Methods Med.
/// Res. 8:135–160.
template <class Real = double, class ScoreRange,
          class = std::enable_if_t<detail::is_sized_range<ScoreRange>::value>>
bland_altman_result<Real> bland_altman(const paired_table& table, const ScoreRange& scores,
                                       detail::no_deduce_t<Real> level = Real(0.95),
                                       detail::no_deduce_t<Real> coverage = Real(0.95),
                                       loa_std_error se = loa_std_error::approximate) {
  detail::check_bland_altman_levels("bland_altman", level, coverage);
  const auto s = detail::paired_scores<Real>("bland_altman", table, scores);
  const auto d = detail::paired_cell_moments<Real>("bland_altman", table, s, -1);
  return detail::bland_altman_from_moments<Real>(d, level, coverage, se);
}

/// Braced-list overload: bland_altman(table, {1, 2, 3, 4, 5}). @throws as the range overload.
template <class Real = double>
bland_altman_result<Real> bland_altman(const paired_table& table,
                                       std::initializer_list<detail::no_deduce_t<Real>> scores,
                                       detail::no_deduce_t<Real> level = Real(0.95),
                                       detail::no_deduce_t<Real> coverage = Real(0.95),
                                       loa_std_error se = loa_std_error::approximate) {
  return bland_altman<Real, std::initializer_list<Real>>(table, scores, level, coverage, se);
}

/// Bland–Altman analysis of raw pairs (first[i], second[i]), differences first − second; same
/// formulas and degenerate cases as the table overload (two-pass moments of the differences).
/// @throws cxgap::invalid_argument if level or coverage is not in (0, 1), the ranges differ in
///         size, or a value is not finite (drop incomplete pairs first).
/// Reference: Bland & Altman (1986) Lancet 327:307–310; Bland & Altman (1999) Stat. Methods Med.
/// Res. 8:135–160.
template <class Real = double, class FirstRange, class SecondRange,
          class = std::enable_if_t<detail::is_sized_range<FirstRange>::value &&
                                   detail::is_sized_range<SecondRange>::value>>
bland_altman_result<Real> bland_altman(const FirstRange& first, const SecondRange& second,
                                       detail::no_deduce_t<Real> level = Real(0.95),
                                       detail::no_deduce_t<Real> coverage = Real(0.95),
                                       loa_std_error se = loa_std_error::approximate) {
  detail::check_bland_altman_levels("bland_altman", level, coverage);
  const auto na = static_cast<std::size_t>(std::size(first));
  const auto nb = static_cast<std::size_t>(std::size(second));
  if (na != nb)
    detail::throw_invalid("bland_altman", "second.size()", nb,
                          ("equal to first.size() = " + std::to_string(na)).c_str());
  // Pass 1: the mean difference; pass 2: corrected sums of squares (as moments_from_values).
  Real sum = 0;
  auto a = std::begin(first);
  auto b = std::begin(second);
  for (std::size_t i = 0; i < na; ++i, ++a, ++b) {
    const Real x = static_cast<Real>(*a), y = static_cast<Real>(*b);
    detail::check_finite("bland_altman", "first[i]", x);
    detail::check_finite("bland_altman", "second[i]", y);
    sum += x - y;
  }
  sample_moments<Real> d;
  d.n = static_cast<std::int64_t>(na);
  if (na > 0) {
    const Real n = static_cast<Real>(na);
    const Real mean = sum / n;
    Real s1 = 0, s2 = 0;
    a = std::begin(first);
    b = std::begin(second);
    for (std::size_t i = 0; i < na; ++i, ++a, ++b) {
      const Real e = (static_cast<Real>(*a) - static_cast<Real>(*b)) - mean;
      s1 += e;
      s2 += e * e;
    }
    d.mean = mean + s1 / n;
    if (na >= 2) {
      Real ss = s2 - s1 * s1 / n;
      if (ss < 0) ss = 0;
      d.variance = ss / (n - 1);
    }
  }
  return detail::bland_altman_from_moments<Real>(d, level, coverage, se);
}

}  // namespace cxgap

#endif  // CXGAP_PAIRED_BLAND_ALTMAN_HPP
