// Mann–Whitney U (Wilcoxon rank-sum) test of two groups from their tallies over the same K ordered
// categories, in O(K): pooled midranks per category instead of sorting respondents. Normal
// approximation with tie correction (optionally continuity-corrected), or the exact permutation
// distribution conditional on the ties. Formulas, conventions and tool differences: docs/rank.md.
#ifndef CXGAP_STATS_MANN_WHITNEY_HPP
#define CXGAP_STATS_MANN_WHITNEY_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cxgap/detail/check.hpp"
#include "cxgap/stats/counts.hpp"
#include "cxgap/stats/detail/distributions.hpp"
#include "cxgap/stats/detail/mann_whitney_exact.hpp"
#include "cxgap/stats/detail/rank_counts.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap {

/// How a rank test computes its p-value.
enum class rank_test_method : unsigned char {
  automatic,   ///< exact when the exact computation is small (see mann_whitney_options), else asymptotic
  exact,       ///< permutation distribution conditional on the observed ties
  asymptotic,  ///< normal approximation with tie correction
};

/// Stable name of a method ("automatic", "exact", "asymptotic").
constexpr std::string_view to_string(rank_test_method m) noexcept {
  switch (m) {
    case rank_test_method::automatic: return "automatic";
    case rank_test_method::exact: return "exact";
    case rank_test_method::asymptotic: return "asymptotic";
  }
  return "unknown";
}

/// Options of mann_whitney_test.
struct mann_whitney_options {
  rank_test_method method = rank_test_method::automatic;
  /// Continuity correction of the normal approximation (R's wilcox.test default correct = TRUE):
  /// |U − n_A·n_B/2| is reduced by ½ (not below 0). Ignored by the exact method.
  bool continuity_correction = true;
  /// `automatic` uses the exact method only when the dynamic programme's table holds at most this
  /// many values, Σ_{j=0}^{n} (2j(N − j) + 1) with n = min(n_A, n_B) (8 bytes each: the default
  /// 1e7 is 80 MB at most) ...
  double exact_max_states = 1e7;
  /// ... and needs at most this many multiply-adds (detail::mann_whitney_exact_operations, an
  /// upper bound computed from the pooled counts in O(K·n) before any work is done). About
  /// 1 ns each on one core of a 2020s x86-64: the default 2e7 keeps an exact p below ~20 ms.
  /// Examples with 5 categories: 40 vs 300, 25 vs 2,000, 70 vs 70 are exact; 2,000 vs 2,000
  /// is asymptotic. docs/rank.md has the table.
  double exact_max_operations = 2e7;
};

/// Hard limit on the states of an explicitly requested exact computation (about 0.8 GB).
inline constexpr double mann_whitney_exact_state_limit = 1e8;

/// Result of a Mann–Whitney test. `test.statistic` is U_A (R's W of wilcox.test(a, b), scipy's
/// U1 of mannwhitneyu(a, b)); `test.df` is NaN; `test.p_value` is two-sided.
template <class Real = double>
struct mann_whitney_result {
  Real u_a = nan<Real>();         ///< U_A = #(A > B) + ½·#(A = B) over the n_A·n_B pairs
  Real u_b = nan<Real>();         ///< U_B = n_A·n_B − U_A
  Real rank_sum_a = nan<Real>();  ///< R_A = U_A + n_A(n_A + 1)/2, sum of A's pooled midranks
  /// Normal score sign(D)·max(|D| − cc, 0)/σ with D = U_A − n_A·n_B/2 and cc = ½ under continuity
  /// correction, else 0: positive when A tends to be larger. Reported for both methods; it
  /// gives the p-value only for the asymptotic one.
  Real z = nan<Real>();
  Real sigma = nan<Real>();  ///< tie-corrected standard deviation of U under H0
  bool exact = false;        ///< true when test.p_value is the exact conditional p
  /// The method that gave test.p_value: exact or asymptotic (never automatic: `automatic`
  /// records its choice here).
  rank_test_method method = rank_test_method::asymptotic;
  test_result<Real> test;
};

namespace detail {
/// Pooled counts a + b per category.
inline std::vector<std::int64_t> pooled_counts(count_view a, count_view b) {
  std::vector<std::int64_t> c(a.size());
  for (std::size_t k = 0; k < a.size(); ++k) c[k] = a[k] + b[k];
  return c;
}
}  // namespace detail

