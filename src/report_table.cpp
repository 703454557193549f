// Plain-text rendering of a gap report (see report/table.hpp).
#include "cxgap/report/table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

namespace cxgap {
namespace {

std::string fixed(double x, int decimals) {
  if (std::isnan(x)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
  return buf;
}

std::string p_value(double p) {
  if (std::isnan(p)) return "-";
  char buf[64];
  if (p < 0.001)
    std::snprintf(buf, sizeof buf, "%.1e", p);
  else
    std::snprintf(buf, sizeof buf, "%.3f", p);
  return buf;
}

std::string with_ci(double estimate, const interval<>& ci, int decimals) {
  if (std::isnan(estimate)) return "-";
  return fixed(estimate, decimals) + " [" + fixed(ci.lower, decimals) + ", " +
         fixed(ci.upper, decimals) + "]";
}

std::string percent(double share) { return std::isnan(share) ? "-" : fixed(100 * share, 0) + "%"; }

}  // namespace

void write_table(std::ostream& os, const gap_report& report) {
  std::vector<const item_gap*> rows;
  for (const item_gap& g : report.items) rows.push_back(&g);
  // Largest gap first; undefined gaps last.
  std::stable_sort(rows.begin(), rows.end(), [](const item_gap* x, const item_gap* y) {
    const double a = x->mean.estimate, b = y->mean.estimate;
    if (std::isnan(a) != std::isnan(b)) return std::isnan(b);
    return a > b;
  });

  const int pct = static_cast<int>(std::lround(100 * report.options.level));
  const std::vector<std::string> header = {
      "item", "n_a", "n_b", "mean_a", "mean_b", "mean gap [" + std::to_string(pct) + "% CI]",
      "p_adj", "g", "top_a", "top_b", "top-box gap [CI, pts]", "p_adj", "delta", "NPS gap", ""};
  std::vector<std::vector<std::string>> cells;
  for (const item_gap* g : rows) {
    const bool flagged = g->mean.significant(report.options.alpha) ||
                         g->top_box.significant(report.options.alpha);
    interval<> top_ci = g->top_box.ci;
    top_ci.lower *= 100;
    top_ci.upper *= 100;
    cells.push_back({g->item, std::to_string(g->mean.n_a), std::to_string(g->mean.n_b),
                     fixed(g->mean.value_a, 2), fixed(g->mean.value_b, 2),
                     with_ci(g->mean.estimate, g->mean.ci, 2), p_value(g->mean.p_adjusted),
                     fixed(g->mean.effect.value, 2), percent(g->top_box.value_a),
                     percent(g->top_box.value_b),
                     with_ci(100 * g->top_box.estimate, top_ci, 0),
                     p_value(g->top_box.p_adjusted), fixed(g->rank.estimate, 2),
                     g->nps ? fixed(g->nps->estimate, 0) : "", flagged ? "*" : ""});
  }
  std::vector<std::size_t> width(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) {
    width[c] = header[c].size();
    for (const auto& row : cells) width[c] = std::max(width[c], row[c].size());
  }
  auto line = [&](const std::vector<std::string>& row) {
    std::string out;
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string pad(width[c] - row[c].size(), ' ');
      out += c == 0 ? row[c] + pad : "  " + pad + row[c];  // first column left, others right
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    os << out << '\n';
  };
  os << report.a << " (A) vs " << report.b << " (B): gap = A - B; p adjusted by "
     << to_string(report.options.adjust) << " across " << rows.size() << " items; '*' = "
     << "mean or top-box gap significant at " << report.options.alpha << '\n';
  if (report.design) {
    const design_summary& d = *report.design;
    os << "design-based (" << d.variance << "): " << d.strata << " strata, " << d.psus
       << (d.two_stage ? " PSUs (two-stage)" : " PSUs") << ", df " << d.degf
       << (d.fpc ? ", with fpc" : "") << ", lonely PSU: " << d.lonely_psu
       << "; mean and top-box gaps are design-based t tests\n";
  }
  line(header);
  for (const auto& row : cells) line(row);
}

}  // namespace cxgap
