// Wilcoxon signed-rank test of dyads and say–do gaps from the distribution of the paired
// differences d = first − second (counts per distinct difference value, derived from the K×K
// paired_table in O(K² log K)), never by sorting respondents. Zero differences dropped
// (Wilcoxon) or ranked and then dropped (Pratt); tie-corrected normal approximation with or
// without continuity correction, or the exact distribution conditional on the ties.
// Formulas, conventions and tool differences: docs/paired.md.
#ifndef CXGAP_PAIRED_SIGNED_RANK_HPP
#define CXGAP_PAIRED_SIGNED_RANK_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "cxgap/detail/check.hpp"
#include "cxgap/paired/detail/paired_scores.hpp"
#include "cxgap/paired/detail/signed_rank_exact.hpp"
#include "cxgap/paired/paired_t.hpp"
#include "cxgap/paired/paired_table.hpp"
#include "cxgap/stats/detail/distributions.hpp"
#include "cxgap/stats/mann_whitney.hpp"
#include "cxgap/stats/moments.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap {

/// The distribution of the paired differences first − second: pairs per distinct difference.
/// paired_differences() returns the values distinct and ascending; signed_rank_test accepts any
/// order and merges equal values itself.
template <class Real = double>
struct difference_distribution {
  std::vector<Real> values;          ///< difference values d = s_first − s_second
  std::vector<std::int64_t> counts;  ///< pairs with each difference

  /// Number of pairs.
  std::int64_t total() const noexcept {
    std::int64_t n = 0;
    for (std::int64_t c : counts) n += c;
    return n;
  }
};

/// How the signed-rank test treats pairs with difference 0.
enum class signed_rank_zeros : unsigned char {
  wilcox,  ///< drop them before ranking (Wilcoxon 1945; R's wilcox.test, scipy's default)
  pratt,   ///< rank them with the others, then drop their ranks (Pratt 1959; coin's default)
};

/// Stable name ("wilcox", "pratt").
constexpr std::string_view to_string(signed_rank_zeros z) noexcept {
  return z == signed_rank_zeros::wilcox ? "wilcox" : "pratt";
}

/// Options of signed_rank_test.
struct signed_rank_options {
  /// automatic: exact when at most exact_max_n differences are signed (and the computation is
  /// within the limits below), else asymptotic.
  rank_test_method method = rank_test_method::automatic;
  signed_rank_zeros zero_method = signed_rank_zeros::wilcox;
  /// Continuity correction of the normal approximation (R's default correct = TRUE): |W+ − μ| is
  /// reduced by ½, not below 0. Ignored by the exact method.
  bool continuity_correction = true;
  /// automatic is exact up to this many signed (non-zero) differences: 49 is R's rule n < 50.
  std::int64_t exact_max_n = 49;
};

/// Limits of the exact computation (explicit exact throws beyond them, automatic falls back to
/// the normal approximation): the pmf length M + 1 (M = 2 × the sum of the ranks summed) and the
/// work M × n for n signed differences. Since M >= n(n + 1), the work limit allows at most 999
/// signed differences (~0.3 s without ties); the length limit bounds memory to 80 MB when many
/// Pratt zeros push the ranks up.
inline constexpr double signed_rank_exact_length_limit = 1e7;
inline constexpr double signed_rank_exact_work_limit = 1e9;

/// Result of a signed-rank test. test.statistic is W+ (R's V of wilcox.test(x, y, paired =
/// TRUE), coin's linear statistic); scipy's two-sided statistic is min(W+, W−). test.df is NaN.
template <class Real = double>
struct signed_rank_result {
  std::int64_t n = 0;         ///< pairs
  std::int64_t n_zero = 0;    ///< pairs with difference 0
  std::int64_t n_signed = 0;  ///< pairs with a non-zero difference: those whose ranks are summed
  Real w_plus = nan<Real>();   ///< sum of the ranks of |d| over positive differences
  Real w_minus = nan<Real>();  ///< the same over negative differences
  Real mean = nan<Real>();     ///< E[W+] under H0 = (W+ + W−)/2
  Real sigma = nan<Real>();    ///< tie-corrected SD of W+ under H0 = √(Σ r²)/2
  /// sign(D)·max(|D| − cc, 0)/σ, D = W+ − mean, cc = ½ with continuity correction: positive
  /// when first tends to exceed second. Reported for both methods; gives p only asymptotically.
  Real z = nan<Real>();
  bool exact = false;  ///< true when test.p_value is the exact conditional p
  test_result<Real> test;
};

