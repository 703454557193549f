// Means of scale scores: the difference of two independent means (Welch and Student t tests)
// and the t interval for one mean, all from sample_moments (see moments.hpp).
#ifndef CXGAP_STATS_MEAN_HPP
#define CXGAP_STATS_MEAN_HPP

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "cxgap/detail/check.hpp"
#include "cxgap/stats/detail/distributions.hpp"
#include "cxgap/stats/moments.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap {

/// Which standard error a two-sample t procedure uses.
enum class t_test_variance : unsigned char {
  welch,   ///< unequal variances, Welch–Satterthwaite df (R's t.test default)
  pooled,  ///< equal variances, pooled estimate, na + nb − 2 df (var.equal = TRUE)
};

/// A difference of two independent means, A − B, with its standard error, confidence interval
/// and t test of "no difference". Fields that the data cannot define are NaN; status says why.
template <class Real = double>
struct mean_difference {
  Real mean_a = nan<Real>();
  Real mean_b = nan<Real>();
  Real estimate = nan<Real>();   ///< mean_a − mean_b
  Real std_error = nan<Real>();  ///< standard error of the estimate
  interval<Real> ci;             ///< t interval for the difference
  test_result<Real> test;        ///< t statistic, df, two-sided p of H0: difference = 0
  stat_status status = stat_status::ok;
};

namespace detail {

/// Standard error and degrees of freedom of a difference of two means, with the status that
/// R's t.test would turn into an error. pooled = false: Welch (1947) with the
/// Welch–Satterthwaite df; pooled = true: Student's pooled variance with na + nb − 2 df.
template <class Real>
struct mean_difference_se {
  Real estimate = nan<Real>();
  Real std_error = nan<Real>();
  Real df = nan<Real>();
  stat_status status = stat_status::ok;
};

template <class Real>
mean_difference_se<Real> difference_se(const sample_moments<Real>& a, const sample_moments<Real>& b,
                                       bool pooled, const char* function) {
  mean_difference_se<Real> r;
  if (a.n < 0 || b.n < 0) throw_invalid(function, "n", std::min(a.n, b.n), "non-negative");
  if (a.n == 0 || b.n == 0) {
    r.status = stat_status::empty;
    return r;
  }
  r.estimate = a.mean - b.mean;
  const Real na = static_cast<Real>(a.n), nb = static_cast<Real>(b.n);
  if (pooled) {
    // R: needs n >= 1 per group and na + nb >= 3; a group of one adds no variance term.
    if (a.n + b.n < 3) {
      r.status = stat_status::too_few;
      return r;
    }
    r.df = na + nb - 2;
    Real v = 0;
    if (a.n > 1) v += (na - 1) * a.variance;
    if (b.n > 1) v += (nb - 1) * b.variance;
    v /= r.df;
    r.std_error = std::sqrt(v * (1 / na + 1 / nb));
  } else {
    if (a.n < 2 || b.n < 2) {
      r.status = stat_status::too_few;
      return r;
    }
    const Real ua = a.variance / na, ub = b.variance / nb;
    const Real u = ua + ub;
    r.std_error = std::sqrt(u);
    r.df = u * u / (ua * ua / (na - 1) + ub * ub / (nb - 1));
  }
  // R's t.test: "data are essentially constant" when se < 10·eps·max(|mean_a|, |mean_b|);
  // "<=" also catches se = 0 with both means 0.
  const Real tiny =
      10 * std::numeric_limits<Real>::epsilon() * std::max(std::fabs(a.mean), std::fabs(b.mean));
  if (!(r.std_error > tiny)) {
    r.status = stat_status::zero_variance;
    r.df = nan<Real>();
  }
  return r;
}

template <class Real>
mean_difference<Real> two_sample_t(const sample_moments<Real>& a, const sample_moments<Real>& b,
                                   Real level, bool pooled, const char* function) {
  check_level(function, level);
  const auto s = difference_se(a, b, pooled, function);
  mean_difference<Real> r;
  r.mean_a = a.mean;
  r.mean_b = b.mean;
  r.estimate = s.estimate;
  r.status = s.status;
  r.ci.level = level;
  r.ci.method = pooled ? "Student t (pooled variance)" : "Welch t";
  r.test.method = pooled ? "Student two-sample t test" : "Welch two-sample t test";
  r.ci.status = r.test.status = s.status;
  if (s.status == stat_status::zero_variance) r.std_error = s.std_error;
  if (s.status != stat_status::ok) return r;
  r.std_error = s.std_error;
  r.test.df = s.df;
  r.test.statistic = s.estimate / s.std_error;
  r.test.p_value = t_two_sided_p(r.test.statistic, s.df);
  const Real q = t_critical(level, s.df);
  r.ci.lower = s.estimate - q * s.std_error;
  r.ci.upper = s.estimate + q * s.std_error;
  return r;
}

}  // namespace detail

