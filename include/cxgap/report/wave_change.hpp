// Is the gap closing? The change in a gap between two waves of the same survey: a difference of
// two independent gaps (difference in differences), with its interval and test.
#ifndef CXGAP_REPORT_WAVE_CHANGE_HPP
#define CXGAP_REPORT_WAVE_CHANGE_HPP

#include <cmath>
#include <cstdint>

#include <string>
#include <vector>

#include "cxgap/core/tally.hpp"
#include "cxgap/detail/check.hpp"
#include "cxgap/report/gap_report.hpp"
#include "cxgap/report/gap_statistic.hpp"
#include "cxgap/stats/detail/distributions.hpp"
#include "cxgap/stats/moments.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap {

/// Change of a mean gap between waves: (mean_a2 − mean_b2) − (mean_a1 − mean_b1), four
/// independent groups. SE² = Σ v_i/n_i; t with Welch–Satterthwaite df = (Σ v_i/n_i)² /
/// Σ (v_i/n_i)²/(n_i − 1) (Satterthwaite 1946, the linear-contrast form of Welch's test); CI and
/// two-sided p from Student's t. A group with n < 2 gives NaN with status too_few; all four
/// variances zero gives NaN with status zero_variance. Throws invalid_argument for a level
/// outside (0, 1). value_a / value_b of the result are the wave-1 and wave-2 gaps.
template <class Real = double>
gap_statistic<Real> mean_gap_change(const sample_moments<Real>& a1, const sample_moments<Real>& b1,
                                    const sample_moments<Real>& a2, const sample_moments<Real>& b2,
                                    Real level = Real(0.95)) {
  detail::check_level("cxgap::mean_gap_change", level);
  gap_statistic<Real> r;
  r.method = "difference of independent mean gaps (Welch-Satterthwaite t)";
  r.ci.level = level;
  r.ci.method = "Welch-Satterthwaite t";
  r.n_a = a1.n + a2.n;
  r.n_b = b1.n + b2.n;
  const sample_moments<Real>* groups[] = {&a1, &b1, &a2, &b2};
  Real var = 0, df_den = 0;
  for (const auto* g : groups) {
    if (g->n < 2) {
      r.status = r.ci.status = stat_status::too_few;
      return r;
    }
    const Real w = g->variance / static_cast<Real>(g->n);
    var += w;
    df_den += w * w / static_cast<Real>(g->n - 1);
  }
  r.value_a = a1.mean - b1.mean;
  r.value_b = a2.mean - b2.mean;
  r.estimate = r.value_b - r.value_a;
  if (!(var > 0)) {
    r.status = r.ci.status = stat_status::zero_variance;
    return r;
  }
  r.std_error = std::sqrt(var);
  r.df = var * var / df_den;
  r.statistic = r.estimate / r.std_error;
  r.p_value = detail::t_two_sided_p(r.statistic, r.df);
  const Real q = detail::t_critical(level, r.df);
  r.ci.lower = r.estimate - q * r.std_error;
  r.ci.upper = r.estimate + q * r.std_error;
  return r;
}

/// Change of a proportion gap between waves: (p_a2 − p_b2) − (p_a1 − p_b1), four independent
/// binomial groups; Wald SE² = Σ p_i(1 − p_i)/n_i, z test and normal interval (the large-sample
/// interaction test of a 2×2×2 table). A group with n = 0 gives NaN with status empty; SE = 0
/// (every group at 0/n or n/n) gives status zero_variance. Throws invalid_argument for
/// x > n, negative counts or a level outside (0, 1).
template <class Real = double>
gap_statistic<Real> proportion_gap_change(std::int64_t x_a1, std::int64_t n_a1, std::int64_t x_b1,
                                          std::int64_t n_b1, std::int64_t x_a2, std::int64_t n_a2,
                                          std::int64_t x_b2, std::int64_t n_b2,
                                          Real level = Real(0.95)) {
  const char* fn = "cxgap::proportion_gap_change";
  detail::check_level(fn, level);
  detail::check_count(fn, "x_a1", x_a1, n_a1);
  detail::check_count(fn, "x_b1", x_b1, n_b1);
  detail::check_count(fn, "x_a2", x_a2, n_a2);
  detail::check_count(fn, "x_b2", x_b2, n_b2);
  gap_statistic<Real> r;
  r.method = "difference of independent proportion gaps (Wald z)";
  r.ci.level = level;
  r.ci.method = "Wald";
  r.n_a = n_a1 + n_a2;
  r.n_b = n_b1 + n_b2;
  if (n_a1 == 0 || n_b1 == 0 || n_a2 == 0 || n_b2 == 0) {
    r.status = r.ci.status = stat_status::empty;
    return r;
  }
  auto p = [](std::int64_t x, std::int64_t n) { return static_cast<Real>(x) / static_cast<Real>(n); };
  auto v = [&](std::int64_t x, std::int64_t n) { return p(x, n) * (1 - p(x, n)) / static_cast<Real>(n); };
  r.value_a = p(x_a1, n_a1) - p(x_b1, n_b1);
  r.value_b = p(x_a2, n_a2) - p(x_b2, n_b2);
  r.estimate = r.value_b - r.value_a;
  const Real var = v(x_a1, n_a1) + v(x_b1, n_b1) + v(x_a2, n_a2) + v(x_b2, n_b2);
  if (!(var > 0)) {
    r.status = r.ci.status = stat_status::zero_variance;
    return r;
  }
  r.std_error = std::sqrt(var);
  r.statistic = r.estimate / r.std_error;
  r.p_value = detail::normal_two_sided_p(r.statistic);
  const Real q = detail::normal_critical(level);
  r.ci.lower = r.estimate - q * r.std_error;
  r.ci.upper = r.estimate + q * r.std_error;
  return r;
}

