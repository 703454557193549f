// Key drivers of the customers' overall rating: Johnson's (2000) relative weights of correlated
// predictors (items), and the importance–performance table that ranks items by importance ×
// gap and marks those in the top quartile of both.
#ifndef CXGAP_MULTIVARIATE_RELATIVE_WEIGHTS_HPP
#define CXGAP_MULTIVARIATE_RELATIVE_WEIGHTS_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include <Eigen/Core>
#include <Eigen/Eigenvalues>

#include "cxgap/detail/check.hpp"
#include "cxgap/multivariate/detail/covariance.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap {

/// Relative weights of k predictors for one outcome. NaN where undefined; status says why.
template <class Real = double>
struct relative_weights_result {
  detail::vector_t<Real> raw_weights;       ///< ε_j ≥ 0, Σ ε_j = R²
  detail::vector_t<Real> rescaled_weights;  ///< 100 ε_j / R²: percent of the explained variance
  detail::vector_t<Real> correlations;      ///< r_xy: the sign of each driver's relation
  Real r_squared = nan<Real>();             ///< R² of the least-squares regression
  std::int64_t n = 0;  ///< respondents used (complete cases); 0 when given correlations
  stat_status status = stat_status::ok;
};

namespace detail {

/// Johnson (2000) from the predictor correlations rxx and the predictor–outcome correlations
/// rxy (both already validated). Status: singular if rxx is numerically singular
/// (collinear predictors), boundary if R² = 0 (rescaled weights undefined).
template <class Real>
void johnson_weights(const matrix_t<Real>& rxx, const vector_t<Real>& rxy,
                     relative_weights_result<Real>& r) {
  const Eigen::Index k = rxx.rows();
  r.correlations = rxy;
  r.raw_weights = vector_t<Real>::Constant(k, nan<Real>());
  r.rescaled_weights = vector_t<Real>::Constant(k, nan<Real>());
  // R_xx = Q diag(λ) Q′ (reads the lower triangle).
  const Eigen::SelfAdjointEigenSolver<matrix_t<Real>> eig(rxx);
  const vector_t<Real>& lambda = eig.eigenvalues();  // ascending
  if (!(lambda(0) > singular_tolerance(k, lambda(k - 1)))) {
    r.status = stat_status::singular;
    return;
  }
  const matrix_t<Real>& q = eig.eigenvectors();
  // Λ = Q diag(√λ) Q′ relates X to its closest orthonormal Z; β = Λ⁻¹ r_xy = Q diag(1/√λ) Q′ r_xy.
  const matrix_t<Real> big_lambda = q * lambda.array().sqrt().matrix().asDiagonal() * q.transpose();
  const vector_t<Real> beta =
      q * (lambda.array().rsqrt() * (q.transpose() * rxy).array()).matrix();
  r.raw_weights = big_lambda.array().square().matrix() * beta.array().square().matrix();
  r.r_squared = r.raw_weights.sum();
  if (!(r.r_squared > 0)) {
    r.status = stat_status::boundary;
    return;
  }
  r.rescaled_weights = 100 * r.raw_weights / r.r_squared;
  r.status = stat_status::ok;
}

template <class Real, class Derived>
vector_t<Real> checked_vector(const char* function, const char* name,
                              const Eigen::MatrixBase<Derived>& v) {
  static_assert(Derived::IsVectorAtCompileTime, "a vector (e.g. Eigen::VectorXd) is required");
  vector_t<Real> out(v.size());
  for (Eigen::Index i = 0; i < v.size(); ++i) {
    out(i) = static_cast<Real>(v(i));
    if (std::isinf(out(i))) {
      const std::string what = std::string(name) + "(" + std::to_string(i) + ")";
      throw_invalid(function, what.c_str(), out(i), "finite or NaN (missing)");
    }
  }
  return out;
}

}  // namespace detail

