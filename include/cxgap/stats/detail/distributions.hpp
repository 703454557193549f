// Thin wrappers over Boost.Math distributions with one error policy for the whole library:
// domain errors throw (they are bugs or precondition violations), overflow/underflow saturate,
// and every upper tail is taken from the complement (survival function) so tiny p-values stay
// accurate instead of rounding to 0.
#ifndef CXGAP_STATS_DETAIL_DISTRIBUTIONS_HPP
#define CXGAP_STATS_DETAIL_DISTRIBUTIONS_HPP

#include <algorithm>
#include <cmath>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/fisher_f.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/policies/policy.hpp>

namespace cxgap::detail {

using boost_policy = boost::math::policies::policy<
    boost::math::policies::overflow_error<boost::math::policies::ignore_error>,
    boost::math::policies::underflow_error<boost::math::policies::ignore_error>,
    boost::math::policies::denorm_error<boost::math::policies::ignore_error>,
    boost::math::policies::evaluation_error<boost::math::policies::ignore_error>,
    boost::math::policies::promote_double<false>>;

template <class Real>
using normal_dist = boost::math::normal_distribution<Real, boost_policy>;
template <class Real>
using t_dist = boost::math::students_t_distribution<Real, boost_policy>;
template <class Real>
using chi2_dist = boost::math::chi_squared_distribution<Real, boost_policy>;
template <class Real>
using beta_dist = boost::math::beta_distribution<Real, boost_policy>;
template <class Real>
using f_dist = boost::math::fisher_f_distribution<Real, boost_policy>;

/// Standard normal quantile Φ⁻¹(p).
template <class Real>
Real normal_quantile(Real p) {
  return boost::math::quantile(normal_dist<Real>(), p);
}

/// Two-sided critical value z_{1-(1-level)/2}.
template <class Real>
Real normal_critical(Real level) {
  return boost::math::quantile(boost::math::complement(normal_dist<Real>(), (1 - level) / 2));
}

/// Standard normal survival function 1 − Φ(z).
template <class Real>
Real normal_sf(Real z) {
  return boost::math::cdf(boost::math::complement(normal_dist<Real>(), z));
}

/// Standard normal distribution function Φ(z).
template <class Real>
Real normal_cdf(Real z) {
  return boost::math::cdf(normal_dist<Real>(), z);
}

/// Two-sided normal p-value 2·(1 − Φ(|z|)).
template <class Real>
Real normal_two_sided_p(Real z) {
  return std::min(Real(1), 2 * normal_sf(std::fabs(z)));
}

/// Two-sided critical value of Student's t with df degrees of freedom (df may be non-integer).
template <class Real>
Real t_critical(Real level, Real df) {
  if (std::isinf(df)) return normal_critical(level);
  return boost::math::quantile(boost::math::complement(t_dist<Real>(df), (1 - level) / 2));
}

/// Student's t survival function P(T > t).
template <class Real>
Real t_sf(Real t, Real df) {
  if (std::isinf(df)) return normal_sf(t);
  return boost::math::cdf(boost::math::complement(t_dist<Real>(df), t));
}

/// Student's t distribution function P(T <= t).
template <class Real>
Real t_cdf(Real t, Real df) {
  if (std::isinf(df)) return normal_cdf(t);
  return boost::math::cdf(t_dist<Real>(df), t);
}

/// Two-sided t p-value 2·P(T > |t|).
template <class Real>
Real t_two_sided_p(Real t, Real df) {
  return std::min(Real(1), 2 * t_sf(std::fabs(t), df));
}

/// Chi-square survival function P(X > x).
template <class Real>
Real chi2_sf(Real x, Real df) {
  return boost::math::cdf(boost::math::complement(chi2_dist<Real>(df), x));
}

/// Beta quantile.
template <class Real>
Real beta_quantile(Real a, Real b, Real p) {
  return boost::math::quantile(beta_dist<Real>(a, b), p);
}

/// F survival function P(F > x).
template <class Real>
Real f_sf(Real x, Real df1, Real df2) {
  return boost::math::cdf(boost::math::complement(f_dist<Real>(df1, df2), x));
}

}  // namespace cxgap::detail

#endif  // CXGAP_STATS_DETAIL_DISTRIBUTIONS_HPP
