// Scale reliability: Cronbach's alpha (raw and standardised) with Feldt's interval, alpha if
// item deleted and item–rest correlations, with reverse-keyed items reversed first.
#ifndef CXGAP_MULTIVARIATE_RELIABILITY_HPP
#define CXGAP_MULTIVARIATE_RELIABILITY_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <boost/math/distributions/fisher_f.hpp>

#include "cxgap/detail/check.hpp"
#include "cxgap/multivariate/detail/covariance.hpp"
#include "cxgap/multivariate/missing_data.hpp"
#include "cxgap/stats/detail/distributions.hpp"
#include "cxgap/stats/moments.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap {

/// Reverse-keyed items of a scale: each listed item's answers x become
/// scale_min + scale_max − x before anything is computed ("I often feel rushed" on a
/// satisfaction scale). The bounds are the scale's, e.g. 1 and 5 for a 5-point Likert item.
struct reverse_keying {
  std::vector<Eigen::Index> items;  ///< 0-based columns to reverse (no duplicates)
  double scale_min = std::numeric_limits<double>::quiet_NaN();
  double scale_max = std::numeric_limits<double>::quiet_NaN();
};

/// Cronbach's alpha of a k-item scale and its item analysis. NaN marks what the data cannot
/// define; status (raw alpha, CI, item–rest correlations) and standardized_status
/// (standardised alpha, average_r) say why.
template <class Real = double>
struct cronbach_alpha_result {
  Real alpha = nan<Real>();               ///< raw alpha k/(k−1) · (1 − Σ s_jj / Σ s_jl)
  interval<Real> ci;                      ///< Feldt interval for the raw alpha
  Real standardized_alpha = nan<Real>();  ///< k r̄ / (1 + (k − 1) r̄) from the correlations
  Real average_r = nan<Real>();           ///< r̄: mean inter-item correlation
  detail::vector_t<Real> alpha_if_deleted;               ///< raw alpha without item j (k ≥ 3)
  detail::vector_t<Real> standardized_alpha_if_deleted;  ///< standardised, without item j
  detail::vector_t<Real> item_rest_correlation;  ///< item j with the sum of the others
  Real scale_mean = nan<Real>();  ///< mean over respondents of their mean item score
  Real scale_sd = nan<Real>();    ///< SD (n − 1) of the respondents' mean item scores
  std::int64_t n = 0;             ///< respondents (pairwise: those with any answer)
  Eigen::Index k = 0;             ///< items
  missing_data missing = missing_data::complete_case;
  stat_status status = stat_status::ok;
  stat_status standardized_status = stat_status::ok;
};

namespace detail {

template <class Real>
struct alpha_parts {
  Real raw = nan<Real>();
  Real standardized = nan<Real>();
  Real average_r = nan<Real>();
};

/// Raw and standardised alpha of the items of covariance c other than `skip` (−1: none), as
/// psych's alpha.1: raw from c, standardised from cov2cor(c). Items flagged in `constant`
/// make the standardised values NaN.
template <class Real>
alpha_parts<Real> alpha_from_covariance(const matrix_t<Real>& c, const std::vector<bool>& constant,
                                        Eigen::Index skip) {
  alpha_parts<Real> r;
  const Eigen::Index p = c.rows();
  Real total = 0, trace = 0, sum_r = 0;
  Eigen::Index k = 0;
  bool any_constant = false, all_constant = true;
  for (Eigen::Index j = 0; j < p; ++j) {
    if (j == skip) continue;
    ++k;
    trace += c(j, j);
    const bool cj = constant[static_cast<std::size_t>(j)];
    any_constant = any_constant || cj;
    all_constant = all_constant && cj;
    for (Eigen::Index l = 0; l < p; ++l) {
      if (l == skip) continue;
      total += c(j, l);
      if (!any_constant && !constant[static_cast<std::size_t>(l)]) {
        sum_r += c(j, l) / std::sqrt(c(j, j) * c(l, l));
      }
    }
  }
  if (k < 2) return r;
  const Real kr = static_cast<Real>(k);
  const Real eps = std::numeric_limits<Real>::epsilon();
  if (!all_constant && total > 100 * kr * eps * trace) {
    r.raw = kr / (kr - 1) * (1 - trace / total);
  }
  if (!any_constant) {
    r.average_r = (sum_r - kr) / (kr * (kr - 1));
    if (sum_r > 0) r.standardized = kr / (kr - 1) * (1 - kr / sum_r);
  }
  return r;
}

}  // namespace detail

