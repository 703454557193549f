// From a table_reader to a tally, streaming: rows are validated, encoded into a bounded chunk
// of columnar survey, tallied and discarded, so memory does not grow with the file.
#ifndef CXGAP_IO_INGEST_HPP
#define CXGAP_IO_INGEST_HPP

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "cxgap/core/tally.hpp"
#include "cxgap/design/design.hpp"
#include "cxgap/design/psu_tally.hpp"
#include "cxgap/io/survey_spec.hpp"
#include "cxgap/io/table_reader.hpp"

namespace cxgap::io {

struct ingest_options {
  /// false: the first bad value throws cxgap::input_error naming file, row, column and value.
  /// true: a bad value is excluded (the response becomes missing; a bad weight or an empty
  /// stratum / cluster drops the row) and counted under its reason in
  /// ingest_summary::values_excluded.
  bool lenient = false;
  /// Rows per chunk (bounded memory: rows × (items + a few) bytes).
  std::size_t chunk_rows = 1 << 16;
  /// Called after each chunk with (bytes read, bytes total); may be empty.
  std::function<void(std::uint64_t, std::uint64_t)> progress;
};

/// What was read, used and excluded, and why. Reasons (stable keys, used in JSON):
/// "missing" (empty field), "dont_know" (a scale's don't-know code), "non_numeric",
/// "out_of_scale", "invalid_weight" (row dropped, lenient only), "missing_design_value" (empty
/// stratum or cluster: row dropped, lenient only), "no_group" (row has an empty group label: not
/// used). Every key is present (0 when nothing was excluded for that reason). Value counts are
/// over the rows used; "invalid_weight", "missing_design_value" and "no_group" count rows.
struct ingest_summary {
  std::string file;
  std::int64_t rows_read = 0;
  std::int64_t rows_used = 0;
  std::map<std::string, std::int64_t> values_excluded;
};

/// The design read from the file and the PSU tally under it (design-based specs only).
struct design_data {
  cxgap::survey_design design;
  cxgap::psu_tally tally;  ///< by the group column's labels, in the same group order as tally
};

struct ingest_result {
  cxgap::tally tally;  ///< by the group column's labels
  ingest_summary summary;
  /// Set when design_based(spec): the validated design and its PSU tally.
  std::optional<design_data> design;
};

/// Completes a spec by inference, reading the whole table: every column that is not the group,
/// weight, stratum, cluster or a segment, whose non-empty values are all integers, with at
/// least two distinct values and max − min <= 10, becomes an item on the scale min..max
/// (0..10 becomes the NPS scale). Declared items are kept as they are; a declared item without
/// a scale gets its observed range. Details (docs/io.md): integers are parsed as by ingest();
/// user-missing codes are ignored; value labels whose codes contain the observed range (and
/// span at most 10, or 254 for a declared item) widen it; Qualtrics metadata columns
/// (Finished, Progress, …) are never inferred; item ids default to the column name and texts to
/// the column label (else the name). Consumes the reader.
/// Throws input_error (unknown_column) if a named column does not exist, and for a declared
/// item without a scale input_error (non_numeric_code) naming the first non-integer value, or
/// input_error (code_outside_scale) if it has fewer than two distinct codes or more than 255.
survey_spec infer_spec(table_reader& reader, survey_spec spec);

/// Reads every row and tallies the items by the group column; for a design-based spec
/// (design_based(spec)) also builds the design (design/design.hpp) and the PSU tally in the
/// same pass. Design input errors: a weight of 0 (input_error invalid_weight; lenient: row
/// dropped and counted), an empty stratum / cluster / cluster2 or an empty or non-numeric fpc
/// (missing_design_value; lenient: row dropped and counted), a non-numeric numeric-item value
/// (non_numeric_code; lenient: excluded), and, always, a PSU in two strata without spec.nest or
/// an fpc that varies within its stratum / PSU (malformed_record, naming row and column) and a
/// design refused as a whole (lonely PSU under "fail", fpc above 100%: malformed_record).
/// Reads every row and tallies the items by the group column. Every item in `spec` must have a
/// scale (run infer_spec first otherwise). Throws input_error for an unknown column, and in
/// strict mode for a non-numeric code, a code outside the scale, or a negative / non-finite /
/// non-numeric weight, naming file, row, column and value; input_error (missing_design_value)
/// in strict mode for an empty stratum or cluster; input_error (malformed_record) for more
/// than 254 distinct group labels; cxgap::invalid_argument if spec.group is empty, an item has
/// no scale or options.chunk_rows is 0 (and as survey::add_match for a bad match).
ingest_result ingest(table_reader& reader, const survey_spec& spec,
                     const ingest_options& options = {});

}  // namespace cxgap::io

#endif  // CXGAP_IO_INGEST_HPP
