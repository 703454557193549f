// Tests and ratios on a 2×2 table of two independent groups, each given as x successes out of
// n (a: x_a of n_a, b: x_b of n_b): the pooled two-proportion z test, Pearson's chi-square test
// (optionally with Yates' correction), Fisher's exact test, the risk ratio (log/Katz interval)
// and the odds ratio (Woolf logit interval). Rows are groups A and B, columns are success and
// failure; every sign and ratio is A relative to B. Notes and validation: docs/proportions.md.
#ifndef CXGAP_STATS_CONTINGENCY_HPP
#define CXGAP_STATS_CONTINGENCY_HPP

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string_view>

#include "cxgap/detail/check.hpp"
#include "cxgap/stats/detail/contingency_hypergeometric.hpp"
#include "cxgap/stats/detail/distributions.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap {

/// What a ratio does when a cell of the 2×2 table is zero.
enum class zero_cell_correction : unsigned char {
  /// No correction: a ratio whose log standard error needs the zero cell is reported with
  /// NaN standard error and interval and status boundary (value is the sample ratio: 0, +Inf or
  /// NaN for 0/0).
  none,
  /// Haldane–Anscombe: when any of the four cells is zero, add ½ to every cell (each n grows
  /// by 1). Note statsmodels 0.13's Table2x2(shift_zeros=True) differs: it replaces only the
  /// zero cells by ½.
  haldane_anscombe,
};

namespace detail {

inline void check_two_groups(const char* fn, std::int64_t x_a, std::int64_t n_a,
                             std::int64_t x_b, std::int64_t n_b) {
  check_nonnegative(fn, "n_a", n_a);
  check_count(fn, "x_a", x_a, n_a);
  check_nonnegative(fn, "n_b", n_b);
  check_count(fn, "x_b", x_b, n_b);
}

/// Common start of the tests: checks, and the empty / zero-margin cases. Returns true if the
/// caller should return `out` unchanged.
template <class Real>
bool test_prologue(const char* fn, std::int64_t x_a, std::int64_t n_a, std::int64_t x_b,
                   std::int64_t n_b, std::string_view method, test_result<Real>& out) {
  check_two_groups(fn, x_a, n_a, x_b, n_b);
  out.method = method;
  if (n_a == 0 || n_b == 0) {
    out.status = stat_status::empty;
    return true;
  }
  const std::int64_t successes = x_a + x_b;
  if (successes == 0 || successes == n_a + n_b) {
    out.status = stat_status::zero_variance;
    return true;
  }
  return false;
}

}  // namespace detail

/// Two-proportion z test with the pooled standard error:
///   z = (p̂_a − p̂_b) / √(p̄(1 − p̄)(1/n_a + 1/n_b)),  p̄ = (x_a + x_b)/(n_a + n_b),
/// two-sided normal p-value (from the survival function, so tiny p-values are not 0).
/// z > 0 when A's proportion is larger; z² equals prop.test(correct = FALSE)'s X-squared.
/// df is NaN (normal reference).
/// n_a = 0 or n_b = 0: NaN, status empty. No successes or no failures at all (p̄ = 0 or 1,
/// e.g. 0/n vs 0/n): the standard error is 0, statistic and p-value NaN, status zero_variance
/// (R's prop.test reports NaN/NA too).
/// Throws cxgap::invalid_argument if a count is negative or x > n.
/// Reference: Agresti A (2013) Categorical Data Analysis, 3rd ed., section 3.1.
template <class Real = double>
test_result<Real> two_proportion_z_test(std::int64_t x_a, std::int64_t n_a, std::int64_t x_b,
                                        std::int64_t n_b) {
  test_result<Real> out;
  if (detail::test_prologue("cxgap::two_proportion_z_test", x_a, n_a, x_b, n_b,
                            "two-proportion z", out))
    return out;
  const Real na = static_cast<Real>(n_a);
  const Real nb = static_cast<Real>(n_b);
  const Real pooled = static_cast<Real>(x_a + x_b) / (na + nb);
  const Real d = static_cast<Real>(x_a) / na - static_cast<Real>(x_b) / nb;
  out.statistic = d / std::sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb));
  out.p_value = detail::normal_two_sided_p(out.statistic);
  return out;
}

