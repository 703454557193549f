// Binomial and multinomial sampling in O(1) expected time per binomial draw, independent of n,
// fully specified here (std::binomial_distribution's output is implementation-defined) so that a
// seeded bootstrap gives the same counts with every standard library.
//
// Binomial(n, p), with p replaced by min(p, 1 − p) and the draw mirrored:
//  * n·p <= 30: inversion (BINV; Kachitvichyanukul & Schmeiser 1988, Comm. ACM 31:216–222,
//    section 2), sequential search from 0 with the pmf recursion f(x) = f(x−1)·(n−x+1)p/(xq);
//  * n·p > 30: BTPE, the triangle–parallelogram–exponential rejection algorithm of the same
//    paper, with its squeeze and Stirling-series acceptance test. The control flow and
//    constants follow numpy's random_binomial_btpe / random_binomial_inversion (numpy 1.24,
//    numpy/random/src/distributions/distributions.c), which implement that paper.
// Multinomial(n; c_1..c_K / Σc) by conditional binomials: x_k ~ Binomial(n − Σ_{i<k} x_i,
// c_k / Σ_{i>=k} c_i), k = 1..K−1, the rest to the last occupied category (Devroye 1986,
// Non-Uniform Random Variate Generation, ch. XI.1): O(K) draws per sample, whatever n.
//
// Determinism: uniforms come from a counter-based stream (philox.hpp); the algorithms use IEEE
// double +, −, ×, ÷, sqrt, floor (correctly rounded everywhere) and std::log, std::exp,
// std::log1p. Results are bit-identical across thread counts and across machines whose libm
// agrees on those three functions (a different last bit can flip an accept/reject decision only
// when a uniform lands within one ulp of a bound, about once in 10¹⁵ draws), compiled without
// floating-point contraction into FMA (GCC/Clang contract only with -mfma/-march=native and
// -ffp-contract=fast; the default x86-64 target has no FMA). See docs/bootstrap.md.
#ifndef CXGAP_STATS_DETAIL_BINOMIAL_SAMPLER_HPP
#define CXGAP_STATS_DETAIL_BINOMIAL_SAMPLER_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>

