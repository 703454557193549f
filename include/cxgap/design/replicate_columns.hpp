// Replicate weights supplied as columns of the survey file (R's svrepdesign with combined
// weights): each replicate is one more weighted tally (core/tally.hpp), so R + 1 tallies — the
// full-sample weights and one per replicate column — give every domain mean, top-box share and
// gap with its replicate variance. Formulas: docs/design-replicate.md.
#ifndef CXGAP_DESIGN_REPLICATE_COLUMNS_HPP
#define CXGAP_DESIGN_REPLICATE_COLUMNS_HPP

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "cxgap/core/survey.hpp"
#include "cxgap/core/tally.hpp"
#include "cxgap/design/replicate.hpp"
#include "cxgap/detail/check.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap {

/// Which domain estimate of an item a replicate tally gives.
enum class replicate_measure : unsigned char {
  mean,     ///< weighted mean score of the substantive categories
  top_box,  ///< weighted share of the top box among the substantive categories
};

namespace detail {

/// Weighted mean score or top-box share of an item in a group of a weighted tally (Σw per
/// category; "don't know" and missing responses excluded); NaN when the group has no weight.
inline double tally_weighted_estimate(const tally& t, std::size_t item, std::size_t group,
                                      replicate_measure m) {
  const scale& s = t.codebook()[item].scale;
  const double* w = t.weight_sums(item, group);
  double num = 0, den = 0;
  for (int b = 0; b < s.size(); ++b) {
    const int score = s.score(s.min() + b);
    const double wb = w[b];
    den += wb;
    if (m == replicate_measure::mean)
      num += wb * score;
    else if (s.in_top_box(score))
      num += wb;
  }
  return den != 0 ? num / den : nan<double>();
}

inline void check_replicate_tallies(const char* fn, const replicate_design& d, const tally& full,
                                    const std::vector<tally>& replicates) {
  if (replicates.size() != d.replicate_count)
    throw_invalid(fn, "replicates.size()", replicates.size(),
                  ("design.replicate_count = " + std::to_string(d.replicate_count)).c_str());
  if (!full.weighted()) throw_invalid(fn, "full.weighted()", "false", "true");
  for (std::size_t r = 0; r < replicates.size(); ++r) {
    const tally& t = replicates[r];
    if (!t.weighted() || !t.codebook().compatible(full.codebook()) || t.groups() != full.groups())
      throw_invalid(fn, "replicate tally", r,
                    "weighted, with the items and groups of the full-sample tally");
  }
}

}  // namespace detail

/// One weighted tally per replicate-weight column: tally r weighs respondent i by
/// columns[r][i] (the survey's own groups, as make_tally(s)). Memory: one copy of the survey.
/// @throws cxgap::invalid_argument naming the column if a column's length differs from the
///         number of respondents or a weight is negative or not finite (row named).
inline std::vector<tally> make_replicate_tallies(const survey& s,
                                                 const std::vector<std::vector<double>>& columns) {
  constexpr const char* fn = "cxgap::make_replicate_tallies";
  for (std::size_t r = 0; r < columns.size(); ++r)
    if (columns[r].size() != s.size())
      detail::throw_invalid(fn, ("columns[" + std::to_string(r) + "].size()").c_str(),
                            columns[r].size(),
                            ("the number of respondents " + std::to_string(s.size())).c_str());
  std::vector<tally> out;
  out.reserve(columns.size());
  survey copy = s;
  for (std::size_t r = 0; r < columns.size(); ++r) {
    for (std::size_t i = 0; i < s.size(); ++i) {
      const double w = columns[r][i];
      if (!(w >= 0 && std::isfinite(w)))
        detail::throw_invalid(fn,
                              ("replicate weight (column " + std::to_string(r) + ", row " +
                               std::to_string(i) + ")")
                                  .c_str(),
                              w, "finite and non-negative");
      copy.set_weight(i, w);
    }
    out.push_back(make_tally(copy));
  }
  return out;
}

/// Replicate estimate of an item's weighted mean or top-box share in one group, from the
/// full-sample tally and R replicate tallies (R: svyby(~item, ~group, svrepdesign, svymean)).
/// @throws cxgap::invalid_argument if the tallies are unweighted, differ in shape, or their
///         number differs from design.replicate_count; cxgap::out_of_range for a bad index.
inline replicate_estimate replicate_tally_estimate(const replicate_design& d, const tally& full,
                                                   const std::vector<tally>& replicates,
                                                   std::size_t item, std::size_t group,
                                                   replicate_measure m = replicate_measure::mean,
                                                   double level = 0.95) {
  detail::check_replicate_tallies("cxgap::replicate_tally_estimate", d, full, replicates);
  std::vector<double> thetas(replicates.size());
  for (std::size_t r = 0; r < replicates.size(); ++r)
    thetas[r] = detail::tally_weighted_estimate(replicates[r], item, group, m);
  return estimate_from_replicates(d, detail::tally_weighted_estimate(full, item, group, m),
                                  thetas, level);
}

/// The gap A − B of an item's weighted mean or top-box share between two groups, with its
/// replicate variance and design-based t test (df = degf − 1), from the full-sample tally and
/// R replicate tallies (R: svycontrast(svyby(...)) and svyttest on a svrepdesign).
/// @throws as replicate_tally_estimate.
inline replicate_gap replicate_tally_gap(const replicate_design& d, const tally& full,
                                         const std::vector<tally>& replicates, std::size_t item,
                                         std::size_t group_a, std::size_t group_b,
                                         replicate_measure m = replicate_measure::mean,
                                         double level = 0.95) {
  detail::check_replicate_tallies("cxgap::replicate_tally_gap", d, full, replicates);
  std::vector<double> a(replicates.size()), b(replicates.size());
  for (std::size_t r = 0; r < replicates.size(); ++r) {
    a[r] = detail::tally_weighted_estimate(replicates[r], item, group_a, m);
    b[r] = detail::tally_weighted_estimate(replicates[r], item, group_b, m);
  }
  return gap_from_replicates(d, detail::tally_weighted_estimate(full, item, group_a, m), a,
                             detail::tally_weighted_estimate(full, item, group_b, m), b, level);
}

}  // namespace cxgap

#endif  // CXGAP_DESIGN_REPLICATE_COLUMNS_HPP
