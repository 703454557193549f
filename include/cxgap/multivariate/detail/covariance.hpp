// Shared machinery of the multivariate statistics: argument checks on respondent × item
// matrices (NaN = no answer), and item means and covariances from complete
// cases or from pairwise-complete pairs, with the pair counts that pooling and df need.
#ifndef CXGAP_MULTIVARIATE_DETAIL_COVARIANCE_HPP
#define CXGAP_MULTIVARIATE_DETAIL_COVARIANCE_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include <Eigen/Core>

#include "cxgap/detail/check.hpp"
#include "cxgap/error.hpp"
#include "cxgap/multivariate/missing_data.hpp"

namespace cxgap {
namespace detail {

/// The floating type a statistic on Scalar data is computed in: Scalar itself if it is a
/// floating type, double for integer codes (which cannot hold NaN, so they are never missing).
template <class Scalar>
using real_t = std::conditional_t<std::is_floating_point_v<Scalar>, Scalar, double>;

template <class Real>
using vector_t = Eigen::Matrix<Real, Eigen::Dynamic, 1>;
template <class Real>
using matrix_t = Eigen::Matrix<Real, Eigen::Dynamic, Eigen::Dynamic>;
using count_matrix = Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic>;

/// Throws cxgap::out_of_range: "<function>: <name> is <value>, but must be in [0, <size>)".
[[noreturn]] inline void throw_index(const char* function, const char* name, Eigen::Index value,
                                     Eigen::Index size) {
  std::ostringstream os;
  os << function << ": " << name << " is " << value << ", but must be in [0, " << size << ")";
  throw cxgap::out_of_range(os.str());
}

/// A copy of x in Real with every value checked: NaN (missing) and finite values pass, ±Inf
/// throws invalid_argument naming the entry.
template <class Real, class Derived>
matrix_t<Real> checked_copy(const char* function, const char* name,
                            const Eigen::MatrixBase<Derived>& x) {
  matrix_t<Real> m = x.template cast<Real>();
  for (Eigen::Index j = 0; j < m.cols(); ++j) {
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
      if (std::isinf(m(i, j))) {
        const std::string what = std::string(name) + "(" + std::to_string(i) + ", " +
                                 std::to_string(j) + ")";
        throw_invalid(function, what.c_str(), m(i, j), "finite or NaN (missing)");
      }
    }
  }
  return m;
}

/// Item means and centred cross-products of one group under a missing-data policy.
///  * count(j, k): respondents entering the (j, k) entry (complete cases: all the same n;
///    pairwise: those who answered both j and k; the diagonal is item j's answers);
///  * mean(j): mean of item j over count(j, j) respondents;
///  * cross(j, k): Σ (x_j − m_j)(x_k − m_k) over the count(j, k) respondents, with m the means
///    of those respondents (R's cov with use = "pairwise.complete.obs" centres each pair on its
///    own means), so cov(j, k) = cross(j, k) / (count(j, k) − 1);
///  * respondents: complete cases, or (pairwise) respondents with at least one answer.
template <class Real>
struct item_moments {
  count_matrix count;
  vector_t<Real> mean;
  matrix_t<Real> cross;
  std::int64_t respondents = 0;

  /// Sample covariance (divisor count − 1); NaN where fewer than two respondents.
  Real covariance(Eigen::Index j, Eigen::Index k) const {
    const std::int64_t c = count(j, k);
    return c < 2 ? std::numeric_limits<Real>::quiet_NaN() : cross(j, k) / static_cast<Real>(c - 1);
  }
};

/// True when row i of x has no missing value.
template <class Real>
bool row_complete(const matrix_t<Real>& x, Eigen::Index i) {
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    if (std::isnan(x(i, j))) return false;
  }
  return true;
}

