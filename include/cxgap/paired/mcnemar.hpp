// McNemar's test for a binary outcome asked of both members of a dyad ("was the problem
// resolved?" to employee and customer) or for two yes/no items of one respondent (say–do):
// the 2×2 paired table and its collapse from a K×K paired_table; asymptotic χ² with and without
// continuity correction, and the exact (binomial) test. Formulas and tool differences:
// docs/paired.md.
#ifndef CXGAP_PAIRED_MCNEMAR_HPP
#define CXGAP_PAIRED_MCNEMAR_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/math/distributions/binomial.hpp>

#include "cxgap/detail/check.hpp"
#include "cxgap/paired/paired_table.hpp"
#include "cxgap/stats/detail/distributions.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap {

/// The 2×2 paired table of a binary outcome, in the usual a, b, c, d notation:
///
///                    second yes   second no
///     first yes          a            b
///     first no           c            d
///
/// p_first = (a + b)/n, p_second = (a + c)/n, p_first − p_second = (b − c)/n.
struct paired_binary {
  std::int64_t both_yes = 0;     ///< a
  std::int64_t first_only = 0;   ///< b: first yes, second no
  std::int64_t second_only = 0;  ///< c: first no, second yes
  std::int64_t both_no = 0;      ///< d

  std::int64_t total() const noexcept { return both_yes + first_only + second_only + both_no; }
  /// Discordant pairs b + c.
  std::int64_t discordant() const noexcept { return first_only + second_only; }
};

/// Collapses a K×K paired table (categories in ascending score order) to yes/no with "yes" =
/// category index >= yes_from: yes_from = 1 for a 2×2 table coded no < yes, K − 2 for a top-two
/// box. @throws cxgap::invalid_argument unless 1 <= yes_from < K.
inline paired_binary to_paired_binary(const paired_table& table, std::size_t yes_from = 1) {
  const std::size_t k = table.size();
  if (yes_from < 1 || yes_from >= k) {
    detail::throw_invalid("cxgap::to_paired_binary", "yes_from", yes_from,
                          ("in [1, table.size() - 1] with table.size() = " + std::to_string(k))
                              .c_str());
  }
  paired_binary t;
  for (std::size_t i = 0; i < k; ++i) {
    for (std::size_t j = 0; j < k; ++j) {
      const bool first = i >= yes_from, second = j >= yes_from;
      std::int64_t& cell = first ? (second ? t.both_yes : t.first_only)
                                 : (second ? t.second_only : t.both_no);
      cell += table(i, j);
    }
  }
  return t;
}

namespace detail {

inline void check_paired_binary(const char* function, const paired_binary& t) {
  check_nonnegative(function, "both_yes", t.both_yes);
  check_nonnegative(function, "first_only", t.first_only);
  check_nonnegative(function, "second_only", t.second_only);
  check_nonnegative(function, "both_no", t.both_no);
}

}  // namespace detail

/// How mcnemar_test computes its p-value.
enum class mcnemar_method : unsigned char {
  asymptotic,  ///< χ²₁ statistic (b − c)²/(b + c), optionally continuity corrected
  exact,       ///< binomial test of b out of b + c against ½ (conditional on b + c)
};

/// Stable name ("asymptotic", "exact").
constexpr std::string_view to_string(mcnemar_method m) noexcept {
  return m == mcnemar_method::asymptotic ? "asymptotic" : "exact";
}

/// Result of McNemar's test: the discordant counts and the test. For the asymptotic method
/// test.statistic is χ² and test.df = 1; for the exact method test.statistic is b (as R's
/// binom.test(b, b + c); statsmodels reports min(b, c)) and test.df is NaN.
template <class Real = double>
struct mcnemar_result {
  std::int64_t b = 0;  ///< first yes, second no
  std::int64_t c = 0;  ///< first no, second yes
  test_result<Real> test;
};

/// McNemar's test of marginal homogeneity p_first = p_second from the discordant pairs.
/// asymptotic: χ² = (|b − c| − cc)²/(b + c) on 1 df, cc = 1 with continuity_correction (Edwards
///   1948) else 0; |b − c| − 1 is never below 0 here (b = c gives 0, as R, which skips the
///   correction when b = c). p from the χ² survival function (R's mcnemar.test).
/// exact: p = min(1, 2·P(X <= min(b, c))), X ~ Binomial(b + c, ½) (statsmodels mcnemar(exact =
///   True), exact2x2; equal to R's binom.test(b, b + c) since the null is symmetric).
/// No discordant pair (b + c = 0): no evidence against H0; p = 1, status zero_variance, and the
///   statistic NaN (asymptotic: 0/0) or 0 (exact). R returns NaN for the χ² test.
/// @throws cxgap::invalid_argument if a count is negative.
/// References: McNemar Q (1947) Psychometrika 12:153–157; Edwards AL (1948) Psychometrika
/// 13:185–187.
template <class Real = double>
mcnemar_result<Real> mcnemar_test(const paired_binary& table,
                                  mcnemar_method method = mcnemar_method::asymptotic,
                                  bool continuity_correction = true) {
  detail::check_paired_binary("cxgap::mcnemar_test", table);
  mcnemar_result<Real> r;
  r.b = table.first_only;
  r.c = table.second_only;
  const std::int64_t m = r.b + r.c;
  if (method == mcnemar_method::exact) {
    r.test.method = "McNemar exact (binomial)";
    r.test.statistic = static_cast<Real>(r.b);
    if (m == 0) {
      r.test.p_value = Real(1);
      r.test.status = stat_status::zero_variance;
      return r;
    }
    const boost::math::binomial_distribution<Real, detail::boost_policy> x(static_cast<Real>(m),
                                                                           Real(0.5));
    const Real tail = boost::math::cdf(x, static_cast<Real>(std::min(r.b, r.c)));
    r.test.p_value = std::min(Real(1), 2 * tail);
    return r;
  }
  r.test.method = continuity_correction ? "McNemar chi-squared, continuity corrected"
                                        : "McNemar chi-squared";
  r.test.df = Real(1);
  if (m == 0) {
    r.test.p_value = Real(1);
    r.test.status = stat_status::zero_variance;
    return r;
  }
  const std::int64_t diff = r.b >= r.c ? r.b - r.c : r.c - r.b;
  const Real num = static_cast<Real>(continuity_correction && diff > 0 ? diff - 1 : diff);
  r.test.statistic = num * num / static_cast<Real>(m);
  r.test.p_value = detail::chi2_sf(r.test.statistic, Real(1));
  return r;
}

/// McNemar's test of a K×K paired table collapsed at yes_from (see to_paired_binary).
/// @throws cxgap::invalid_argument unless 1 <= yes_from < K.
template <class Real = double>
mcnemar_result<Real> mcnemar_test(const paired_table& table, std::size_t yes_from,
                                  mcnemar_method method = mcnemar_method::asymptotic,
                                  bool continuity_correction = true) {
  return mcnemar_test<Real>(to_paired_binary(table, yes_from), method, continuity_correction);
}

}  // namespace cxgap

#endif  // CXGAP_PAIRED_MCNEMAR_HPP