/// Pearson's chi-square test of independence on the 2×2 table, df = 1:
///   X² = Σ (|O − E| − c)²/E,  c = 0, or with `yates` c = min(½, |O − E|) as R's chisq.test and
///   prop.test do. Without the correction X² = z² of two_proportion_z_test. Note R's chisq.test
///   and prop.test default to correct = TRUE; cxgap defaults to no correction.
/// n_a = 0 or n_b = 0: NaN, status empty. An expected count of 0 (no successes or no failures
/// at all): NaN statistic and p-value, status zero_variance (R reports NaN/NA).
/// Throws cxgap::invalid_argument if a count is negative or x > n.
/// References: Pearson K (1900) Phil Mag 50:157–175; Yates F (1934) Suppl JRSS 1:217–235.
template <class Real = double>
test_result<Real> pearson_chi_square_test(std::int64_t x_a, std::int64_t n_a, std::int64_t x_b,
                                          std::int64_t n_b, bool yates = false) {
  test_result<Real> out;
  if (detail::test_prologue("cxgap::pearson_chi_square_test", x_a, n_a, x_b, n_b,
                            yates ? "pearson chi-square (yates)" : "pearson chi-square", out))
    return out;
  const Real na = static_cast<Real>(n_a);
  const Real nb = static_cast<Real>(n_b);
  const Real big_n = na + nb;
  const Real successes = static_cast<Real>(x_a + x_b);
  const Real failures = big_n - successes;
  // Every cell has the same |O − E| = |p̂_a − p̂_b|·n_a·n_b/N, and Σ 1/E = N³/(n_a n_b s f).
  const Real d = static_cast<Real>(x_a) / na - static_cast<Real>(x_b) / nb;
  Real deviation = std::fabs(d) * (na / big_n) * nb;
  if (yates) deviation -= std::min(Real(0.5), deviation);
  out.statistic = deviation * deviation * (big_n / na) * (big_n / nb) * (big_n / successes) /
                  failures;
  out.df = 1;
  out.p_value = detail::chi2_sf(out.statistic, Real(1));
  return out;
}

/// Fisher's exact test for the 2×2 table, two-sided: the probability, under the central
/// hypergeometric distribution given all margins, of the tables no more likely than the one
/// observed (P ≤ P_obs·(1 + 1e−7), as R's fisher.test). Computed from exact log-probability
/// ratios, so p-values down to ~1e−300 keep full relative precision for any n; a p-value below
/// the smallest positive double is returned as 0. The test has no statistic: statistic and df
/// are NaN. (The conditional-MLE odds ratio R also reports is not provided; see docs.)
/// n_a = 0 or n_b = 0: NaN, status empty. No successes or no failures at all: only one table
/// has these margins, p = 1 (as R), status zero_variance.
/// Throws cxgap::invalid_argument if a count is negative or x > n.
/// Reference: Fisher RA (1935) JRSS 98:39–82; Agresti A (1992) Stat Sci 7:131–153.
template <class Real = double>
test_result<Real> fisher_exact_test(std::int64_t x_a, std::int64_t n_a, std::int64_t x_b,
                                    std::int64_t n_b) {
  test_result<Real> out;
  if (detail::test_prologue("cxgap::fisher_exact_test", x_a, n_a, x_b, n_b, "fisher exact",
                            out)) {
    if (out.status == stat_status::zero_variance) out.p_value = 1;
    return out;
  }
  const std::int64_t successes = x_a + x_b;
  const std::int64_t failures = (n_a - x_a) + (n_b - x_b);
  const detail::hypergeometric_walk<Real> h(successes, failures, n_a);
  out.p_value = detail::fisher_two_sided_p(h, x_a);
  return out;
}

namespace detail {

/// The four cells (a, b; c, d) = (x_a, n_a − x_a; x_b, n_b − x_b), Haldane–Anscombe-shifted
/// when requested and a cell is zero.
template <class Real>
struct cells_2x2 {
  Real a, b, c, d;
  cells_2x2(std::int64_t x_a, std::int64_t n_a, std::int64_t x_b, std::int64_t n_b,
            zero_cell_correction correction)
      : a(static_cast<Real>(x_a)), b(static_cast<Real>(n_a - x_a)), c(static_cast<Real>(x_b)),
        d(static_cast<Real>(n_b - x_b)) {
    if (correction == zero_cell_correction::haldane_anscombe &&
        (x_a == 0 || x_a == n_a || x_b == 0 || x_b == n_b)) {
      a += Real(0.5);
      b += Real(0.5);
      c += Real(0.5);
      d += Real(0.5);
    }
  }
};

template <class Real>
void ratio_interval(estimate<Real>& out, Real log_value, Real log_se, Real level) {
  const Real half = normal_critical(level) * log_se;
  out.std_error = log_se;
  out.ci.lower = std::exp(log_value - half);
  out.ci.upper = std::exp(log_value + half);
}

}  // namespace detail

