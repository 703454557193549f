// Taylor-linearised variance of domain means, proportions and gaps under RAKED weights, as R
// survey's svyrecvar() computes it for a svydesign raked by rake(): before the multistage
// variance, the influence values x (per row, weighted) are adjusted by 10 backfitting
// iterations over the margins, x ← x − psw_k·ave_k(x / psw_k), where psw_k are the weights a
// margin's post-stratification left in the last raking sweep and ave_k is the unweighted mean
// within the margin's categories (Deville & Särndal 1992; Lumley 2010, "Complex Surveys" §7.4).
//
// Computed from tallies, not rows: every adjusted value is x_r = w_r·(a_r − g(cell_r)), where a_r
// is the unadjusted per-weight influence value, cell_r the row's combination of margin categories
// and g a per-cell function found by the backfitting from per-cell sums (raking_cells, an
// unweighted per-cell tally of the items). Unit totals then subtract Σ_cell g·Σw (per unit ×
// cell), and, when rows are the PSUs, the Σx² per stratum use Σw² per stratum × cell. The result
// is an ordinary linearisation (design/taylor.hpp): design_variance and the gap use it
// unchanged, with the cross-products of two domains from raked_covariance; raked_domain_estimate
// is domain_estimate with the design effects over every stratum (R's calibrated subsets keep
// them all). Derivation and validation against R: docs/design.md ("Raked weights under a Taylor
// design").
#ifndef CXGAP_DESIGN_RAKING_TAYLOR_HPP
#define CXGAP_DESIGN_RAKING_TAYLOR_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cxgap/core/survey.hpp"
#include "cxgap/design/design.hpp"
#include "cxgap/design/psu_tally.hpp"
#include "cxgap/design/raking.hpp"
#include "cxgap/design/taylor.hpp"
#include "cxgap/detail/check.hpp"
#include "cxgap/error.hpp"
#include "cxgap/report/gap_statistic.hpp"
#include "cxgap/stats/detail/distributions.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap {

/// Backfitting iterations of R's svyrecvar() for a raking (fixed, whatever the convergence).
inline constexpr int raking_backfit_iterations = 10;

/// The cells of a raking: the combinations of the margins' categories that respondents have,
/// numbered in order of first appearance, with what the linearisation needs of each.
struct raking_cells {
  std::vector<std::uint32_t> row_cell;             ///< cell of each respondent of the raking
  std::vector<std::vector<std::size_t>> category;  ///< [margin][cell]: the cell's category
  std::vector<std::size_t> categories;             ///< [margin]: number of categories
  /// [margin][cell]: final raked weight / the margin's weight after its step of the last sweep
  /// (R: weights(design) / attr(margin, "weights")); 1 for the last margin.
  std::vector<std::vector<double>> ratio;
  std::vector<double> rows;  ///< respondents per cell
  std::size_t size() const noexcept { return rows.size(); }
};

/// The cells of a raking done by rake() (its result carries the last sweep's factors).
/// @throws cxgap::invalid_argument if the margins are empty, do not match the result (margin
///         count, respondents) or a category is past a margin's targets.
inline raking_cells make_raking_cells(const std::vector<raking_margin>& margins,
                                      const raking_result& raked) {
  const char* fn = "cxgap::make_raking_cells: ";
  const std::size_t M = margins.size(), n = raked.weights.size();
  if (M == 0) throw cxgap::invalid_argument(std::string(fn) + "no margins");
  if (raked.last_factors.size() != M)
    throw cxgap::invalid_argument(std::string(fn) + "the raking result has factors of " +
                                  std::to_string(raked.last_factors.size()) + " margins, not " +
                                  std::to_string(M) + " (use the result of cxgap::rake)");
  raking_cells c;
  c.category.resize(M);
  c.ratio.resize(M);
  for (std::size_t m = 0; m < M; ++m) {
    if (margins[m].category.size() != n || raked.last_factors[m].size() != margins[m].targets.size())
      throw cxgap::invalid_argument(std::string(fn) + "margin '" + margins[m].name +
                                    "' does not match the raking result");
    c.categories.push_back(margins[m].targets.size());
  }
  c.row_cell.resize(n);
  std::unordered_map<std::string, std::uint32_t> index;
  std::string key;
  for (std::size_t i = 0; i < n; ++i) {
    key.clear();
    for (std::size_t m = 0; m < M; ++m) {
      const std::size_t k = margins[m].category[i];
      if (k >= c.categories[m])
        throw cxgap::invalid_argument(std::string(fn) + "margin '" + margins[m].name +
                                      "': respondent " + std::to_string(i) + " is in category " +
                                      std::to_string(k) + ", past its targets");
      key.append(reinterpret_cast<const char*>(&k), sizeof k);
    }
    const auto [it, added] = index.emplace(key, static_cast<std::uint32_t>(c.rows.size()));
    if (added) {
      c.rows.push_back(0);
      for (std::size_t m = 0; m < M; ++m) c.category[m].push_back(margins[m].category[i]);
    }
    c.row_cell[i] = it->second;
    c.rows[it->second] += 1;
  }
  for (std::size_t m = 0; m < M; ++m) {
    c.ratio[m].assign(c.size(), 1.0);
    for (std::size_t cell = 0; cell < c.size(); ++cell)
      for (std::size_t j = m + 1; j < M; ++j)
        c.ratio[m][cell] *= raked.last_factors[j][c.category[j][cell]];
  }
  return c;
}

