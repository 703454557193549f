// Confidence intervals for the difference p_a − p_b of two independent proportions (the gap
// between two groups' top-box shares): Newcombe's hybrid score interval (the default),
// Agresti–Caffo, Miettinen–Nurminen and Mee score intervals, and Wald.
// Sign convention: always group A minus group B. Notes and validation: docs/proportions.md.
#ifndef CXGAP_STATS_PROPORTION_DIFFERENCE_HPP
#define CXGAP_STATS_PROPORTION_DIFFERENCE_HPP

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string_view>

#include "cxgap/detail/check.hpp"
#include "cxgap/stats/detail/distributions.hpp"
#include "cxgap/stats/detail/proportion_score.hpp"
#include "cxgap/stats/proportion.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap {

/// Methods for a confidence interval of p_a − p_b.
enum class proportion_difference_method : unsigned char {
  newcombe,            ///< Newcombe (1998) method 10, hybrid Wilson score; the default
  agresti_caffo,       ///< Agresti & Caffo (2000), add one success and one failure per group
  miettinen_nurminen,  ///< Miettinen & Nurminen (1985) score, variance × N/(N−1)
  mee,                 ///< Mee (1984) score, no N/(N−1) factor
  wald,                ///< Wald, unpooled standard error; poor coverage, kept for comparison
};

/// Stable name of a method ("newcombe", "agresti-caffo", "miettinen-nurminen", "mee", "wald").
constexpr std::string_view to_string(proportion_difference_method m) noexcept {
  switch (m) {
    case proportion_difference_method::newcombe: return "newcombe";
    case proportion_difference_method::agresti_caffo: return "agresti-caffo";
    case proportion_difference_method::miettinen_nurminen: return "miettinen-nurminen";
    case proportion_difference_method::mee: return "mee";
    case proportion_difference_method::wald: return "wald";
  }
  return "unknown";
}

namespace detail {

/// Validates the two groups and the level, fills value and std_error and, when a group is
/// empty, the NaN result with status empty. Returns true if the caller should return `out`.
///
/// std_error is the plug-in (unpooled) standard error √(p_a(1−p_a)/n_a + p_b(1−p_b)/n_b) of
/// p̂_a − p̂_b, the same for every interval method.
template <class Real>
bool difference_prologue(const char* fn, std::int64_t x_a, std::int64_t n_a, std::int64_t x_b,
                         std::int64_t n_b, Real level, std::string_view method,
                         estimate<Real>& out) {
  check_level(fn, level);
  check_nonnegative(fn, "n_a", n_a);
  check_count(fn, "x_a", x_a, n_a);
  check_nonnegative(fn, "n_b", n_b);
  check_count(fn, "x_b", x_b, n_b);
  out.ci.level = level;
  out.ci.method = method;
  if (n_a == 0 || n_b == 0) {
    out.status = stat_status::empty;
    out.ci.status = stat_status::empty;
    return true;
  }
  const Real p_a = static_cast<Real>(x_a) / static_cast<Real>(n_a);
  const Real p_b = static_cast<Real>(x_b) / static_cast<Real>(n_b);
  out.value = p_a - p_b;
  out.std_error = std::sqrt(p_a * (1 - p_a) / static_cast<Real>(n_a) +
                            p_b * (1 - p_b) / static_cast<Real>(n_b));
  return false;
}

template <class Real>
void set_difference_ci(estimate<Real>& out, Real lower, Real upper) {
  out.ci.lower = std::max(Real(-1), lower);
  out.ci.upper = std::min(Real(1), upper);
}

template <class Real>
estimate<Real> score_difference(const char* fn, std::string_view name, std::int64_t x_a,
                                std::int64_t n_a, std::int64_t x_b, std::int64_t n_b,
                                Real level, bool mn_factor) {
  estimate<Real> out;
  if (difference_prologue(fn, x_a, n_a, x_b, n_b, level, name, out)) return out;
  const Real z = normal_critical(level);
  const Real xa = static_cast<Real>(x_a);
  const Real na = static_cast<Real>(n_a);
  const Real xb = static_cast<Real>(x_b);
  const Real nb = static_cast<Real>(n_b);
  const Real d = out.value;
  const Real lower =
      d <= -1 ? Real(-1) : score_limit(d, z * z, Real(-1), d, xa, na, xb, nb, mn_factor);
  const Real upper =
      d >= 1 ? Real(1) : score_limit(d, z * z, Real(1), d, xa, na, xb, nb, mn_factor);
  set_difference_ci(out, lower, upper);
  return out;
}

}  // namespace detail