namespace detail {

template <class Real>
difference_distribution<Real> differences_of(const paired_table& table,
                                             const std::vector<Real>& s) {
  std::vector<std::pair<Real, std::int64_t>> cells;
  const std::size_t k = table.size();
  for (std::size_t i = 0; i < k; ++i) {
    for (std::size_t j = 0; j < k; ++j) {
      if (table(i, j) > 0) cells.emplace_back(s[i] - s[j], table(i, j));
    }
  }
  std::sort(cells.begin(), cells.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  difference_distribution<Real> d;
  for (const auto& c : cells) {
    if (!d.values.empty() && d.values.back() == c.first) {
      d.counts.back() += c.second;
    } else {
      d.values.push_back(c.first);
      d.counts.push_back(c.second);
    }
  }
  return d;
}

}  // namespace detail

/// The distribution of the differences first − second of a K×K paired table with category
/// scores `scores` (any sized range of K finite numbers): cell (i, j) contributes its count to
/// s_i − s_j. Values are merged when exactly equal (as R compares x − y), so scores whose
/// differences should tie must make them tie in floating point (integers do).
/// @throws cxgap::invalid_argument if scores.size() != table.size() or a score is not finite.
template <class Real = double, class ScoreRange,
          class = std::enable_if_t<detail::is_sized_range<ScoreRange>::value>>
difference_distribution<Real> paired_differences(const paired_table& table,
                                                 const ScoreRange& scores) {
  return detail::differences_of<Real>(
      table, detail::paired_scores<Real>("cxgap::paired_differences", table, scores));
}

/// Braced-list overload: paired_differences(table, {1, 2, 3, 4, 5}).
template <class Real = double>
difference_distribution<Real> paired_differences(
    const paired_table& table, std::initializer_list<detail::no_deduce_t<Real>> scores) {
  return paired_differences<Real, std::initializer_list<Real>>(table, scores);
}

/// Wilcoxon signed-rank test of H0 "the differences first − second are symmetric about 0".
///
/// Ranks: the |d| of the ranked differences get midranks (zero_method wilcox: the non-zero
/// ones; pratt: all, zeros taking ranks 1..n_zero); W+ sums the ranks of the positive ones, W−
/// of the negative ones; zeros' ranks are in neither. Under H0 each non-zero difference has a
/// random sign: E[W+] = Σ r/2 and, with ties, Var[W+] = Σ r²/4 over the signed differences —
/// the same as n'(n'+1)(2n'+1)/24 − Σ(t³ − t)/48 for Wilcoxon and the Cureton (1967) form for
/// Pratt, computed without cancellation.
/// Asymptotic: z = sign(D)·max(|D| − cc, 0)/σ, D = W+ − E[W+], p = 2(1 − Φ(|z|)) from the
/// survival function. Exact: p = P(|W+ − E| >= |w − E|) under the sign-flip distribution
/// conditional on the ranks (detail/signed_rank_exact.hpp); without ties and zeros this equals
/// R's wilcox.test(exact = TRUE).
///
/// Degenerate data: no pairs → status empty, all NaN; no non-zero difference (all pairs tied) →
/// W+ = W− = 0, σ = 0, z and p NaN, status zero_variance. A single non-zero difference is
/// legal (p = 1 exact or with continuity correction).
/// @throws cxgap::invalid_argument if values and counts differ in size, a count is negative, a
///         value is not finite, options.exact_max_n < 0, or the exact method is requested beyond
///         signed_rank_exact_length_limit / signed_rank_exact_work_limit.
/// References: Wilcoxon F (1945) Biometrics Bull. 1:80–83; Pratt JW (1959) JASA 54:655–667;
/// Cureton EE (1967) JASA 62:1068–1069; Lehmann EL (1975) Nonparametrics, ch. 3.
template <class Real>
signed_rank_result<Real> signed_rank_test(const difference_distribution<Real>& differences,
                                          const signed_rank_options& options = {}) {
  constexpr const char* fn = "cxgap::signed_rank_test";
  using wide = std::conditional_t<std::is_floating_point_v<Real>, long double, Real>;
  const auto& values = differences.values;
  const auto& counts = differences.counts;
  if (values.size() != counts.size()) {
    detail::throw_invalid(fn, "differences.counts.size()", counts.size(),
                          ("equal to differences.values.size() = " +
                           std::to_string(values.size())).c_str());
  }
  if (options.exact_max_n < 0)
    detail::throw_invalid(fn, "options.exact_max_n", options.exact_max_n, "non-negative");

  // Tie groups of |d| (exact equality; d and −d share a group), with the count of positives.
  struct group {
    Real abs_value;
    std::int64_t count;
    std::int64_t positive;
  };
  std::vector<group> groups;
  std::int64_t n = 0, n_zero = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    detail::check_finite(fn, "differences.values[i]", values[i]);
    if (counts[i] < 0) detail::throw_invalid(fn, "differences.counts[i]", counts[i], "non-negative");
    n += counts[i];
    if (counts[i] == 0) continue;
    if (values[i] == 0) {
      n_zero += counts[i];
    } else {
      groups.push_back({std::fabs(values[i]), counts[i], values[i] > 0 ? counts[i] : 0});
    }
  }
  std::sort(groups.begin(), groups.end(),
            [](const group& a, const group& b) { return a.abs_value < b.abs_value; });
  {
    std::size_t out = 0;
    for (std::size_t i = 0; i < groups.size(); ++i) {
      if (out > 0 && groups[out - 1].abs_value == groups[i].abs_value) {
        groups[out - 1].count += groups[i].count;
        groups[out - 1].positive += groups[i].positive;
      } else {
        groups[out++] = groups[i];
      }
    }
    groups.resize(out);
  }

