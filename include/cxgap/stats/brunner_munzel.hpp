// Brunner–Munzel test of stochastic equality, P(A > B) + ½P(A = B) = ½, from two tallies over the
// same K ordered categories, in O(K): placements are counts of the other group below plus half
// the ties, per category. Unlike Mann–Whitney it allows unequal spreads (Behrens–Fisher
// problem). Formulas, sign convention and tool differences: docs/rank.md.
#ifndef CXGAP_STATS_BRUNNER_MUNZEL_HPP
#define CXGAP_STATS_BRUNNER_MUNZEL_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "cxgap/stats/counts.hpp"
#include "cxgap/stats/detail/distributions.hpp"
#include "cxgap/stats/detail/rank_counts.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap {

namespace detail {

/// The pieces of the Brunner–Munzel statistic: p̂ = P̂(A > B) + ½P̂(A = B), its variance estimate
/// σ̂² = S_A²/(n_A·n_B²) + S_B²/(n_B·n_A²) (S² = sample variances of the placements), the
/// Satterthwaite df, and the status (empty, too_few for a group below 2, zero_variance when
/// both placement variances are 0).
template <class Real>
struct brunner_munzel_parts {
  Real p_hat = nan<Real>();
  Real p_hat_minus_half = nan<Real>();  // (#(A>B) − #(A<B)) / (2 n_A n_B), without cancellation
  Real variance = nan<Real>();
  Real df = nan<Real>();
  stat_status status = stat_status::ok;
};

template <class Real>
brunner_munzel_parts<Real> brunner_munzel_compute(const char* fn, count_view a, count_view b) {
  using wide = rank_wide_t<Real>;
  const auto sizes = check_rank_groups(fn, a, b);
  brunner_munzel_parts<Real> out;
  if (sizes.n_a == 0 || sizes.n_b == 0) {
    out.status = stat_status::empty;
    return out;
  }
  const wide n_a = static_cast<wide>(sizes.n_a);
  const wide n_b = static_cast<wide>(sizes.n_b);
  const auto pairs = count_rank_pairs<wide>(a, b);
  out.p_hat = static_cast<Real>((pairs.greater + pairs.equal / 2) / (n_a * n_b));
  out.p_hat_minus_half = static_cast<Real>((pairs.greater - pairs.less) / (2 * n_a * n_b));
  if (sizes.n_a < 2 || sizes.n_b < 2) {
    out.status = stat_status::too_few;
    return out;
  }
  // Placement of an A observation in category k: B_{<k} + b_k/2 (its pooled midrank minus its
  // midrank within A); of a B observation: A_{<k} + a_k/2. Means: U_A/n_A and U_B/n_B.
  const wide mean_a = (pairs.greater + pairs.equal / 2) / n_a;
  const wide mean_b = (pairs.less + pairs.equal / 2) / n_b;
  wide ss_a = 0;
  wide ss_b = 0;
  wide a_below = 0;
  wide b_below = 0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    const wide ak = static_cast<wide>(a[k]);
    const wide bk = static_cast<wide>(b[k]);
    const wide da = b_below + bk / 2 - mean_a;
    const wide db = a_below + ak / 2 - mean_b;
    ss_a += ak * da * da;
    ss_b += bk * db * db;
    a_below += ak;
    b_below += bk;
  }
  const wide s2_a = ss_a / (n_a - 1);
  const wide s2_b = ss_b / (n_b - 1);
  if (!(s2_a > 0) && !(s2_b > 0)) {
    out.status = stat_status::zero_variance;
    return out;
  }
  const wide v_a = n_a * s2_a;  // n_A·S_A²
  const wide v_b = n_b * s2_b;
  out.variance = static_cast<Real>(s2_a / (n_a * n_b * n_b) + s2_b / (n_b * n_a * n_a));
  out.df = static_cast<Real>((v_a + v_b) * (v_a + v_b) /
                             (v_a * v_a / (n_a - 1) + v_b * v_b / (n_b - 1)));
  return out;
}

}  // namespace detail

/// Brunner–Munzel test (Brunner & Munzel 2000, Biometrical Journal 42:17–25) of groups A and B
/// from category counts a and b (same K ordered categories, ascending).
/// statistic W = (p̂ − ½)/σ̂ with p̂ = P̂(A > B) + ½P̂(A = B) = U_A/(n_A·n_B): positive when A
/// tends to be larger (the sign of the gap A − B; scipy.stats.brunnermunzel(a, b) reports −W).
/// df: Satterthwaite, (n_A S_A² + n_B S_B²)² / ((n_A S_A²)²/(n_A − 1) + (n_B S_B²)²/(n_B − 1)).
/// p_value: two-sided, 2·P(T_df > |W|) from the t survival function.
///
/// Degenerate data (statistic, df and p NaN): a group empty → status `empty`; a group with one
/// observation → `too_few`; both placement variances zero (each group entirely in one category:
/// complete separation or all ties) → `zero_variance`. cxgap does not substitute the
/// conventional limits (p̂ = 0 or 1 → p = 0) there; the exact Mann–Whitney test is the test for
/// such data.
/// Throws cxgap::invalid_argument if a and b differ in length or a count is negative.
template <class Real = double>
test_result<Real> brunner_munzel_test(count_view a, count_view b) {
  const auto parts = detail::brunner_munzel_compute<Real>("cxgap::brunner_munzel_test", a, b);
  test_result<Real> r;
  r.method = "Brunner-Munzel";
  r.status = parts.status;
  if (parts.status != stat_status::ok) return r;
  r.statistic = parts.p_hat_minus_half / std::sqrt(parts.variance);
  r.df = parts.df;
  r.p_value = detail::t_two_sided_p(r.statistic, r.df);
  return r;
}

}  // namespace cxgap

#endif  // CXGAP_STATS_BRUNNER_MUNZEL_HPP
