// CSV rendering of gap reports: one row per comparison × item, every field of the JSON output,
// for spreadsheets.
#ifndef CXGAP_REPORT_CSV_HPP
#define CXGAP_REPORT_CSV_HPP

#include <iosfwd>
#include <vector>

#include "cxgap/report/gap_report.hpp"

namespace cxgap {

/// Writes a header row and one row per comparison × item (RFC 4180; numbers with 17
/// significant digits; undefined values as empty fields). Columns: a, b, item, item_a, item_b,
/// n_a, n_b, dont_know_a, dont_know_b, missing_a, missing_b, then mean_*, top_box_*, rank_*,
/// brunner_munzel_*, nps_* (see docs/report-formats.md).
void write_csv(std::ostream& os, const std::vector<gap_report>& comparisons);

}  // namespace cxgap

#endif  // CXGAP_REPORT_CSV_HPP
