// Cohen's kappa for the two members of a dyad (e.g. employee and customer rating one
// interaction), unweighted and with linear (Cicchetti–Allison) or quadratic (Fleiss–Cohen)
// weights from the category scores, with the large-sample standard errors of Fleiss, Cohen &
// Everitt (1969): the null SE for the z test, the non-null SE for the interval.
// Formulas, tool differences and degenerate cases: docs/agreement.md.
#ifndef CXGAP_PAIRED_KAPPA_HPP
#define CXGAP_PAIRED_KAPPA_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <type_traits>
#include <vector>

#include "cxgap/detail/check.hpp"
#include "cxgap/paired/detail/paired_scores.hpp"
#include "cxgap/paired/paired_table.hpp"
#include "cxgap/stats/detail/distributions.hpp"
#include "cxgap/stats/moments.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap {

/// Agreement weights of a kappa, w_ij = 1 − v_ij with disagreement v_ij from the scores s.
enum class kappa_weights : unsigned char {
  unweighted,  ///< v_ij = 0 on the diagonal, 1 off it (Cohen 1960)
  linear,      ///< v_ij = |s_i − s_j| / (s_K − s_1) (Cicchetti & Allison 1971)
  quadratic,   ///< v_ij = (s_i − s_j)² / (s_K − s_1)² (Fleiss & Cohen 1973)
};

/// Cohen's kappa (or a weighted kappa) of a K×K table of paired ratings, with its standard
/// errors, z test of H0: kappa = 0 and Wald interval. Fields the data cannot define are NaN;
/// status says why.
template <class Real = double>
struct kappa_result {
  std::int64_t n = 0;                         ///< number of pairs
  kappa_weights weights = kappa_weights::unweighted;
  Real kappa = nan<Real>();                   ///< (p_o − p_e) / (1 − p_e)
  Real observed_agreement = nan<Real>();      ///< p_o = Σ w_ij p_ij
  Real expected_agreement = nan<Real>();      ///< p_e = Σ w_ij p_i. p_.j
  Real std_error = nan<Real>();       ///< non-null large-sample SE (FCE 1969); used by the CI
  Real std_error_null = nan<Real>();  ///< SE under H0: kappa = 0 (FCE 1969); used by the z test
  interval<Real> ci;                  ///< kappa ± z·std_error, clipped to [−1, 1]
  test_result<Real> test;             ///< z = kappa / std_error_null, two-sided normal p
  stat_status status = stat_status::ok;
};

