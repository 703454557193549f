// A source of survey records: a header of column names and a stream of rows of text fields.
// Implemented by the CSV reader (io/csv.hpp) and the SPSS/Stata/SAS reader (io/readstat.hpp);
// consumed by the ingest step (io/ingest.hpp), which turns rows into tallies.
#ifndef CXGAP_IO_TABLE_READER_HPP
#define CXGAP_IO_TABLE_READER_HPP

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cxgap::io {

/// What a file says about one column beyond its name (empty where the format has nothing).
struct column_info {
  std::string name;
  std::string label;                            ///< question text (Qualtrics row 2, SPSS label)
  std::map<std::int64_t, std::string> value_labels;  ///< code -> label (SPSS/Stata value labels)
  std::vector<std::int64_t> missing_codes;      ///< user-missing codes (read as missing)
};

/// A forward-only reader of records. Fields are text exactly as the file holds them (numbers
/// from binary formats are formatted without loss; a missing value is an empty field).
class table_reader {
 public:
  virtual ~table_reader() = default;

  /// The file name used in error messages.
  virtual const std::string& file() const = 0;
  /// The columns, in file order.
  virtual const std::vector<column_info>& columns() const = 0;
  /// Reads the next record into `fields` (one per column); false at the end of the data.
  /// The views stay valid until the next call. Throws cxgap::input_error on malformed input.
  virtual bool next(std::vector<std::string_view>& fields) = 0;
  /// 1-based line (text formats) or record number (binary formats) where the last record
  /// returned by next() starts, for error messages.
  virtual std::int64_t row() const = 0;
  /// Bytes consumed so far and in all (0 if unknown), for progress reporting.
  virtual std::uint64_t bytes_read() const { return 0; }
  virtual std::uint64_t bytes_total() const { return 0; }
};

}  // namespace cxgap::io

#endif  // CXGAP_IO_TABLE_READER_HPP