/// Moments over the complete rows of x (listwise deletion). Two-pass with the corrected sum of
/// products Σd_j d_k − (Σd_j)(Σd_k)/n (Chan, Golub & LeVeque 1983).
template <class Real>
item_moments<Real> complete_case_moments(const matrix_t<Real>& x) {
  const Eigen::Index p = x.cols();
  std::vector<Eigen::Index> rows;
  rows.reserve(static_cast<std::size_t>(x.rows()));
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    if (row_complete(x, i)) rows.push_back(i);
  }
  const auto n = static_cast<Eigen::Index>(rows.size());
  item_moments<Real> m;
  m.respondents = static_cast<std::int64_t>(n);
  m.count = count_matrix::Constant(p, p, static_cast<std::int64_t>(n));
  m.mean = vector_t<Real>::Constant(p, std::numeric_limits<Real>::quiet_NaN());
  m.cross = matrix_t<Real>::Zero(p, p);
  if (n == 0) return m;
  matrix_t<Real> d(n, p);
  for (Eigen::Index r = 0; r < n; ++r) d.row(r) = x.row(rows[static_cast<std::size_t>(r)]);
  const Real nr = static_cast<Real>(n);
  vector_t<Real> mean = d.colwise().sum().transpose() / nr;
  d.rowwise() -= mean.transpose();
  const vector_t<Real> s = d.colwise().sum().transpose();
  m.mean = mean + s / nr;
  m.cross = d.transpose() * d - s * s.transpose() / nr;
  for (Eigen::Index j = 0; j < p; ++j) m.cross(j, j) = std::max(Real(0), m.cross(j, j));
  return m;
}

/// Two-pass mean and centred sums over the rows where both column j and column k are present
/// (j == k: item j's answers). Returns {count, mean_j, mean_k, cross}.
template <class Real>
struct pair_sums {
  std::int64_t n = 0;
  Real mean_j = 0, mean_k = 0, cross = 0;
};

template <class Real>
pair_sums<Real> pairwise_sums(const matrix_t<Real>& x, Eigen::Index j, Eigen::Index k) {
  pair_sums<Real> r;
  Real sj = 0, sk = 0;
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const Real a = x(i, j), b = x(i, k);
    if (std::isnan(a) || std::isnan(b)) continue;
    ++r.n;
    sj += a;
    sk += b;
  }
  if (r.n == 0) {
    r.mean_j = r.mean_k = std::numeric_limits<Real>::quiet_NaN();
    return r;
  }
  const Real nr = static_cast<Real>(r.n);
  const Real mj = sj / nr, mk = sk / nr;
  Real dj = 0, dk = 0, djk = 0;
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const Real a = x(i, j), b = x(i, k);
    if (std::isnan(a) || std::isnan(b)) continue;
    dj += a - mj;
    dk += b - mk;
    djk += (a - mj) * (b - mk);
  }
  r.mean_j = mj + dj / nr;
  r.mean_k = mk + dk / nr;
  r.cross = djk - dj * dk / nr;
  if (j == k) r.cross = std::max(Real(0), r.cross);
  return r;
}

/// Moments with pairwise deletion (see item_moments).
template <class Real>
item_moments<Real> pairwise_moments(const matrix_t<Real>& x) {
  const Eigen::Index p = x.cols();
  item_moments<Real> m;
  m.count = count_matrix::Zero(p, p);
  m.mean = vector_t<Real>(p);
  m.cross = matrix_t<Real>::Zero(p, p);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    bool any = false;
    for (Eigen::Index j = 0; j < p && !any; ++j) any = !std::isnan(x(i, j));
    if (any) ++m.respondents;
  }
  for (Eigen::Index j = 0; j < p; ++j) {
    for (Eigen::Index k = 0; k <= j; ++k) {
      const pair_sums<Real> s = pairwise_sums(x, j, k);
      m.count(j, k) = m.count(k, j) = s.n;
      m.cross(j, k) = m.cross(k, j) = s.cross;
      if (j == k) m.mean(j) = s.mean_j;
    }
  }
  return m;
}

template <class Real>
item_moments<Real> item_moments_of(const matrix_t<Real>& x, missing_data missing) {
  return missing == missing_data::pairwise ? pairwise_moments(x) : complete_case_moments(x);
}

/// A variance that is zero up to rounding: sd ≤ 10·ε·scale (the threshold of R's t.test
/// "data are essentially constant", scale = the largest |mean| involved). Also true for NaN.
template <class Real>
bool negligible_variance(Real variance, Real scale) {
  const Real tiny = 10 * std::numeric_limits<Real>::epsilon() * std::fabs(scale);
  return !(std::sqrt(variance) > tiny);
}

/// Tolerance below which the smallest eigenvalue of a p × p correlation-scaled matrix counts
/// as zero (numerically singular): 10⁴·p·ε times the largest eigenvalue, i.e. a condition
/// number above ~10¹¹/p in double precision.
template <class Real>
Real singular_tolerance(Eigen::Index p, Real largest_eigenvalue) {
  return 10000 * static_cast<Real>(p) * std::numeric_limits<Real>::epsilon() *
         std::fabs(largest_eigenvalue);
}

}  // namespace detail
}  // namespace cxgap

#endif  // CXGAP_MULTIVARIATE_DETAIL_COVARIANCE_HPP
