// Net Promoter Score: the share of promoters minus the share of detractors, its trinomial
// standard error and interval, and the difference of two independent scores.
#ifndef CXGAP_STATS_NPS_HPP
#define CXGAP_STATS_NPS_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cxgap/detail/check.hpp"
#include "cxgap/stats/counts.hpp"
#include "cxgap/stats/detail/distributions.hpp"
#include "cxgap/stats/moments.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap {

/// The unit a score is reported in. The default is points: NPS is quoted on −100..100.
enum class nps_scale : unsigned char {
  points,    ///< 100·(p_P − p_D), in −100..100 (default)
  fraction,  ///< p_P − p_D, in −1..1
};

/// How the confidence interval of a score (or of a difference of scores) is made.
enum class nps_interval : unsigned char {
  /// score ± z·SE with the trinomial SE; clipped to the parameter range. Default.
  wald,
  /// Rocks (2016): add 3/4 to promoters and to detractors and 3/2 to passives (3 in all),
  /// then a Wald interval around the adjusted score. Better coverage for small n and scores
  /// near ±100; defined even when all respondents give the same answer.
  adjusted_wald,
};

/// Respondents by NPS category.
struct nps_counts {
  std::int64_t promoters = 0;   ///< ratings 9–10
  std::int64_t passives = 0;    ///< ratings 7–8
  std::int64_t detractors = 0;  ///< ratings 0–6
  constexpr std::int64_t n() const noexcept { return promoters + passives + detractors; }
};

/// Collapse counts of the 11 ratings 0..10 ("How likely are you to recommend ...") into
/// detractors (0–6), passives (7–8) and promoters (9–10).
/// @throws cxgap::invalid_argument if ratings.size() != 11 or a count is negative.
inline nps_counts nps_categories(count_view ratings) {
  if (ratings.size() != 11) {
    detail::throw_invalid("nps_categories", "ratings.size()", ratings.size(),
                          "11 (counts of the ratings 0..10)");
  }
  nps_counts c;
  for (std::size_t i = 0; i < 11; ++i) {
    if (ratings[i] < 0)
      detail::throw_invalid("nps_categories", "ratings[i]", ratings[i], "non-negative");
    (i <= 6 ? c.detractors : i <= 8 ? c.passives : c.promoters) += ratings[i];
  }
  return c;
}

/// A Net Promoter Score with its trinomial standard error and confidence interval, all in the
/// unit given by `scale`.
template <class Real = double>
struct nps_estimate {
  Real score = nan<Real>();
  Real std_error = nan<Real>();  ///< trinomial SE of the (unadjusted) score
  interval<Real> ci;
  Real p_promoters = nan<Real>();
  Real p_detractors = nan<Real>();
  std::int64_t n = 0;
  nps_scale scale = nps_scale::points;
  stat_status status = stat_status::ok;
};

/// The difference of two independent Net Promoter Scores A − B with a z test of "no
/// difference" (statistic z = estimate / SE, df NaN).
template <class Real = double>
struct nps_difference_result {
  Real score_a = nan<Real>();
  Real score_b = nan<Real>();
  Real estimate = nan<Real>();   ///< score_a − score_b
  Real std_error = nan<Real>();  ///< sqrt(SE_a² + SE_b²)
  interval<Real> ci;
  test_result<Real> test;
  nps_scale scale = nps_scale::points;
  stat_status status = stat_status::ok;
};

