// The design-based gap report under RAKED weights: design_compare() (report/design_report.hpp)
// with the Taylor linearisation adjusted for the raking (design/raking_taylor.hpp), as R's
// svyttest / svymean on a svydesign raked by rake(). The same gap_report, so it flows to the
// table, JSON and CSV writers unchanged.
#ifndef CXGAP_REPORT_RAKED_DESIGN_REPORT_HPP
#define CXGAP_REPORT_RAKED_DESIGN_REPORT_HPP

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "cxgap/design/raking_taylor.hpp"
#include "cxgap/report/design_report.hpp"
#include "cxgap/report/gap_report.hpp"

namespace cxgap {

namespace detail {

// Risk ratio p_a/p_b with the delta-method interval of its log (raked covariances).
inline effect_size<> raked_risk_ratio(const survey_design& d, const raked_taylor_tallies& r,
                                      const raked_linearisation& a, const raked_linearisation& b,
                                      double df, double level) {
  const char* method = "log, delta method (Taylor, raked)";
  const double pa = a.lin.value, pb = b.lin.value;
  if (!(pa > 0 && pb > 0)) return log_risk_ratio(pa, pb, 0, 0, 0, df, level, method);
  return log_risk_ratio(pa, pb, raked_covariance(d, r, a, a), raked_covariance(d, r, b, b),
                        raked_covariance(d, r, a, b), df, level, method);
}

inline design_item_effects raked_effects(const survey_design& d, const raked_linearisation& a,
                                         const raked_linearisation& b, double level) {
  design_item_effects e;
  const auto ea = raked_domain_estimate(d, a, level), eb = raked_domain_estimate(d, b, level);
  e.deff_a = ea.deff;
  e.deff_b = eb.deff;
  e.deff_replace_a = ea.deff_replace;
  e.deff_replace_b = eb.deff_replace;
  return e;
}

inline item_gap raked_item_gap(const psu_tally& t, const survey_design& d,
                               const raked_taylor_tallies& r, std::size_t ga, std::size_t item_a,
                               std::size_t gb, std::size_t item_b, const report_options& o) {
  item_gap g = design_item_counts("cxgap::raked_design_compare", t, ga, item_a, gb, item_b);
  const scale& sa = t.codebook()[item_a].scale;
  const scale& sb = t.codebook()[item_b].scale;
  const auto lin = [&](std::size_t grp, std::size_t i, const std::vector<double>& score) {
    return linearise_raked_item(t, d, r, i, grp, score);
  };
  const raked_linearisation ma = lin(ga, item_a, mean_scores(sa)), mb = lin(gb, item_b, mean_scores(sb));
  g.mean = raked_design_gap(d, r, ma, mb, o.level);
  g.mean.effect.name = "Hedges' g";  // not defined under a design: NaN
  const raked_linearisation pa = lin(ga, item_a, top_box_scores(sa));
  const raked_linearisation pb = lin(gb, item_b, top_box_scores(sb));
  g.top_box = raked_design_gap(d, r, pa, pb, o.level);
  g.top_box.effect = raked_risk_ratio(d, r, pa, pb, g.top_box.df, o.level);
  g.rank.method = "none (rank statistics are not design-based)";
  g.rank.n_a = ma.lin.n;
  g.rank.n_b = mb.lin.n;
  if (sa.is_nps())
    g.nps = raked_design_gap(d, r, lin(ga, item_a, nps_scores(sa)), lin(gb, item_b, nps_scores(sb)),
                             o.level);
  g.design = raked_effects(d, ma, mb, o.level);
  return g;
}

}  // namespace detail

/// Compares group `a` with group `b` (A − B) on every item of a PSU tally made under raked
/// weights, as design_compare() does, with the Taylor linearisation adjusted for the raking
/// (`r`: the raking's tallies, design/raking_taylor.hpp): R's svyttest / svymean on
/// rake(svydesign(...)). Throws out_of_range if a group is not in the tally, invalid_argument
/// if the tallies and the design differ.
/// Reference: Deville & Särndal (1992) JASA 87:376–382; Lumley (2010) Complex Surveys §7.4.
inline gap_report raked_design_compare(const psu_tally& t, const survey_design& d,
                                       const raked_taylor_tallies& r, const std::string& a,
                                       const std::string& b, const report_options& o = {}) {
  detail::check_level("cxgap::raked_design_compare", o.level);
  const std::size_t ga = t.group_index(a);
  const std::size_t gb = t.group_index(b);
  if (ga == gb)
    throw cxgap::invalid_argument("cxgap::raked_design_compare: groups A and B are both '" + a + "'");
  gap_report report{a, b, o, {}, summarise(d)};
  report.design->variance = "Taylor linearisation of raked weights";
  const codebook& cb = t.codebook();
  std::vector<bool> matched(cb.size(), false);
  for (const matched_item& m : cb.matches()) {
    auto ia = m.item_by_group.find(a);
    auto ib = m.item_by_group.find(b);
    if (ia != m.item_by_group.end()) matched[cb.index(ia->second)] = true;
    if (ib != m.item_by_group.end()) matched[cb.index(ib->second)] = true;
  }
  for (std::size_t i = 0; i < cb.size(); ++i)
    if (!matched[i]) report.items.push_back(detail::raked_item_gap(t, d, r, ga, i, gb, i, o));
  for (const matched_item& m : cb.matches()) {
    auto ia = m.item_by_group.find(a);
    auto ib = m.item_by_group.find(b);
    if (ia == m.item_by_group.end() || ib == m.item_by_group.end()) continue;
    item_gap g = detail::raked_item_gap(t, d, r, ga, cb.index(ia->second), gb, cb.index(ib->second), o);
    g.item = m.name;
    report.items.push_back(std::move(g));
  }
  for (std::size_t k = 0; k < t.numerics().size(); ++k) {
    item_gap g;
    g.item = g.item_a = g.item_b = t.numerics()[k];
    g.missing_a = t.numeric_missing(ga, k);
    g.missing_b = t.numeric_missing(gb, k);
    const raked_linearisation la = linearise_raked_numeric(t, d, r, k, ga);
    const raked_linearisation lb = linearise_raked_numeric(t, d, r, k, gb);
    g.mean = raked_design_gap(d, r, la, lb, o.level);
    g.mean.effect.name = "Hedges' g";
    g.top_box.method = "none (numeric item)";
    g.rank.method = "none (rank statistics are not design-based)";
    g.design = detail::raked_effects(d, la, lb, o.level);
    g.design->numeric = true;
    report.items.push_back(std::move(g));
  }
  detail::adjust_family(report.items, o.adjust, [](item_gap& g) { return &g.mean; });
  detail::adjust_family(report.items, o.adjust, [](item_gap& g) {
    return g.design && g.design->numeric ? nullptr : &g.top_box;
  });
  detail::adjust_family(report.items, o.adjust,
                        [](item_gap& g) { return g.nps ? &*g.nps : nullptr; });
  return report;
}

}  // namespace cxgap

#endif  // CXGAP_REPORT_RAKED_DESIGN_REPORT_HPP
