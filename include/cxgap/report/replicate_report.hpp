// The gap report under a replicate-weight design: two groups compared on every item with
// replicate standard errors, intervals and design-based t tests (df = degf − 1), as R's
// svyby + svycontrast and svyttest on a svrepdesign. Two sources of replicates:
//   * weights supplied as columns: the full-sample tally and one weighted tally per replicate
//     column (replicate_columns_compare; R: svrepdesign(repweights =, combined.weights = TRUE));
//   * replicates generated from the design: the PSU tally summed per PSU and the design's PSU
//     multipliers (replicate_design_compare; R: as.svrepdesign(design, type = ...)).
// The result is the same gap_report as the Taylor report, so it flows to every writer.
// Formulas and R correspondences: docs/design-replicate.md.
#ifndef CXGAP_REPORT_REPLICATE_REPORT_HPP
#define CXGAP_REPORT_REPLICATE_REPORT_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cxgap/core/tally.hpp"
#include "cxgap/design/design.hpp"
#include "cxgap/design/psu_tally.hpp"
#include "cxgap/design/replicate.hpp"
#include "cxgap/design/replicate_columns.hpp"
#include "cxgap/design/taylor.hpp"
#include "cxgap/report/design_report.hpp"
#include "cxgap/report/gap_report.hpp"