/// The change of one item's gaps between two waves.
struct item_gap_change {
  std::string item;
  gap_statistic<> mean;     ///< mean_gap_change; value_a / value_b = the two waves' gaps
  gap_statistic<> top_box;  ///< proportion_gap_change of the top-box shares
};

/// Every item's gap change from one wave's report to a later one (same audiences, same items).
struct wave_change_report {
  std::string a, b;         ///< the earlier report's groups
  std::string later_a, later_b;
  std::vector<item_gap_change> items;
};

/// Changes of the mean and top-box gaps from `earlier` to `later`, two reports of the same
/// comparison in different waves of one tally (groups such as "executive @ 2025"). Items are
/// matched by name; p-values are adjusted across items with the earlier report's method.
/// Throws out_of_range if a report's group is not in the tally.
inline wave_change_report compare_waves(const tally& t, const gap_report& earlier,
                                        const gap_report& later) {
  wave_change_report out{earlier.a, earlier.b, later.a, later.b, {}};
  const std::size_t a1 = t.group_index(earlier.a), b1 = t.group_index(earlier.b);
  const std::size_t a2 = t.group_index(later.a), b2 = t.group_index(later.b);
  const double level = earlier.options.level;
  for (const item_gap& g1 : earlier.items) {
    for (const item_gap& g2 : later.items) {
      if (g2.item != g1.item) continue;
      const codebook& cb = t.codebook();
      const std::size_t ia = cb.index(g1.item_a), ib = cb.index(g1.item_b);
      const scale& s = cb[ia].scale;
      const std::vector<double> scores = s.scores();
      auto moments_of = [&](std::size_t item, std::size_t group) {
        return moments_from_counts<double>(t.scored_counts(item, group), scores);
      };
      auto top_of = [&](std::size_t item, std::size_t group) {
        return detail::box_count(t.scored_counts(item, group), s, true);
      };
      item_gap_change c;
      c.item = g1.item;
      c.mean = mean_gap_change(moments_of(ia, a1), moments_of(ib, b1), moments_of(ia, a2),
                               moments_of(ib, b2), level);
      c.top_box = proportion_gap_change<double>(top_of(ia, a1), g1.top_box.n_a, top_of(ib, b1),
                                                g1.top_box.n_b, top_of(ia, a2), g2.top_box.n_a,
                                                top_of(ib, b2), g2.top_box.n_b, level);
      out.items.push_back(std::move(c));
    }
  }
  auto adjust = [&](auto get) {
    std::vector<double> p;
    for (auto& c : out.items) p.push_back(get(c).p_value);
    const auto adj = adjust_p_values(p, earlier.options.adjust);
    for (std::size_t i = 0; i < out.items.size(); ++i) get(out.items[i]).p_adjusted = adj[i];
  };
  adjust([](item_gap_change& c) -> gap_statistic<>& { return c.mean; });
  adjust([](item_gap_change& c) -> gap_statistic<>& { return c.top_box; });
  return out;
}

}  // namespace cxgap

#endif  // CXGAP_REPORT_WAVE_CHANGE_HPP
