// The design-based gap report: two groups compared on every item of a PSU tally under a
// complex design (weights, strata, clusters, fpc), with Taylor-linearised standard errors and
// design-based t tests (design/taylor.hpp), p-values adjusted across items. The same gap_report
// as the SRS report, so it flows to the table, JSON and CSV writers unchanged.
#ifndef CXGAP_REPORT_DESIGN_REPORT_HPP
#define CXGAP_REPORT_DESIGN_REPORT_HPP

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "cxgap/design/design.hpp"
#include "cxgap/design/psu_tally.hpp"
#include "cxgap/design/taylor.hpp"
#include "cxgap/report/gap_report.hpp"

namespace cxgap {

namespace detail {

// Risk ratio p_a/p_b with the delta-method interval of its log: var = V_a/p_a² + V_b/p_b² −
// 2·C_ab/(p_a·p_b), t on the gap's df. `method` names where the (co)variances come from.
inline effect_size<> log_risk_ratio(double pa, double pb, double va, double vb, double cab,
                                    double df, double level, const char* method) {
  effect_size<> e;
  e.name = "risk ratio";
  e.ci.level = level;
  e.ci.method = method;
  if (!(pa > 0 && pb > 0)) {
    e.ci.status = stat_status::boundary;
    if (pb > 0) e.value = pa / pb;
    return e;
  }
  e.value = pa / pb;
  const double v = va / (pa * pa) + vb / (pb * pb) - 2 * cab / (pa * pb);
  if (!(df >= 1) || !(v >= 0)) {
    e.ci.status = stat_status::too_few;
    return e;
  }
  const double q = t_critical(level, df), s = std::sqrt(v);
  e.ci.lower = e.value * std::exp(-q * s);
  e.ci.upper = e.value * std::exp(q * s);
  return e;
}

inline effect_size<> design_risk_ratio(const survey_design& d, const linearisation& a,
                                       const linearisation& b, double df, double level) {
  if (!(a.value > 0 && b.value > 0))  // no variance needed
    return log_risk_ratio(a.value, b.value, 0, 0, 0, df, level, "log, delta method (Taylor)");
  return log_risk_ratio(a.value, b.value, design_variance(d, a), design_variance(d, b),
                        design_covariance(d, a, b, false), df, level,
                        "log, delta method (Taylor)");
}

// The names of a compared item pair and the don't-know and missing counts of both groups, summed
// over the units of a PSU tally; throws invalid_argument (naming `fn`) if the scales differ.
inline item_gap design_item_counts(const char* fn, const psu_tally& t, std::size_t ga,
                                   std::size_t item_a, std::size_t gb, std::size_t item_b) {
  const scale& sa = t.codebook()[item_a].scale;
  const scale& sb = t.codebook()[item_b].scale;
  if (!sa.same_shape(sb))
    throw cxgap::invalid_argument(std::string(fn) + ": items '" + t.codebook()[item_a].id +
                                  "' and '" + t.codebook()[item_b].id +
                                  "' are on different scales");
  item_gap r;
  r.item_a = t.codebook()[item_a].id;
  r.item_b = t.codebook()[item_b].id;
  r.item = r.item_a == r.item_b ? r.item_a : r.item_a + "/" + r.item_b;
  const auto slots = [&](std::size_t g, std::size_t i, std::int64_t& dk, std::int64_t& miss) {
    const scale& s = t.codebook()[i].scale;
    for (std::size_t u = 0; u < t.unit_count(); ++u) {
      const std::int64_t* c = t.counts(u, g, i);
      for (int k = s.size(); k < s.slots(); ++k) dk += c[k];
      miss += c[s.slots()];
    }
  };
  slots(ga, item_a, r.dont_know_a, r.missing_a);
  slots(gb, item_b, r.dont_know_b, r.missing_b);
  return r;
}

inline item_gap design_item_gap(const psu_tally& t, const survey_design& d, std::size_t ga,
                                std::size_t item_a, std::size_t gb, std::size_t item_b,
                                const report_options& o) {
  item_gap r = design_item_counts("cxgap::design_compare", t, ga, item_a, gb, item_b);
  const scale& sa = t.codebook()[item_a].scale;
  const scale& sb = t.codebook()[item_b].scale;

  const linearisation ma = linearise_item(t, d, item_a, ga, mean_scores(sa));
  const linearisation mb = linearise_item(t, d, item_b, gb, mean_scores(sb));
  r.mean = design_gap(d, ma, mb, o.level);
  r.mean.effect.name = "Hedges' g";  // not defined under a design: NaN
  const linearisation pa = linearise_item(t, d, item_a, ga, top_box_scores(sa));
  const linearisation pb = linearise_item(t, d, item_b, gb, top_box_scores(sb));
  r.top_box = design_gap(d, pa, pb, o.level);
  r.top_box.effect = design_risk_ratio(d, pa, pb, r.top_box.df, o.level);
  r.rank.method = "none (rank statistics are not design-based)";
  r.rank.n_a = ma.n;
  r.rank.n_b = mb.n;
  if (sa.is_nps())
    r.nps = design_gap(d, linearise_item(t, d, item_a, ga, nps_scores(sa)),
                       linearise_item(t, d, item_b, gb, nps_scores(sb)), o.level);
  design_item_effects e;
  const auto ea = domain_estimate(d, ma, o.level), eb = domain_estimate(d, mb, o.level);
  e.deff_a = ea.deff;
  e.deff_b = eb.deff;
  e.deff_replace_a = ea.deff_replace;
  e.deff_replace_b = eb.deff_replace;
  r.design = e;
  return r;
}

}  // namespace detail

/// Summary of a design for a report header.
inline design_summary summarise(const survey_design& d) {
  design_summary s;
  s.strata = d.strata.size();
  s.psus = d.psu_count();
  s.degf = d.degf();
  s.two_stage = d.spec.ssu;
  s.fpc = d.spec.fpc1;
  s.lonely_psu = std::string(to_string(d.spec.lonely));
  return s;
}

/// Compares group `a` with group `b` (A − B) on every item of a PSU tally under its design, as
/// compare() does for a simple random sample (same items, matched items, p-value adjustment),
/// with design-based estimates: `mean` and `top_box` are design_gap()s of the domain mean and
/// top-box share (R: svyttest on the subset of A and B; risk ratio by the delta method),
/// `nps` the design-based NPS gap, then every numeric item's mean gap (item_gap::design.numeric).
/// Rank statistics and Hedges' g are left NaN. Throws out_of_range if a group is not in the
/// tally, invalid_argument if the tally and the design differ.
inline gap_report design_compare(const psu_tally& t, const survey_design& d, const std::string& a,
                                 const std::string& b, const report_options& o = {}) {
  detail::check_level("cxgap::design_compare", o.level);
  const std::size_t ga = t.group_index(a);
  const std::size_t gb = t.group_index(b);
  if (ga == gb)
    throw cxgap::invalid_argument("cxgap::design_compare: groups A and B are both '" + a + "'");
  gap_report report{a, b, o, {}, summarise(d)};
  const codebook& cb = t.codebook();
  std::vector<bool> matched(cb.size(), false);
  for (const matched_item& m : cb.matches()) {
    auto ia = m.item_by_group.find(a);
    auto ib = m.item_by_group.find(b);
    if (ia != m.item_by_group.end()) matched[cb.index(ia->second)] = true;
    if (ib != m.item_by_group.end()) matched[cb.index(ib->second)] = true;
  }
  for (std::size_t i = 0; i < cb.size(); ++i)
    if (!matched[i]) report.items.push_back(detail::design_item_gap(t, d, ga, i, gb, i, o));
  for (const matched_item& m : cb.matches()) {
    auto ia = m.item_by_group.find(a);
    auto ib = m.item_by_group.find(b);
    if (ia == m.item_by_group.end() || ib == m.item_by_group.end()) continue;
    item_gap g = detail::design_item_gap(t, d, ga, cb.index(ia->second), gb,
                                         cb.index(ib->second), o);
    g.item = m.name;
    report.items.push_back(std::move(g));
  }
  for (std::size_t k = 0; k < t.numerics().size(); ++k) {
    item_gap g;
    g.item = g.item_a = g.item_b = t.numerics()[k];
    g.missing_a = t.numeric_missing(ga, k);
    g.missing_b = t.numeric_missing(gb, k);
    const linearisation la = linearise_numeric(t, d, k, ga);
    const linearisation lb = linearise_numeric(t, d, k, gb);
    g.mean = design_gap(d, la, lb, o.level);
    g.mean.effect.name = "Hedges' g";
    g.top_box.method = "none (numeric item)";
    g.rank.method = "none (rank statistics are not design-based)";
    design_item_effects e;
    const auto ea = domain_estimate(d, la, o.level), eb = domain_estimate(d, lb, o.level);
    e.deff_a = ea.deff;
    e.deff_b = eb.deff;
    e.deff_replace_a = ea.deff_replace;
    e.deff_replace_b = eb.deff_replace;
    e.numeric = true;
    g.design = e;
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

#endif  // CXGAP_REPORT_DESIGN_REPORT_HPP
