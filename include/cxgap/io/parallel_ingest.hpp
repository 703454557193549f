// CSV → tally on several threads: the file is split into byte ranges at record boundaries, each
// range is read by its own csv_reader and ingested by ingest(), and the per-range results are
// added in file order. Same result as ingest() on one reader, errors included. See docs/io.md.
#ifndef CXGAP_IO_PARALLEL_INGEST_HPP
#define CXGAP_IO_PARALLEL_INGEST_HPP

#include <cstdint>
#include <string>

#include "cxgap/io/csv.hpp"
#include "cxgap/io/ingest.hpp"
#include "cxgap/io/survey_spec.hpp"

namespace cxgap::io {

/// Reads the CSV file `path` and tallies it as ingest(csv_reader(path, csv), spec, options)
/// does, on `threads` threads (0: one per hardware thread). The data after the header is cut
/// into ranges of about `range_bytes` bytes (0: automatic, from 4 to 64 MiB), each moved to the
/// next record start found by a quote-aware probe; every range is read by its own csv_reader
/// through its own buffer and ingested into its own result; results are added in file order
/// (group labels keep their order of first appearance in the file). A range whose start turns
/// out not to be where the previous range's last record ended (a line break inside a quoted
/// field fooled the probe) is read again from the right place, so the result never depends on
/// the cut points. Line numbers stay physical: each range starts at the line counted by the
/// ranges before it.
///
/// The result (tally and summary) equals ingest()'s for every thread count and range size. In
/// strict mode the error thrown is the one ingest() throws: that of the first bad row in file
/// order, with the same message (file, row, column, value). Memory: per thread, one read buffer
/// (csv.buffer_bytes) and one chunk (options.chunk_rows rows); at most 2 × threads ranges'
/// tallies wait to be added. options.progress is called from the calling thread after each range.
///
/// Runs ingest() on one reader instead when threads is 1, when the spec is design-based
/// (design_based(spec): the design builder numbers clusters in file order), when the file cannot
/// seek (a pipe), when the data is smaller than 2 MiB and range_bytes is 0, and (to report the
/// exact row) when the ranges together hold more than 254 group labels.
/// Throws as csv_reader and ingest() do.
ingest_result ingest_parallel(const std::string& path, const csv_options& csv,
                              const survey_spec& spec, const ingest_options& options = {},
                              unsigned threads = 0, std::uint64_t range_bytes = 0);

}  // namespace cxgap::io

#endif  // CXGAP_IO_PARALLEL_INGEST_HPP