namespace cxgap {

/// Numeric items (spend, minutes) of a replicate-column report: each group's weighted mean
/// under the full-sample weights and under every replicate column, with the counts.
struct replicate_numeric_means {
  std::vector<std::string> names;                          ///< numeric item names
  std::vector<std::vector<double>> full;                   ///< [group][item]; NaN: no weight
  std::vector<std::vector<std::vector<double>>> replicates;  ///< [replicate][group][item]
  std::vector<std::vector<std::int64_t>> n;                ///< [group][item] values used
  std::vector<std::vector<std::int64_t>> missing;          ///< [group][item] blanks
};

namespace detail {

/// Σw·score / Σw over the substantive categories of an item in a group of a weighted tally;
/// NaN when the group has no weight there.
inline double tally_scored_estimate(const tally& t, std::size_t item, std::size_t group,
                                    const std::vector<double>& scores) {
  const double* w = t.weight_sums(item, group);
  double num = 0, den = 0;
  for (std::size_t b = 0; b < scores.size(); ++b) {
    num += w[b] * scores[b];
    den += w[b];
  }
  return den != 0 ? num / den : nan<double>();
}

/// A replicate_gap as the report's gap_statistic (Hedges' g is not defined: NaN).
inline gap_statistic<> replicate_gap_statistic(const replicate_gap& g, std::int64_t na,
                                               std::int64_t nb) {
  gap_statistic<> r;
  r.method = g.test.method.empty() ? std::string_view("design-based t test (replicate weights)")
                                   : g.test.method;
  r.value_a = g.a.value;
  r.value_b = g.b.value;
  r.estimate = g.gap.value;
  r.std_error = g.gap.std_error;
  r.ci = g.gap.ci;
  r.statistic = g.test.statistic;
  r.df = g.test.df;
  r.p_value = g.test.p_value;
  r.n_a = na;
  r.n_b = nb;
  r.effect.name = "Hedges' g";
  r.status = g.status;
  return r;
}

/// Risk ratio p_a/p_b with the delta-method interval of its log from the replicate
/// covariance (C_ab = (V_a + V_b − V_gap)/2), t on df (R: svycontrast(quote(log(a/b)))).
inline effect_size<> replicate_risk_ratio(const replicate_gap& g, double df, double level) {
  const double va = g.a.variance, vb = g.b.variance, cov = (va + vb - g.gap.variance) / 2;
  return log_risk_ratio(g.a.value, g.b.value, va, vb, cov, df, level,
                        "log, delta method (replicate weights)");
}

/// Counts of an item in a group of a tally: substantive, don't know, missing.
inline void tally_item_counts(const tally& t, std::size_t item, std::size_t group,
                              std::int64_t& n, std::int64_t& dont_know, std::int64_t& missing) {
  n = 0;
  for (std::int64_t c : t.counts(item, group)) n += c;
  dont_know = t.dont_know(item, group);
  missing = t.missing(item, group);
}

/// Adjusts the report's p-values across items, as design_compare does.
inline void adjust_replicate_report(gap_report& report) {
  const p_adjust m = report.options.adjust;
  adjust_family(report.items, m, [](item_gap& g) { return &g.mean; });
  adjust_family(report.items, m, [](item_gap& g) {
    return g.design && g.design->numeric ? nullptr : &g.top_box;
  });
  adjust_family(report.items, m, [](item_gap& g) { return g.nps ? &*g.nps : nullptr; });
}

/// The (item of A, item of B) pairs of a report, in design_compare's order: unmatched items,
/// then matched items (named by the match).
struct compared_item {
  std::size_t item_a, item_b;
  std::string name;
};

inline std::vector<compared_item> compared_items(const codebook& cb, const std::string& a,
                                                 const std::string& b) {
  std::vector<bool> matched(cb.size(), false);
  for (const matched_item& m : cb.matches()) {
    auto ia = m.item_by_group.find(a);
    auto ib = m.item_by_group.find(b);
    if (ia != m.item_by_group.end()) matched[cb.index(ia->second)] = true;
    if (ib != m.item_by_group.end()) matched[cb.index(ib->second)] = true;
  }
  std::vector<compared_item> out;
  for (std::size_t i = 0; i < cb.size(); ++i)
    if (!matched[i]) out.push_back({i, i, cb[i].id});
  for (const matched_item& m : cb.matches()) {
    auto ia = m.item_by_group.find(a);
    auto ib = m.item_by_group.find(b);
    if (ia == m.item_by_group.end() || ib == m.item_by_group.end()) continue;
    out.push_back({cb.index(ia->second), cb.index(ib->second), m.name});
  }
  return out;
}

inline void check_same_shape(const char* fn, const codebook& cb, std::size_t ia, std::size_t ib) {
  if (!cb[ia].scale.same_shape(cb[ib].scale))
    throw cxgap::invalid_argument(std::string(fn) + ": items '" + cb[ia].id + "' and '" +
                                  cb[ib].id + "' are on different scales");
}

inline item_gap named_item_gap(const codebook& cb, const compared_item& c) {
  item_gap r;
  r.item_a = cb[c.item_a].id;
  r.item_b = cb[c.item_b].id;
  r.item = c.item_a == c.item_b ? r.item_a : c.name;
  r.rank.method = "none (rank statistics are not design-based)";
  r.design = design_item_effects{};  // design effects are not computed from replicates: NaN
  return r;
}

}  // namespace detail

/// Compares group `a` with group `b` (A − B) on every item under replicate weights supplied as
/// columns: `full` is the tally under the full-sample weights, `replicates[r]` under replicate
/// column r (same items and groups, as make_replicate_tallies gives). `mean` and `top_box` are
/// replicate gaps with the t test and interval of R's svyttest on a svrepdesign (df = degf −
/// 1), the top box's effect the risk ratio (delta method on the replicate covariance), `nps`
/// the NPS gap on an NPS scale, then numeric items from `numerics` (may be empty). Rank
/// statistics, Hedges' g and design effects are NaN. `summary` is stored as the report's design.
/// @throws cxgap::invalid_argument as replicate_tally_gap, cxgap::out_of_range for a group
///         not in the tally.
/// Reference: Wolter (2007) Introduction to Variance Estimation, ch. 3–4; Lumley (2010) ch. 2.
inline gap_report replicate_columns_compare(const replicate_design& d, const tally& full,
                                            const std::vector<tally>& replicates,
                                            const replicate_numeric_means& numerics,
                                            const std::string& a, const std::string& b,
                                            const report_options& o, design_summary summary) {
  constexpr const char* fn = "cxgap::replicate_columns_compare";
  detail::check_level(fn, o.level);
  detail::check_replicate_tallies(fn, d, full, replicates);
  const std::size_t ga = full.group_index(a), gb = full.group_index(b);
  if (ga == gb) throw cxgap::invalid_argument(std::string(fn) + ": groups A and B are both '" + a + "'");
  gap_report report{a, b, o, {}, std::move(summary)};
  const codebook& cb = full.codebook();
  const std::size_t R = replicates.size();
  const auto gap = [&](std::size_t ia, std::size_t ib, const std::vector<double>& sa,
                       const std::vector<double>& sb) {
    std::vector<double> ra(R), rb(R);
    for (std::size_t r = 0; r < R; ++r) {
      ra[r] = detail::tally_scored_estimate(replicates[r], ia, ga, sa);
      rb[r] = detail::tally_scored_estimate(replicates[r], ib, gb, sb);
    }
    return gap_from_replicates(d, detail::tally_scored_estimate(full, ia, ga, sa), ra,
                               detail::tally_scored_estimate(full, ib, gb, sb), rb, o.level);
  };
  for (const detail::compared_item& c : detail::compared_items(cb, a, b)) {
    detail::check_same_shape(fn, cb, c.item_a, c.item_b);
    item_gap r = detail::named_item_gap(cb, c);
    std::int64_t na = 0, nb = 0;
    detail::tally_item_counts(full, c.item_a, ga, na, r.dont_know_a, r.missing_a);
    detail::tally_item_counts(full, c.item_b, gb, nb, r.dont_know_b, r.missing_b);
    const scale& sa = cb[c.item_a].scale;
    const scale& sb = cb[c.item_b].scale;
    r.mean = detail::replicate_gap_statistic(gap(c.item_a, c.item_b, mean_scores(sa), mean_scores(sb)), na, nb);
    const replicate_gap top = gap(c.item_a, c.item_b, top_box_scores(sa), top_box_scores(sb));
    r.top_box = detail::replicate_gap_statistic(top, na, nb);
    r.top_box.effect = detail::replicate_risk_ratio(top, d.degf - 1, o.level);
    r.rank.n_a = na;
    r.rank.n_b = nb;
    if (sa.is_nps())
      r.nps = detail::replicate_gap_statistic(gap(c.item_a, c.item_b, nps_scores(sa), nps_scores(sb)), na, nb);
    report.items.push_back(std::move(r));
  }
  for (std::size_t k = 0; k < numerics.names.size(); ++k) {
    item_gap g;
    g.item = g.item_a = g.item_b = numerics.names[k];
    g.missing_a = numerics.missing[ga][k];
    g.missing_b = numerics.missing[gb][k];
    std::vector<double> ra(R), rb(R);
    for (std::size_t r = 0; r < R; ++r) {
      ra[r] = numerics.replicates[r][ga][k];
      rb[r] = numerics.replicates[r][gb][k];
    }
    g.mean = detail::replicate_gap_statistic(
        gap_from_replicates(d, numerics.full[ga][k], ra, numerics.full[gb][k], rb, o.level),
        numerics.n[ga][k], numerics.n[gb][k]);
    g.top_box.method = "none (numeric item)";
    g.rank.method = "none (rank statistics are not design-based)";
    g.design = design_item_effects{};
    g.design->numeric = true;
    report.items.push_back(std::move(g));
  }
  detail::adjust_replicate_report(report);
  return report;
}

/// Per-PSU weighted totals of a PSU tally (units of a two-stage design summed into their PSU):
/// what the generated replicates multiply. The design must have clusters.
class psu_domain_totals {
 public:
  /// @throws cxgap::invalid_argument if the design has no clusters (rows as PSUs keep no
  ///         per-row sums) or the tally and design differ in units.
  psu_domain_totals(const psu_tally& t, const survey_design& d) : t_(&t), d_(&d) {
    if (d.rows_are_psus())
      throw cxgap::invalid_argument(
          "cxgap::psu_domain_totals: the design has no clusters (declare every row a PSU with a "
          "cluster column of row ids)");
    if (t.unit_count() != d.unit_count())
      detail::throw_invalid("cxgap::psu_domain_totals", "tally units", t.unit_count(),
                            ("the design's " + std::to_string(d.unit_count())).c_str());
  }