/// Risk ratio p_a/p_b with the log (Katz) interval:
///   exp(log RR ± z·SE),  SE = √(1/a − 1/n_a + 1/c − 1/n_b)  (a = x_a, c = x_b),
/// std_error is the SE of log RR. With x_a = 0 or x_b = 0 and no correction the log SE is
/// infinite: value is the sample ratio (0, +Inf, or NaN for 0/0), std_error and interval NaN,
/// status boundary. With zero_cell_correction::haldane_anscombe every cell gets +½ when any
/// cell is zero. When both groups are at 100% (SE = 0) the interval
/// collapses to [1, 1]; status boundary.
/// n_a = 0 or n_b = 0: NaN, status empty.
/// Throws cxgap::invalid_argument if level ∉ (0, 1), a count is negative or x > n.
/// Reference: Katz D, Baptista J, Azen SP, Pike MC (1978) Biometrics 34:469–474.
template <class Real = double>
estimate<Real> risk_ratio(std::int64_t x_a, std::int64_t n_a, std::int64_t x_b, std::int64_t n_b,
                          Real level = Real(0.95),
                          zero_cell_correction correction = zero_cell_correction::none) {
  constexpr const char* fn = "cxgap::risk_ratio";
  detail::check_level(fn, level);
  detail::check_two_groups(fn, x_a, n_a, x_b, n_b);
  estimate<Real> out;
  out.ci.level = level;
  out.ci.method = correction == zero_cell_correction::none ? "log" : "log (haldane-anscombe)";
  if (n_a == 0 || n_b == 0) {
    out.status = out.ci.status = stat_status::empty;
    return out;
  }
  const detail::cells_2x2<Real> t(x_a, n_a, x_b, n_b, correction);
  const Real na = t.a + t.b;
  const Real nb = t.c + t.d;
  out.value = (t.a / na) / (t.c / nb);
  if (t.a == 0 || t.c == 0) {
    out.status = out.ci.status = stat_status::boundary;
    return out;
  }
  const Real log_se = std::sqrt(std::max(Real(0), 1 / t.a - 1 / na + 1 / t.c - 1 / nb));
  detail::ratio_interval(out, std::log(t.a / na) - std::log(t.c / nb), log_se, level);
  if (log_se == 0) out.status = out.ci.status = stat_status::boundary;
  return out;
}

/// Sample odds ratio (a·d)/(b·c) with the Woolf (logit) interval:
///   exp(log OR ± z·SE),  SE = √(1/a + 1/b + 1/c + 1/d),
/// cells (a, b; c, d) = (x_a, n_a − x_a; x_b, n_b − x_b); std_error is the SE of log OR.
/// This is the sample (unconditional) odds ratio, as scipy's fisher_exact and statsmodels
/// report it; R's fisher.test reports the conditional MLE instead. With a zero cell and no
/// correction: value is the sample ratio (0, +Inf, or NaN for 0/0), std_error and interval NaN,
/// status boundary. zero_cell_correction::haldane_anscombe adds ½ to every cell when any is 0.
/// n_a = 0 or n_b = 0: NaN, status empty.
/// Throws cxgap::invalid_argument if level ∉ (0, 1), a count is negative or x > n.
/// Reference: Woolf B (1955) Ann Hum Genet 19:251–253.
template <class Real = double>
estimate<Real> odds_ratio(std::int64_t x_a, std::int64_t n_a, std::int64_t x_b, std::int64_t n_b,
                          Real level = Real(0.95),
                          zero_cell_correction correction = zero_cell_correction::none) {
  constexpr const char* fn = "cxgap::odds_ratio";
  detail::check_level(fn, level);
  detail::check_two_groups(fn, x_a, n_a, x_b, n_b);
  estimate<Real> out;
  out.ci.level = level;
  out.ci.method = correction == zero_cell_correction::none ? "woolf" : "woolf (haldane-anscombe)";
  if (n_a == 0 || n_b == 0) {
    out.status = out.ci.status = stat_status::empty;
    return out;
  }
  const detail::cells_2x2<Real> t(x_a, n_a, x_b, n_b, correction);
  out.value = (t.a * t.d) / (t.b * t.c);
  if (t.a == 0 || t.b == 0 || t.c == 0 || t.d == 0) {
    out.status = out.ci.status = stat_status::boundary;
    return out;
  }
  const Real log_se = std::sqrt(1 / t.a + 1 / t.b + 1 / t.c + 1 / t.d);
  detail::ratio_interval(out, std::log(t.a) + std::log(t.d) - std::log(t.b) - std::log(t.c),
                         log_se, level);
  return out;
}

}  // namespace cxgap

#endif  // CXGAP_STATS_CONTINGENCY_HPP