/// Σw and Σw² of the design's rows per tally unit × raking cell (every row of the design, in a
/// group or not), stored unit by unit: the entries of unit u are [begin[u], begin[u + 1]).
struct raking_unit_sums {
  std::vector<std::size_t> begin;
  std::vector<std::uint32_t> cell;
  std::vector<double> sw, sw2;
};

/// The raking_unit_sums of rows with tally unit row_unit[r], cell row_cell[r] and (raked)
/// weight weights[r]. Throws invalid_argument when the sizes differ or a unit is past `units`.
inline raking_unit_sums make_raking_unit_sums(std::size_t units,
                                              const std::vector<std::uint32_t>& row_unit,
                                              const std::vector<std::uint32_t>& row_cell,
                                              const std::vector<double>& weights) {
  const std::size_t n = row_unit.size();
  if (row_cell.size() != n || weights.size() != n)
    throw cxgap::invalid_argument("cxgap::make_raking_unit_sums: " + std::to_string(n) +
                                  " units, " + std::to_string(row_cell.size()) + " cells and " +
                                  std::to_string(weights.size()) + " weights given");
  std::vector<std::size_t> start(units + 1, 0);
  std::size_t cells = 0;
  for (std::size_t r = 0; r < n; ++r) {
    if (row_unit[r] >= units)
      throw cxgap::invalid_argument("cxgap::make_raking_unit_sums: row " + std::to_string(r) +
                                    " has unit " + std::to_string(row_unit[r]) + " of " +
                                    std::to_string(units));
    ++start[row_unit[r] + 1];
    cells = std::max<std::size_t>(cells, std::size_t{row_cell[r]} + 1);
  }
  for (std::size_t u = 0; u < units; ++u) start[u + 1] += start[u];
  std::vector<std::size_t> order(n), fill(start.begin(), start.end() - 1);
  for (std::size_t r = 0; r < n; ++r) order[fill[row_unit[r]]++] = r;  // rows by unit
  raking_unit_sums s;
  s.begin.assign(units + 1, 0);
  const std::size_t none = static_cast<std::size_t>(-1);
  std::vector<std::size_t> slot(cells, none);
  for (std::size_t u = 0; u < units; ++u) {
    s.begin[u] = s.cell.size();
    for (std::size_t j = start[u]; j < start[u + 1]; ++j) {
      const std::size_t r = order[j];
      std::size_t& e = slot[row_cell[r]];
      if (e == none) {
        e = s.cell.size();
        s.cell.push_back(row_cell[r]);
        s.sw.push_back(0);
        s.sw2.push_back(0);
      }
      s.sw[e] += weights[r];
      s.sw2[e] += weights[r] * weights[r];
    }
    for (std::size_t e = s.begin[u]; e < s.cell.size(); ++e) slot[s.cell[e]] = none;
  }
  s.begin[units] = s.cell.size();
  return s;
}

/// Everything the Taylor variance of a raked design needs besides its PSU tally (made under
/// the raked weights): the cells, Σw per design unit × cell, an UNWEIGHTED tally of the items
/// per cell (`counts`: the counts per slot, and for numeric items n and Σ(y − shift)), and,
/// when the design's rows are its PSUs, a tally under the raked weights per stratum × cell
/// (`moments`, with Σw²). Tally units may be numbered in any order: count_cell, moment_stratum
/// and moment_cell say what each is. Groups and numeric items are matched by name; the items
/// must be the PSU tally's.
struct raked_taylor_tallies {
  raking_cells cells;
  raking_unit_sums units;
  psu_tally counts;
  std::vector<std::uint32_t> count_cell;  ///< cell of each unit of `counts`
  psu_tally moments;                      ///< empty unless the rows are the PSUs
  std::vector<std::uint32_t> moment_stratum, moment_cell;
  /// Unit of `moments` of each entry of `units` (npos: none); set by link().
  std::vector<std::size_t> entry_moment;