/// Welch's two-sample t test and interval for mean_a − mean_b (unequal variances).
/// df = (va/na + vb/nb)² / ((va/na)²/(na−1) + (vb/nb)²/(nb−1)) (Welch–Satterthwaite).
/// Degenerate data: a group with n = 0 → status empty (all NaN); n = 1 → too_few (estimate
/// only); standard error below 10·eps·max|mean| (e.g. both groups constant) → zero_variance
/// (estimate and std_error = 0 reported; t, df, p, CI NaN), where R's t.test stops with
/// "data are essentially constant".
/// @throws cxgap::invalid_argument if level is not in (0, 1) or an n is negative.
/// Reference: Welch (1947) Biometrika 34:28–35; Satterthwaite (1946) Biometrics Bull. 2:110–114.
template <class Real>
mean_difference<Real> welch_test(const sample_moments<Real>& a, const sample_moments<Real>& b,
                                 detail::no_deduce_t<Real> level = Real(0.95)) {
  return detail::two_sample_t(a, b, level, false, "welch_test");
}

/// Student's two-sample t test and interval with a pooled variance, df = na + nb − 2.
/// As R's t.test(var.equal = TRUE), a group of one is allowed as long as na + nb >= 3; below
/// that status is too_few (or empty for n = 0); zero pooled variance → zero_variance.
/// @throws cxgap::invalid_argument if level is not in (0, 1) or an n is negative.
/// Reference: Student (1908) Biometrika 6:1–25.
template <class Real>
mean_difference<Real> student_t_test(const sample_moments<Real>& a, const sample_moments<Real>& b,
                                     detail::no_deduce_t<Real> level = Real(0.95)) {
  return detail::two_sample_t(a, b, level, true, "student_t_test");
}

/// t confidence interval for one mean: mean ± t_{n−1} · sqrt(v/n) (R: t.test(x)$conf.int).
/// n = 0 → empty (all NaN); n = 1 → too_few (value only); zero variance → zero_variance
/// (value and std_error = 0, CI NaN).
/// @throws cxgap::invalid_argument if level is not in (0, 1) or n is negative.
template <class Real>
estimate<Real> mean_interval(const sample_moments<Real>& m,
                             detail::no_deduce_t<Real> level = Real(0.95)) {
  detail::check_level("mean_interval", level);
  if (m.n < 0) detail::throw_invalid("mean_interval", "n", m.n, "non-negative");
  estimate<Real> r;
  r.ci.level = level;
  r.ci.method = "t";
  auto finish = [&r](stat_status s) {
    r.status = r.ci.status = s;
    return r;
  };
  if (m.n == 0) return finish(stat_status::empty);
  r.value = m.mean;
  if (m.n < 2) return finish(stat_status::too_few);
  r.std_error = m.std_error();
  if (!(r.std_error > 10 * std::numeric_limits<Real>::epsilon() * std::fabs(m.mean))) {
    return finish(stat_status::zero_variance);
  }
  const Real q = detail::t_critical(level, static_cast<Real>(m.n - 1));
  r.ci.lower = m.mean - q * r.std_error;
  r.ci.upper = m.mean + q * r.std_error;
  return finish(stat_status::ok);
}

}  // namespace cxgap

#endif  // CXGAP_STATS_MEAN_HPP
