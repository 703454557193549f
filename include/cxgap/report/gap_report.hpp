// The gap report: two groups compared on every (matched) item of a tally, with every statistic
// of cxgap and p-values adjusted across the items. What the CLI and the examples print.
#ifndef CXGAP_REPORT_GAP_REPORT_HPP
#define CXGAP_REPORT_GAP_REPORT_HPP

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cxgap/core/tally.hpp"
#include "cxgap/detail/check.hpp"
#include "cxgap/report/gap_statistic.hpp"
#include "cxgap/stats/brunner_munzel.hpp"
#include "cxgap/stats/contingency.hpp"
#include "cxgap/stats/dominance.hpp"
#include "cxgap/stats/effect_size.hpp"
#include "cxgap/stats/equivalence.hpp"
#include "cxgap/stats/mann_whitney.hpp"
#include "cxgap/stats/mean.hpp"
#include "cxgap/stats/moments.hpp"
#include "cxgap/stats/multiplicity.hpp"
#include "cxgap/stats/nps.hpp"
#include "cxgap/stats/proportion_difference.hpp"

namespace cxgap {

/// Choices of a gap report. The defaults are the methods cxgap recommends.
struct report_options {
  double level = 0.95;                  ///< confidence level of every interval
  p_adjust adjust = p_adjust::holm;     ///< multiplicity adjustment across the report's items
  proportion_difference_method top_box_interval = proportion_difference_method::newcombe;
  mann_whitney_options rank{};          ///< exact / asymptotic choice, continuity correction
  /// When set (> 0), a TOST equivalence test of the mean gap with bounds ±margin (scale points).
  double equivalence_margin = 0.0;
  double alpha = 0.05;                  ///< significance level of TOST and of `significant()`
};

/// Design effects of an item's two domain means in a design-based report (R's
/// svymean(deff = TRUE) and deff = "replace"; see design/taylor.hpp).
struct design_item_effects {
  double deff_a = nan<double>();          ///< against SRS without replacement
  double deff_b = nan<double>();
  double deff_replace_a = nan<double>();  ///< against SRS with replacement
  double deff_replace_b = nan<double>();
  bool numeric = false;  ///< a numeric item (mean only; no top box, ranks or NPS)
};

/// The design a design-based report was computed under.
struct design_summary {
  std::size_t strata = 0;
  std::size_t psus = 0;       ///< PSUs (rows when there are no clusters)
  std::int64_t degf = 0;      ///< PSUs − strata
  bool two_stage = false;
  bool fpc = false;
  std::string lonely_psu;     ///< the lonely-PSU policy
  std::string variance = "Taylor linearisation";
};

/// Every gap between two groups on one item (or one matched pair of items).
struct item_gap {
  std::string item;    ///< the comparison's name: the item id, or the matched item's name
  std::string item_a;  ///< item id asked of group A
  std::string item_b;  ///< item id asked of group B
  std::int64_t dont_know_a = 0, dont_know_b = 0;  ///< "don't know" answers, excluded
  std::int64_t missing_a = 0, missing_b = 0;      ///< no answer, excluded
  /// Mean score: Welch t test and interval; effect size Hedges' g (noncentral-t interval).
  gap_statistic<> mean;
  /// Top-box share: interval by report_options::top_box_interval (Newcombe hybrid score by
  /// default), pooled two-proportion z test; effect size the risk ratio (Katz log interval).
  gap_statistic<> top_box;
  /// Ranks: estimate Cliff's delta with Cliff's (1996) interval; statistic U_A with the
  /// Mann–Whitney p (exact for small groups); effect size the probability of superiority
  /// P(A > B) + ½P(A = B) with the Brunner–Munzel interval.
  gap_statistic<> rank;
  /// Brunner–Munzel test (no equal-variance assumption); statistic positive when A is higher.
  test_result<> brunner_munzel;
  /// Net Promoter Score gap (points, −100..100), only for items on an NPS scale.
  std::optional<gap_statistic<>> nps;
  /// TOST equivalence of the mean gap, when report_options::equivalence_margin > 0.
  std::optional<tost_result<>> equivalence;
  /// Design effects of the two domain means, when the report is design-based
  /// (report/design_report.hpp).
  std::optional<design_item_effects> design;
};

/// Group A compared with group B on every item they were both asked.
struct gap_report {
  std::string a;
  std::string b;
  report_options options;
  std::vector<item_gap> items;
  /// Set when the estimates are design-based (weights, strata, clusters), not SRS.
  std::optional<design_summary> design;
};

namespace detail {

inline std::int64_t box_count(const std::vector<std::int64_t>& scored, const scale& s, bool top) {
  std::int64_t x = 0;
  for (int k = 0; k < s.size(); ++k) {
    const int score = s.min() + k;
    if (top ? s.in_top_box(score) : s.in_bottom_box(score)) x += scored[static_cast<std::size_t>(k)];
  }
  return x;
}

inline gap_statistic<> mean_gap(const sample_moments<>& ma, const sample_moments<>& mb,
                                const report_options& o) {
  const auto w = welch_test(ma, mb, o.level);
  const auto g = hedges_g(ma, mb, o.level);
  gap_statistic<> r;
  r.method = w.test.method;
  r.value_a = w.mean_a;
  r.value_b = w.mean_b;
  r.estimate = w.estimate;
  r.std_error = w.std_error;
  r.ci = w.ci;
  r.statistic = w.test.statistic;
  r.df = w.test.df;
  r.p_value = w.test.p_value;
  r.n_a = ma.n;
  r.n_b = mb.n;
  r.effect = {"Hedges' g", g.value, g.ci};
  r.status = w.status;
  return r;
}

inline gap_statistic<> top_box_gap(std::int64_t xa, std::int64_t na, std::int64_t xb,
                                   std::int64_t nb, const report_options& o) {
  gap_statistic<> r;
  r.n_a = na;
  r.n_b = nb;
  const auto d = proportion_difference<double>(xa, na, xb, nb, o.level, o.top_box_interval);
  const auto z = two_proportion_z_test<double>(xa, na, xb, nb);
  const auto rr = risk_ratio<double>(xa, na, xb, nb, o.level);
  r.method = z.method;
  if (na > 0) r.value_a = static_cast<double>(xa) / static_cast<double>(na);
  if (nb > 0) r.value_b = static_cast<double>(xb) / static_cast<double>(nb);
  r.estimate = d.value;
  r.std_error = d.std_error;
  r.ci = d.ci;
  r.statistic = z.statistic;
  r.p_value = z.p_value;
  r.effect = {"risk ratio", rr.value, rr.ci};
  r.status = z.status != stat_status::ok ? z.status : d.status;
  return r;
}

inline gap_statistic<> rank_gap(const std::vector<std::int64_t>& a,
                                const std::vector<std::int64_t>& b, const report_options& o,
                                test_result<>& bm) {
  gap_statistic<> r;
  const auto mw = mann_whitney_test<double>(a, b, o.rank);
  const auto delta = cliff_delta<double>(a, b, o.level);
  const auto ps =
      probability_of_superiority<double>(a, b, o.level);
  bm = brunner_munzel_test<double>(a, b);
  r.method = mw.test.method;
  r.n_a = count_view(a).total();
  r.n_b = count_view(b).total();
  r.estimate = delta.value;
  r.std_error = delta.std_error;
  r.ci = delta.ci;
  r.statistic = mw.u_a;
  r.p_value = mw.test.p_value;
  r.effect = {"probability of superiority", ps.value, ps.ci};
  r.status = mw.test.status;
  return r;
}

inline gap_statistic<> nps_gap(const nps_counts& a, const nps_counts& b, const report_options& o) {
  const auto d = nps_difference<double>(a, b, o.level);
  gap_statistic<> r;
  r.method = d.test.method;
  r.value_a = d.score_a;
  r.value_b = d.score_b;
  r.estimate = d.estimate;
  r.std_error = d.std_error;
  r.ci = d.ci;
  r.statistic = d.test.statistic;
  r.p_value = d.test.p_value;
  r.n_a = a.n();
  r.n_b = b.n();
  r.status = d.status;
  return r;
}

inline nps_counts nps_from_scored(const std::vector<std::int64_t>& scored, const scale& s) {
  nps_counts c;
  c.promoters = box_count(scored, s, true);
  c.detractors = box_count(scored, s, false);
  c.passives = count_view(scored).total() - c.promoters - c.detractors;
  return c;
}

/// Adjusts one family of p-values (one statistic across the report's items) in place.
template <class Get>
void adjust_family(std::vector<item_gap>& items, p_adjust method, Get get) {
  std::vector<double> p;
  std::vector<gap_statistic<>*> where;
  for (auto& it : items) {
    if (gap_statistic<>* g = get(it)) {
      p.push_back(g->p_value);
      where.push_back(g);
    }
  }
  const std::vector<double> adjusted = adjust_p_values(p, method);
  for (std::size_t i = 0; i < where.size(); ++i) where[i]->p_adjusted = adjusted[i];
}

}  // namespace detail

/// Gaps between two items of a tally: item `item_a` answered by group `a` against `item_b`
/// answered by group `b` (the same item, or a matched pair on one scale). p_adjusted is left
/// NaN (it needs the report's other items). Throws out_of_range for unknown groups, and
/// invalid_argument if the two items' scales differ in shape.
inline item_gap compare_item(const tally& t, std::size_t group_a, std::size_t item_a,
                             std::size_t group_b, std::size_t item_b,
                             const report_options& o = {}) {
  detail::check_level("cxgap::compare_item", o.level);
  const scale& sa = t.codebook()[item_a].scale;
  const scale& sb = t.codebook()[item_b].scale;
  if (!sa.same_shape(sb))
    throw cxgap::invalid_argument("cxgap::compare_item: items '" + t.codebook()[item_a].id +
                                  "' and '" + t.codebook()[item_b].id +
                                  "' are on different scales");
  item_gap r;
  r.item_a = t.codebook()[item_a].id;
  r.item_b = t.codebook()[item_b].id;
  r.item = r.item_a == r.item_b ? r.item_a : r.item_a + "/" + r.item_b;
  r.dont_know_a = t.dont_know(item_a, group_a);
  r.dont_know_b = t.dont_know(item_b, group_b);
  r.missing_a = t.missing(item_a, group_a);
  r.missing_b = t.missing(item_b, group_b);

  const std::vector<std::int64_t> ca = t.scored_counts(item_a, group_a);
  const std::vector<std::int64_t> cb = t.scored_counts(item_b, group_b);
  const std::vector<double> scores = sa.scores();
  const auto ma = moments_from_counts<double>(ca, scores);
  const auto mb = moments_from_counts<double>(cb, scores);
  r.mean = detail::mean_gap(ma, mb, o);
  r.top_box = detail::top_box_gap(detail::box_count(ca, sa, true), ma.n,
                                  detail::box_count(cb, sb, true), mb.n, o);
  r.rank = detail::rank_gap(ca, cb, o, r.brunner_munzel);
  if (sa.is_nps())
    r.nps = detail::nps_gap(detail::nps_from_scored(ca, sa), detail::nps_from_scored(cb, sb), o);
  if (o.equivalence_margin > 0)
    r.equivalence =
        tost_mean_difference<double>(ma, mb, -o.equivalence_margin, o.equivalence_margin, o.alpha);
  return r;
}

/// Compares group `a` with group `b` (A − B) on every item both were asked: each matched item
/// that names both groups, and every other item that is not part of a match for either group.
/// p-values are adjusted across the report's items, separately for each statistic. Items where
/// a group has no answers stay in the report with NaN statistics and status `empty`.
/// Throws out_of_range if either group is not in the tally.
inline gap_report compare(const tally& t, const std::string& a, const std::string& b,
                          const report_options& o = {}) {
  const std::size_t ga = t.group_index(a);
  const std::size_t gb = t.group_index(b);
  gap_report report{a, b, o, {}, std::nullopt};
  const codebook& cb = t.codebook();
  std::vector<bool> matched(cb.size(), false);
  for (const matched_item& m : cb.matches()) {
    auto ia = m.item_by_group.find(a);
    auto ib = m.item_by_group.find(b);
    if (ia != m.item_by_group.end()) matched[cb.index(ia->second)] = true;
    if (ib != m.item_by_group.end()) matched[cb.index(ib->second)] = true;
  }
  for (std::size_t i = 0; i < cb.size(); ++i) {
    if (!matched[i]) report.items.push_back(compare_item(t, ga, i, gb, i, o));
  }
  for (const matched_item& m : cb.matches()) {
    auto ia = m.item_by_group.find(a);
    auto ib = m.item_by_group.find(b);
    if (ia == m.item_by_group.end() || ib == m.item_by_group.end()) continue;
    item_gap g = compare_item(t, ga, cb.index(ia->second), gb, cb.index(ib->second), o);
    g.item = m.name;
    report.items.push_back(std::move(g));
  }
  detail::adjust_family(report.items, o.adjust, [](item_gap& g) { return &g.mean; });
  detail::adjust_family(report.items, o.adjust, [](item_gap& g) { return &g.top_box; });
  detail::adjust_family(report.items, o.adjust, [](item_gap& g) { return &g.rank; });
  detail::adjust_family(report.items, o.adjust,
                        [](item_gap& g) { return g.nps ? &*g.nps : nullptr; });
  return report;
}

}  // namespace cxgap

#endif  // CXGAP_REPORT_GAP_REPORT_HPP