  /// Σ_units-of-p Σ_slots w·score (numerator) and Σw (denominator) over the substantive
  /// categories of an item in a group, per PSU.
  void item(std::size_t item, std::size_t group, const std::vector<double>& scores,
            std::vector<double>& numerator, std::vector<double>& denominator) const {
    numerator.assign(d_->psu_count(), 0.0);
    denominator.assign(d_->psu_count(), 0.0);
    for (std::size_t u = 0; u < t_->unit_count(); ++u) {
      const double* w = t_->weight_sums(u, group, item);
      const std::size_t p = d_->unit_psu[u];
      for (std::size_t b = 0; b < scores.size(); ++b) {
        numerator[p] += w[b] * scores[b];
        denominator[p] += w[b];
      }
    }
  }

  /// Σw(y − c) and Σw of numeric item k in a group, per PSU (c = the tally's numeric shift).
  void numeric(std::size_t k, std::size_t group, std::vector<double>& numerator,
               std::vector<double>& denominator, std::int64_t& n) const {
    numerator.assign(d_->psu_count(), 0.0);
    denominator.assign(d_->psu_count(), 0.0);
    n = 0;
    for (std::size_t u = 0; u < t_->unit_count(); ++u) {
      const numeric_sums& s = t_->numeric(u, group, k);
      const std::size_t p = d_->unit_psu[u];
      numerator[p] += s.swy;
      denominator[p] += s.sw;
      n += s.n;
    }
  }

