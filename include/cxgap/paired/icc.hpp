// Intraclass correlations: the six Shrout & Fleiss (1979) forms ICC(1,1), ICC(2,1), ICC(3,1),
// ICC(1,k), ICC(2,k), ICC(3,k) with their F tests and confidence intervals (McGraw & Wong 1996,
// as psych::ICC(lmer = FALSE) reports them), from an n × k ratings matrix or, for a dyad
// (k = 2), from a paired_table and its category scores. Formulas: docs/agreement.md.
#ifndef CXGAP_PAIRED_ICC_HPP
#define CXGAP_PAIRED_ICC_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <type_traits>
#include <vector>

#include <Eigen/Core>
#include <boost/math/distributions/fisher_f.hpp>

#include "cxgap/detail/check.hpp"
#include "cxgap/paired/detail/paired_scores.hpp"
#include "cxgap/paired/paired_table.hpp"
#include "cxgap/stats/detail/distributions.hpp"
#include "cxgap/stats/moments.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap {

/// One intraclass correlation with its F test of H0: ICC = 0 (upper tail) and its interval.
template <class Real = double>
struct icc_estimate {
  Real value = nan<Real>();
  Real f_statistic = nan<Real>();  ///< MSB/MSW (one-way forms) or MSB/MSE (two-way forms)
  Real df1 = nan<Real>();          ///< n − 1
  Real df2 = nan<Real>();          ///< n(k − 1) (one-way) or (n − 1)(k − 1) (two-way)
  Real p_value = nan<Real>();      ///< P(F > f_statistic)
  interval<Real> ci;
  stat_status status = stat_status::ok;
};

/// The six Shrout–Fleiss intraclass correlations of n subjects (dyads, interactions) rated by
/// the same k raters, with the two-way ANOVA mean squares they come from.
template <class Real = double>
struct icc_result {
  std::int64_t n = 0;  ///< subjects (rows)
  std::int64_t k = 0;  ///< raters (columns)
  Real ms_subjects = nan<Real>();  ///< MSB (between subjects), df n − 1
  Real ms_raters = nan<Real>();    ///< MSJ (between raters / judges), df k − 1
  Real ms_error = nan<Real>();     ///< MSE (residual), df (n − 1)(k − 1)
  Real ms_within = nan<Real>();    ///< MSW (within subjects, raters + residual), df n(k − 1)
  icc_estimate<Real> icc_1_1;  ///< one-way random, single rater (psych ICC1)
  icc_estimate<Real> icc_2_1;  ///< two-way random, single rater, absolute agreement (ICC2)
  icc_estimate<Real> icc_3_1;  ///< two-way mixed, single rater, consistency (ICC3)
  icc_estimate<Real> icc_1_k;  ///< one-way random, mean of k raters (ICC1k)
  icc_estimate<Real> icc_2_k;  ///< two-way random, mean of k raters (ICC2k)
  icc_estimate<Real> icc_3_k;  ///< two-way mixed, mean of k raters (ICC3k)
  stat_status status = stat_status::ok;
};

