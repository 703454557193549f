// Equivalence tests: two one-sided tests (TOST) that a gap lies inside a margin (low, upp),
// for a difference of means (t based) and a difference of proportions (z based).
#ifndef CXGAP_STATS_EQUIVALENCE_HPP
#define CXGAP_STATS_EQUIVALENCE_HPP

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "cxgap/detail/check.hpp"
#include "cxgap/stats/detail/distributions.hpp"
#include "cxgap/stats/mean.hpp"
#include "cxgap/stats/moments.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap {

/// Result of a TOST of H0: gap <= low or gap >= upp against H1: low < gap < upp.
template <class Real = double>
struct tost_result {
  Real estimate = nan<Real>();   ///< the gap A − B the tests are about
  Real std_error = nan<Real>();  ///< its standard error
  Real low = nan<Real>();        ///< lower equivalence bound
  Real upp = nan<Real>();        ///< upper equivalence bound
  /// H0: gap <= low; statistic (estimate − low)/SE, p = P(T >= statistic).
  test_result<Real> lower_test;
  /// H0: gap >= upp; statistic (estimate − upp)/SE, p = P(T <= statistic).
  test_result<Real> upper_test;
  Real p_value = nan<Real>();  ///< TOST p-value: the larger of the two one-sided p-values
  interval<Real> ci;           ///< (1 − 2α) interval; equivalence ⇔ it lies inside (low, upp)
  Real alpha = nan<Real>();
  bool equivalent = false;  ///< p_value < alpha (false whenever status is not ok)
  stat_status status = stat_status::ok;
};

/// How the SE of a difference of proportions is estimated in tost_proportion_difference.
enum class proportion_difference_se : unsigned char {
  /// Unpooled Wald: p_a(1 − p_a)/n_a + p_b(1 − p_b)/n_b (statsmodels method='wald'). Default.
  wald,
  /// Agresti & Caffo (2000): add one success and one failure to each group, then Wald; the
  /// tests and interval are centred on the adjusted difference (statsmodels
  /// method='agresti-caffo').
  agresti_caffo,
};

namespace detail {

template <class Real>
void check_tost_bounds(const char* function, Real low, Real upp, Real alpha) {
  check_finite(function, "low", low);
  check_finite(function, "upp", upp);
  if (!(low < upp))
    throw_invalid(function, "low", low, ("below upp = " + std::to_string(upp)).c_str());
  if (!(alpha > 0 && alpha < Real(0.5))) throw_invalid(function, "alpha", alpha, "in (0, 0.5)");
}

/// Fill the two one-sided tests, TOST p, interval and decision. df = +Inf means normal.
template <class Real>
void finish_tost(tost_result<Real>& r, Real df) {
  r.lower_test.df = r.upper_test.df = std::isinf(df) ? nan<Real>() : df;
  r.lower_test.statistic = (r.estimate - r.low) / r.std_error;
  r.upper_test.statistic = (r.estimate - r.upp) / r.std_error;
  r.lower_test.p_value = t_sf(r.lower_test.statistic, df);
  r.upper_test.p_value = t_cdf(r.upper_test.statistic, df);
  r.p_value = std::max(r.lower_test.p_value, r.upper_test.p_value);
  const Real q = t_critical(1 - 2 * r.alpha, df);
  r.ci.lower = r.estimate - q * r.std_error;
  r.ci.upper = r.estimate + q * r.std_error;
  r.equivalent = r.p_value < r.alpha;
}

template <class Real>
tost_result<Real> tost_init(Real low, Real upp, Real alpha, std::string_view ci_method,
                            std::string_view test_method) {
  tost_result<Real> r;
  r.low = low;
  r.upp = upp;
  r.alpha = alpha;
  r.ci.level = 1 - 2 * alpha;
  r.ci.method = ci_method;
  r.lower_test.method = r.upper_test.method = test_method;
  return r;
}

template <class Real>
void set_tost_status(tost_result<Real>& r, stat_status s) {
  r.status = r.ci.status = r.lower_test.status = r.upper_test.status = s;
}

}  // namespace detail