namespace detail {

inline void check_nps_counts(const char* function, const nps_counts& c) {
  if (c.promoters < 0) throw_invalid(function, "promoters", c.promoters, "non-negative");
  if (c.passives < 0) throw_invalid(function, "passives", c.passives, "non-negative");
  if (c.detractors < 0) throw_invalid(function, "detractors", c.detractors, "non-negative");
}

/// Score and trinomial variance of one score per respondent, on the fraction scale, from
/// (possibly pseudo-) counts.
template <class Real>
struct nps_moments {
  Real score;
  Real variance;  ///< p_P + p_D − (p_P − p_D)²: variance of the +1/0/−1 recode (divisor n)
  Real n;
};

template <class Real>
nps_moments<Real> nps_plugin(Real promoters, Real passives, Real detractors) {
  const Real n = promoters + passives + detractors;
  const Real pp = promoters / n, pd = detractors / n;
  const Real s = pp - pd;
  return {s, std::max(Real(0), pp + pd - s * s), n};
}

template <class Real>
nps_moments<Real> nps_plugin(const nps_counts& c, bool adjusted) {
  const Real add = adjusted ? Real(0.75) : Real(0);
  return nps_plugin(static_cast<Real>(c.promoters) + add, static_cast<Real>(c.passives) + 2 * add,
                    static_cast<Real>(c.detractors) + add);
}

template <class Real>
Real nps_unit(nps_scale scale) {
  return scale == nps_scale::points ? Real(100) : Real(1);
}

inline std::string_view nps_interval_name(nps_interval m) {
  return m == nps_interval::wald ? "Wald (trinomial)" : "adjusted Wald (Rocks 2016)";
}

}  // namespace detail

/// Net Promoter Score 100·(P − D)/n (or (P − D)/n for nps_scale::fraction) with the trinomial
/// SE sqrt((p_P + p_D − (p_P − p_D)²)/n) and a Wald or adjusted-Wald interval at `level`,
/// clipped to [−100, 100] (or [−1, 1]).
/// Degenerate data: n = 0 → empty (all NaN). Everyone in one category → SE 0 and status
/// zero_variance; the Wald interval is then NaN (ci.status zero_variance) while the
/// adjusted-Wald interval is still defined (ci.status ok).
/// The SE is the plug-in (divisor n) trinomial SE; a t test on the +1/0/−1 recode reports an
/// SE larger by sqrt(n/(n − 1)).
/// @throws cxgap::invalid_argument if a count is negative or level is not in (0, 1).
/// Reference: Reichheld (2003) Harvard Business Review 81(12):46–54; Rocks (2016) "Interval
/// estimation for the 'Net Promoter Score'", The American Statistician 70(4):365–372.
template <class Real = double>
nps_estimate<Real> net_promoter_score(const nps_counts& counts,
                                      detail::no_deduce_t<Real> level = Real(0.95),
                                      nps_interval method = nps_interval::wald,
                                      nps_scale scale = nps_scale::points) {
  detail::check_level("net_promoter_score", level);
  detail::check_nps_counts("net_promoter_score", counts);
  nps_estimate<Real> r;
  r.n = counts.n();
  r.scale = scale;
  r.ci.level = level;
  r.ci.method = detail::nps_interval_name(method);
  if (r.n == 0) {
    r.status = r.ci.status = stat_status::empty;
    return r;
  }
  const Real unit = detail::nps_unit<Real>(scale);
  const auto m = detail::nps_plugin<Real>(counts, false);
  r.p_promoters = static_cast<Real>(counts.promoters) / m.n;
  r.p_detractors = static_cast<Real>(counts.detractors) / m.n;
  r.score = unit * m.score;
  r.std_error = unit * std::sqrt(m.variance / m.n);
  if (m.variance == 0) r.status = stat_status::zero_variance;
  const Real z = detail::normal_critical(level);
  if (method == nps_interval::wald) {
    if (m.variance == 0) {
      r.ci.status = stat_status::zero_variance;
      return r;
    }
    r.ci.lower = unit * std::max(Real(-1), m.score - z * std::sqrt(m.variance / m.n));
    r.ci.upper = unit * std::min(Real(1), m.score + z * std::sqrt(m.variance / m.n));
  } else {
    const auto a = detail::nps_plugin<Real>(counts, true);
    const Real se = std::sqrt(a.variance / a.n);
    r.ci.lower = unit * std::max(Real(-1), a.score - z * se);
    r.ci.upper = unit * std::min(Real(1), a.score + z * se);
  }
  return r;
}

