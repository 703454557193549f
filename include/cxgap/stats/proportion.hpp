// Confidence intervals for one proportion x/n (a top-box share): Wilson score (the default),
// Agresti–Coull, Clopper–Pearson, Jeffreys and Wald. Method notes, boundary behaviour and the
// reference values each one is checked against: docs/proportions.md.
#ifndef CXGAP_STATS_PROPORTION_HPP
#define CXGAP_STATS_PROPORTION_HPP

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string_view>

#include <boost/math/distributions/beta.hpp>

#include "cxgap/detail/check.hpp"
#include "cxgap/stats/detail/distributions.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap {

/// Methods for a confidence interval of one binomial proportion.
enum class proportion_ci_method : unsigned char {
  wilson,           ///< Wilson (1927) score interval; the default
  agresti_coull,    ///< Agresti & Coull (1998) "add z²/2 successes and failures"
  clopper_pearson,  ///< Clopper & Pearson (1934) exact (conservative) interval
  jeffreys,         ///< Jeffreys equal-tailed Bayesian interval, Beta(x+½, n−x+½)
  wald,             ///< Wald p ± z·√(p(1−p)/n); poor coverage, kept for comparison
};

/// Stable name of a method ("wilson", "agresti-coull", "clopper-pearson", "jeffreys", "wald").
constexpr std::string_view to_string(proportion_ci_method m) noexcept {
  switch (m) {
    case proportion_ci_method::wilson: return "wilson";
    case proportion_ci_method::agresti_coull: return "agresti-coull";
    case proportion_ci_method::clopper_pearson: return "clopper-pearson";
    case proportion_ci_method::jeffreys: return "jeffreys";
    case proportion_ci_method::wald: return "wald";
  }
  return "unknown";
}

namespace detail {

/// Validates (x, n, level) and, when n = 0, returns the NaN interval with status empty.
/// Returns true if the caller should return `out` unchanged.
template <class Real>
bool proportion_prologue(const char* fn, std::int64_t x, std::int64_t n, Real level,
                         std::string_view method, interval<Real>& out) {
  check_level(fn, level);
  check_count(fn, "x", x, n);
  out.level = level;
  out.method = method;
  if (n == 0) {
    out.status = stat_status::empty;
    return true;
  }
  return false;
}

}  // namespace detail

/// Wilson (1927) score interval for a proportion x/n: the set of p whose score test
/// |x/n − p| / √(p(1−p)/n) ≤ z accepts, i.e. prop.test(x, n, correct = FALSE)$conf.int.
/// Always inside [0, 1]; lower = 0 exactly when x = 0 and upper = 1 exactly when x = n. The
/// lower limit is computed from the product of the two roots, so it keeps full relative
/// precision for tiny x/n with large n.
/// n = 0: NaN limits, status empty.
/// Throws cxgap::invalid_argument if level ∉ (0, 1), n < 0 or x ∉ [0, n].
/// Reference: Wilson EB (1927) JASA 22:209–212.
template <class Real = double>
interval<Real> wilson_interval(std::int64_t x, std::int64_t n, Real level = Real(0.95)) {
  interval<Real> out;
  if (detail::proportion_prologue("cxgap::wilson_interval", x, n, level, "wilson", out)) return out;
  const Real z = detail::normal_critical(level);
  const Real z2 = z * z;
  const Real xr = static_cast<Real>(x);
  const Real nr = static_cast<Real>(n);
  // Roots of (n + z²)p² − (2x + z²)p + x²/n = 0. The larger root is a sum of positive terms
  // (no cancellation); the smaller one is x²/(n(n + z²)) divided by the larger.
  auto larger_root = [&](Real s) {
    return (s + z2 / 2 + z * std::sqrt(s * (nr - s) / nr + z2 / 4)) / (nr + z2);
  };
  auto smaller_root = [&](Real s) {
    if (s == 0) return Real(0);
    return (s / nr) * s / ((nr + z2) * larger_root(s));
  };
  out.lower = smaller_root(xr);
  out.upper = x == n ? Real(1) : larger_root(xr);
  return out;
}

/// Agresti–Coull interval: p̃ ± z·√(p̃(1−p̃)/ñ) with ñ = n + z², p̃ = (x + z²/2)/ñ.
/// Clipped to [0, 1] (the unclipped limits can leave it when x is near 0 or n).
/// n = 0: NaN limits, status empty.
/// Throws cxgap::invalid_argument if level ∉ (0, 1), n < 0 or x ∉ [0, n].
/// Reference: Agresti A, Coull BA (1998) Am Stat 52:119–126.
template <class Real = double>
interval<Real> agresti_coull_interval(std::int64_t x, std::int64_t n, Real level = Real(0.95)) {
  interval<Real> out;
  if (detail::proportion_prologue("cxgap::agresti_coull_interval", x, n, level, "agresti-coull",
                                  out))
    return out;
  const Real z = detail::normal_critical(level);
  const Real z2 = z * z;
  const Real n_tilde = static_cast<Real>(n) + z2;
  const Real p_tilde = (static_cast<Real>(x) + z2 / 2) / n_tilde;
  const Real half = z * std::sqrt(p_tilde * (1 - p_tilde) / n_tilde);
  out.lower = std::max(Real(0), p_tilde - half);
  out.upper = std::min(Real(1), p_tilde + half);
  return out;
}