/// Newcombe's hybrid score interval for p_a − p_b (method 10 of Newcombe 1998): with Wilson
/// limits (l_a, u_a), (l_b, u_b) of each proportion,
///   lower = d − √((p_a − l_a)² + (u_b − p_b)²),  upper = d + √((u_a − p_a)² + (p_b − l_b)²).
/// value = p̂_a − p̂_b; std_error = unpooled plug-in SE (see docs); the interval lies in [−1, 1]
/// and is defined for every table with n_a, n_b ≥ 1 (also 0/n − 0/n).
/// n_a = 0 or n_b = 0: NaN, status empty.
/// Throws cxgap::invalid_argument if level ∉ (0, 1), a count is negative or x > n.
/// Reference: Newcombe RG (1998) Stat Med 17:873–890, method 10.
template <class Real = double>
estimate<Real> newcombe_difference(std::int64_t x_a, std::int64_t n_a, std::int64_t x_b,
                                   std::int64_t n_b, Real level = Real(0.95)) {
  estimate<Real> out;
  if (detail::difference_prologue("cxgap::newcombe_difference", x_a, n_a, x_b, n_b, level,
                                  "newcombe", out))
    return out;
  const interval<Real> a = wilson_interval<Real>(x_a, n_a, level);
  const interval<Real> b = wilson_interval<Real>(x_b, n_b, level);
  const Real p_a = static_cast<Real>(x_a) / static_cast<Real>(n_a);
  const Real p_b = static_cast<Real>(x_b) / static_cast<Real>(n_b);
  const Real d = out.value;
  detail::set_difference_ci(out, d - std::hypot(p_a - a.lower, b.upper - p_b),
                            d + std::hypot(a.upper - p_a, p_b - b.lower));
  return out;
}

/// Agresti–Caffo interval for p_a − p_b: add one success and one failure to each group,
/// p̃ = (x + 1)/(n + 2), then the Wald interval p̃_a − p̃_b ± z·√(Σ p̃(1−p̃)/(n + 2)).
/// The interval is centred on the adjusted difference, not on value = p̂_a − p̂_b; it is clipped
/// to [−1, 1] (statsmodels does not clip).
/// n_a = 0 or n_b = 0: NaN, status empty.
/// Throws cxgap::invalid_argument if level ∉ (0, 1), a count is negative or x > n.
/// Reference: Agresti A, Caffo B (2000) Am Stat 54:280–288.
template <class Real = double>
estimate<Real> agresti_caffo_difference(std::int64_t x_a, std::int64_t n_a, std::int64_t x_b,
                                        std::int64_t n_b, Real level = Real(0.95)) {
  estimate<Real> out;
  if (detail::difference_prologue("cxgap::agresti_caffo_difference", x_a, n_a, x_b, n_b, level,
                                  "agresti-caffo", out))
    return out;
  const Real z = detail::normal_critical(level);
  const Real na = static_cast<Real>(n_a) + 2;
  const Real nb = static_cast<Real>(n_b) + 2;
  const Real pa = (static_cast<Real>(x_a) + 1) / na;
  const Real pb = (static_cast<Real>(x_b) + 1) / nb;
  const Real half = z * std::sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb);
  detail::set_difference_ci(out, pa - pb - half, pa - pb + half);
  return out;
}

