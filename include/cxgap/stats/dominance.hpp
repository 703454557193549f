// Dominance effect sizes of group A over group B from two tallies over the same K ordered
// categories, in O(K): the probability of superiority PS = P(A > B) + ½P(A = B) and Cliff's delta
// δ = P(A > B) − P(A < B) = 2·PS − 1, with confidence intervals. Formulas and conventions:
// docs/rank.md.
#ifndef CXGAP_STATS_DOMINANCE_HPP
#define CXGAP_STATS_DOMINANCE_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cxgap/detail/check.hpp"
#include "cxgap/stats/brunner_munzel.hpp"
#include "cxgap/stats/counts.hpp"
#include "cxgap/stats/detail/distributions.hpp"
#include "cxgap/stats/detail/rank_counts.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap {

/// Shares of the n_A·n_B (A, B) pairs in which A is greater, equal, or less.
template <class Real = double>
struct dominance_shares {
  Real greater = nan<Real>();  ///< P̂(A > B)
  Real equal = nan<Real>();    ///< P̂(A = B)
  Real less = nan<Real>();     ///< P̂(A < B)
};

/// Confidence-interval methods for the dominance effect sizes.
enum class dominance_ci_method : unsigned char {
  /// Cliff (1993, 1996) / Feng & Cliff (2004) asymmetric interval for δ with the unbiased
  /// variance estimate and Student t on n_A + n_B − 2 df (R effsize::cliff.delta defaults).
  cliff,
  /// Brunner & Munzel (2000): estimate ± t_df·σ̂ with the Satterthwaite df, clipped to the
  /// parameter space.
  brunner_munzel,
};

/// Stable name of a method ("cliff", "brunner-munzel").
constexpr std::string_view to_string(dominance_ci_method m) noexcept {
  switch (m) {
    case dominance_ci_method::cliff: return "cliff";
    case dominance_ci_method::brunner_munzel: return "brunner-munzel";
  }
  return "unknown";
}

/// P̂(A > B), P̂(A = B), P̂(A < B) over all n_A·n_B pairs, from category counts (same K ordered
/// categories, ascending). All NaN if a group is empty.
/// Throws cxgap::invalid_argument if a and b differ in length or a count is negative.
template <class Real = double>
dominance_shares<Real> dominance_probabilities(count_view a, count_view b) {
  using wide = detail::rank_wide_t<Real>;
  const auto sizes = detail::check_rank_groups("cxgap::dominance_probabilities", a, b);
  dominance_shares<Real> d;
  if (sizes.n_a == 0 || sizes.n_b == 0) return d;
  const wide pairs_total = static_cast<wide>(sizes.n_a) * static_cast<wide>(sizes.n_b);
  const auto p = detail::count_rank_pairs<wide>(a, b);
  d.greater = static_cast<Real>(p.greater / pairs_total);
  d.equal = static_cast<Real>(p.equal / pairs_total);
  d.less = static_cast<Real>(p.less / pairs_total);
  return d;
}

namespace detail {

/// PS (scale = 1, shift = 0) or δ (scale = 2, shift = −1) with the Brunner–Munzel interval
/// scale·(p̂ ± t_df·σ̂) + shift, clipped to [shift, scale + shift].
template <class Real>
estimate<Real> dominance_brunner_munzel(const char* fn, count_view a, count_view b, Real level,
                                        Real scale, Real shift) {
  check_level(fn, level);
  const auto parts = brunner_munzel_compute<Real>(fn, a, b);
  estimate<Real> e;
  e.ci.level = level;
  e.ci.method = "brunner-munzel";
  e.status = parts.status;
  e.ci.status = parts.status;
  e.value = scale * parts.p_hat + shift;
  if (parts.status != stat_status::ok) return e;
  const Real se = std::sqrt(parts.variance);
  const Real half = t_critical(level, parts.df) * se;
  e.std_error = scale * se;
  e.ci.lower = std::max(shift, scale * (parts.p_hat - half) + shift);
  e.ci.upper = std::min(scale + shift, scale * (parts.p_hat + half) + shift);
  return e;
}

}  // namespace detail

/// Probability of superiority PS = P(A > B) + ½P(A = B) = U_A/(n_A·n_B) (McGraw & Wong 1992;
/// the "relative effect" p of Brunner & Munzel 2000; Vargha & Delaney's A), with the
/// Brunner–Munzel interval p̂ ± t_{df}·σ̂ (Satterthwaite df, σ̂ as in brunner_munzel_test),
/// clipped to [0, 1].
/// Degenerate data: a group empty → all NaN, status `empty`; a group of one → value, NaN
/// std_error and interval, status `too_few`; both groups each in a single category → value
/// (0, ½ or 1), NaN std_error and interval, status `zero_variance`.
/// Throws cxgap::invalid_argument if level is outside (0, 1), a and b differ in length, or a
/// count is negative.
template <class Real = double>
estimate<Real> probability_of_superiority(count_view a, count_view b, Real level = Real(0.95)) {
  return detail::dominance_brunner_munzel<Real>("cxgap::probability_of_superiority", a, b, level,
                                                Real(1), Real(0));
}

