// Two-sample Hotelling T² on the vector of item means of two audiences: "is there a gap
// anywhere in the profile?" — one test over all items instead of one per item.
#ifndef CXGAP_MULTIVARIATE_HOTELLING_HPP
#define CXGAP_MULTIVARIATE_HOTELLING_HPP

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>

#include <Eigen/Core>
#include <Eigen/Eigenvalues>

#include "cxgap/detail/check.hpp"
#include "cxgap/multivariate/detail/covariance.hpp"
#include "cxgap/multivariate/missing_data.hpp"
#include "cxgap/stats/detail/distributions.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap {

/// Result of a two-sample Hotelling T² test of equal item-mean vectors, A − B.
/// Fields the data cannot define are NaN; status says why.
template <class Real = double>
struct hotelling_result {
  detail::vector_t<Real> mean_a;      ///< item means of A (NaN where A has no answer)
  detail::vector_t<Real> mean_b;      ///< item means of B
  detail::vector_t<Real> difference;  ///< mean_a − mean_b
  detail::matrix_t<Real> pooled_covariance;  ///< S (p × p); NaN entries where undefined
  std::int64_t n_a = 0;  ///< respondents of A used (pairwise: the smallest pair count)
  std::int64_t n_b = 0;  ///< respondents of B used (pairwise: the smallest pair count)
  Real t_squared = nan<Real>();    ///< T² = d′ V⁻¹ d
  Real f_statistic = nan<Real>();  ///< F = (N − p − 1) / (p (N − 2)) · T², N = n_a + n_b
  Real df1 = nan<Real>();          ///< p
  Real df2 = nan<Real>();          ///< N − p − 1
  Real p_value = nan<Real>();      ///< P(F_{df1, df2} > F), from the survival function
  /// Smallest eigenvalue of V scaled to a correlation matrix (1 for uncorrelated items); at or
  /// below 10⁴·p·ε times the largest, V is numerically singular or (pairwise) indefinite.
  Real min_eigenvalue = nan<Real>();
  missing_data missing = missing_data::complete_case;
  std::string_view method;
  stat_status status = stat_status::ok;
};

