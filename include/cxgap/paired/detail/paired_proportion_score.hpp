// Tango's (1998) score statistic for the paired difference of proportions Δ = p_12 − p_21
// (= p_first − p_second) and its inversion by bisection.
//
// Under Δ = Δ0 the multinomial likelihood of (b, c, a + d) with p_12 = p_21 + Δ0 is maximised
// at the larger root p̃_21 of 2n·p² + B·p + C = 0, B = −b − c + (2n − b + c)Δ0,
// C = −c·Δ0(1 − Δ0) (Tango 1998, eq. 3), which already lies on the boundary p̃_21 = max(0, −Δ0)
// when the constraint binds. The score statistic is
//     T(Δ0) = (b − c − nΔ0) / √(n(2p̃_21 + Δ0(1 − Δ0))),
// decreasing in Δ0, and the interval is {Δ0 : −z <= T(Δ0) <= z}.
#ifndef CXGAP_PAIRED_DETAIL_PAIRED_PROPORTION_SCORE_HPP
#define CXGAP_PAIRED_DETAIL_PAIRED_PROPORTION_SCORE_HPP

#include <cmath>
#include <cstdint>

namespace cxgap::detail {

/// Restricted MLE p̃_21 under p_12 − p_21 = delta, for −1 < delta < 1.
template <class Real>
Real tango_restricted_p21(Real b, Real c, Real n, Real delta) {
  const Real big_b = -b - c + (2 * n - b + c) * delta;
  const Real minus_c = c * delta * (1 - delta);  // −C
  Real disc = big_b * big_b + 8 * n * minus_c;    // B² − 4AC with A = 2n
  if (disc < 0) disc = 0;
  const Real root = std::sqrt(disc);
  // Larger root (−B + √disc)/(4n), written without cancellation for B > 0.
  return big_b <= 0 ? (root - big_b) / (4 * n) : 2 * minus_c / (big_b + root);
}

/// Tango's score statistic T(delta) for −1 < delta < 1 (NaN only at delta = b − c = 0 with no
/// discordant pairs, which the bisection never evaluates).
template <class Real>
Real tango_statistic(Real b, Real c, Real n, Real delta) {
  const Real p21 = tango_restricted_p21(b, c, n, delta);
  return (b - c - n * delta) / std::sqrt(n * (2 * p21 + delta * (1 - delta)));
}

/// The Δ0 in (lo, hi) where T(Δ0) crosses `target` (T decreasing), by bisection to the last
/// representable digit.
template <class Real>
Real tango_limit(Real b, Real c, Real n, Real target, Real lo, Real hi) {
  for (int i = 0; i < 2000; ++i) {
    const Real mid = lo + (hi - lo) / 2;
    if (!(mid > lo && mid < hi)) break;
    if (tango_statistic(b, c, n, mid) > target) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return lo + (hi - lo) / 2;
}

}  // namespace cxgap::detail

#endif  // CXGAP_PAIRED_DETAIL_PAIRED_PROPORTION_SCORE_HPP