/// Cronbach's alpha with Feldt's confidence interval, standardised alpha, alpha if item
/// deleted, item–rest correlations and the scale score's mean and SD.
/// @param x  respondent × item matrix (any Eigen expression), NaN = missing answer.
/// @param keys  reverse-keyed items and the scale's bounds (default: none).
/// @param missing  complete_case (default): respondents with any missing item are dropped;
///   pairwise: the covariance matrix from pairwise-complete pairs and the standardised alpha
///   from its cov2cor, as psych::alpha (use = "pairwise") does; n is then the number of
///   respondents with at least one answer, and each respondent's scale score is the mean of
///   the items they answered.
/// @param level  confidence level of the Feldt interval, in (0, 1).
/// Feldt: (1 − α)/(1 − α̂) ~ F(n − 1, (n − 1)(k − 1)), so the interval is
/// [1 − (1 − α̂) F_{1−γ/2}, 1 − (1 − α̂) F_{γ/2}], γ = 1 − level.
/// Degenerate data: n = 0 → empty; n = 1 or (pairwise) a pair of items never answered
/// together by two respondents → too_few; every item constant, or a constant sum score →
/// zero_variance (raw alpha NaN). A constant item leaves the raw alpha defined but makes the
/// standardised alpha and average_r NaN (standardized_status zero_variance); psych instead
/// deletes such an item. With k = 2 the alpha-if-deleted values are NaN (one item has none).
/// @throws cxgap::invalid_argument if x has fewer than 2 columns, a value is ±Inf, level is
///         not in (0, 1), keys lists an item twice, keys has items but its bounds are not
///         finite with scale_min < scale_max, or a reversed item has a value outside them;
///         cxgap::out_of_range if a key is not a column of x.
/// Reference: Cronbach (1951) Psychometrika 16:297–334; Feldt (1965) Psychometrika
/// 30:357–370; Feldt, Woodruff & Salih (1987) Appl. Psychol. Meas. 11:93–103.
template <class Derived>
cronbach_alpha_result<detail::real_t<typename Derived::Scalar>> cronbach_alpha(
    const Eigen::MatrixBase<Derived>& x, const reverse_keying& keys = {},
    missing_data missing = missing_data::complete_case,
    detail::real_t<typename Derived::Scalar> level = detail::real_t<typename Derived::Scalar>(0.95)) {
  using Real = detail::real_t<typename Derived::Scalar>;
  constexpr const char* fn = "cronbach_alpha";
  detail::check_level(fn, level);
  const Eigen::Index k = x.cols();
  if (k < 2) detail::throw_invalid(fn, "x.cols()", k, "at least 2");
  detail::matrix_t<Real> y = detail::checked_copy<Real>(fn, "x", x);

  // Reverse-keyed items: min + max − x.
  std::vector<bool> reversed(static_cast<std::size_t>(k), false);
  if (!keys.items.empty()) {
    if (!std::isfinite(keys.scale_min)) detail::throw_invalid(fn, "keys.scale_min", keys.scale_min, "finite");
    if (!(std::isfinite(keys.scale_max) && keys.scale_max > keys.scale_min)) {
      detail::throw_invalid(fn, "keys.scale_max", keys.scale_max,
                            ("finite and greater than keys.scale_min = " +
                             std::to_string(keys.scale_min)).c_str());
    }
    const Real lo = static_cast<Real>(keys.scale_min), hi = static_cast<Real>(keys.scale_max);
    for (const Eigen::Index j : keys.items) {
      if (j < 0 || j >= k) detail::throw_index(fn, "keys.items[i]", j, k);
      if (reversed[static_cast<std::size_t>(j)]) {
        detail::throw_invalid(fn, "keys.items[i]", j, "listed once");
      }
      reversed[static_cast<std::size_t>(j)] = true;
      for (Eigen::Index i = 0; i < y.rows(); ++i) {
        const Real v = y(i, j);
        if (std::isnan(v)) continue;
        if (v < lo || v > hi) {
          const std::string what = "x(" + std::to_string(i) + ", " + std::to_string(j) + ")";
          detail::throw_invalid(fn, what.c_str(), v, "within [keys.scale_min, keys.scale_max]");
        }
        y(i, j) = lo + hi - v;
      }
    }
  }

  const detail::item_moments<Real> m = detail::item_moments_of(y, missing);
  cronbach_alpha_result<Real> r;
  r.k = k;
  r.n = m.respondents;
  r.missing = missing;
  r.ci.level = level;
  r.ci.method = "Feldt";
  r.alpha_if_deleted = detail::vector_t<Real>::Constant(k, nan<Real>());
  r.standardized_alpha_if_deleted = detail::vector_t<Real>::Constant(k, nan<Real>());
  r.item_rest_correlation = detail::vector_t<Real>::Constant(k, nan<Real>());
  auto finish = [&r](stat_status raw, stat_status standardized) {
    r.status = r.ci.status = raw;
    r.standardized_status = standardized;
    return r;
  };

  // Scale scores: each respondent's mean over the items they answered (all, for complete cases).
  std::vector<Real> scores;
  scores.reserve(static_cast<std::size_t>(y.rows()));
  for (Eigen::Index i = 0; i < y.rows(); ++i) {
    if (missing == missing_data::complete_case && !detail::row_complete(y, i)) continue;
    Real sum = 0;
    Eigen::Index answered = 0;
    for (Eigen::Index j = 0; j < k; ++j) {
      if (std::isnan(y(i, j))) continue;
      sum += y(i, j);
      ++answered;
    }
    if (answered > 0) scores.push_back(sum / static_cast<Real>(answered));
  }
  if (r.n == 0) return finish(stat_status::empty, stat_status::empty);
  const sample_moments<Real> sm = moments_from_values<Real>(scores);
  r.scale_mean = sm.mean;
  r.scale_sd = sm.std_dev();
  if (r.n < 2 || m.count.minCoeff() < 2) return finish(stat_status::too_few, stat_status::too_few);

  detail::matrix_t<Real> c(k, k);
  std::vector<bool> constant(static_cast<std::size_t>(k));
  for (Eigen::Index j = 0; j < k; ++j) {
    for (Eigen::Index l = 0; l < k; ++l) c(j, l) = m.covariance(j, l);
    constant[static_cast<std::size_t>(j)] = detail::negligible_variance(c(j, j), m.mean(j));
  }

  const auto whole = detail::alpha_from_covariance(c, constant, -1);
  r.alpha = whole.raw;
  r.standardized_alpha = whole.standardized;
  r.average_r = whole.average_r;
  for (Eigen::Index j = 0; j < k; ++j) {
    if (k > 2) {
      const auto drop = detail::alpha_from_covariance(c, constant, j);
      r.alpha_if_deleted(j) = drop.raw;
      r.standardized_alpha_if_deleted(j) = drop.standardized;
    }
    // Item–rest correlation from the covariance matrix (psych's r.drop).
    Real rest = 0, with_rest = 0;
    for (Eigen::Index a = 0; a < k; ++a) {
      if (a == j) continue;
      with_rest += c(j, a);
      for (Eigen::Index b = 0; b < k; ++b) {
        if (b != j) rest += c(a, b);
      }
    }
    if (!constant[static_cast<std::size_t>(j)] && rest > 0) {
      r.item_rest_correlation(j) = with_rest / std::sqrt(c(j, j) * rest);
    }
  }
  const stat_status standardized =
      std::isnan(r.standardized_alpha) ? stat_status::zero_variance : stat_status::ok;
  if (std::isnan(r.alpha)) return finish(stat_status::zero_variance, standardized);

  // Feldt (1965): (1 − α̂)/(1 − α) ~ F(n − 1, (n − 1)(k − 1)).
  const Real df1 = static_cast<Real>(r.n - 1);
  const Real df2 = df1 * static_cast<Real>(k - 1);
  const detail::f_dist<Real> f(df1, df2);
  const Real tail = (1 - level) / 2;
  r.ci.lower = 1 - (1 - r.alpha) * boost::math::quantile(boost::math::complement(f, tail));
  r.ci.upper = 1 - (1 - r.alpha) * boost::math::quantile(f, tail);
  return finish(stat_status::ok, standardized);
}

}  // namespace cxgap

#endif  // CXGAP_MULTIVARIATE_RELIABILITY_HPP