namespace detail {

/// Disagreement weight v_ij = 1 − w_ij (computed directly, so 1 − p_e has no cancellation).
template <class Real>
Real kappa_disagreement(kappa_weights w, const std::vector<Real>& s, std::size_t i,
                        std::size_t j) {
  if (i == j) return 0;
  switch (w) {
    case kappa_weights::unweighted: return 1;
    case kappa_weights::linear: return std::fabs(s[i] - s[j]) / (s.back() - s.front());
    case kappa_weights::quadratic: {
      const Real d = (s[i] - s[j]) / (s.back() - s.front());
      return d * d;
    }
  }
  return 1;
}

/// The kappa computation shared by all weightings. s: strictly ascending scores (unused when
/// unweighted). Variances are written as weighted variances (see docs/agreement.md):
///   non-null: Σ p_ij (g_ij − ḡ)² / (n (1 − p_e)²), g_ij = w_ij − (w̄_i. + w̄_.j)(1 − κ),
///   null:     Σ p_i.p_.j (h_ij − h̄)² / (n (1 − p_e)²), h_ij = w_ij − (w̄_i. + w̄_.j),
/// with w̄_i. = Σ_j p_.j w_ij and w̄_.j = Σ_i p_i. w_ij; expanding the squares gives the FCE
/// formulas (ḡ = κ − p_e(1 − κ), h̄ = −p_e), but this form is never negative and is exactly 0
/// when g (or h) is constant on the occupied cells.
template <class Real>
kappa_result<Real> kappa_impl(const char* function, const paired_table& table,
                              const std::vector<Real>& s, kappa_weights weights, Real level) {
  check_level(function, level);
  kappa_result<Real> r;
  r.weights = weights;
  r.n = table.total();
  r.ci.level = level;
  r.ci.method = "Wald (Fleiss-Cohen-Everitt non-null SE)";
  r.test.method = "z test of kappa = 0 (Fleiss-Cohen-Everitt null SE)";
  auto finish = [&r](stat_status st, stat_status ci_st, stat_status test_st) {
    r.status = st;
    r.ci.status = ci_st;
    r.test.status = test_st;
    return r;
  };
  if (r.n == 0) return finish(stat_status::empty, stat_status::empty, stat_status::empty);

  const std::size_t k = table.size();
  const Real n = static_cast<Real>(r.n);
  std::vector<Real> v(k * k), row(k, 0), col(k, 0);
  std::size_t rows_used = 0, cols_used = 0;
  for (std::size_t i = 0; i < k; ++i) {
    std::int64_t ri = 0, ci = 0;
    for (std::size_t j = 0; j < k; ++j) {
      v[i * k + j] = kappa_disagreement(weights, s, i, j);
      ri += table(i, j);
      ci += table(j, i);
    }
    row[i] = static_cast<Real>(ri) / n;
    col[i] = static_cast<Real>(ci) / n;
    rows_used += ri > 0;
    cols_used += ci > 0;
  }
  // Observed and expected disagreement q_o = 1 − p_o, q_e = 1 − p_e.
  Real q_o = 0, q_e = 0;
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < k; ++j) {
      q_o += v[i * k + j] * static_cast<Real>(table(i, j));
      q_e += v[i * k + j] * row[i] * col[j];
    }
  q_o /= n;
  r.observed_agreement = 1 - q_o;
  r.expected_agreement = 1 - q_e;
  // p_e = 1: both raters put every pair in the same single category; kappa is 0/0.
  if (!(q_e > 0))
    return finish(stat_status::zero_variance, stat_status::zero_variance,
                  stat_status::zero_variance);
  r.kappa = 1 - q_o / q_e;
  // One rater constant (a single used category): p_o = p_e, kappa = 0 exactly, and both
  // variances are exactly 0 (every g_ij and h_ij equals −p_e on the occupied cells).
  if (rows_used == 1 || cols_used == 1) {
    r.kappa = 0;
    r.std_error = r.std_error_null = 0;
    return finish(stat_status::zero_variance, stat_status::zero_variance,
                  stat_status::zero_variance);
  }

  std::vector<Real> wrow(k, 0), wcol(k, 0);  // w̄_i. and w̄_.j
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < k; ++j) {
      const Real w = 1 - v[i * k + j];
      wrow[i] += col[j] * w;
      wcol[j] += row[i] * w;
    }
  const Real one_minus_kappa = q_o / q_e;
  auto g = [&](std::size_t i, std::size_t j) {
    return (1 - v[i * k + j]) - (wrow[i] + wcol[j]) * one_minus_kappa;
  };
  auto h = [&](std::size_t i, std::size_t j) { return (1 - v[i * k + j]) - (wrow[i] + wcol[j]); };
  // Means (weighted by counts, so that g ≡ 1 under perfect agreement gives ḡ = 1 exactly).
  Real g_mean = 0, h_mean = 0, g_max = 0;
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < k; ++j) {
      if (table(i, j) > 0) {
        g_mean += static_cast<Real>(table(i, j)) * g(i, j);
        g_max = std::max(g_max, std::fabs(g(i, j)));
      }
      h_mean += row[i] * col[j] * h(i, j);
    }
  g_mean /= n;
  Real g_ss = 0, h_ss = 0;
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < k; ++j) {
      if (table(i, j) > 0) {
        const Real d = g(i, j) - g_mean;
        g_ss += static_cast<Real>(table(i, j)) * d * d;
      }
      const Real e = h(i, j) - h_mean;
      h_ss += row[i] * col[j] * e * e;
    }
  g_ss /= n;
  // A non-null variance at rounding level is the exact zero of a boundary table (kappa = 1).
  const Real g_tiny = 4 * std::numeric_limits<Real>::epsilon() * g_max;
  if (g_ss <= g_tiny * g_tiny) g_ss = 0;
  const Real scale = n * q_e * q_e;
  r.std_error = std::sqrt(g_ss / scale);
  r.std_error_null = std::sqrt(h_ss / scale);

  stat_status test_status = stat_status::ok;
  if (r.std_error_null > 0) {
    r.test.statistic = r.kappa / r.std_error_null;
    r.test.p_value = normal_two_sided_p(r.test.statistic);
  } else {
    test_status = stat_status::zero_variance;
  }
  const Real z = normal_critical(level);
  r.ci.lower = std::max(Real(-1), r.kappa - z * r.std_error);
  r.ci.upper = std::min(Real(1), r.kappa + z * r.std_error);
  if (g_ss == 0) return finish(stat_status::boundary, stat_status::boundary, test_status);
  return finish(test_status, stat_status::ok, test_status);
}

}  // namespace detail