/// Cliff's delta δ = P(A > B) − P(A < B) = 2·PS − 1 (Cliff 1993, Psychological Bulletin 114:494),
/// positive when A tends to be larger, with a confidence interval:
///  - dominance_ci_method::cliff (default): the asymmetric interval of Cliff (1996, Ordinal
///    Methods for Behavioral Data Analysis) and Feng & Cliff (2004, JMASM 3:322),
///      (d − d³ ± q·s·√((1 − d²)² + q²s²)) / (1 − d² + q²s²),
///    q = t quantile on n_A + n_B − 2 df, s² = the unbiased variance estimate
///      [n_B² Σ_i(d_i. − d)² + n_A² Σ_j(d_.j − d)² − Σ_ij(d_ij − d)²] / (n_A n_B (n_A − 1)(n_B − 1))
///    floored at (1 − d²)/(n_A n_B − 1) as Cliff (1993) recommends (effsize omits the floor).
///    At |d| = 1 (complete separation) it follows effsize: s² and the interval use
///    d' = d·(n_A n_B − 1)/(n_A n_B), the bound at ±1 is set to ±1, and the status is `boundary`.
///  - dominance_ci_method::brunner_munzel: 2·(PS interval) − 1, clipped to [−1, 1].
/// std_error is s (Cliff) or 2σ̂ (Brunner–Munzel).
/// Degenerate data: a group empty → all NaN, status `empty`; a group of one → value, NaN
/// std_error and interval, status `too_few`; Brunner–Munzel method with both groups each in a
/// single category → value, NaN std_error and interval, status `zero_variance`.
/// Throws cxgap::invalid_argument if level is outside (0, 1), a and b differ in length, or a
/// count is negative.
template <class Real = double>
estimate<Real> cliff_delta(count_view a, count_view b, Real level = Real(0.95),
                           dominance_ci_method method = dominance_ci_method::cliff) {
  constexpr const char* fn = "cxgap::cliff_delta";
  if (method == dominance_ci_method::brunner_munzel) {
    return detail::dominance_brunner_munzel<Real>(fn, a, b, level, Real(2), Real(-1));
  }
  using wide = detail::rank_wide_t<Real>;
  detail::check_level(fn, level);
  const auto sizes = detail::check_rank_groups(fn, a, b);
  estimate<Real> e;
  e.ci.level = level;
  e.ci.method = "cliff";
  if (sizes.n_a == 0 || sizes.n_b == 0) {
    e.status = e.ci.status = stat_status::empty;
    return e;
  }
  const wide n_a = static_cast<wide>(sizes.n_a);
  const wide n_b = static_cast<wide>(sizes.n_b);
  const wide m = n_a * n_b;
  const auto pairs = detail::count_rank_pairs<wide>(a, b);
  const wide d = (pairs.greater - pairs.less) / m;
  e.value = static_cast<Real>(d);
  if (sizes.n_a < 2 || sizes.n_b < 2) {
    e.status = e.ci.status = stat_status::too_few;
    return e;
  }
  const bool separated = pairs.greater == m || pairs.less == m;
  const wide dd = separated ? d * (m - 1) / m : d;  // effsize's d. at |d| = 1

  // Row means d_i. = (B_{<k} − B_{>k})/n_B for A in category k; column means
  // d_.j = (A_{>k} − A_{<k})/n_A for B in category k; Σ_ij (d_ij − d)² per category.
  wide ss_rows = 0;
  wide ss_cols = 0;
  wide ss_cells = 0;
  wide a_below = 0;
  wide b_below = 0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    const wide ak = static_cast<wide>(a[k]);
    const wide bk = static_cast<wide>(b[k]);
    const wide a_above = n_a - a_below - ak;
    const wide b_above = n_b - b_below - bk;
    const wide dr = (b_below - b_above) / n_b - dd;
    const wide dc = (a_above - a_below) / n_a - dd;
    ss_rows += ak * dr * dr;
    ss_cols += bk * dc * dc;
    ss_cells += ak * (b_below * (1 - dd) * (1 - dd) + bk * dd * dd + b_above * (1 + dd) * (1 + dd));
    a_below += ak;
    b_below += bk;
  }
  const wide unbiased =
      (n_b * n_b * ss_rows + n_a * n_a * ss_cols - ss_cells) / (m * (n_a - 1) * (n_b - 1));
  const wide floor = (1 - dd * dd) / (m - 1);
  const wide s2 = std::max(unbiased, floor);
  const wide q = static_cast<wide>(detail::t_critical(level, Real(n_a + n_b - 2)));
  const wide one_minus = 1 - dd * dd;
  const wide root = q * std::sqrt(s2) * std::sqrt(one_minus * one_minus + q * q * s2);
  const wide denom = one_minus + q * q * s2;
  e.std_error = static_cast<Real>(std::sqrt(s2));
  e.ci.lower = static_cast<Real>((dd - dd * dd * dd - root) / denom);
  e.ci.upper = static_cast<Real>((dd - dd * dd * dd + root) / denom);
  if (separated) {
    if (d > 0) e.ci.upper = Real(1);
    if (d < 0) e.ci.lower = Real(-1);
    e.status = e.ci.status = stat_status::boundary;
  }
  return e;
}

}  // namespace cxgap

#endif  // CXGAP_STATS_DOMINANCE_HPP