  /// Indexes `moments` by the entries of `units` (call once the members are filled).
  void link() {
    std::unordered_map<std::uint64_t, std::size_t> at;
    for (std::size_t v = 0; v < moment_stratum.size(); ++v)
      at.emplace((std::uint64_t{moment_stratum[v]} << 32) | moment_cell[v], v);
    entry_moment.assign(units.cell.size(), static_cast<std::size_t>(-1));
    for (std::size_t h = 0; h + 1 < units.begin.size(); ++h)
      for (std::size_t e = units.begin[h]; e < units.begin[h + 1]; ++e) {
        const auto it = at.find((std::uint64_t{h} << 32) | units.cell[e]);
        if (it != at.end()) entry_moment[e] = it->second;
      }
  }
};

/// A linearisation under raked weights: `lin` holds the influence totals adjusted for the
/// raking (z per unit, Σz² per stratum in the moment form), usable with design_variance() and
/// domain_estimate(); g and q are what raked_covariance() needs for two domains.
struct raked_linearisation {
  linearisation lin;
  std::string group;      ///< the domain's group
  std::vector<double> g;  ///< per cell: the adjustment per unit of weight
  std::vector<double> q;  ///< moment form: Σw²·a of the domain's rows per entry of units
};

namespace detail {

inline std::size_t group_of(const psu_tally& t, const std::string& name) {
  for (std::size_t g = 0; g < t.groups().size(); ++g)
    if (t.groups()[g] == name) return g;
  return static_cast<std::size_t>(-1);
}

inline void check_raked_tallies(const char* fn, const survey_design& d,
                                const raked_taylor_tallies& r) {
  if (r.units.begin.size() != d.unit_count() + 1)
    throw cxgap::invalid_argument(std::string(fn) + ": the raking's unit sums have " +
                                  std::to_string(r.units.begin.size() - 1) + " units, the design " +
                                  std::to_string(d.unit_count()));
  if (r.count_cell.size() != r.counts.unit_count())
    throw cxgap::invalid_argument(std::string(fn) + ": count_cell does not cover the counts tally");
  if (d.rows_are_psus() && r.entry_moment.size() != r.units.cell.size())
    throw cxgap::invalid_argument(std::string(fn) +
                                  ": the moment tally is not linked (raked_taylor_tallies::link)");
}

// The backfitting of R's svyrecvar() on the per-cell sums A(cell) = Σ a over the domain's rows,
// then the adjustment of the unit totals (and of Σz² per stratum, from q = Σw²·a per entry).
inline raked_linearisation rake_adjust(const survey_design& d, const raked_taylor_tallies& r,
                                       linearisation base, const std::vector<double>& a_cell,
                                       std::vector<double> q, std::string group) {
  const raking_cells& c = r.cells;
  const std::size_t M = c.categories.size(), C = c.size();
  std::vector<std::vector<double>> rows_of(M);
  for (std::size_t m = 0; m < M; ++m) {
    rows_of[m].assign(c.categories[m], 0.0);
    for (std::size_t cell = 0; cell < C; ++cell) rows_of[m][c.category[m][cell]] += c.rows[cell];
  }
  std::vector<double> g(C, 0.0), step;
  for (int it = 0; it < raking_backfit_iterations; ++it) {
    for (std::size_t m = 0; m < M; ++m) {
      step.assign(c.categories[m], 0.0);
      for (std::size_t cell = 0; cell < C; ++cell)
        step[c.category[m][cell]] += c.ratio[m][cell] * (a_cell[cell] - c.rows[cell] * g[cell]);
      for (std::size_t k = 0; k < step.size(); ++k)
        step[k] = rows_of[m][k] > 0 ? step[k] / rows_of[m][k] : 0.0;
      for (std::size_t cell = 0; cell < C; ++cell)
        g[cell] += step[c.category[m][cell]] / c.ratio[m][cell];
    }
  }
  const raking_unit_sums& u = r.units;
  for (std::size_t unit = 0; unit + 1 < u.begin.size(); ++unit) {
    double z = 0, zz = 0;
    for (std::size_t e = u.begin[unit]; e < u.begin[unit + 1]; ++e) {
      const double ge = g[u.cell[e]];
      z += ge * u.sw[e];
      if (d.rows_are_psus()) zz += ge * (ge * u.sw2[e] - 2 * q[e]);
    }
    base.z[unit] -= z;
    if (d.rows_are_psus()) base.zz[unit] += zz;
  }
  return {std::move(base), std::move(group), std::move(g), std::move(q)};
}

}  // namespace detail