namespace cxgap::detail {

/// Binomial(n, p) for p <= 0.5 and n·p <= 30 by inversion (BINV).
template <class Stream>
std::int64_t binomial_inversion(Stream& stream, std::int64_t n, double p) {
  const double nd = static_cast<double>(n);
  const double q = 1.0 - p;
  const double qn = std::exp(nd * std::log1p(-p));  // P(X = 0)
  const double np = nd * p;
  const double bound_d = np + 10.0 * std::sqrt(np * q + 1.0);
  const std::int64_t bound = bound_d < nd ? static_cast<std::int64_t>(bound_d) : n;
  std::int64_t x = 0;
  double px = qn;
  double u = stream.next_double();
  while (u > px) {
    ++x;
    if (x > bound) {  // numerical tail beyond ~10 SD: restart (probability < 1e-20)
      x = 0;
      px = qn;
      u = stream.next_double();
    } else {
      u -= px;
      px = (static_cast<double>(n - x + 1) * p * px) / (static_cast<double>(x) * q);
    }
  }
  return x;
}

/// Binomial(n, p) for p <= 0.5 and n·p > 30 by BTPE (Kachitvichyanukul & Schmeiser 1988).
template <class Stream>
std::int64_t binomial_btpe(Stream& stream, std::int64_t n, double p) {
  const double nd = static_cast<double>(n);
  const double r = p;
  const double q = 1.0 - r;
  const double fm = nd * r + r;
  const std::int64_t m = static_cast<std::int64_t>(std::floor(fm));  // mode
  const double md = static_cast<double>(m);
  const double p1 = std::floor(2.195 * std::sqrt(nd * r * q) - 4.6 * q) + 0.5;
  const double xm = md + 0.5;
  const double xl = xm - p1;
  const double xr = xm + p1;
  const double c = 0.134 + 20.5 / (15.3 + md);
  double a = (fm - xl) / (fm - xl * r);
  const double laml = a * (1.0 + a / 2.0);
  a = (xr - fm) / (xr * q);
  const double lamr = a * (1.0 + a / 2.0);
  const double p2 = p1 * (1.0 + 2.0 * c);
  const double p3 = p2 + c / laml;
  const double p4 = p3 + c / lamr;
  const double nrq = nd * r * q;

  for (;;) {
    const double u = stream.next_double() * p4;
    double v = stream.next_double();
    std::int64_t y = 0;
    if (u <= p1) {  // triangle: accept at once
      return static_cast<std::int64_t>(std::floor(xm - p1 * v + u));
    }
    if (u <= p2) {  // parallelograms
      const double x = xl + (u - p1) / c;
      v = v * c + 1.0 - std::fabs(md - x + 0.5) / p1;
      if (v > 1.0) continue;
      y = static_cast<std::int64_t>(std::floor(x));
    } else if (u <= p3) {  // left exponential tail
      if (v == 0.0) continue;
      const double yd = std::floor(xl + std::log(v) / laml);
      if (yd < 0.0) continue;
      y = static_cast<std::int64_t>(yd);
      v = v * (u - p2) * laml;
    } else {  // right exponential tail
      if (v == 0.0) continue;
      const double yd = std::floor(xr - std::log(v) / lamr);
      if (yd > nd) continue;
      y = static_cast<std::int64_t>(yd);
      v = v * (u - p3) * lamr;
    }

    const std::int64_t k = y > m ? y - m : m - y;
    const double kd = static_cast<double>(k);
    if (k <= 20 || kd >= nrq / 2.0 - 1.0) {
      // f(y)/f(m) by the pmf recursion.
      const double s = r / q;
      const double as = s * (nd + 1.0);
      double f = 1.0;
      if (m < y) {
        for (std::int64_t i = m + 1; i <= y; ++i) f *= (as / static_cast<double>(i) - s);
      } else if (m > y) {
        for (std::int64_t i = y + 1; i <= m; ++i) f /= (as / static_cast<double>(i) - s);
      }
      if (v > f) continue;
      return y;
    }

    // Squeeze on log f(y)/f(m), then the Stirling-series bound.
    const double rho = (kd / nrq) * ((kd * (kd / 3.0 + 0.625) + 0.16666666666666666) / nrq + 0.5);
    const double t = -kd * kd / (2.0 * nrq);
    const double log_v = std::log(v);
    if (log_v < t - rho) return y;
    if (log_v > t + rho) continue;

    const double yd = static_cast<double>(y);
    const double x1 = yd + 1.0;
    const double f1 = md + 1.0;
    const double z = nd + 1.0 - md;
    const double w = nd - yd + 1.0;
    const double x2 = x1 * x1;
    const double f2 = f1 * f1;
    const double z2 = z * z;
    const double w2 = w * w;
    auto stirling = [](double v1, double v2) {
      return (13680. - (462. - (132. - (99. - 140. / v2) / v2) / v2) / v2) / v1 / 166320.;
    };
    const double bound = xm * std::log(f1 / x1) + (nd - md + 0.5) * std::log(z / w) +
                         (yd - md) * std::log(w * r / (x1 * q)) + stirling(f1, f2) +
                         stirling(z, z2) + stirling(x1, x2) + stirling(w, w2);
    if (log_v > bound) continue;
    return y;
  }
}

/// Binomial(n, p): 0 <= p <= 1, n >= 0. O(1) expected uniforms per draw for every n.
template <class Stream>
std::int64_t sample_binomial(Stream& stream, std::int64_t n, double p) {
  if (n <= 0 || p <= 0.0) return 0;
  if (p >= 1.0) return n;
  const double nd = static_cast<double>(n);
  if (p <= 0.5) {
    return p * nd <= 30.0 ? binomial_inversion(stream, n, p) : binomial_btpe(stream, n, p);
  }
  const double q = 1.0 - p;
  return n - (q * nd <= 30.0 ? binomial_inversion(stream, n, q) : binomial_btpe(stream, n, q));
}

/// Multinomial sample of n draws over K categories with probabilities weights[k] / Σ weights
/// (weights are the observed counts), into out[0..K): conditional binomials, O(K).
/// Preconditions (checked by the caller): weights non-negative with a positive sum, n >= 0.
template <class Stream>
void sample_multinomial(Stream& stream, std::int64_t n, const std::int64_t* weights,
                        std::size_t categories, std::int64_t* out) {
  std::int64_t weight_left = 0;
  for (std::size_t k = 0; k < categories; ++k) weight_left += weights[k];
  std::int64_t left = n;
  for (std::size_t k = 0; k < categories; ++k) {
    const std::int64_t w = weights[k];
    std::int64_t x = 0;
    if (left > 0 && w > 0) {
      x = w >= weight_left ? left
                           : sample_binomial(stream, left,
                                             static_cast<double>(w) / static_cast<double>(weight_left));
    }
    out[k] = x;
    left -= x;
    weight_left -= w;
  }
}

}  // namespace cxgap::detail

#endif  // CXGAP_STATS_DETAIL_BINOMIAL_SAMPLER_HPP