/// Two-sample Hotelling T² test of H0: the item-mean vectors of audiences A and B are equal,
/// with the pooled (equal-covariance) estimate and the exact F transform.
/// @param a, b  respondent × item matrices (any Eigen expression; same items in the same
///              column order); NaN marks a missing answer; integer matrices have none.
/// @param missing  complete_case (default): respondents with any NaN are dropped;
///   T² = n_a n_b/(n_a + n_b) · d′S⁻¹d, S = ((n_a − 1)S_a + (n_b − 1)S_b)/(N − 2).
///   pairwise: item means from the available answers; S_jk pooled from each group's
///   pairwise-complete covariance; T² = d′V⁻¹d with
///   V_jk = S_jk (n_a,jk/(n_a,j n_a,k) + n_b,jk/(n_b,j n_b,k)) (the covariance of the mean
///   differences when answers are missing completely at random), df from the smallest pair
///   counts. Caveat: a pairwise V need not be positive definite; then status singular,
///   T²/F/p NaN, and min_eigenvalue shows how far from definite it is. Pairwise is cxgap's own
///   approximation, not an exact test (docs/multivariate.md).
/// Degenerate data: a group without respondents (or, pairwise, an item without answers in a
/// group) → empty; N − p − 1 < 1 (n ≤ p) or a covariance with no pair → too_few; a constant
/// item → zero_variance; collinear items or (pairwise) an indefinite V, i.e. a numerically
/// singular V → singular. Means and difference are reported whenever
/// both groups have data.
/// @throws cxgap::invalid_argument if a or b has no columns, their column counts differ, or a
///         value is ±Inf.
/// Reference: Hotelling (1931) Ann. Math. Stat. 2:360–378; Anderson (2003) An Introduction to
/// Multivariate Statistical Analysis, 3rd ed., §5.3.4.
template <class DerivedA, class DerivedB>
hotelling_result<detail::real_t<typename DerivedA::Scalar>> hotelling_t2(
    const Eigen::MatrixBase<DerivedA>& a, const Eigen::MatrixBase<DerivedB>& b,
    missing_data missing = missing_data::complete_case) {
  using Real = detail::real_t<typename DerivedA::Scalar>;
  static_assert(std::is_same_v<Real, detail::real_t<typename DerivedB::Scalar>>,
                "hotelling_t2: a and b must have the same scalar type");
  constexpr const char* fn = "hotelling_t2";
  if (a.cols() < 1) detail::throw_invalid(fn, "a.cols()", a.cols(), "at least 1");
  if (b.cols() != a.cols()) {
    detail::throw_invalid(fn, "b.cols()", b.cols(),
                          ("equal to a.cols() = " + std::to_string(a.cols())).c_str());
  }
  const Eigen::Index p = a.cols();
  const auto xa = detail::checked_copy<Real>(fn, "a", a);
  const auto xb = detail::checked_copy<Real>(fn, "b", b);
  const auto ma = detail::item_moments_of(xa, missing);
  const auto mb = detail::item_moments_of(xb, missing);

  hotelling_result<Real> r;
  r.missing = missing;
  r.method = missing == missing_data::pairwise ? "Hotelling two-sample T2 (pairwise deletion)"
                                               : "Hotelling two-sample T2 (complete cases)";
  r.mean_a = ma.mean;
  r.mean_b = mb.mean;
  r.difference = ma.mean - mb.mean;
  r.pooled_covariance = detail::matrix_t<Real>::Constant(p, p, nan<Real>());
  r.n_a = ma.count.minCoeff();
  r.n_b = mb.count.minCoeff();
  auto finish = [&r](stat_status s) {
    r.status = s;
    return r;
  };
  for (Eigen::Index j = 0; j < p; ++j) {
    if (ma.count(j, j) == 0 || mb.count(j, j) == 0) return finish(stat_status::empty);
  }

  // Pooled covariance S and the covariance V of the mean differences.
  detail::matrix_t<Real> v(p, p);
  bool undefined = false;
  for (Eigen::Index j = 0; j < p; ++j) {
    for (Eigen::Index k = 0; k < p; ++k) {
      const std::int64_t na = ma.count(j, k), nb = mb.count(j, k);
      const std::int64_t dof = std::max<std::int64_t>(na - 1, 0) + std::max<std::int64_t>(nb - 1, 0);
      if (dof < 1) {
        undefined = true;
        continue;
      }
      const Real s = (ma.cross(j, k) + mb.cross(j, k)) / static_cast<Real>(dof);
      r.pooled_covariance(j, k) = s;
      const Real wa = static_cast<Real>(na) /
                      (static_cast<Real>(ma.count(j, j)) * static_cast<Real>(ma.count(k, k)));
      const Real wb = static_cast<Real>(nb) /
                      (static_cast<Real>(mb.count(j, j)) * static_cast<Real>(mb.count(k, k)));
      v(j, k) = s * (wa + wb);
    }
  }
  const Real n_total = static_cast<Real>(r.n_a + r.n_b);
  const Real df2 = n_total - static_cast<Real>(p) - 1;
  if (undefined || !(df2 >= 1)) return finish(stat_status::too_few);
  r.df1 = static_cast<Real>(p);
  r.df2 = df2;

  // Scale V to a correlation matrix: T² = z′R⁻¹z with z_j = d_j/sqrt(V_jj).
  detail::vector_t<Real> sd(p), z(p);
  for (Eigen::Index j = 0; j < p; ++j) {
    const Real scale = std::max(std::fabs(r.mean_a(j)), std::fabs(r.mean_b(j)));
    if (detail::negligible_variance(r.pooled_covariance(j, j), scale)) {
      return finish(stat_status::zero_variance);
    }
    sd(j) = std::sqrt(v(j, j));
    z(j) = r.difference(j) / sd(j);
  }
  const detail::matrix_t<Real> corr = sd.asDiagonal().inverse() * v * sd.asDiagonal().inverse();
  const Eigen::SelfAdjointEigenSolver<detail::matrix_t<Real>> eig(corr);
  const detail::vector_t<Real>& lambda = eig.eigenvalues();  // ascending
  r.min_eigenvalue = lambda(0);
  if (!(lambda(0) > detail::singular_tolerance(p, lambda(p - 1)))) {
    return finish(stat_status::singular);
  }
  const detail::vector_t<Real> u = eig.eigenvectors().transpose() * z;
  r.t_squared = (u.array().square() / lambda.array()).sum();
  r.f_statistic = df2 / (static_cast<Real>(p) * (n_total - 2)) * r.t_squared;
  r.p_value = detail::f_sf(r.f_statistic, r.df1, r.df2);
  return finish(stat_status::ok);
}

}  // namespace cxgap

#endif  // CXGAP_MULTIVARIATE_HOTELLING_HPP
