// Confidence intervals for a proportion under a complex design, as R's svyciprop() (survey 4.1)
// computes them — logit, "mean", Korn–Graubard "beta", arcsine — and the design-adjusted Wilson
// interval, which survey 4.1 does not offer (Kott & Carr 1997; Dean & Pagano 2015). Details and
// the choice of degrees of freedom: docs/design.md.
#ifndef CXGAP_DESIGN_CIPROP_HPP
#define CXGAP_DESIGN_CIPROP_HPP

#include <cmath>
#include <string_view>

#include "cxgap/design/taylor.hpp"
#include "cxgap/stats/detail/distributions.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap {

/// Interval methods for a design-based proportion.
enum class ciprop_method : unsigned char {
  logit,   ///< R "logit": expit(logit p ± t·SE/(p(1−p)))
  mean,    ///< R "mean": p ± t·SE (not clipped to [0, 1], as R)
  beta,    ///< R "beta": Korn & Graubard (1998) Clopper–Pearson with effective n
  asin,    ///< R "asin": sin²(asin √p ± t·SE/(2√(p(1−p))))
  wilson,  ///< design-adjusted Wilson: Wilson's score interval with n_eff and t (not in R)
};

constexpr std::string_view to_string(ciprop_method m) noexcept {
  switch (m) {
    case ciprop_method::logit: return "logit";
    case ciprop_method::mean: return "mean";
    case ciprop_method::beta: return "beta (Korn-Graubard)";
    case ciprop_method::asin: return "asin";
    case ciprop_method::wilson: return "Wilson (design-adjusted)";
  }
  return "unknown";
}

/// Interval for a domain proportion p (the linearisation of a 0/1 score, e.g. linearise_item
/// with top_box_scores) at `level`, with t quantiles on df = degf of the domain's rows (R:
/// svyciprop(~y, subset(design, domain))'s default df = degf(design)); n = the domain's rows with
/// a value (R: nrow(design)). Effective n = p(1 − p)/V. p = 0 or 1 (V = 0) gives NaN with status
/// boundary; a domain without rows, status empty; df < 1, status too_few.
/// References: Korn, E. L. & Graubard, B. I. (1998), Survey Methodology 24(2), 193–201; Kott, P. S.
/// & Carr, D. A. (1997), Journal of Official Statistics 13, 367–383; Dean, N. & Pagano, M.
/// (2015), Journal of Survey Statistics and Methodology 3, 484–503.
inline estimate<> design_proportion_ci(const survey_design& d, const linearisation& l,
                                       ciprop_method method, double level = 0.95) {
  detail::check_level("cxgap::design_proportion_ci", level);
  estimate<> r;
  r.value = l.value;
  r.ci.level = level;
  r.ci.method = to_string(method);
  if (l.n == 0) {
    r.status = r.ci.status = stat_status::empty;
    return r;
  }
  const double v = subset_variance(d, l);  // R: svymean on subset(design, domain)
  const double p = l.value, se = std::sqrt(v);
  r.std_error = se;
  const double df = static_cast<double>(domain_degf(d, l.unit_n));
  if (!(df >= 1) || !std::isfinite(v)) {
    r.status = r.ci.status = stat_status::too_few;
    return r;
  }
  const double q = detail::t_critical(level, df);
  if (method == ciprop_method::mean) {
    r.ci.lower = p - q * se;
    r.ci.upper = p + q * se;
    return r;
  }
  if (!(p > 0 && p < 1) || !(v > 0)) {
    r.status = r.ci.status = stat_status::boundary;
    return r;
  }
  const double n_eff = p * (1 - p) / v;
  switch (method) {
    case ciprop_method::logit: {
      const double eta = std::log(p / (1 - p)), s = se / (p * (1 - p));
      r.ci.lower = 1 / (1 + std::exp(-(eta - q * s)));
      r.ci.upper = 1 / (1 + std::exp(-(eta + q * s)));
      break;
    }
    case ciprop_method::asin: {
      const double a = std::asin(std::sqrt(p)), s = se / (2 * std::sqrt(p * (1 - p)));
      r.ci.lower = std::pow(std::sin(a - q * s), 2);
      r.ci.upper = std::pow(std::sin(a + q * s), 2);
      break;
    }
    case ciprop_method::beta: {
      // R: n.eff · (qt(α/2, n − 1) / qt(α/2, degf))², then Clopper–Pearson beta quantiles.
      const double alpha = 1 - level;
      const double ratio = l.n > 1 ? detail::t_critical(level, static_cast<double>(l.n - 1)) / q
                                   : std::numeric_limits<double>::quiet_NaN();
      const double m = n_eff * ratio * ratio;
      r.ci.lower = detail::beta_quantile(m * p, m * (1 - p) + 1, alpha / 2);
      r.ci.upper = detail::beta_quantile(m * p + 1, m * (1 - p), 1 - alpha / 2);
      break;
    }
    case ciprop_method::wilson: {
      const double q2n = q * q / n_eff;
      const double centre = (p + q2n / 2) / (1 + q2n);
      const double half = q / (1 + q2n) * std::sqrt(p * (1 - p) / n_eff + q2n / (4 * n_eff));
      r.ci.lower = centre - half;
      r.ci.upper = centre + half;
      break;
    }
    case ciprop_method::mean: break;
  }
  return r;
}

}  // namespace cxgap

#endif  // CXGAP_DESIGN_CIPROP_HPP