/// Mann–Whitney U test of groups A and B from category counts a and b (same K ordered
/// categories, ascending). Midrank of category k over the pooled counts c = a + b:
/// C_{<k} + (c_k + 1)/2. Tie-corrected null variance (Lehmann 1975, Nonparametrics, ch. 1;
/// rewritten without cancellation): σ² = n_A·n_B/12·((N + 1) − Σ(t³ − t)/(N(N − 1)))
///                          = n_A·n_B/(4N(N − 1))·Σ_k C_{<k}·c_k·C_{≤k}.
/// Asymptotic two-sided p = 2·(1 − Φ(|z|)) from the normal survival function. Exact p (Mann &
/// Whitney 1947; conditional on ties as in Streitberg & Röhmel 1986 / coin):
/// P(|U − n_A n_B/2| >= |u − n_A n_B/2|) under the permutation distribution given the pooled
/// counts, by dynamic programming over categories (detail/mann_whitney_exact.hpp).
/// `automatic` is exact when the programme is cheap (options.exact_max_states and
/// exact_max_operations), else asymptotic; result.method records which was used.
///
/// Degenerate data: a group empty → every number NaN, status `empty`; all observations in one
/// category → U defined, z and p NaN, status `zero_variance` (for every method).
/// Throws cxgap::invalid_argument if a and b differ in length, a count is negative,
/// options.exact_max_states is negative, or the exact method is requested with more than
/// mann_whitney_exact_state_limit states.
template <class Real = double>
mann_whitney_result<Real> mann_whitney_test(count_view a, count_view b,
                                            const mann_whitney_options& options = {}) {
  constexpr const char* fn = "cxgap::mann_whitney_test";
  using wide = detail::rank_wide_t<Real>;
  const auto sizes = detail::check_rank_groups(fn, a, b);
  detail::check_nonnegative(fn, "options.exact_max_states", options.exact_max_states);
  detail::check_nonnegative(fn, "options.exact_max_operations", options.exact_max_operations);

  mann_whitney_result<Real> r;
  r.test.method = "Mann-Whitney U";
  if (sizes.n_a == 0 || sizes.n_b == 0) {
    r.test.status = stat_status::empty;
    return r;
  }
  const std::int64_t n_a = sizes.n_a;
  const std::int64_t n_b = sizes.n_b;
  const std::int64_t total = n_a + n_b;
  const wide wn_a = static_cast<wide>(n_a);
  const wide wn_b = static_cast<wide>(n_b);
  const wide wn = static_cast<wide>(total);

  const auto pairs = detail::count_rank_pairs<wide>(a, b);
  const wide u_a = pairs.greater + pairs.equal / 2;
  const wide diff = (pairs.greater - pairs.less) / 2;  // U_A − n_A·n_B/2, without cancellation
  r.u_a = static_cast<Real>(u_a);
  r.u_b = static_cast<Real>(pairs.less + pairs.equal / 2);
  r.rank_sum_a = static_cast<Real>(u_a + wn_a * (wn_a + 1) / 2);

  // Σ_k C_{<k}·c_k·C_{≤k} = (N³ − Σ t³)/3: every term non-negative.
  wide tie_sum = 0;
  {
    wide below = 0;
    for (std::size_t k = 0; k < a.size(); ++k) {
      const wide c = static_cast<wide>(a[k]) + static_cast<wide>(b[k]);
      tie_sum += below * c * (below + c);
      below += c;
    }
  }
  const wide var = wn_a * wn_b / (4 * wn * (wn - 1)) * tie_sum;

  const std::int64_t n_small = n_a <= n_b ? n_a : n_b;
  const double states = static_cast<double>(detail::mann_whitney_exact_states(n_small, total));
  bool use_exact = false;
  switch (options.method) {
    case rank_test_method::exact:
      if (states > mann_whitney_exact_state_limit) {
        detail::throw_invalid(fn, "exact states", states,
                              "at most mann_whitney_exact_state_limit = 1e8 (use asymptotic)");
      }
      use_exact = true;
      break;
    case rank_test_method::asymptotic: use_exact = false; break;
    case rank_test_method::automatic:
      use_exact = states <= options.exact_max_states &&
                  static_cast<double>(detail::mann_whitney_exact_operations(
                      detail::pooled_counts(a, b), n_small)) <= options.exact_max_operations;
      break;
  }

  r.exact = use_exact;
  r.method = use_exact ? rank_test_method::exact : rank_test_method::asymptotic;
  r.test.statistic = r.u_a;
  r.test.method = use_exact ? "Mann-Whitney U, exact conditional on ties"
                  : options.continuity_correction
                      ? "Mann-Whitney U, normal approximation, tie and continuity corrected"
                      : "Mann-Whitney U, normal approximation, tie corrected";
  if (!(var > 0)) {  // all observations in one category
    r.sigma = Real(0);
    r.test.status = stat_status::zero_variance;
    return r;
  }

  const wide sigma = std::sqrt(var);
  const wide cc = options.continuity_correction ? wide(0.5) : wide(0);
  const wide excess = std::fabs(diff) - cc;
  const wide z = (excess > 0 ? excess : wide(0)) / sigma * (diff < 0 ? -1 : 1);
  r.sigma = static_cast<Real>(sigma);
  r.z = static_cast<Real>(z);

  if (use_exact) {
    // Tabulate the smaller group: 2U of that group is an integer in [0, 2·n·n_o].
    const bool a_small = n_a <= n_b;
    const std::vector<std::int64_t> pooled = detail::pooled_counts(a, b);
    std::int64_t t_obs = 0;
    std::int64_t other_below = 0;
    for (std::size_t k = 0; k < a.size(); ++k) {
      const std::int64_t g = a_small ? a[k] : b[k];
      const std::int64_t o = a_small ? b[k] : a[k];
      t_obs += g * (2 * other_below + o);
      other_below += o;
    }
    r.test.p_value = static_cast<Real>(detail::mann_whitney_exact_p(pooled, n_small, t_obs));
  } else {
    r.test.p_value = detail::normal_two_sided_p(r.z);
  }
  return r;
}

}  // namespace cxgap

#endif  // CXGAP_STATS_MANN_WHITNEY_HPP
