// SERVQUAL: expectation (E) and perception (P) items grouped into dimensions; per respondent
// dimension scores, and the P − E gap per dimension and overall with paired t intervals.
#ifndef CXGAP_MULTIVARIATE_SERVQUAL_HPP
#define CXGAP_MULTIVARIATE_SERVQUAL_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "cxgap/detail/check.hpp"
#include "cxgap/multivariate/detail/covariance.hpp"
#include "cxgap/stats/detail/distributions.hpp"
#include "cxgap/stats/mean.hpp"
#include "cxgap/stats/moments.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap {

/// A SERVQUAL dimension: its name (data, e.g. "tangibles") and its 0-based item columns, the
/// same in the expectation and the perception matrix.
struct servqual_dimension {
  std::string name;
  std::vector<Eigen::Index> items;
};

/// The P − E gap of one dimension (or overall) over the respondents with both scores.
template <class Real = double>
struct servqual_gap {
  std::string name;                      ///< the dimension's name, or "overall"
  std::int64_t n = 0;                    ///< respondents with both an E and a P score
  Real mean_expectation = nan<Real>();   ///< mean E score of those respondents
  Real mean_perception = nan<Real>();    ///< mean P score of those respondents
  estimate<Real> gap;                    ///< mean of P − E, its SE and paired t interval
  test_result<Real> test;                ///< paired t test of H0: gap = 0 (df = n − 1)
  stat_status status = stat_status::ok;
};

/// SERVQUAL gaps and the respondents' dimension scores.
template <class Real = double>
struct servqual_result {
  std::vector<servqual_gap<Real>> dimensions;  ///< in the order given
  servqual_gap<Real> overall;                  ///< unweighted mean over the dimensions
  detail::matrix_t<Real> expectation_scores;   ///< respondents × dimensions (NaN if incomplete)
  detail::matrix_t<Real> perception_scores;    ///< respondents × dimensions (NaN if incomplete)
};

namespace detail {

/// Paired t of P − E over the respondents where both scores exist (R: t.test(p, e, paired =
/// TRUE), which drops incomplete pairs).
template <class Real>
servqual_gap<Real> paired_gap(std::string name, const vector_t<Real>& e, const vector_t<Real>& p,
                              Real level) {
  servqual_gap<Real> g;
  g.name = std::move(name);
  std::vector<Real> diff, es, ps;
  for (Eigen::Index i = 0; i < e.size(); ++i) {
    if (std::isnan(e(i)) || std::isnan(p(i))) continue;
    es.push_back(e(i));
    ps.push_back(p(i));
    diff.push_back(p(i) - e(i));
  }
  g.n = static_cast<std::int64_t>(diff.size());
  g.test.method = "paired t test";
  if (g.n > 0) {
    g.mean_expectation = moments_from_values<Real>(es).mean;
    g.mean_perception = moments_from_values<Real>(ps).mean;
  }
  g.gap = mean_interval(moments_from_values<Real>(diff), level);
  g.gap.ci.method = "paired t";
  g.status = g.test.status = g.gap.status;
  if (g.status != stat_status::ok) return g;
  g.test.df = static_cast<Real>(g.n - 1);
  g.test.statistic = g.gap.value / g.gap.std_error;
  g.test.p_value = t_two_sided_p(g.test.statistic, g.test.df);
  return g;
}

}  // namespace detail