/// Clopper–Pearson "exact" interval from beta quantiles, as R's binom.test:
/// lower = Beta⁻¹(α/2; x, n−x+1), upper = Beta⁻¹(1−α/2; x+1, n−x), with lower = 0 when x = 0
/// and upper = 1 when x = n. Guarantees coverage ≥ level (conservative).
/// n = 0: NaN limits, status empty.
/// Throws cxgap::invalid_argument if level ∉ (0, 1), n < 0 or x ∉ [0, n].
/// Reference: Clopper CJ, Pearson ES (1934) Biometrika 26:404–413.
template <class Real = double>
interval<Real> clopper_pearson_interval(std::int64_t x, std::int64_t n, Real level = Real(0.95)) {
  interval<Real> out;
  if (detail::proportion_prologue("cxgap::clopper_pearson_interval", x, n, level,
                                  "clopper-pearson", out))
    return out;
  const Real alpha_half = (1 - level) / 2;
  const Real xr = static_cast<Real>(x);
  const Real nr = static_cast<Real>(n);
  out.lower = x == 0 ? Real(0)
                     : boost::math::quantile(detail::beta_dist<Real>(xr, nr - xr + 1), alpha_half);
  out.upper = x == n ? Real(1)
                     : boost::math::quantile(boost::math::complement(
                           detail::beta_dist<Real>(xr + 1, nr - xr), alpha_half));
  return out;
}

/// Jeffreys interval: equal-tailed quantiles of the Beta(x + ½, n − x + ½) posterior, with
/// lower = 0 when x = 0 and upper = 1 when x = n (the boundary modification recommended by
/// Brown, Cai & DasGupta 2001, the same convention as Clopper–Pearson; statsmodels 0.13 does
/// not apply it and returns the raw beta quantile there).
/// n = 0: NaN limits, status empty.
/// Throws cxgap::invalid_argument if level ∉ (0, 1), n < 0 or x ∉ [0, n].
/// Reference: Brown LD, Cai TT, DasGupta A (2001) Stat Sci 16:101–133, section 4.1.2.
template <class Real = double>
interval<Real> jeffreys_interval(std::int64_t x, std::int64_t n, Real level = Real(0.95)) {
  interval<Real> out;
  if (detail::proportion_prologue("cxgap::jeffreys_interval", x, n, level, "jeffreys", out))
    return out;
  const Real alpha_half = (1 - level) / 2;
  const Real a = static_cast<Real>(x) + Real(0.5);
  const Real b = static_cast<Real>(n - x) + Real(0.5);
  out.lower = x == 0 ? Real(0) : boost::math::quantile(detail::beta_dist<Real>(a, b), alpha_half);
  out.upper = x == n ? Real(1)
                     : boost::math::quantile(
                           boost::math::complement(detail::beta_dist<Real>(a, b), alpha_half));
  return out;
}

/// Wald interval p ± z·√(p(1−p)/n), p = x/n, clipped to [0, 1]. Undercovers badly for small n
/// or p near 0 or 1; kept as the textbook comparison.
/// x = 0 or x = n: the standard error is 0 and the interval collapses to the point [p, p]
/// (as every tool reports it); status boundary flags it.
/// n = 0: NaN limits, status empty.
/// Throws cxgap::invalid_argument if level ∉ (0, 1), n < 0 or x ∉ [0, n].
/// Reference: Brown LD, Cai TT, DasGupta A (2001) Stat Sci 16:101–133.
template <class Real = double>
interval<Real> wald_interval(std::int64_t x, std::int64_t n, Real level = Real(0.95)) {
  interval<Real> out;
  if (detail::proportion_prologue("cxgap::wald_interval", x, n, level, "wald", out)) return out;
  const Real z = detail::normal_critical(level);
  const Real p = static_cast<Real>(x) / static_cast<Real>(n);
  const Real half = z * std::sqrt(p * (1 - p) / static_cast<Real>(n));
  out.lower = std::max(Real(0), p - half);
  out.upper = std::min(Real(1), p + half);
  if (x == 0 || x == n) out.status = stat_status::boundary;
  return out;
}

/// Confidence interval for the proportion x/n by the chosen method (default Wilson).
/// See the method's own function for its definition, boundary behaviour and throws.
template <class Real = double>
interval<Real> proportion_interval(std::int64_t x, std::int64_t n, Real level = Real(0.95),
                                   proportion_ci_method method = proportion_ci_method::wilson) {
  switch (method) {
    case proportion_ci_method::agresti_coull: return agresti_coull_interval<Real>(x, n, level);
    case proportion_ci_method::clopper_pearson: return clopper_pearson_interval<Real>(x, n, level);
    case proportion_ci_method::jeffreys: return jeffreys_interval<Real>(x, n, level);
    case proportion_ci_method::wald: return wald_interval<Real>(x, n, level);
    case proportion_ci_method::wilson: break;
  }
  return wilson_interval<Real>(x, n, level);
}

}  // namespace cxgap

#endif  // CXGAP_STATS_PROPORTION_HPP