/// The linearisation of the domain mean of a scale item in a group under raked weights (see
/// linearise_item for `score`): `t` is the PSU tally under the raked weights, `r` the raking's
/// tallies. Method: R's svyrecvar() with a "raking" postStrata (file comment).
/// @throws cxgap::invalid_argument when the tallies do not fit the design or `counts` is
///         weighted; out_of_range for an unknown item or group (as linearise_item).
inline raked_linearisation linearise_raked_item(const psu_tally& t, const survey_design& d,
                                                const raked_taylor_tallies& r, std::size_t item,
                                                std::size_t group, const std::vector<double>& score) {
  const char* fn = "cxgap::linearise_raked_item";
  detail::check_raked_tallies(fn, d, r);
  linearisation base = linearise_item(t, d, item, group, score);
  const std::string& name = t.groups().at(group);
  std::vector<double> a(r.cells.size(), 0.0), q;
  const std::size_t k = score.size();
  if (base.n > 0) {
    const double m = base.value, N = base.popsize;
    const std::size_t gc = detail::group_of(r.counts, name);
    for (std::size_t v = 0; gc != static_cast<std::size_t>(-1) && v < r.counts.unit_count(); ++v) {
      const std::int64_t* n = r.counts.counts(v, gc, item);
      const double* w = r.counts.weight_sums(v, gc, item);
      double s = 0;
      for (std::size_t b = 0; b < k; ++b) {
        if (w[b] != static_cast<double>(n[b]))
          throw cxgap::invalid_argument(std::string(fn) + ": the counts tally is weighted; it must "
                                        "be made with unit weights");
        s += static_cast<double>(n[b]) * (score[b] - m);
      }
      a[r.count_cell[v]] += s / N;
    }
    if (d.rows_are_psus()) {
      q.assign(r.units.cell.size(), 0.0);
      const std::size_t gm = detail::group_of(r.moments, name);
      for (std::size_t e = 0; gm != static_cast<std::size_t>(-1) && e < q.size(); ++e) {
        if (r.entry_moment[e] == static_cast<std::size_t>(-1)) continue;
        const double* w2 = r.moments.weight_square_sums(r.entry_moment[e], gm, item);
        if (!w2) throw cxgap::invalid_argument(std::string(fn) + ": the moment tally has no Σw²");
        double s = 0;
        for (std::size_t b = 0; b < k; ++b) s += w2[b] * (score[b] - m);
        q[e] = s / N;
      }
    }
  }
  if (d.rows_are_psus() && q.empty()) q.assign(r.units.cell.size(), 0.0);
  return detail::rake_adjust(d, r, std::move(base), a, std::move(q), name);
}

