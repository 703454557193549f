// Reading a survey schema from JSON: the roles of columns, the scales, reverse-coded items,
// "don't know" codes and matched items. Part of the cxgap::json component.
//
//   {
//     "group": "audience", "weight": "w", "stratum": "region", "cluster": "store",
//     "segments": ["region"],
//     "scales": {
//       "agree5": {"min": 1, "max": 5, "labels": ["Strongly disagree", "…", "Strongly agree"],
//                  "dont_know": [9], "top_box": 4, "bottom_box": 2},
//       "recommend": {"preset": "nps"}
//     },
//     "items": [
//       {"column": "q1", "id": "above_average", "text": "…", "scale": "agree5"},
//       {"column": "q7", "scale": {"min": 1, "max": 7}, "reversed": true}
//     ],
//     "matches": [{"name": "authority",
//                  "items": {"executive": "authority", "customer": "solve_problem"}}]
//   }
//
// Every key but "group" is optional; an item without "scale" gets its observed range.
#ifndef CXGAP_IO_SCHEMA_JSON_HPP
#define CXGAP_IO_SCHEMA_JSON_HPP

#include <string>
#include <string_view>

#include "cxgap/io/survey_spec.hpp"

namespace cxgap::io {

/// Parses a schema. Throws cxgap::input_error(invalid_schema) naming the file, the JSON path
/// of the offending value (as the column) and what was expected.
survey_spec parse_schema(std::string_view json, const std::string& file = "<schema>");

/// Reads and parses a schema file; input_error(unreadable_file) if it cannot be read.
survey_spec read_schema(const std::string& path);

}  // namespace cxgap::io

#endif  // CXGAP_IO_SCHEMA_JSON_HPP
