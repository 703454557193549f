// Confidence intervals for the paired difference of proportions p_first − p_second (the
// experience gap on a yes/no question asked of both members of a dyad, or a say–do gap between
// two yes/no items of one respondent): Newcombe's hybrid score interval with the corrected φ
// (method 10 of Newcombe 1998b, the default), Tango's (1998) score interval, and Wald.
// Sign convention: first − second = (b − c)/n. Notes and validation: docs/paired.md.
#ifndef CXGAP_PAIRED_PAIRED_PROPORTION_HPP
#define CXGAP_PAIRED_PAIRED_PROPORTION_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cxgap/detail/check.hpp"
#include "cxgap/paired/detail/paired_proportion_score.hpp"
#include "cxgap/paired/mcnemar.hpp"
#include "cxgap/paired/paired_table.hpp"
#include "cxgap/stats/detail/distributions.hpp"
#include "cxgap/stats/proportion.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap {

/// Methods for a confidence interval of the paired difference p_first − p_second.
enum class paired_proportion_method : unsigned char {
  newcombe,  ///< Newcombe (1998b) method 10: Wilson limits combined with the corrected φ
  tango,     ///< Tango (1998) score interval
  wald,      ///< Wald, d ± z·SE; poor coverage, kept for comparison
};

/// Stable name ("newcombe", "tango", "wald").
constexpr std::string_view to_string(paired_proportion_method m) noexcept {
  switch (m) {
    case paired_proportion_method::newcombe: return "newcombe";
    case paired_proportion_method::tango: return "tango";
    case paired_proportion_method::wald: return "wald";
  }
  return "unknown";
}

namespace detail {

/// Validates the table and level, fills value = (b − c)/n and the Wald standard error, and,
/// when n = 0, the NaN result with status empty. Returns true if the caller should return.
/// SE² = ((b + c) − (b − c)²/n)/n², computed as ((b + c)(a + d) + 4bc)/n³ (no cancellation).
template <class Real>
bool paired_proportion_prologue(const char* fn, const paired_binary& t, Real level,
                                std::string_view method, estimate<Real>& out) {
  check_level(fn, level);
  check_paired_binary(fn, t);
  out.ci.level = level;
  out.ci.method = method;
  const std::int64_t n = t.total();
  if (n == 0) {
    out.status = out.ci.status = stat_status::empty;
    return true;
  }
  const Real nr = static_cast<Real>(n);
  const Real b = static_cast<Real>(t.first_only);
  const Real c = static_cast<Real>(t.second_only);
  const Real concordant = static_cast<Real>(t.both_yes) + static_cast<Real>(t.both_no);
  out.value = (b - c) / nr;
  out.std_error = std::sqrt(((b + c) * concordant + 4 * b * c) / nr) / nr;
  return false;
}

template <class Real>
void set_paired_ci(estimate<Real>& out, Real lower, Real upper) {
  out.ci.lower = std::max(Real(-1), lower);
  out.ci.upper = std::min(Real(1), upper);
}

/// Newcombe's φ̂ for method 10 (corrected = true) or method 8 (plain φ̂):
/// φ̂ = A/√((a+b)(c+d)(a+c)(b+d)) with A = ad − bc; method 10 replaces A by A − n/2 when
/// A > n/2 and by 0 when 0 <= A <= n/2. φ̂ = 0 when a margin is 0.
template <class Real>
Real newcombe_phi(const paired_binary& t, bool corrected) {
  const Real a = static_cast<Real>(t.both_yes), b = static_cast<Real>(t.first_only);
  const Real c = static_cast<Real>(t.second_only), d = static_cast<Real>(t.both_no);
  const Real m1 = a + b, m2 = c + d, m3 = a + c, m4 = b + d;
  if (m1 == 0 || m2 == 0 || m3 == 0 || m4 == 0) return Real(0);
  Real num = a * d - b * c;
  if (corrected && num >= 0) {
    const Real half_n = (a + b + c + d) / 2;
    num = num > half_n ? num - half_n : Real(0);
  }
  return num / (std::sqrt(m1 * m2) * std::sqrt(m3 * m4));
}

/// The hybrid score interval of Newcombe (1998b) with a given φ̂.
template <class Real>
void newcombe_paired_limits(estimate<Real>& out, const paired_binary& t, Real level, Real phi) {
  const std::int64_t n = t.total();
  const interval<Real> w1 = wilson_interval<Real>(t.both_yes + t.first_only, n, level);
  const interval<Real> w2 = wilson_interval<Real>(t.both_yes + t.second_only, n, level);
  const Real nr = static_cast<Real>(n);
  const Real p1 = static_cast<Real>(t.both_yes + t.first_only) / nr;
  const Real p2 = static_cast<Real>(t.both_yes + t.second_only) / nr;
  auto root = [phi](Real x, Real y) {
    const Real v = x * x - 2 * phi * x * y + y * y;
    return std::sqrt(v > 0 ? v : Real(0));
  };
  set_paired_ci(out, out.value - root(p1 - w1.lower, w2.upper - p2),
                out.value + root(p2 - w2.lower, w1.upper - p1));
}

}  // namespace detail

