// Internals of Fisher's exact test on a 2×2 table: the two-sided p-value from the central
// hypergeometric distribution, computed from log-probability ratios walked outward from the
// mode, so it is exact to rounding, fast for large tables, and does not underflow until the
// p-value itself is below the smallest positive double.
#ifndef CXGAP_STATS_DETAIL_CONTINGENCY_HYPERGEOMETRIC_HPP
#define CXGAP_STATS_DETAIL_CONTINGENCY_HYPERGEOMETRIC_HPP

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace cxgap::detail {

/// The hypergeometric law of the (1,1) cell of a 2×2 table with fixed margins: `successes`
/// (first column total), `failures` (second column total), `row` (first row total). Support
/// [lo, hi]. log_ratio(i) = log P(i + 1) − log P(i) is computed from one quotient of exact
/// products (no lgamma, whose absolute error grows with n).
template <class Real>
struct hypergeometric_walk {
  std::int64_t successes;
  std::int64_t failures;
  std::int64_t row;
  std::int64_t lo;
  std::int64_t hi;

  hypergeometric_walk(std::int64_t m, std::int64_t f, std::int64_t k)
      : successes(m), failures(f), row(k), lo(std::max<std::int64_t>(0, k - f)),
        hi(std::min(k, m)) {}

  Real log_ratio(std::int64_t i) const {
    const Real num = static_cast<Real>(successes - i) * static_cast<Real>(row - i);
    const Real den = static_cast<Real>(i + 1) * static_cast<Real>(failures - row + i + 1);
    return std::log(num / den);
  }

  /// A mode of the distribution (log_ratio(mode) ≤ 0 and log_ratio(mode − 1) ≥ 0).
  std::int64_t mode() const {
    const Real total = static_cast<Real>(successes) + static_cast<Real>(failures);
    const Real approx =
        std::floor((static_cast<Real>(successes) + 1) * (static_cast<Real>(row) + 1) / (total + 2));
    std::int64_t mo = std::clamp(static_cast<std::int64_t>(approx), lo, hi);
    while (mo < hi && log_ratio(mo) > 0) ++mo;
    while (mo > lo && log_ratio(mo - 1) < 0) --mo;
    return mo;
  }
};

/// Two-sided p-value of Fisher's exact test as R's fisher.test defines it: the sum of the
/// probabilities of all tables with P(table) ≤ P(observed)·(1 + 1e−7), given the margins.
/// Requires lo < hi (a non-degenerate table). Returns 0 only when the p-value is below the
/// smallest positive Real.
template <class Real>
Real fisher_two_sided_p(const hypergeometric_walk<Real>& h, std::int64_t x) {
  const std::int64_t mo = h.mode();
  // log P(x) − log P(mode), by walking from the mode to x.
  Real l_x = 0;
  const Real support = static_cast<Real>(h.hi - h.lo + 1);
  const Real underflow = std::log(std::numeric_limits<Real>::denorm_min()) - std::log(support) -
                         Real(2);
  if (x > mo) {
    for (std::int64_t i = mo; i < x && l_x > underflow; ++i) l_x += h.log_ratio(i);
  } else {
    for (std::int64_t i = mo; i > x && l_x > underflow; --i) l_x -= h.log_ratio(i - 1);
  }
  // p ≤ support · P(x)/P(mode): below the smallest Real, so it rounds to 0.
  if (l_x <= underflow) return Real(0);

  const Real threshold = l_x + std::log1p(Real(1e-7));  // R's relErr = 1 + 1e-7
  const Real negligible = l_x - Real(60);                // terms < e^-60 of the smallest sum
  Real sum_all = 0;  // Σ P(i)/P(mode)
  Real sum_tail = 0; // Σ_{P(i) ≤ P(x)(1+1e-7)} P(i)/P(x)
  auto add = [&](Real l) {
    sum_all += std::exp(l);
    if (l <= threshold) sum_tail += std::exp(l - l_x);
  };
  Real l = 0;
  for (std::int64_t i = mo;;) {  // right of (and including) the mode
    add(l);
    if (i == h.hi || l < negligible) break;
    l += h.log_ratio(i);
    ++i;
  }
  l = 0;
  for (std::int64_t i = mo; i > h.lo;) {  // left of the mode
    l -= h.log_ratio(i - 1);
    --i;
    add(l);
    if (l < negligible) break;
  }
  const Real p = std::exp(l_x + std::log(sum_tail) - std::log(sum_all));
  return std::min(Real(1), p);
}

}  // namespace cxgap::detail

#endif  // CXGAP_STATS_DETAIL_CONTINGENCY_HYPERGEOMETRIC_HPP