namespace detail {

/// Upper α-quantile of F(d1, d2), from the complement.
template <class Real>
Real icc_f_quantile(Real alpha, Real d1, Real d2) {
  return boost::math::quantile(boost::math::complement(f_dist<Real>(d1, d2), alpha));
}

/// All six forms from the two-way ANOVA sums of squares (subjects, raters, residual).
template <class Real>
icc_result<Real> icc_from_sums_of_squares(std::int64_t n_subjects, std::int64_t k_raters,
                                          Real ss_b, Real ss_j, Real ss_e, Real level) {
  icc_result<Real> r;
  r.n = n_subjects;
  r.k = k_raters;
  icc_estimate<Real>* forms[] = {&r.icc_1_1, &r.icc_2_1, &r.icc_3_1,
                                 &r.icc_1_k, &r.icc_2_k, &r.icc_3_k};
  const char* methods[] = {"F (Shrout-Fleiss 1979 / McGraw-Wong 1996 case 1)",
                           "McGraw-Wong 1996 case 2A (Satterthwaite df)",
                           "F (Shrout-Fleiss 1979 / McGraw-Wong 1996 case 3)",
                           "F (Shrout-Fleiss 1979 / McGraw-Wong 1996 case 1)",
                           "McGraw-Wong 1996 case 2A (Satterthwaite df)",
                           "F (Shrout-Fleiss 1979 / McGraw-Wong 1996 case 3)"};
  for (int f = 0; f < 6; ++f) {
    forms[f]->ci.level = level;
    forms[f]->ci.method = methods[f];
  }
  auto all = [&](stat_status s) {
    r.status = s;
    for (auto* e : forms) e->status = e->ci.status = s;
    return r;
  };
  if (n_subjects == 0) return all(stat_status::empty);
  if (n_subjects < 2) return all(stat_status::too_few);

  const Real n = static_cast<Real>(n_subjects), k = static_cast<Real>(k_raters);
  const Real df_b = n - 1, df_j = k - 1, df_e = (n - 1) * (k - 1), df_w = n * (k - 1);
  const Real msb = ss_b / df_b, msj = ss_j / df_j, mse = ss_e / df_e;
  const Real msw = (ss_j + ss_e) / df_w;
  r.ms_subjects = msb;
  r.ms_raters = msj;
  r.ms_error = mse;
  r.ms_within = msw;
  const Real alpha_half = (1 - level) / 2;

  // Value = num / den, NaN with zero_variance when den = 0.
  auto set_value = [](icc_estimate<Real>& e, Real num, Real den) {
    if (den > 0) {
      e.value = num / den;
    } else {
      e.status = stat_status::zero_variance;
    }
  };
  // F test MSB / denominator; returns false (test and CI NaN, zero_variance) when it is 0.
  auto set_test = [&](icc_estimate<Real>& e, Real ms_den, Real d2) {
    e.df1 = df_b;
    e.df2 = d2;
    if (!(ms_den > 0)) {
      e.status = e.ci.status = stat_status::zero_variance;
      return false;
    }
    e.f_statistic = msb / ms_den;
    e.p_value = f_sf(e.f_statistic, df_b, d2);
    return true;
  };
  auto set_ci = [](icc_estimate<Real>& e, Real lower, Real upper) {
    if (e.status != stat_status::ok) {
      e.ci.status = e.status;
      return;
    }
    e.ci.lower = lower;
    e.ci.upper = upper;
  };

  // Case 1 (one-way): ICC(1,1) and ICC(1,k), F = MSB/MSW on (n − 1, n(k − 1)) df.
  set_value(r.icc_1_1, msb - msw, msb + (k - 1) * msw);
  set_value(r.icc_1_k, msb - msw, msb);
  const bool t1 = set_test(r.icc_1_1, msw, df_w);
  set_test(r.icc_1_k, msw, df_w);
  if (t1) {
    const Real f = r.icc_1_1.f_statistic;
    const Real f_l = f / icc_f_quantile(alpha_half, df_b, df_w);
    const Real f_u = f * icc_f_quantile(alpha_half, df_w, df_b);
    set_ci(r.icc_1_1, (f_l - 1) / (f_l + k - 1), (f_u - 1) / (f_u + k - 1));
    set_ci(r.icc_1_k, 1 - 1 / f_l, 1 - 1 / f_u);
  }

  // Case 3 (two-way mixed, consistency): F = MSB/MSE on (n − 1, (n − 1)(k − 1)) df.
  set_value(r.icc_3_1, msb - mse, msb + (k - 1) * mse);
  set_value(r.icc_3_k, msb - mse, msb);
  const bool t3 = set_test(r.icc_3_1, mse, df_e);
  set_test(r.icc_3_k, mse, df_e);
  if (t3) {
    const Real f = r.icc_3_1.f_statistic;
    const Real f_l = f / icc_f_quantile(alpha_half, df_b, df_e);
    const Real f_u = f * icc_f_quantile(alpha_half, df_e, df_b);
    set_ci(r.icc_3_1, (f_l - 1) / (f_l + k - 1), (f_u - 1) / (f_u + k - 1));
    set_ci(r.icc_3_k, 1 - 1 / f_l, 1 - 1 / f_u);
  }

  // Case 2 (two-way random, absolute agreement): same F test as case 3; interval with the
  // Satterthwaite df v of McGraw & Wong (1996, Table 7, case 2A).
  set_value(r.icc_2_1, msb - mse, msb + (k - 1) * mse + k * (msj - mse) / n);
  set_value(r.icc_2_k, msb - mse, msb + (msj - mse) / n);
  const bool t2 = set_test(r.icc_2_1, mse, df_e);
  set_test(r.icc_2_k, mse, df_e);
  if (t2 && r.icc_2_1.status == stat_status::ok) {
    const Real rho = r.icc_2_1.value;
    const Real fj = msj / mse;
    const Real a = n * (1 + (k - 1) * rho) - k * rho;
    const Real vn = (k - 1) * (n - 1) * (k * rho * fj + a) * (k * rho * fj + a);
    const Real vd = (n - 1) * k * k * rho * rho * fj * fj + a * a;
    const Real v = vn / vd;
    if (v > 0 && std::isfinite(v)) {
      const Real f_u = icc_f_quantile(alpha_half, df_b, v);
      const Real f_l = icc_f_quantile(alpha_half, v, df_b);
      const Real c = k * msj + (k * n - k - n) * mse;
      const Real lower = n * (msb - f_u * mse) / (f_u * c + n * msb);
      const Real upper = n * (f_l * msb - mse) / (c + n * f_l * msb);
      set_ci(r.icc_2_1, lower, upper);
      // Spearman–Brown ρ ↦ kρ/(1 + (k − 1)ρ) increases on (−1/(k − 1), 1] towards −∞ at the
      // pole: a lower bound beyond it maps to −∞ (psych maps it through the pole to a number
      // above the upper bound); an upper bound beyond it (n = 2 only) leaves no interval.
      if (1 + upper * (k - 1) > 0) {
        set_ci(r.icc_2_k,
               1 + lower * (k - 1) > 0 ? lower * k / (1 + lower * (k - 1))
                                       : -std::numeric_limits<Real>::infinity(),
               upper * k / (1 + upper * (k - 1)));
      } else {
        r.icc_2_k.ci.status = stat_status::too_few;
      }
    } else {
      r.icc_2_1.ci.status = r.icc_2_k.ci.status = stat_status::zero_variance;
    }
  } else {
    r.icc_2_1.ci.status = r.icc_2_k.ci.status = stat_status::zero_variance;
  }

  for (auto* e : forms)
    if (e->status != stat_status::ok) r.status = stat_status::zero_variance;
  return r;
}

}  // namespace detail

