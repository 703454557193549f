// The versioned JSON output of `cxgap report` (schema 1; keys may be added, never renamed).
// Part of the cxgap::json component.
#ifndef CXGAP_IO_REPORT_JSON_HPP
#define CXGAP_IO_REPORT_JSON_HPP

#include <iosfwd>
#include <vector>

#include "cxgap/io/ingest.hpp"
#include "cxgap/report/gap_report.hpp"
#include "cxgap/report/wave_change.hpp"

namespace cxgap::io {

/// Version of the JSON contract written by write_json.
inline constexpr int report_json_schema = 1;

/// Writes {"schema":1, "input":{file, rows_read, rows_used, values_excluded{reason:count}},
/// "comparisons":[{a, b, level, adjust, items:[{item, item_a, item_b, n_a, n_b, dont_know_*,
/// missing_*, mean{…}, top_box{…}, rank{…}, nps{…} (NPS items only), status}]}]}.
/// Numbers are written with full (round-trip) precision; undefined values are null.
/// The keys are documented in docs/report-formats.md.
void write_json(std::ostream& os, const std::vector<gap_report>& comparisons,
                const ingest_summary& input, int indent = 2);

/// As above, plus "wave_changes": [{a, b, later_a, later_b, items: [{item, mean{…}, top_box{…}}]}]
/// where each statistic has wave_1_gap, wave_2_gap, change, se, ci, statistic, df, p,
/// p_adjusted, method, status.
void write_json(std::ostream& os, const std::vector<gap_report>& comparisons,
                const ingest_summary& input, const std::vector<wave_change_report>& changes,
                int indent = 2);

}  // namespace cxgap::io

#endif  // CXGAP_IO_REPORT_JSON_HPP