 private:
  const psu_tally* t_;
  const survey_design* d_;
};

/// Compares group `a` with group `b` (A − B) on every item under replicates generated from the
/// design (`rep` from jk1_design, jkn_design, brr_design or rao_wu_bootstrap_design over the
/// design's PSUs in index order): each domain mean, top-box share and NPS is a ratio of per-PSU
/// totals (replicate_ratio_gap), numeric items likewise. Output as replicate_columns_compare.
/// @throws cxgap::invalid_argument if the design has no clusters or rep.psu_count differs from
///         the design's PSUs; cxgap::out_of_range for a group not in the tally.
/// Reference: as replicate_columns_compare; R: as.svrepdesign + svyby + svycontrast.
inline gap_report replicate_design_compare(const psu_tally& t, const survey_design& sd,
                                           const replicate_design& rep, const std::string& a,
                                           const std::string& b, const report_options& o,
                                           design_summary summary) {
  constexpr const char* fn = "cxgap::replicate_design_compare";
  detail::check_level(fn, o.level);
  const psu_domain_totals totals(t, sd);
  if (rep.psu_count != sd.psu_count())
    detail::throw_invalid(fn, "rep.psu_count", rep.psu_count,
                          ("the design's " + std::to_string(sd.psu_count()) + " PSUs").c_str());
  const std::size_t ga = t.group_index(a), gb = t.group_index(b);
  if (ga == gb) throw cxgap::invalid_argument(std::string(fn) + ": groups A and B are both '" + a + "'");
  gap_report report{a, b, o, {}, std::move(summary)};
  const codebook& cb = t.codebook();
  std::vector<double> ya, xa, yb, xb;
  const auto gap = [&](std::size_t ia, std::size_t ib, const std::vector<double>& sa,
                       const std::vector<double>& sb) {
    totals.item(ia, ga, sa, ya, xa);
    totals.item(ib, gb, sb, yb, xb);
    return replicate_ratio_gap(rep, ya, xa, yb, xb, o.level);
  };
  const auto counts = [&](std::size_t g, std::size_t i, std::int64_t& n, std::int64_t& dk,
                          std::int64_t& miss) {
    const scale& s = cb[i].scale;
    n = dk = miss = 0;
    for (std::size_t u = 0; u < t.unit_count(); ++u) {
      const std::int64_t* c = t.counts(u, g, i);
      for (int k = 0; k < s.size(); ++k) n += c[k];
      for (int k = s.size(); k < s.slots(); ++k) dk += c[k];
      miss += c[s.slots()];
    }
  };
  for (const detail::compared_item& c : detail::compared_items(cb, a, b)) {
    detail::check_same_shape(fn, cb, c.item_a, c.item_b);
    item_gap r = detail::named_item_gap(cb, c);
    std::int64_t na = 0, nb = 0;
    counts(ga, c.item_a, na, r.dont_know_a, r.missing_a);
    counts(gb, c.item_b, nb, r.dont_know_b, r.missing_b);
    const scale& sa = cb[c.item_a].scale;
    const scale& sb = cb[c.item_b].scale;
    r.mean = detail::replicate_gap_statistic(gap(c.item_a, c.item_b, mean_scores(sa), mean_scores(sb)), na, nb);
    const replicate_gap top = gap(c.item_a, c.item_b, top_box_scores(sa), top_box_scores(sb));
    r.top_box = detail::replicate_gap_statistic(top, na, nb);
    r.top_box.effect = detail::replicate_risk_ratio(top, rep.degf - 1, o.level);
    r.rank.n_a = na;
    r.rank.n_b = nb;
    if (sa.is_nps())
      r.nps = detail::replicate_gap_statistic(gap(c.item_a, c.item_b, nps_scores(sa), nps_scores(sb)), na, nb);
    report.items.push_back(std::move(r));
  }
  for (std::size_t k = 0; k < t.numerics().size(); ++k) {
    item_gap g;
    g.item = g.item_a = g.item_b = t.numerics()[k];
    g.missing_a = t.numeric_missing(ga, k);
    g.missing_b = t.numeric_missing(gb, k);
    std::int64_t na = 0, nb = 0;
    totals.numeric(k, ga, ya, xa, na);
    totals.numeric(k, gb, yb, xb, nb);
    replicate_gap rg = replicate_ratio_gap(rep, ya, xa, yb, xb, o.level);
    // The sums are of y − c: the gap is unchanged, the two means and their intervals move by c.
    const double c = t.numeric_shift(k);
    for (replicate_estimate* e : {&rg.a, &rg.b}) {
      e->value += c;
      e->ci.lower += c;
      e->ci.upper += c;
    }
    g.mean = detail::replicate_gap_statistic(rg, na, nb);
    g.top_box.method = "none (numeric item)";
    g.rank.method = "none (rank statistics are not design-based)";
    g.design = design_item_effects{};
    g.design->numeric = true;
    report.items.push_back(std::move(g));
  }
  detail::adjust_replicate_report(report);
  return report;
}

}  // namespace cxgap

#endif  // CXGAP_REPORT_REPLICATE_REPORT_HPP