/// The six Shrout–Fleiss ICCs of an n × k matrix of ratings (rows: subjects, e.g. interactions;
/// columns: raters, e.g. employee and customer), from the two-way ANOVA without interaction:
///   ICC(1,1) = (MSB − MSW)/(MSB + (k−1)MSW),   ICC(1,k) = (MSB − MSW)/MSB,
///   ICC(2,1) = (MSB − MSE)/(MSB + (k−1)MSE + k(MSJ − MSE)/n),
///   ICC(2,k) = (MSB − MSE)/(MSB + (MSJ − MSE)/n),
///   ICC(3,1) = (MSB − MSE)/(MSB + (k−1)MSE),   ICC(3,k) = (MSB − MSE)/MSB,
/// with the F tests and intervals of McGraw & Wong (1996) exactly as psych::ICC(lmer = FALSE)
/// computes them (intervals not clipped), except that an ICC(2,k) lower bound whose ICC(2,1)
/// bound lies beyond the Spearman–Brown pole −1/(k − 1) is −∞ (psych maps it through the pole).
/// The ICC(2,·) interval undercovers with few raters whose effects vary a lot (docs/agreement.md).
/// Takes any Eigen dense expression without copying.
/// Degenerate data: n = 0 → empty; n = 1 → too_few (all NaN); a form whose formula divides by a
/// zero mean square (e.g. MSE = 0 when every rater gives each subject the same rating) gets NaN
/// for that quantity and status zero_variance — its F test and interval are NaN (psych divides
/// by a rounding-level MSE and reports F ≈ 1e31), while a value with a nonzero denominator
/// (e.g. ICC(3,1) = 1) is kept. Sums of squares at rounding level are taken as 0.
/// @throws cxgap::invalid_argument if level is not in (0, 1), ratings has fewer than 2 columns,
///         or a rating is not finite (drop incomplete rows first; psych stops on them too).
/// Reference: Shrout & Fleiss (1979) Psychol. Bull. 86:420–428; McGraw & Wong (1996) Psychol.
/// Methods 1:30–46.
template <class Real = double, class Derived>
icc_result<Real> icc(const Eigen::MatrixBase<Derived>& ratings,
                     detail::no_deduce_t<Real> level = Real(0.95)) {
  detail::check_level("icc", level);
  const Eigen::Index rows = ratings.rows(), cols = ratings.cols();
  if (cols < 2) detail::throw_invalid("icc", "ratings.cols()", cols, "at least 2 (raters)");
  const Real n = static_cast<Real>(rows), k = static_cast<Real>(cols);
  // Shift by the first rating so constant data give exact zeros; flag non-finite ratings.
  Real shift = 0, scale = 0;
  for (Eigen::Index i = 0; i < rows; ++i)
    for (Eigen::Index j = 0; j < cols; ++j) {
      const Real x = static_cast<Real>(ratings(i, j));
      detail::check_finite("icc", "ratings(i, j)", x);
      if (i == 0 && j == 0) shift = x;
      scale = std::max(scale, std::fabs(x - shift));
    }
  if (rows < 2)
    return detail::icc_from_sums_of_squares<Real>(rows, cols, nan<Real>(), nan<Real>(),
                                                  nan<Real>(), level);
  std::vector<Real> row_mean(static_cast<std::size_t>(rows), 0),
      col_mean(static_cast<std::size_t>(cols), 0);
  for (Eigen::Index i = 0; i < rows; ++i)
    for (Eigen::Index j = 0; j < cols; ++j) {
      const Real y = static_cast<Real>(ratings(i, j)) - shift;
      row_mean[static_cast<std::size_t>(i)] += y;
      col_mean[static_cast<std::size_t>(j)] += y;
    }
  Real grand = 0;
  for (auto& m : row_mean) {
    m /= k;
    grand += m;
  }
  grand /= n;
  for (auto& m : col_mean) m /= n;
  Real ss_b = 0, ss_j = 0, ss_e = 0;
  for (Real m : row_mean) ss_b += (m - grand) * (m - grand);
  for (Real m : col_mean) ss_j += (m - grand) * (m - grand);
  ss_b *= k;
  ss_j *= n;
  for (Eigen::Index i = 0; i < rows; ++i)
    for (Eigen::Index j = 0; j < cols; ++j) {
      const Real e = static_cast<Real>(ratings(i, j)) - shift -
                     row_mean[static_cast<std::size_t>(i)] -
                     col_mean[static_cast<std::size_t>(j)] + grand;
      ss_e += e * e;
    }
  // Sums of squares at rounding level (e.g. raters differing by an exact constant) are zeros.
  const Real tiny = n * k * (8 * std::numeric_limits<Real>::epsilon() * scale) *
                    (8 * std::numeric_limits<Real>::epsilon() * scale);
  for (Real* ss : {&ss_b, &ss_j, &ss_e})
    if (*ss <= tiny) *ss = 0;
  return detail::icc_from_sums_of_squares<Real>(rows, cols, ss_b, ss_j, ss_e, level);
}

