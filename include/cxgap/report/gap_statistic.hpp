// gap_statistic: one gap between two groups (A − B) on one item, with everything a report
// needs by name: both groups' values, the estimate, its standard error and confidence interval,
// the test (statistic, df, two-sided and multiplicity-adjusted p), the sample sizes and a
// standardised effect size with its interval.
#ifndef CXGAP_REPORT_GAP_STATISTIC_HPP
#define CXGAP_REPORT_GAP_STATISTIC_HPP

#include <cstdint>
#include <string_view>

#include "cxgap/stats/result.hpp"

namespace cxgap {

/// A named effect size with its confidence interval (Hedges' g, Cliff's delta, risk ratio…).
template <class Real = double>
struct effect_size {
  std::string_view name;
  Real value = nan<Real>();
  interval<Real> ci;
};

/// One gap, group A minus group B (positive: A rates higher, e.g. the organisation
/// overestimates its customers' view). Undefined quantities are NaN and `status` says why.
template <class Real = double>
struct gap_statistic {
  std::string_view method;     ///< the estimator and test, e.g. "Welch two-sample t test"
  Real value_a = nan<Real>();  ///< group A's value (mean, share, NPS, …)
  Real value_b = nan<Real>();  ///< group B's value
  Real estimate = nan<Real>();   ///< the gap A − B (or the effect on its own scale)
  Real std_error = nan<Real>();  ///< standard error of the estimate (NaN if the method has none)
  interval<Real> ci;             ///< confidence interval of the estimate
  Real statistic = nan<Real>();  ///< test statistic (t, z, U, …)
  Real df = nan<Real>();         ///< degrees of freedom where the reference distribution has them
  Real p_value = nan<Real>();    ///< two-sided p-value
  Real p_adjusted = nan<Real>(); ///< p-value adjusted for the items of the report
  std::int64_t n_a = 0;          ///< substantive responses in group A
  std::int64_t n_b = 0;          ///< substantive responses in group B
  effect_size<Real> effect;      ///< standardised effect size and its interval
  stat_status status = stat_status::ok;

  /// True when the adjusted p-value is defined and below alpha.
  bool significant(Real alpha = Real(0.05)) const noexcept { return p_adjusted < alpha; }
};

}  // namespace cxgap

#endif  // CXGAP_REPORT_GAP_STATISTIC_HPP