/// Newcombe's hybrid score interval for p_first − p_second from paired data (method 10 of
/// Newcombe 1998b). With Wilson limits (l1, u1) of p1 = (a + b)/n and (l2, u2) of p2 = (a + c)/n,
///   lower = d − √((p1 − l1)² − 2φ̂(p1 − l1)(u2 − p2) + (u2 − p2)²),
///   upper = d + √((p2 − l2)² − 2φ̂(p2 − l2)(u1 − p1) + (u1 − p1)²),
/// where φ̂ is the correlation of the two ratings with Newcombe's continuity correction:
/// A = ad − bc is replaced by A − n/2 if A > n/2 and by 0 if 0 <= A <= n/2; φ̂ = 0 when a margin
/// is 0. (The plain φ̂ — Newcombe's method 8, used by some packages — collapses the interval to
/// a point when b = c = 0 and a = d; see docs/paired.md.) value = (b − c)/n, std_error the Wald
/// SE; limits inside [−1, 1]. n = 0: NaN, status empty.
/// @throws cxgap::invalid_argument if level ∉ (0, 1) or a count is negative.
/// Reference: Newcombe RG (1998) Improved confidence intervals for the difference between
/// binomial proportions based on paired data. Stat Med 17:2635–2650, method 10.
template <class Real = double>
estimate<Real> newcombe_paired_difference(const paired_binary& table, Real level = Real(0.95)) {
  estimate<Real> out;
  if (detail::paired_proportion_prologue("cxgap::newcombe_paired_difference", table, level,
                                         "newcombe", out))
    return out;
  detail::newcombe_paired_limits(out, table, level, detail::newcombe_phi<Real>(table, true));
  return out;
}

/// Tango's score interval for p_first − p_second = p_12 − p_21 from paired data: all Δ0 with
/// |T(Δ0)| <= z, T(Δ0) = (b − c − nΔ0)/√(n(2p̃_21 + Δ0(1 − Δ0))) and p̃_21 the restricted MLE
/// (closed form, detail/paired_proportion_score.hpp). Limits by bisection to full precision;
/// lower = −1 when c = n, upper = 1 when b = n. Defined for every table with n >= 1 (b = c = 0
/// gives ±z²/(n + z²)). value = (b − c)/n, std_error the Wald SE. n = 0: NaN, status empty.
/// @throws cxgap::invalid_argument if level ∉ (0, 1) or a count is negative.
/// Reference: Tango T (1998) Equivalence test and confidence interval for the difference in
/// proportions for the paired-sample design. Stat Med 17:891–908.
template <class Real = double>
estimate<Real> tango_paired_difference(const paired_binary& table, Real level = Real(0.95)) {
  estimate<Real> out;
  if (detail::paired_proportion_prologue("cxgap::tango_paired_difference", table, level, "tango",
                                         out))
    return out;
  const Real z = detail::normal_critical(level);
  const Real n = static_cast<Real>(table.total());
  const Real b = static_cast<Real>(table.first_only);
  const Real c = static_cast<Real>(table.second_only);
  const Real d = out.value;
  const Real lower = d <= -1 ? Real(-1) : detail::tango_limit(b, c, n, z, Real(-1), d);
  const Real upper = d >= 1 ? Real(1) : detail::tango_limit(b, c, n, -z, d, Real(1));
  detail::set_paired_ci(out, lower, upper);
  return out;
}

/// Wald interval for p_first − p_second: d ± z·SE, SE² = ((b + c) − (b − c)²/n)/n², clipped to
/// [−1, 1]. When SE = 0 (no discordant pairs, or all pairs discordant the same way) the interval
/// collapses to [d, d]; status boundary. n = 0: NaN, status empty.
/// @throws cxgap::invalid_argument if level ∉ (0, 1) or a count is negative.
/// Reference: Newcombe (1998b), method 1.
template <class Real = double>
estimate<Real> wald_paired_difference(const paired_binary& table, Real level = Real(0.95)) {
  estimate<Real> out;
  if (detail::paired_proportion_prologue("cxgap::wald_paired_difference", table, level, "wald",
                                         out))
    return out;
  const Real half = detail::normal_critical(level) * out.std_error;
  detail::set_paired_ci(out, out.value - half, out.value + half);
  if (out.std_error == 0) out.status = out.ci.status = stat_status::boundary;
  return out;
}

/// Confidence interval for p_first − p_second by the chosen method (default Newcombe's method 10).
/// @throws as the method's function.
template <class Real = double>
estimate<Real> paired_proportion_difference(
    const paired_binary& table, Real level = Real(0.95),
    paired_proportion_method method = paired_proportion_method::newcombe) {
  switch (method) {
    case paired_proportion_method::tango: return tango_paired_difference<Real>(table, level);
    case paired_proportion_method::wald: return wald_paired_difference<Real>(table, level);
    case paired_proportion_method::newcombe: break;
  }
  return newcombe_paired_difference<Real>(table, level);
}

/// The same for a K×K paired table collapsed to yes = category >= yes_from (to_paired_binary).
/// @throws as to_paired_binary and the method's function.
template <class Real = double>
estimate<Real> paired_proportion_difference(
    const paired_table& table, std::size_t yes_from, Real level = Real(0.95),
    paired_proportion_method method = paired_proportion_method::newcombe) {
  return paired_proportion_difference<Real>(to_paired_binary(table, yes_from), level, method);
}

}  // namespace cxgap

#endif  // CXGAP_PAIRED_PAIRED_PROPORTION_HPP