/// The six ICCs of a dyad (k = 2 raters: first = rows of the table, second = columns) from a
/// paired_table and the category scores, without expanding the pairs: with x, y the two ratings,
/// SSB = (n − 1)·var(x + y)/2, SSJ = n·mean(x − y)²/2, SSE = (n − 1)·var(x − y)/2, each from the
/// K² cell counts. Equals icc() of the n × 2 matrix of expanded pairs; degenerate cases as there.
/// @param scores  one finite score per category (a sized range)
/// @throws cxgap::invalid_argument if level is not in (0, 1), scores.size() != table.size() or a
///         score is not finite.
/// Reference: as the matrix overload.
template <class Real = double, class ScoreRange,
          class = std::enable_if_t<detail::is_sized_range<ScoreRange>::value>>
icc_result<Real> icc(const paired_table& table, const ScoreRange& scores,
                     detail::no_deduce_t<Real> level = Real(0.95)) {
  detail::check_level("icc", level);
  const auto s = detail::paired_scores<Real>("icc", table, scores);
  const auto d = detail::paired_cell_moments<Real>("icc", table, s, -1);
  if (d.n < 2)
    return detail::icc_from_sums_of_squares<Real>(d.n, 2, nan<Real>(), nan<Real>(), nan<Real>(),
                                                  level);
  const auto sum = detail::paired_cell_moments<Real>("icc", table, s, +1);
  const Real nm1 = static_cast<Real>(d.n - 1);
  return detail::icc_from_sums_of_squares<Real>(d.n, 2, nm1 * sum.variance / 2,
                                                static_cast<Real>(d.n) * d.mean * d.mean / 2,
                                                nm1 * d.variance / 2, level);
}

/// Braced-list overload: icc(table, {1, 2, 3, 4, 5}). @throws as the range overload.
template <class Real = double>
icc_result<Real> icc(const paired_table& table,
                     std::initializer_list<detail::no_deduce_t<Real>> scores,
                     detail::no_deduce_t<Real> level = Real(0.95)) {
  return icc<Real, std::initializer_list<Real>>(table, scores, level);
}

}  // namespace cxgap

#endif  // CXGAP_PAIRED_ICC_HPP