/// Johnson's relative weights of predictors (items) for an outcome (the overall rating):
/// each predictor's share of R², accounting for their intercorrelation.
/// R_xx = QΛQ′, Λ^{1/2} = Q diag(√λ) Q′, β = Λ^{−1/2} r_xy, ε_j = Σ_k (Λ^{1/2})²_jk β_k².
/// @param predictors  respondent × item matrix (any Eigen expression), NaN = missing.
/// @param outcome     one value per respondent (a vector expression), NaN = missing.
/// Respondents with any missing predictor or outcome are dropped (complete cases).
/// Degenerate data: no complete respondent → empty; fewer than k + 2 (no residual degree of
/// freedom; R² = 1 by construction) → too_few; a constant predictor or outcome → zero_variance;
/// collinear predictors (R_xx numerically singular) → singular; R² = 0 → boundary (raw weights 0,
/// rescaled NaN).
/// @throws cxgap::invalid_argument if predictors has no columns, outcome.size() differs from
///         predictors.rows(), or a value is ±Inf.
/// Reference: Johnson (2000) Multivariate Behav. Res. 35:1–19; Tonidandel & LeBreton (2011)
/// J. Bus. Psychol. 26:1–9.
template <class DerivedX, class DerivedY>
relative_weights_result<detail::real_t<typename DerivedX::Scalar>> relative_weights(
    const Eigen::MatrixBase<DerivedX>& predictors, const Eigen::MatrixBase<DerivedY>& outcome) {
  using Real = detail::real_t<typename DerivedX::Scalar>;
  constexpr const char* fn = "relative_weights";
  const Eigen::Index k = predictors.cols();
  if (k < 1) detail::throw_invalid(fn, "predictors.cols()", k, "at least 1");
  if (outcome.size() != predictors.rows()) {
    detail::throw_invalid(fn, "outcome.size()", outcome.size(),
                          ("equal to predictors.rows() = " + std::to_string(predictors.rows())).c_str());
  }
  detail::matrix_t<Real> xy(predictors.rows(), k + 1);
  xy.leftCols(k) = detail::checked_copy<Real>(fn, "predictors", predictors);
  xy.col(k) = detail::checked_vector<Real>(fn, "outcome", outcome);
  const detail::item_moments<Real> m = detail::complete_case_moments(xy);

  relative_weights_result<Real> r;
  r.n = m.respondents;
  r.raw_weights = r.rescaled_weights = r.correlations =
      detail::vector_t<Real>::Constant(k, nan<Real>());
  if (r.n == 0) {
    r.status = stat_status::empty;
    return r;
  }
  if (r.n < k + 2) {
    r.status = stat_status::too_few;
    return r;
  }
  for (Eigen::Index j = 0; j <= k; ++j) {
    if (detail::negligible_variance(m.covariance(j, j), m.mean(j))) {
      r.status = stat_status::zero_variance;
      return r;
    }
  }
  const detail::vector_t<Real> sd = m.cross.diagonal().array().sqrt();
  const detail::matrix_t<Real> corr =
      sd.asDiagonal().inverse() * m.cross * sd.asDiagonal().inverse();
  detail::johnson_weights<Real>(corr.topLeftCorner(k, k), corr.col(k).head(k), r);
  return r;
}

/// Johnson's relative weights from correlations: the k × k predictor correlation matrix
/// (only its lower triangle is read) and the k predictor–outcome correlations, e.g. from a
/// published table or a pairwise-complete correlation matrix. n is 0 in the result.
/// Degenerate: numerically singular R_xx → singular; R² = 0 → boundary.
/// @throws cxgap::invalid_argument if the matrix is empty or not square, the vector's size
///         differs, an entry is not finite, or a diagonal entry differs from 1 by more than
///         sqrt(ε).
/// Reference: Johnson (2000) Multivariate Behav. Res. 35:1–19.
template <class DerivedR, class DerivedV>
relative_weights_result<detail::real_t<typename DerivedR::Scalar>> relative_weights_from_correlations(
    const Eigen::MatrixBase<DerivedR>& predictor_correlations,
    const Eigen::MatrixBase<DerivedV>& outcome_correlations) {
  using Real = detail::real_t<typename DerivedR::Scalar>;
  constexpr const char* fn = "relative_weights_from_correlations";
  const Eigen::Index k = predictor_correlations.rows();
  if (k < 1) detail::throw_invalid(fn, "predictor_correlations.rows()", k, "at least 1");
  if (predictor_correlations.cols() != k) {
    detail::throw_invalid(fn, "predictor_correlations.cols()", predictor_correlations.cols(),
                          ("equal to its rows() = " + std::to_string(k)).c_str());
  }
  if (outcome_correlations.size() != k) {
    detail::throw_invalid(fn, "outcome_correlations.size()", outcome_correlations.size(),
                          ("equal to predictor_correlations.rows() = " + std::to_string(k)).c_str());
  }
  const detail::matrix_t<Real> rxx = predictor_correlations.template cast<Real>();
  const detail::vector_t<Real> rxy = detail::checked_vector<Real>(fn, "outcome_correlations",
                                                                  outcome_correlations);
  const Real tol = std::sqrt(std::numeric_limits<Real>::epsilon());
  for (Eigen::Index j = 0; j < k; ++j) {
    detail::check_finite(fn, "outcome_correlations(j)", rxy(j));
    for (Eigen::Index l = 0; l <= j; ++l) {
      detail::check_finite(fn, "predictor_correlations(j, l)", rxx(j, l));
    }
    if (!(std::fabs(rxx(j, j) - 1) <= tol)) {
      detail::throw_invalid(fn, "predictor_correlations(j, j)", rxx(j, j), "1 (a correlation matrix)");
    }
  }
  relative_weights_result<Real> r;
  detail::johnson_weights(rxx, rxy, r);
  return r;
}