/// The linearisation of the domain mean of numeric item k in a group under raked weights (see
/// linearise_raked_item; numeric items are matched by name in the raking's tallies).
inline raked_linearisation linearise_raked_numeric(const psu_tally& t, const survey_design& d,
                                                   const raked_taylor_tallies& r, std::size_t k,
                                                   std::size_t group) {
  const char* fn = "cxgap::linearise_raked_numeric";
  detail::check_raked_tallies(fn, d, r);
  linearisation base = linearise_numeric(t, d, k, group);
  const std::string& name = t.groups().at(group);
  const std::string& item = t.numerics().at(k);
  std::vector<double> a(r.cells.size(), 0.0), q;
  if (base.n > 0) {
    const double m = base.value, N = base.popsize;
    const std::size_t gc = detail::group_of(r.counts, name);
    if (gc != static_cast<std::size_t>(-1)) {
      const std::size_t kc = r.counts.numeric_index(item);
      const double c = std::isnan(r.counts.numeric_shift(kc)) ? 0.0 : r.counts.numeric_shift(kc);
      for (std::size_t v = 0; v < r.counts.unit_count(); ++v) {
        const numeric_sums& s = r.counts.numeric(v, gc, kc);
        if (s.sw != static_cast<double>(s.n))
          throw cxgap::invalid_argument(std::string(fn) + ": the counts tally is weighted; it must "
                                        "be made with unit weights");
        a[r.count_cell[v]] += (s.swy + static_cast<double>(s.n) * (c - m)) / N;
      }
    }
    if (d.rows_are_psus()) {
      q.assign(r.units.cell.size(), 0.0);
      const std::size_t gm = detail::group_of(r.moments, name);
      if (gm != static_cast<std::size_t>(-1)) {
        const std::size_t km = r.moments.numeric_index(item);
        const double c = std::isnan(r.moments.numeric_shift(km)) ? 0.0 : r.moments.numeric_shift(km);
        for (std::size_t e = 0; e < q.size(); ++e) {
          if (r.entry_moment[e] == static_cast<std::size_t>(-1)) continue;
          const numeric_sums& s = r.moments.numeric(r.entry_moment[e], gm, km);
          q[e] = (s.sw2y + s.sw2 * (c - m)) / N;
        }
      }
    }
  }
  if (d.rows_are_psus() && q.empty()) q.assign(r.units.cell.size(), 0.0);
  return detail::rake_adjust(d, r, std::move(base), a, std::move(q), name);
}

/// Design-based covariance of two raked domain estimators of DIFFERENT groups (the variance
/// when a and b are the same object), as R's svyrecvar() on the two influence columns.
/// @throws cxgap::invalid_argument in the moment form for two estimators of one group (their
///         per-row cross-products are not in the tallies).
inline double raked_covariance(const survey_design& d, const raked_taylor_tallies& r,
                               const raked_linearisation& a, const raked_linearisation& b) {
  if (&a == &b) return design_variance(d, a.lin);
  if (!d.rows_are_psus()) return design_covariance(d, a.lin, b.lin, false);
  if (a.group == b.group)
    throw cxgap::invalid_argument("cxgap::raked_covariance: both estimators are of group '" +
                                  a.group + "'; rows-as-PSUs designs need two groups");
  // Σ_{r in h} x_a·x_b = Σ_cells (g_a·g_b·Σw² − g_b·Σw²a − g_a·Σw²b): a_r·b_r is 0 (one group).
  linearisation x = a.lin;
  const raking_unit_sums& u = r.units;
  for (std::size_t h = 0; h + 1 < u.begin.size(); ++h) {
    double raw = 0;
    for (std::size_t e = u.begin[h]; e < u.begin[h + 1]; ++e) {
      const double ga = a.g[u.cell[e]], gb = b.g[u.cell[e]];
      raw += ga * gb * u.sw2[e] - gb * a.q[e] - ga * b.q[e];
    }
    x.zz[h] = raw;
  }
  return design_covariance(d, x, b.lin, true);
}

/// The domain estimate of a raked linearisation: domain_estimate() (value, SE, t interval on
/// degf), with both design effects on the variance over EVERY stratum, as R's svymean(deff =
/// TRUE | "replace") on subset(raked design, domain): a subset of a calibrated design keeps all
/// its rows, and raking gives rows outside the domain non-zero influence, so strata without the
/// domain's rows still contribute (and, under lonely_psu::average, still count). domain_estimate's
/// deff drops those strata (right for an un-raked design, whose subset drops them).
inline design_estimate raked_domain_estimate(const survey_design& d, const raked_linearisation& a,
                                             double level = 0.95) {
  design_estimate e = domain_estimate(d, a.lin, level);
  if (a.lin.n > 0) detail::set_design_effects(e, a.lin, design_variance(d, a.lin));
  return e;
}