/// Net Promoter Score from the promoter, passive and detractor counts (see above).
template <class Real = double>
nps_estimate<Real> net_promoter_score(std::int64_t promoters, std::int64_t passives,
                                      std::int64_t detractors,
                                      detail::no_deduce_t<Real> level = Real(0.95),
                                      nps_interval method = nps_interval::wald,
                                      nps_scale scale = nps_scale::points) {
  return net_promoter_score<Real>(nps_counts{promoters, passives, detractors}, level, method,
                                  scale);
}

/// Net Promoter Score from the counts of the 11 ratings 0..10 (see nps_categories).
/// @throws cxgap::invalid_argument if ratings.size() != 11, a count is negative or level is
///         not in (0, 1).
template <class Real = double>
nps_estimate<Real> net_promoter_score(count_view ratings,
                                      detail::no_deduce_t<Real> level = Real(0.95),
                                      nps_interval method = nps_interval::wald,
                                      nps_scale scale = nps_scale::points) {
  return net_promoter_score<Real>(nps_categories(ratings), level, method, scale);
}

/// Difference of two independent Net Promoter Scores A − B: SE = sqrt(SE_a² + SE_b²) from the
/// trinomial SEs, two-sided z test, and a Wald interval (clipped to [−200, 200] points) or the
/// adjusted-Wald interval of Rocks (2016) (pseudo-counts added to both groups, interval
/// centred on the adjusted difference). The z test always uses the unadjusted SE.
/// Degenerate data: a group with n = 0 → empty (all NaN); SE = 0 (both groups each in a single
/// category) → zero_variance: estimate and SE 0 reported, z, p and the Wald interval NaN.
/// @throws cxgap::invalid_argument if a count is negative or level is not in (0, 1).
/// Reference: Rocks (2016) The American Statistician 70(4):365–372.
template <class Real = double>
nps_difference_result<Real> nps_difference(const nps_counts& a, const nps_counts& b,
                                           detail::no_deduce_t<Real> level = Real(0.95),
                                           nps_interval method = nps_interval::wald,
                                           nps_scale scale = nps_scale::points) {
  detail::check_level("nps_difference", level);
  detail::check_nps_counts("nps_difference", a);
  detail::check_nps_counts("nps_difference", b);
  nps_difference_result<Real> r;
  r.scale = scale;
  r.ci.level = level;
  r.ci.method = detail::nps_interval_name(method);
  r.test.method = "two-sample NPS z test";
  auto set_status = [&r](stat_status s) { r.status = r.ci.status = r.test.status = s; };
  if (a.n() == 0 || b.n() == 0) {
    set_status(stat_status::empty);
    return r;
  }
  const Real unit = detail::nps_unit<Real>(scale);
  const auto ma = detail::nps_plugin<Real>(a, false), mb = detail::nps_plugin<Real>(b, false);
  const Real diff = ma.score - mb.score;
  const Real se = std::sqrt(ma.variance / ma.n + mb.variance / mb.n);
  r.score_a = unit * ma.score;
  r.score_b = unit * mb.score;
  r.estimate = unit * diff;
  r.std_error = unit * se;
  const Real z = detail::normal_critical(level);
  if (method == nps_interval::adjusted_wald) {
    const auto aa = detail::nps_plugin<Real>(a, true), ab = detail::nps_plugin<Real>(b, true);
    const Real adiff = aa.score - ab.score;
    const Real ase = std::sqrt(aa.variance / aa.n + ab.variance / ab.n);
    r.ci.lower = unit * std::max(Real(-2), adiff - z * ase);
    r.ci.upper = unit * std::min(Real(2), adiff + z * ase);
  }
  if (se == 0) {
    r.status = r.test.status = stat_status::zero_variance;
    if (method == nps_interval::wald) r.ci.status = stat_status::zero_variance;
    return r;
  }
  r.test.statistic = diff / se;
  r.test.p_value = detail::normal_two_sided_p(r.test.statistic);
  if (method == nps_interval::wald) {
    r.ci.lower = unit * std::max(Real(-2), diff - z * se);
    r.ci.upper = unit * std::min(Real(2), diff + z * se);
  }
  return r;
}

}  // namespace cxgap

#endif  // CXGAP_STATS_NPS_HPP