/// Miettinen–Nurminen score interval for p_a − p_b: all θ with
///   |p̂_a − p̂_b − θ| ≤ z·√(V(θ)),  V(θ) = [p̃_a(1−p̃_a)/n_a + p̃_b(1−p̃_b)/n_b] · N/(N − 1),
/// where (p̃_a, p̃_b) is the MLE under p_a − p_b = θ (closed form) and N = n_a + n_b. This is
/// Newcombe's (1998) method 6. Limits found by bisection to full precision; lower = −1 when
/// p̂_a − p̂_b = −1 and upper = 1 when it is 1.
/// n_a = 0 or n_b = 0: NaN, status empty.
/// Throws cxgap::invalid_argument if level ∉ (0, 1), a count is negative or x > n.
/// Reference: Miettinen O, Nurminen M (1985) Stat Med 4:213–226.
template <class Real = double>
estimate<Real> miettinen_nurminen_difference(std::int64_t x_a, std::int64_t n_a,
                                             std::int64_t x_b, std::int64_t n_b,
                                             Real level = Real(0.95)) {
  return detail::score_difference<Real>("cxgap::miettinen_nurminen_difference",
                                        "miettinen-nurminen", x_a, n_a, x_b, n_b, level, true);
}

/// Mee score interval for p_a − p_b: as miettinen_nurminen_difference but without the
/// N/(N − 1) variance factor (Newcombe's 1998 method 5; the interval Farrington & Manning's
/// test inverts). Slightly narrower than Miettinen–Nurminen.
/// n_a = 0 or n_b = 0: NaN, status empty.
/// Throws cxgap::invalid_argument if level ∉ (0, 1), a count is negative or x > n.
/// Reference: Mee RW (1984) Biometrics 40:1175–1176.
template <class Real = double>
estimate<Real> mee_difference(std::int64_t x_a, std::int64_t n_a, std::int64_t x_b,
                              std::int64_t n_b, Real level = Real(0.95)) {
  return detail::score_difference<Real>("cxgap::mee_difference", "mee", x_a, n_a, x_b, n_b,
                                        level, false);
}

/// Wald interval for p_a − p_b: d ± z·SE with the unpooled SE, clipped to [−1, 1].
/// When SE = 0 (each group at 0/n or n/n) the interval collapses to [d, d]; status boundary.
/// n_a = 0 or n_b = 0: NaN, status empty.
/// Throws cxgap::invalid_argument if level ∉ (0, 1), a count is negative or x > n.
/// Reference: Newcombe RG (1998) Stat Med 17:873–890, method 1.
template <class Real = double>
estimate<Real> wald_difference(std::int64_t x_a, std::int64_t n_a, std::int64_t x_b,
                               std::int64_t n_b, Real level = Real(0.95)) {
  estimate<Real> out;
  if (detail::difference_prologue("cxgap::wald_difference", x_a, n_a, x_b, n_b, level, "wald",
                                  out))
    return out;
  const Real half = detail::normal_critical(level) * out.std_error;
  detail::set_difference_ci(out, out.value - half, out.value + half);
  if (out.std_error == 0) {
    out.status = stat_status::boundary;
    out.ci.status = stat_status::boundary;
  }
  return out;
}

/// Confidence interval for p_a − p_b by the chosen method (default Newcombe's hybrid score).
/// See the method's own function for its definition, boundary behaviour and throws.
template <class Real = double>
estimate<Real> proportion_difference(
    std::int64_t x_a, std::int64_t n_a, std::int64_t x_b, std::int64_t n_b,
    Real level = Real(0.95),
    proportion_difference_method method = proportion_difference_method::newcombe) {
  switch (method) {
    case proportion_difference_method::agresti_caffo:
      return agresti_caffo_difference<Real>(x_a, n_a, x_b, n_b, level);
    case proportion_difference_method::miettinen_nurminen:
      return miettinen_nurminen_difference<Real>(x_a, n_a, x_b, n_b, level);
    case proportion_difference_method::mee:
      return mee_difference<Real>(x_a, n_a, x_b, n_b, level);
    case proportion_difference_method::wald:
      return wald_difference<Real>(x_a, n_a, x_b, n_b, level);
    case proportion_difference_method::newcombe: break;
  }
  return newcombe_difference<Real>(x_a, n_a, x_b, n_b, level);
}

}  // namespace cxgap

#endif  // CXGAP_STATS_PROPORTION_DIFFERENCE_HPP
