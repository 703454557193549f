// Internals of the score (Miettinen–Nurminen / Mee) interval for a difference of two
// independent proportions: the maximum-likelihood estimates under the constraint
// p_a − p_b = θ in closed form, and the inversion of the score test by bisection.
#ifndef CXGAP_STATS_DETAIL_PROPORTION_SCORE_HPP
#define CXGAP_STATS_DETAIL_PROPORTION_SCORE_HPP

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/math/constants/constants.hpp>

namespace cxgap::detail {

/// Restricted MLE of p_b given p_a − p_b = θ, from the cubic L3·p³ + L2·p² + L1·p + L0 = 0 of
/// Miettinen & Nurminen (1985, appendix), solved by the trigonometric formula given there
/// (also Farrington & Manning 1990), then polished to full precision by a safeguarded Newton
/// iteration on the likelihood equation. Counts are passed as Real. The result lies in the
/// feasible range [max(0, −θ), min(1, 1 − θ)].
template <class Real>
Real restricted_mle_p_b(Real theta, Real x_a, Real n_a, Real x_b, Real n_b) {
  const Real big_n = n_a + n_b;
  const Real m = x_a + x_b;
  const Real l3 = big_n;
  const Real l2 = (n_a + 2 * n_b) * theta - big_n - m;
  const Real l1 = (n_b * theta - big_n - 2 * x_b) * theta + m;
  const Real l0 = x_b * theta * (1 - theta);
  const Real c = l2 / (3 * l3);
  const Real q = c * c * c - l1 * l2 / (6 * l3 * l3) + l0 / (2 * l3);
  const Real radicand = std::max(Real(0), c * c - l1 / (3 * l3));
  Real p_b;
  if (radicand == 0) {
    p_b = -c;
  } else {
    const Real p = std::copysign(std::sqrt(radicand), q);
    const Real ratio = std::clamp(q / (p * p * p), Real(-1), Real(1));
    const Real a = (boost::math::constants::pi<Real>() + std::acos(ratio)) / 3;
    p_b = 2 * p * std::cos(a) - c;
  }
  const Real lo = std::max(Real(0), -theta);
  const Real hi = std::min(Real(1), 1 - theta);
  // The trigonometric solution loses up to half the digits when the acos argument is near ±1
  // (tiny proportions with large n), so it only starts a safeguarded Newton iteration on the
  // likelihood equation
  //   f(p_b) = x_a/p_a − (n_a − x_a)/(1 − p_a) + x_b/p_b − (n_b − x_b)/(1 − p_b) = 0,
  // p_a = p_b + θ, which is strictly decreasing on [lo, hi]. If f ≤ 0 at lo (or ≥ 0 at hi) the
  // MLE is that end of the range.
  const Real f_a = n_a - x_a;
  const Real f_b = n_b - x_b;
  auto term = [](Real count, Real denominator) {
    if (count == 0) return Real(0);
    if (denominator <= 0) return std::numeric_limits<Real>::infinity();
    return count / denominator;
  };
  auto f = [&](Real pb) {
    const Real pa = pb + theta;
    return term(x_a, pa) - term(f_a, 1 - pa) + term(x_b, pb) - term(f_b, 1 - pb);
  };
  auto df = [&](Real pb) {
    const Real pa = pb + theta;
    return -(term(x_a, pa * pa) + term(f_a, (1 - pa) * (1 - pa)) + term(x_b, pb * pb) +
             term(f_b, (1 - pb) * (1 - pb)));
  };
  if (!(f(lo) > 0)) return lo;
  if (!(f(hi) < 0)) return hi;
  Real a = lo;  // f(a) > 0
  Real b = hi;  // f(b) < 0
  if (!(p_b > lo && p_b < hi)) p_b = lo + (hi - lo) / 2;
  for (int iter = 0; iter < 200; ++iter) {
    const Real value = f(p_b);
    if (value == 0) break;
    if (value > 0) {
      a = p_b;
    } else {
      b = p_b;
    }
    Real next = p_b - value / df(p_b);
    if (!(next > a && next < b)) next = a + (b - a) / 2;  // Newton left the bracket: bisect
    const Real step = next - p_b;
    p_b = next;
    if (std::fabs(step) <= 2 * std::numeric_limits<Real>::epsilon() * std::fabs(p_b) ||
        p_b == a || p_b == b)
      break;
  }
  return p_b;
}

/// Variance of p̂_a − p̂_b at the restricted MLE for θ; multiplied by N/(N − 1) when
/// `mn_factor` (Miettinen–Nurminen), not multiplied (Mee 1984) otherwise.
template <class Real>
Real restricted_variance(Real theta, Real x_a, Real n_a, Real x_b, Real n_b, bool mn_factor) {
  const Real p_b = restricted_mle_p_b(theta, x_a, n_a, x_b, n_b);
  const Real p_a = std::clamp(p_b + theta, Real(0), Real(1));
  Real v = p_a * (1 - p_a) / n_a + p_b * (1 - p_b) / n_b;
  if (mn_factor) {
    const Real big_n = n_a + n_b;
    v *= big_n / (big_n - 1);
  }
  return v;
}

/// One limit of the score interval {θ : (d − θ)² ≤ z²·V(θ)}: bisection between `outside`
/// (a θ known to be rejected) and `inside` (one known to be accepted, here d itself), run until
/// the bracket cannot shrink in Real arithmetic.
template <class Real>
Real score_limit(Real d, Real z2, Real outside, Real inside, Real x_a, Real n_a, Real x_b,
                 Real n_b, bool mn_factor) {
  for (int iter = 0; iter < 2000; ++iter) {
    const Real mid = outside + (inside - outside) / 2;
    if (mid == outside || mid == inside) break;
    const Real g = (d - mid) * (d - mid) - z2 * restricted_variance(mid, x_a, n_a, x_b, n_b,
                                                                     mn_factor);
    if (g <= 0) {
      inside = mid;
    } else {
      outside = mid;
    }
  }
  return outside + (inside - outside) / 2;
}

}  // namespace cxgap::detail

#endif  // CXGAP_STATS_DETAIL_PROPORTION_SCORE_HPP