/// TOST for a difference of means mean_a − mean_b with equivalence bounds (low, upp) on the raw
/// scale: two one-sided t tests with the Welch SE and Welch–Satterthwaite df (default), or the
/// pooled SE with na + nb − 2 df; the (1 − 2α) t interval.
/// Degenerate data follow welch_test / student_t_test: empty, too_few, zero_variance leave the
/// tests NaN and equivalent false (the estimate is reported when defined).
/// @throws cxgap::invalid_argument if low >= upp, a bound is not finite, alpha is not in
///         (0, 0.5) or an n is negative.
/// Reference: Schuirmann (1987) J. Pharmacokinet. Biopharm. 15:657–680; statsmodels
/// ttost_ind(x1, x2, low, upp, usevar='unequal' | 'pooled').
template <class Real>
tost_result<Real> tost_mean_difference(const sample_moments<Real>& a, const sample_moments<Real>& b,
                                       detail::no_deduce_t<Real> low,
                                       detail::no_deduce_t<Real> upp,
                                       detail::no_deduce_t<Real> alpha = Real(0.05),
                                       t_test_variance variance = t_test_variance::welch) {
  const char* function = "tost_mean_difference";
  detail::check_tost_bounds(function, low, upp, alpha);
  const bool pooled = variance == t_test_variance::pooled;
  auto r =
      detail::tost_init<Real>(low, upp, alpha, pooled ? "Student t (pooled variance)" : "Welch t",
                              pooled ? "one-sided Student t test" : "one-sided Welch t test");
  const auto s = detail::difference_se(a, b, pooled, function);
  r.estimate = s.estimate;
  if (s.status == stat_status::zero_variance) r.std_error = s.std_error;
  if (s.status != stat_status::ok) {
    detail::set_tost_status(r, s.status);
    return r;
  }
  r.std_error = s.std_error;
  detail::finish_tost(r, s.df);
  return r;
}

/// TOST for a difference of proportions x_a/n_a − x_b/n_b with bounds (low, upp): two one-sided
/// z tests with the unpooled Wald SE (or Agresti–Caffo), and the (1 − 2α) Wald interval. A
/// pooled SE is not offered: it assumes p_a = p_b, which is neither null hypothesis here.
/// Degenerate data: n = 0 → empty; Wald SE 0 (each group all 0 or all 1) → zero_variance (the
/// estimate and SE 0 are reported; tests NaN; equivalent false).
/// @throws cxgap::invalid_argument if a count is outside [0, n], low >= upp, a bound is not
///         finite or alpha is not in (0, 0.5).
/// Reference: Schuirmann (1987); Agresti & Caffo (2000) Am. Stat. 54:280–288; statsmodels
/// tost_proportions_2indep(x_a, n_a, x_b, n_b, low, upp, method='wald' | 'agresti-caffo').
template <class Real = double>
tost_result<Real> tost_proportion_difference(
    std::int64_t x_a, std::int64_t n_a, std::int64_t x_b, std::int64_t n_b,
    detail::no_deduce_t<Real> low, detail::no_deduce_t<Real> upp,
    detail::no_deduce_t<Real> alpha = Real(0.05),
    proportion_difference_se se_method = proportion_difference_se::wald) {
  const char* function = "tost_proportion_difference";
  detail::check_count(function, "x_a", x_a, n_a);
  detail::check_count(function, "x_b", x_b, n_b);
  detail::check_tost_bounds(function, low, upp, alpha);
  const bool ac = se_method == proportion_difference_se::agresti_caffo;
  auto r =
      detail::tost_init<Real>(low, upp, alpha, ac ? "Agresti-Caffo" : "Wald", "one-sided z test");
  if (n_a == 0 || n_b == 0) {
    detail::set_tost_status(r, stat_status::empty);
    return r;
  }
  const Real add = ac ? Real(1) : Real(0);
  const Real na = static_cast<Real>(n_a) + 2 * add, nb = static_cast<Real>(n_b) + 2 * add;
  const Real pa = (static_cast<Real>(x_a) + add) / na, pb = (static_cast<Real>(x_b) + add) / nb;
  r.estimate = pa - pb;
  r.std_error = std::sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb);
  if (!(r.std_error > 0)) {
    detail::set_tost_status(r, stat_status::zero_variance);
    return r;
  }
  detail::finish_tost(r, std::numeric_limits<Real>::infinity());
  return r;
}

}  // namespace cxgap

#endif  // CXGAP_STATS_EQUIVALENCE_HPP
