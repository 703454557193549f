// From a table_reader to a paired_table: the two ratings of each dyad (an employee's and a
// customer's rating of one interaction), or two items answered by the same respondent (a
// say–do gap), counted in one pass.
#ifndef CXGAP_IO_INGEST_PAIRS_HPP
#define CXGAP_IO_INGEST_PAIRS_HPP

#include <optional>
#include <string>

#include "cxgap/core/scale.hpp"
#include "cxgap/io/ingest.hpp"
#include "cxgap/io/table_reader.hpp"
#include "cxgap/paired/paired_table.hpp"

namespace cxgap::io {

/// Which columns hold the two ratings of a pair.
struct pair_spec {
  std::string column_a;  ///< first rating (e.g. the employee's); the gap is a − b
  std::string column_b;  ///< second rating (e.g. the customer's)
  /// "" = one row per pair. Otherwise the interaction id: rows with the same id are joined (each
  /// row gives a, b or both; a pair is complete when both are known).
  std::string id;
  /// "" = every row. Otherwise only rows whose `group` column equals `group_value` (say–do gaps
  /// of one audience).
  std::string group;
  std::string group_value;
  /// The common scale of both columns; without it, the observed range of both columns.
  std::optional<cxgap::scale> scale;
};

struct paired_ingest_result {
  paired_table table;   ///< K×K counts in ascending score order of `scale`
  cxgap::scale scale;   ///< the scale used (declared or inferred)
  ingest_summary summary;  ///< rows read / used; values excluded by reason, plus "incomplete_pair"
};

/// Reads every row and counts the complete pairs. A pair with a missing or "don't know" rating
/// is excluded and counted. Throws input_error for an unknown column, and in strict mode for a
/// non-numeric code or a code outside the declared scale (lenient: excluded and counted), and
/// invalid_argument if no scale is declared and fewer than two distinct codes occur.
paired_ingest_result ingest_pairs(table_reader& reader, const pair_spec& spec,
                                  const ingest_options& options = {});

}  // namespace cxgap::io

#endif  // CXGAP_IO_INGEST_PAIRS_HPP