/// The gap A − B between two raked domains, as design_gap() (R: svyttest on the raked design):
/// estimate, SE with the covariance of the domains, t on degf of the rows of A and B with a
/// value minus 1, two-sided p and t interval. Statuses as design_gap().
inline gap_statistic<> raked_design_gap(const survey_design& d, const raked_taylor_tallies& r,
                                        const raked_linearisation& a,
                                        const raked_linearisation& b, double level = 0.95) {
  detail::check_level("cxgap::raked_design_gap", level);
  gap_statistic<> g;
  g.method = "design-based t test (Taylor linearisation, raked weights)";
  g.value_a = a.lin.value;
  g.value_b = b.lin.value;
  g.n_a = a.lin.n;
  g.n_b = b.lin.n;
  g.ci.level = level;
  g.ci.method = "Taylor linearisation with raking adjustment, t on degf - 1";
  if (a.lin.n == 0 || b.lin.n == 0) {
    g.status = g.ci.status = stat_status::empty;
    return g;
  }
  g.estimate = a.lin.value - b.lin.value;
  const double v = raked_covariance(d, r, a, a) + raked_covariance(d, r, b, b) -
                   2 * raked_covariance(d, r, a, b);
  g.std_error = std::sqrt(v);
  g.df = static_cast<double>(domain_degf(d, a.lin.unit_n, &b.lin.unit_n) - 1);
  if (!(g.df >= 1) || !std::isfinite(v)) {
    g.status = g.ci.status = stat_status::too_few;
    return g;
  }
  if (!(v > 0)) {
    g.status = stat_status::zero_variance;
    return g;
  }
  g.statistic = g.estimate / g.std_error;
  g.p_value = detail::t_two_sided_p(g.statistic, g.df);
  const double q = detail::t_critical(level, g.df);
  g.ci.lower = g.estimate - q * g.std_error;
  g.ci.upper = g.estimate + q * g.std_error;
  return g;
}

/// A survey's design with its weights raked, and every tally the raked Taylor variance needs.
struct raked_taylor_design {
  survey_design design;
  raking_result raking;       ///< the raked weights, sweeps and convergence
  psu_tally tally;            ///< the PSU tally under the raked weights
  raked_taylor_tallies raked;
};

/// Rakes the survey's weights (1 when unweighted) to the margins (one category per row, every
/// row of the survey) and tallies it under its design (make_design(s, options)) for raked
/// Taylor estimates: R's rake(svydesign(...), ...) followed by svymean / svyby / svyttest.
/// Raking that does not converge is not an error (raking.converged = false; R warns and goes
/// on with the last sweep's weights, as this does). Copies the survey once.
/// @throws cxgap::invalid_argument as make_design() and rake().
/// Reference: Deville & Särndal (1992) JASA 87:376–382; Lumley (2010) Complex Surveys §7.4.
inline raked_taylor_design make_raked_taylor_design(const survey& s,
                                                    const std::vector<raking_margin>& margins,
                                                    const design_spec& options = {},
                                                    const raking_control& control = {}) {
  raked_taylor_design out;
  out.design = make_design(s, options);
  const std::size_t n = s.size();
  out.raking = rake(s.weighted() ? s.weights() : std::vector<double>(n, 1.0), margins, control);
  raked_taylor_tallies& r = out.raked;
  r.cells = make_raking_cells(margins, out.raking);
  survey copy = s;
  for (std::size_t i = 0; i < n; ++i) copy.set_weight(i, out.raking.weights[i]);
  out.tally = make_psu_tally(copy, out.design);
  r.units = make_raking_unit_sums(out.design.unit_count(), out.design.row_unit.units(),
                                  r.cells.row_cell, out.raking.weights);
  std::vector<std::string> numerics;
  for (const auto& c : s.numerics()) numerics.push_back(c.name);
  if (out.design.rows_are_psus()) {
    std::unordered_map<std::uint64_t, std::uint32_t> index;
    std::vector<std::uint32_t> unit(n);
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint32_t h = out.design.row_unit[i], c = r.cells.row_cell[i];
      const auto [it, added] = index.emplace((std::uint64_t{h} << 32) | c,
                                             static_cast<std::uint32_t>(r.moment_stratum.size()));
      if (added) {
        r.moment_stratum.push_back(h);
        r.moment_cell.push_back(c);
      }
      unit[i] = it->second;
    }
    r.moments = psu_tally(s.codebook(), s.group_labels(), numerics, r.moment_stratum.size(), true);
    r.moments.accumulate(copy, copy.group_codes(), unit.data(), 0, n);
  }
  for (std::size_t i = 0; i < n; ++i) copy.set_weight(i, 1.0);
  r.counts = psu_tally(s.codebook(), s.group_labels(), numerics, r.cells.size(), false);
  r.counts.accumulate(copy, copy.group_codes(), r.cells.row_cell.data(), 0, n);
  r.count_cell.resize(r.cells.size());
  for (std::size_t c = 0; c < r.cells.size(); ++c) r.count_cell[c] = static_cast<std::uint32_t>(c);
  r.link();
  return out;
}

}  // namespace cxgap

#endif  // CXGAP_DESIGN_RAKING_TAYLOR_HPP