/// SERVQUAL gap analysis (perception − expectation; negative = service falls short).
/// A respondent's dimension score is the mean of the dimension's items, NaN if any of them is
/// missing; the overall score is the unweighted mean of the dimension scores (Parasuraman,
/// Zeithaml & Berry 1988), NaN if any is NaN. Each gap is a paired t on the respondents with
/// both scores: mean difference, SE = sd/√n, df = n − 1, CI at `level`.
/// @param expectation, perception  respondent × item matrices of the same shape (row i is the
///        same respondent, column j the same item), NaN = missing.
/// @param dimensions  names and item columns (a column may appear in several dimensions).
/// Degenerate data, per gap: no complete pair → empty; one → too_few (gap only); all
/// differences equal (R: "data are essentially constant") → zero_variance (gap and SE = 0).
/// @throws cxgap::invalid_argument if the shapes differ, dimensions is empty, a dimension has
///         no items or lists an item twice, a value is ±Inf, or level is not in (0, 1);
///         cxgap::out_of_range if an item is not a column.
/// Reference: Parasuraman, Zeithaml & Berry (1988) J. Retailing 64(1):12–40; Student (1908).
template <class DerivedE, class DerivedP>
servqual_result<detail::real_t<typename DerivedE::Scalar>> servqual(
    const Eigen::MatrixBase<DerivedE>& expectation, const Eigen::MatrixBase<DerivedP>& perception,
    const std::vector<servqual_dimension>& dimensions,
    detail::real_t<typename DerivedE::Scalar> level = detail::real_t<typename DerivedE::Scalar>(0.95)) {
  using Real = detail::real_t<typename DerivedE::Scalar>;
  constexpr const char* fn = "servqual";
  detail::check_level(fn, level);
  if (perception.rows() != expectation.rows()) {
    detail::throw_invalid(fn, "perception.rows()", perception.rows(),
                          ("equal to expectation.rows() = " + std::to_string(expectation.rows())).c_str());
  }
  if (perception.cols() != expectation.cols()) {
    detail::throw_invalid(fn, "perception.cols()", perception.cols(),
                          ("equal to expectation.cols() = " + std::to_string(expectation.cols())).c_str());
  }
  if (dimensions.empty()) detail::throw_invalid(fn, "dimensions.size()", 0, "at least 1");
  const Eigen::Index items = expectation.cols();
  for (const servqual_dimension& d : dimensions) {
    if (d.items.empty()) {
      detail::throw_invalid(fn, ("dimensions['" + d.name + "'].items.size()").c_str(), 0, "at least 1");
    }
    std::vector<bool> seen(static_cast<std::size_t>(items), false);
    for (const Eigen::Index j : d.items) {
      if (j < 0 || j >= items) detail::throw_index(fn, ("dimensions['" + d.name + "'].items[i]").c_str(), j, items);
      if (seen[static_cast<std::size_t>(j)]) {
        detail::throw_invalid(fn, ("dimensions['" + d.name + "'].items[i]").c_str(), j, "listed once");
      }
      seen[static_cast<std::size_t>(j)] = true;
    }
  }
  const detail::matrix_t<Real> e = detail::checked_copy<Real>(fn, "expectation", expectation);
  const detail::matrix_t<Real> p = detail::checked_copy<Real>(fn, "perception", perception);

  const Eigen::Index n = e.rows();
  const auto dims = static_cast<Eigen::Index>(dimensions.size());
  servqual_result<Real> r;
  r.expectation_scores.resize(n, dims);
  r.perception_scores.resize(n, dims);
  for (Eigen::Index d = 0; d < dims; ++d) {
    const auto& cols = dimensions[static_cast<std::size_t>(d)].items;
    for (Eigen::Index i = 0; i < n; ++i) {
      Real se = 0, sp = 0;  // a NaN item makes the mean NaN
      for (const Eigen::Index j : cols) {
        se += e(i, j);
        sp += p(i, j);
      }
      const auto m = static_cast<Real>(cols.size());
      r.expectation_scores(i, d) = se / m;
      r.perception_scores(i, d) = sp / m;
    }
    r.dimensions.push_back(detail::paired_gap<Real>(dimensions[static_cast<std::size_t>(d)].name,
                                                    r.expectation_scores.col(d),
                                                    r.perception_scores.col(d), level));
  }
  const detail::vector_t<Real> overall_e = r.expectation_scores.rowwise().mean();
  const detail::vector_t<Real> overall_p = r.perception_scores.rowwise().mean();
  r.overall = detail::paired_gap<Real>("overall", overall_e, overall_p, level);
  return r;
}

}  // namespace cxgap

#endif  // CXGAP_MULTIVARIATE_SERVQUAL_HPP