  signed_rank_result<Real> r;
  r.n = n;
  r.n_zero = n_zero;
  r.n_signed = n - n_zero;
  r.test.method = "Wilcoxon signed rank";
  if (n == 0) {
    r.test.status = stat_status::empty;
    return r;
  }

  // Doubled midranks w_k = 2·offset + 2·T_{<k} + t_k + 1 (integers); Pratt offsets by the zeros.
  const std::int64_t offset = options.zero_method == signed_rank_zeros::pratt ? n_zero : 0;
  std::vector<detail::signed_rank_group> exact_groups;
  exact_groups.reserve(groups.size());
  std::int64_t below = offset;
  wide w_plus2 = 0, w_minus2 = 0, sum_r2 = 0, total_weight = 0;
  for (const group& g : groups) {
    const std::int64_t w = 2 * below + g.count + 1;
    exact_groups.push_back({w, g.count});
    const wide ww = static_cast<wide>(w);
    w_plus2 += static_cast<wide>(g.positive) * ww;
    w_minus2 += static_cast<wide>(g.count - g.positive) * ww;
    sum_r2 += static_cast<wide>(g.count) * ww * ww;  // Σ (2r)²
    total_weight += static_cast<wide>(g.count) * ww;
    below += g.count;
  }
  r.w_plus = static_cast<Real>(w_plus2 / 2);
  r.w_minus = static_cast<Real>(w_minus2 / 2);
  r.mean = static_cast<Real>(total_weight / 4);
  const wide sigma = std::sqrt(sum_r2) / 4;  // √(Σ r²)/2 with r = w/2
  r.sigma = static_cast<Real>(sigma);
  r.test.statistic = r.w_plus;

  // Exact size: pmf length M + 1 and work M × n_signed.
  const double length = static_cast<double>(total_weight) + 1;
  const double work = static_cast<double>(total_weight) * static_cast<double>(r.n_signed);
  const bool exact_feasible =
      length <= signed_rank_exact_length_limit && work <= signed_rank_exact_work_limit;
  bool use_exact = false;
  switch (options.method) {
    case rank_test_method::exact:
      if (!exact_feasible) {
        detail::throw_invalid(fn, "exact work", work,
                              "within signed_rank_exact_length_limit and "
                              "signed_rank_exact_work_limit (use asymptotic)");
      }
      use_exact = true;
      break;
    case rank_test_method::asymptotic: use_exact = false; break;
    case rank_test_method::automatic:
      use_exact = exact_feasible && r.n_signed <= options.exact_max_n;
      break;
  }
  r.exact = use_exact;
  r.test.method = use_exact ? "Wilcoxon signed rank, exact conditional on ties"
                  : options.continuity_correction
                      ? "Wilcoxon signed rank, normal approximation, tie and continuity corrected"
                      : "Wilcoxon signed rank, normal approximation, tie corrected";
  if (r.n_signed == 0) {  // all pairs tied: no signs to test
    r.test.status = stat_status::zero_variance;
    return r;
  }
  // D = W+ − E[W+] = (W+ − W−)/2, exact in wide precision.
  const wide diff = (w_plus2 - w_minus2) / 4;
  const wide cc = options.continuity_correction ? wide(0.5) : wide(0);
  const wide excess = std::fabs(diff) - cc;
  const wide z = (excess > 0 ? excess : wide(0)) / sigma * (diff < 0 ? -1 : 1);
  r.z = static_cast<Real>(z);
  if (use_exact) {
    // 2W+ is an integer below the length limit: exact in wide precision.
    const auto two_w_plus = static_cast<std::int64_t>(w_plus2);
    r.test.p_value = static_cast<Real>(detail::signed_rank_exact_p(exact_groups, two_w_plus));
  } else {
    r.test.p_value = detail::normal_two_sided_p(r.z);
  }
  return r;
}

/// Signed-rank test of a K×K paired table with category scores (sized range):
/// signed_rank_test(paired_differences(table, scores), options).
/// @throws as paired_differences and the distribution overload.
template <class Real = double, class ScoreRange,
          class = std::enable_if_t<detail::is_sized_range<ScoreRange>::value>>
signed_rank_result<Real> signed_rank_test(const paired_table& table, const ScoreRange& scores,
                                          const signed_rank_options& options = {}) {
  return signed_rank_test(paired_differences<Real>(table, scores), options);
}

/// Braced-list overload: signed_rank_test(table, {1, 2, 3, 4, 5}, options).
template <class Real = double>
signed_rank_result<Real> signed_rank_test(const paired_table& table,
                                          std::initializer_list<detail::no_deduce_t<Real>> scores,
                                          const signed_rank_options& options = {}) {
  return signed_rank_test(paired_differences<Real>(table, scores), options);
}

}  // namespace cxgap

#endif  // CXGAP_PAIRED_SIGNED_RANK_HPP
