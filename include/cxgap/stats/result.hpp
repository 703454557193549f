// Named result types shared by every statistic: an interval, a test result, and the status that
// says why a degenerate result is NaN. Never std::pair: a report needs fields by name.
#ifndef CXGAP_STATS_RESULT_HPP
#define CXGAP_STATS_RESULT_HPP

#include <limits>
#include <string_view>

namespace cxgap {

/// Why a result is (or is not) defined. Degenerate but legal data is not an error: the numbers
/// it cannot define are NaN and the status says why (STYLE.md principle 6).
enum class stat_status : unsigned char {
  ok = 0,
  empty,          ///< a group has no observations (n = 0)
  too_few,        ///< too few observations for this statistic (e.g. n < 2 for a variance)
  zero_variance,  ///< the statistic divides by a variance that is zero (all ties, constant data)
  boundary,       ///< estimate on the boundary of the parameter space (e.g. 0/n for a log ratio)
  singular,       ///< a matrix the statistic inverts is numerically singular or not positive
                  ///< definite (e.g. collinear items in Hotelling's T²)
};

/// Human-readable name of a status, stable for JSON output.
constexpr std::string_view to_string(stat_status s) noexcept {
  switch (s) {
    case stat_status::ok: return "ok";
    case stat_status::empty: return "empty";
    case stat_status::too_few: return "too_few";
    case stat_status::zero_variance: return "zero_variance";
    case stat_status::boundary: return "boundary";
    case stat_status::singular: return "singular";
  }
  return "unknown";
}

/// A confidence interval [lower, upper] at a confidence level, and the method that made it.
template <class Real = double>
struct interval {
  Real lower = std::numeric_limits<Real>::quiet_NaN();
  Real upper = std::numeric_limits<Real>::quiet_NaN();
  Real level = std::numeric_limits<Real>::quiet_NaN();
  std::string_view method;
  stat_status status = stat_status::ok;

  /// True when x lies in the closed interval (false if the interval is undefined).
  constexpr bool contains(Real x) const noexcept { return lower <= x && x <= upper; }
  constexpr Real width() const noexcept { return upper - lower; }
};

/// A hypothesis test: statistic, degrees of freedom (NaN where the reference distribution has
/// none) and two-sided p-value, computed from survival functions so that small p-values keep
/// their relative precision (no 1 − cdf cancellation); it underflows to 0 only when the true
/// p-value is below the range of double (about 1e-308), e.g. t ≈ 80 on 2,000 df.
template <class Real = double>
struct test_result {
  Real statistic = std::numeric_limits<Real>::quiet_NaN();
  Real df = std::numeric_limits<Real>::quiet_NaN();
  Real p_value = std::numeric_limits<Real>::quiet_NaN();
  std::string_view method;
  stat_status status = stat_status::ok;
};

/// A point estimate with its standard error and confidence interval.
template <class Real = double>
struct estimate {
  Real value = std::numeric_limits<Real>::quiet_NaN();
  Real std_error = std::numeric_limits<Real>::quiet_NaN();
  interval<Real> ci;
  stat_status status = stat_status::ok;
};

template <class Real>
constexpr Real nan() noexcept {
  return std::numeric_limits<Real>::quiet_NaN();
}

}  // namespace cxgap

#endif  // CXGAP_STATS_RESULT_HPP
