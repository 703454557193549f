// Plain-text rendering of a gap report: an aligned table for terminals and logs.
#ifndef CXGAP_REPORT_TABLE_HPP
#define CXGAP_REPORT_TABLE_HPP

#include <iosfwd>

#include "cxgap/report/gap_report.hpp"

namespace cxgap {

/// Writes one row per item, sorted by mean gap (largest overestimation by A first): n of each
/// group, both means, the mean gap with its CI, Holm/…-adjusted p, Hedges' g, both top-box
/// shares, the top-box gap with its CI and adjusted p, Cliff's delta, NPS gap where defined,
/// and '*' when the mean or top-box gap is significant after adjustment. NaN prints as "-".
void write_table(std::ostream& os, const gap_report& report);

}  // namespace cxgap

#endif  // CXGAP_REPORT_TABLE_HPP
