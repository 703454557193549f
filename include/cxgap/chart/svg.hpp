// SVG gap chart: a dumbbell chart of one or more gap reports, for putting in front of people
// who will not read the table. One panel per comparison; in each, one line per item joining
// audience A's and audience B's value, the gap's confidence interval drawn as a band around A's
// dot, significant gaps in full colour and bold, the others faded. What is drawn and how to read
// it: docs/chart.md.
#ifndef CXGAP_CHART_SVG_HPP
#define CXGAP_CHART_SVG_HPP

#include <iosfwd>
#include <string>
#include <vector>

#include "cxgap/core/item.hpp"
#include "cxgap/report/gap_report.hpp"

namespace cxgap {

/// Which statistic of each item_gap a chart plots.
enum class chart_measure {
  mean,     ///< mean score, on the item's scale; gap and CI from item_gap::mean (Welch)
  top_box,  ///< top-box share 0–100%; gap and CI from item_gap::top_box (points)
};

/// Choices of a gap chart.
struct chart_options {
  chart_measure measure = chart_measure::mean;
  /// Title at the top; empty: "Perception gaps: mean score" / "…: top-box share".
  std::string title;
  /// A gap is highlighted when the plotted statistic's adjusted p-value is below alpha.
  double alpha = 0.05;
  /// Width of the image in pixels (the height follows from the number of items).
  int width = 960;
  /// Optional: the codebook the reports were computed from (e.g. `&tally.codebook()`). With
  /// it, mean axes span each item's scale exactly (min..max) with its end labels, and items on
  /// different scales get separate axes. Without it the scales are inferred (NPS items 0–10,
  /// binary items 0–1, the rest on one axis fitted to the data); see docs/chart.md. Only read
  /// during the call.
  const codebook* scales = nullptr;
};

/// Writes a standalone SVG 1.1 dumbbell chart of `comparisons` (one panel per report, stacked
/// in the given order; items in each panel sorted by the plotted gap, largest first, undefined
/// gaps last). Audiences keep one colour (Okabe–Ito palette) across panels. Items whose value
/// is undefined for a group are listed with "n/a" and no dots. All text is XML-escaped; the
/// output depends only on the arguments (same input, same bytes) and not on the stream's or
/// the global locale.
/// @throws cxgap::invalid_argument if `comparisons` is empty, alpha is not in (0, 1), width is
///   outside [720, 10000], or `scales` is set and lacks an item of a report.
void write_svg_chart(std::ostream& os, const std::vector<gap_report>& comparisons,
                     const chart_options& options = {});

/// The chart of write_svg_chart as a string. Throws as write_svg_chart.
std::string svg_chart(const std::vector<gap_report>& comparisons,
                      const chart_options& options = {});

}  // namespace cxgap

#endif  // CXGAP_CHART_SVG_HPP
