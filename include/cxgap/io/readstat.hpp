// SPSS (.sav, .zsav), Stata (.dta) and SAS (.sas7bdat) files as a table_reader, through
// ReadStat (https://github.com/WizardMac/ReadStat; Debian libreadstat-dev). Compiled part of
// cxgap::io, available when cxgap was built with ReadStat. See docs/io-readstat.md.
#ifndef CXGAP_IO_READSTAT_HPP
#define CXGAP_IO_READSTAT_HPP

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cxgap/io/table_reader.hpp"

namespace cxgap::io {

/// The file formats read through ReadStat.
enum class readstat_format {
  sav,       ///< SPSS .sav (uncompressed or bytecode) and .zsav (zlib)
  dta,       ///< Stata .dta, versions 104-119
  sas7bdat,  ///< SAS data set (value labels live in a separate catalog, which is not read)
};

/// The format a file name implies by its extension (case-insensitive): .sav and .zsav -> sav,
/// .dta -> dta, .sas7bdat -> sas7bdat. Throws cxgap::invalid_argument naming the path for any
/// other extension.
readstat_format readstat_format_of(const std::string& path);

/// True if readstat_format_of(path) would succeed (lets a caller choose between readers).
bool is_readstat_file(const std::string& path) noexcept;

/// A table_reader over an SPSS, Stata or SAS file. The whole file is parsed when the reader is
/// constructed into a compact column store (numbers as double, strings interned once per
/// distinct value); next() then formats one record at a time:
///  - integer values as integers ("4"), other numbers with %.17g (round-trips exactly),
///    strings as they are (UTF-8);
///  - system-missing, tagged missing (Stata .a-.z, SAS .A-.Z, ._) and SPSS user-missing values
///    (discrete values and ranges) as an empty field;
///  - columns() carries each variable's label, its integer-valued value labels and its SPSS
///    user-missing codes (see docs/io-readstat.md for what each format can hold).
/// row() is the 1-based record number.
class readstat_reader final : public table_reader {
 public:
  /// Reads `path` in the format its extension names (see readstat_format_of).
  /// Throws cxgap::invalid_argument for an unknown extension and cxgap::input_error
  /// (unreadable_file) naming the file and ReadStat's error message if the file cannot be opened
  /// or parsed, or if it holds fewer records than its header announces.
  explicit readstat_reader(const std::string& path);
  /// Reads `path` as `format`, whatever its extension. Throws as above.
  readstat_reader(const std::string& path, readstat_format format);

  const std::string& file() const override { return file_; }
  const std::vector<column_info>& columns() const override { return columns_; }
  /// Formats the next record into `fields`; the views stay valid until the next call. Never
  /// throws input_error (the file was validated when it was opened).
  bool next(std::vector<std::string_view>& fields) override;
  std::int64_t row() const override { return row_; }
  /// The share of the file's bytes that the records returned so far stand for (the file itself
  /// was consumed when the reader was constructed).
  std::uint64_t bytes_read() const override;
  /// The file's size in bytes.
  std::uint64_t bytes_total() const override { return file_size_; }

  /// The format the file was read as.
  readstat_format format() const noexcept { return format_; }
  /// The number of records in the file.
  std::int64_t records() const noexcept { return records_; }

 private:
  struct parse_state;  // the ReadStat callbacks (src/io/readstat.cpp)
  struct column_values {
    bool is_string = false;
    std::vector<double> numbers;         // NaN = missing (system, tagged or user-missing)
    std::vector<std::uint32_t> strings;  // index into strings_
  };

  std::string file_;
  readstat_format format_;
  std::vector<column_info> columns_;
  std::vector<column_values> values_;
  std::vector<std::string> strings_;  // interned string values, strings_[0] == ""
  std::int64_t records_ = 0;
  std::int64_t row_ = 0;
  std::uint64_t file_size_ = 0;
  std::string text_;                                     // this record's formatted numbers
  std::vector<std::pair<std::size_t, std::size_t>> spans_;  // (offset, length) into text_
};

/// Opens an SPSS, Stata or SAS file as a table_reader, choosing the parser by the extension
/// (.sav/.zsav, .dta, .sas7bdat). Throws cxgap::invalid_argument for another extension and
/// cxgap::input_error (unreadable_file) if the file cannot be read.
std::unique_ptr<table_reader> open_readstat(const std::string& path);

}  // namespace cxgap::io

#endif  // CXGAP_IO_READSTAT_HPP