/// Cohen's (1960) unweighted kappa of a table of paired ratings (rows: first rater, columns:
/// second), with the Fleiss, Cohen & Everitt (1969) large-sample SEs: the z test uses the SE under
/// H0: kappa = 0, the interval kappa ± z_{(1+level)/2}·SE uses the non-null SE, clipped to
/// [−1, 1] (statsmodels' cohens_kappa: same SEs, interval not clipped).
/// Degenerate tables: n = 0 → empty (all NaN); p_e = 1 (every pair in one and the same
/// category, including a single dyad) → zero_variance, kappa NaN; one rater constant → kappa = 0,
/// both SEs 0, test and CI NaN, zero_variance; non-null SE 0 with the null SE > 0 (perfect
/// agreement, kappa = 1, or its mirror, kappa = −1) → CI collapses to [kappa, kappa], status
/// boundary, the z test is reported.
/// @throws cxgap::invalid_argument if level is not in (0, 1).
/// Reference: Cohen (1960) Educ. Psychol. Meas. 20:37–46; Fleiss, Cohen & Everitt (1969)
/// Psychol. Bull. 72:323–327.
template <class Real = double>
kappa_result<Real> cohens_kappa(const paired_table& table,
                                detail::no_deduce_t<Real> level = Real(0.95)) {
  return detail::kappa_impl<Real>("cohens_kappa", table, std::vector<Real>{},
                                  kappa_weights::unweighted, level);
}

/// Weighted kappa (Cohen 1968) with agreement weights w_ij = 1 − v_ij from the category scores:
/// linear v = |s_i − s_j| / (s_K − s_1) (Cicchetti & Allison 1971) or quadratic
/// v = (s_i − s_j)² / (s_K − s_1)² (Fleiss & Cohen 1973); kappa_weights::unweighted gives Cohen's
/// kappa (scores then only checked). SEs, interval, test and degenerate cases as cohens_kappa;
/// the SEs are Fleiss, Cohen & Everitt's (as statsmodels 0.13, vcd::Kappa), not psych 2.2.9's
/// (see docs/agreement.md).
/// @param scores  one finite score per category, strictly ascending (a sized range)
/// @throws cxgap::invalid_argument if level is not in (0, 1), scores.size() != table.size(), or a
///         score is not finite or not greater than the one before.
/// Reference: Cohen (1968) Psychol. Bull. 70:213–220; Fleiss, Cohen & Everitt (1969) Psychol.
/// Bull. 72:323–327; Cicchetti & Allison (1971) Am. J. EEG Technol. 11:101–109; Fleiss & Cohen
/// (1973) Educ. Psychol. Meas. 33:613–619.
template <class Real = double, class ScoreRange,
          class = std::enable_if_t<detail::is_sized_range<ScoreRange>::value>>
kappa_result<Real> weighted_kappa(const paired_table& table, const ScoreRange& scores,
                                  kappa_weights weights,
                                  detail::no_deduce_t<Real> level = Real(0.95)) {
  const auto s = detail::paired_scores<Real>("weighted_kappa", table, scores, /*ascending=*/true);
  return detail::kappa_impl<Real>("weighted_kappa", table, s, weights, level);
}

/// Braced-list overload: weighted_kappa(t, {1, 2, 3, 4, 5}, kappa_weights::quadratic).
/// @throws as the range overload.
template <class Real = double>
kappa_result<Real> weighted_kappa(const paired_table& table,
                                  std::initializer_list<detail::no_deduce_t<Real>> scores,
                                  kappa_weights weights,
                                  detail::no_deduce_t<Real> level = Real(0.95)) {
  return weighted_kappa<Real, std::initializer_list<Real>>(table, scores, weights, level);
}

}  // namespace cxgap

#endif  // CXGAP_PAIRED_KAPPA_HPP