/// One item of an importance–performance table.
template <class Real = double>
struct importance_performance_row {
  Eigen::Index item = 0;        ///< 0-based item index
  Real importance = nan<Real>();  ///< e.g. the rescaled relative weight
  Real gap = nan<Real>();         ///< organisation − customer mean on the item
  Real priority = nan<Real>();    ///< importance × gap
  bool top_importance = false;  ///< importance ≥ Q3 of the importances
  bool top_gap = false;         ///< gap ≥ Q3 of the gaps
  bool flagged = false;         ///< top_importance and top_gap: act here first
};

/// Items ranked by importance × gap, with the quartiles the flags were decided on.
template <class Real = double>
struct importance_performance_table {
  std::vector<importance_performance_row<Real>> rows;  ///< highest priority first, NaN last
  Real q3_importance = nan<Real>();  ///< 0.75 quantile of the importances (R type 7)
  Real q3_gap = nan<Real>();         ///< 0.75 quantile of the gaps (R type 7)
};

namespace detail {

/// The 0.75 quantile of the non-NaN values by R's default definition (type 7, Hyndman & Fan
/// 1996): h = 1 + (m − 1)·0.75, Q = (1 − f)·x_(⌊h⌋) + f·x_(⌈h⌉), f = h − ⌊h⌋. NaN if none.
template <class Real>
Real upper_quartile(const vector_t<Real>& v) {
  std::vector<Real> x;
  for (Eigen::Index i = 0; i < v.size(); ++i) {
    if (!std::isnan(v(i))) x.push_back(v(i));
  }
  if (x.empty()) return nan<Real>();
  std::sort(x.begin(), x.end());
  const Real index = static_cast<Real>(x.size() - 1) * Real(0.75);  // 0-based
  const auto lo = static_cast<std::size_t>(std::floor(index));
  const std::size_t hi = std::min(lo + 1, x.size() - 1);
  const Real f = index - static_cast<Real>(lo);
  if (!(f > 0) || x[hi] == x[lo]) return x[lo];
  return (1 - f) * x[lo] + f * x[hi];
}

}  // namespace detail

/// Importance–performance table: for each item its importance (e.g. the rescaled relative
/// weights for the customers' overall rating) and its gap (organisation − customer mean; a
/// positive gap means the organisation rates itself higher than its customers do), ranked by
/// priority = importance × gap, highest first (ties keep item order; NaN last).
/// Rule: an item is flagged when importance ≥ Q3(importance) and gap ≥ Q3(gap), Q3 being the
/// 0.75 quantile over the items (R's type 7) of each column. Signed gaps are used, so only
/// overrated items (large positive gaps) rank high; pass |gap| to treat both directions alike.
/// An item with a NaN value is never flagged and ranks last.
/// @throws cxgap::invalid_argument if the sizes differ or a value is ±Inf.
/// Reference: Martilla & James (1977) J. Marketing 41:77–79 (importance–performance analysis).
template <class DerivedI, class DerivedG>
importance_performance_table<detail::real_t<typename DerivedI::Scalar>> importance_performance(
    const Eigen::MatrixBase<DerivedI>& importance, const Eigen::MatrixBase<DerivedG>& gap) {
  using Real = detail::real_t<typename DerivedI::Scalar>;
  constexpr const char* fn = "importance_performance";
  if (gap.size() != importance.size()) {
    detail::throw_invalid(fn, "gap.size()", gap.size(),
                          ("equal to importance.size() = " + std::to_string(importance.size())).c_str());
  }
  const detail::vector_t<Real> imp = detail::checked_vector<Real>(fn, "importance", importance);
  const detail::vector_t<Real> g = detail::checked_vector<Real>(fn, "gap", gap);
  importance_performance_table<Real> t;
  t.q3_importance = detail::upper_quartile(imp);
  t.q3_gap = detail::upper_quartile(g);
  for (Eigen::Index i = 0; i < imp.size(); ++i) {
    importance_performance_row<Real> row;
    row.item = i;
    row.importance = imp(i);
    row.gap = g(i);
    row.priority = imp(i) * g(i);
    row.top_importance = imp(i) >= t.q3_importance;
    row.top_gap = g(i) >= t.q3_gap;
    row.flagged = row.top_importance && row.top_gap;
    t.rows.push_back(row);
  }
  std::stable_sort(t.rows.begin(), t.rows.end(),
                   [](const importance_performance_row<Real>& x,
                      const importance_performance_row<Real>& y) {
                     if (std::isnan(x.priority)) return false;
                     if (std::isnan(y.priority)) return true;
                     return x.priority > y.priority;
                   });
  return t;
}

}  // namespace cxgap

#endif  // CXGAP_MULTIVARIATE_RELATIVE_WEIGHTS_HPP
