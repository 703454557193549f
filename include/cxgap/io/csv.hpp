// Streaming CSV reader (RFC 4180 plus the common dialects: `;` and tab delimiters, CRLF or LF,
// UTF-8 with or without BOM) with recognition of Qualtrics exports. See docs/io.md.
#ifndef CXGAP_IO_CSV_HPP
#define CXGAP_IO_CSV_HPP

#include <cstddef>
#include <cstdint>
#include <exception>
#include <iosfwd>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cxgap/io/table_reader.hpp"

namespace cxgap::io {

/// How to read a CSV file.
struct csv_options {
  /// Field delimiter; 0 = detect among ',' ';' and '\t' from the header line (the most frequent
  /// outside quotes; ',' on a tie or when there is none).
  char delimiter = 0;
  /// Qualtrics export (rows 2 and 3 hold question texts and import ids): nullopt = detect from
  /// row 3 (most of its non-empty fields start with `{"ImportId"`); true / false = force.
  std::optional<bool> qualtrics;
  /// Size of the read buffer (at least 4 bytes are used). The buffer grows only for a single
  /// record longer than it, up to max_record_bytes.
  std::size_t buffer_bytes = std::size_t{1} << 20;
  /// Longest record accepted (a longer one is almost always an unterminated quote); a longer
  /// record throws input_error(malformed_record) instead of reading the rest of the file.
  std::size_t max_record_bytes = std::size_t{64} << 20;
};

/// What a csv_reader learned from a file's header (and Qualtrics rows): enough for another reader
/// to read any byte range of the data on its own (io/parallel_ingest.hpp).
struct csv_layout {
  std::vector<column_info> columns;
  char delimiter = ',';
  bool qualtrics = false;
  std::uint64_t data_begin = 0;  ///< byte offset of the first data record (after header, BOM, Qualtrics rows)
  std::int64_t data_line = 1;    ///< physical line at data_begin
};

/// A byte range of a CSV file's data, read by one csv_reader.
struct csv_range {
  /// Offset where a record (or a blank line) starts: the data start, or just after a line break
  /// that is not inside a quoted field.
  std::uint64_t begin = 0;
  /// The reader returns the records that start before `end` (the last one may run past it);
  /// records starting at or after it are left to the next range.
  std::uint64_t end = std::numeric_limits<std::uint64_t>::max();
  std::int64_t line = 1;  ///< physical line at `begin` (the first line is 1)
};

/// A table_reader over a CSV file, read through a fixed-size buffer (never held whole).
///
/// Dialect: a header row is required; fields are separated by one delimiter; a field may be
/// quoted with '"', and then may contain the delimiter, line breaks and doubled quotes ("");
/// records end with LF, CRLF or a lone CR; a UTF-8 byte-order mark is skipped; blank lines are
/// skipped; a '"' inside an unquoted field is kept as text. Fields are returned exactly as the
/// file holds them (no trimming) except that quoted fields are unquoted and unescaped.
/// row() is the physical 1-based line where the last record starts.
class csv_reader final : public table_reader {
 public:
  /// Opens `path` and reads its header (and, for Qualtrics exports, rows 2-3). Throws
  /// input_error(unreadable_file) if the file cannot be opened or read, input_error
  /// (malformed_record) if it has no header row (or, with qualtrics forced on, no rows 2-3), and
  /// cxgap::invalid_argument if options.buffer_bytes is 0 or options.delimiter is '"', CR or LF.
  explicit csv_reader(const std::string& path, const csv_options& options = {});
  /// Reads from a stream (stdin, a string stream in tests), named `name` in error messages.
  /// The stream must outlive the reader. Throws as the path constructor.
  csv_reader(std::istream& in, std::string name, const csv_options& options = {});
  /// Reads the records of `path` that start in `range` (see csv_range), with the header, the
  /// delimiter and the Qualtrics flag of `layout` (from layout() of a reader of the same file);
  /// options.delimiter and options.qualtrics are ignored. row() stays the physical line of the
  /// whole file when range.line is the line at range.begin. Throws as the path constructor, and
  /// cxgap::invalid_argument if layout has no columns or its delimiter is '"', CR or LF.
  csv_reader(const std::string& path, const csv_layout& layout, const csv_range& range,
             const csv_options& options = {});
  ~csv_reader() override;
  csv_reader(const csv_reader&) = delete;
  csv_reader& operator=(const csv_reader&) = delete;

  const std::string& file() const override { return file_; }
  /// Header names; for a Qualtrics export, label = the row-2 question text.
  const std::vector<column_info>& columns() const override { return columns_; }
  /// Reads the next record. Throws input_error(malformed_record) naming file, line and counts
  /// for a record whose number of fields differs from the header, for an unterminated quoted
  /// field, for text after a closing quote, and for a record longer than max_record_bytes;
  /// input_error(unreadable_file) on a read error.
  bool next(std::vector<std::string_view>& fields) override;
  std::int64_t row() const override { return row_; }
  /// Bytes of the input parsed so far (BOM and header included); equals bytes_total() at the end.
  std::uint64_t bytes_read() const override;
  /// Size of the input in bytes if it is seekable (a file), else 0.
  std::uint64_t bytes_total() const override { return bytes_total_; }

  /// The delimiter in use (given or detected).
  char delimiter() const noexcept { return delimiter_; }
  /// Whether rows 2-3 were read as Qualtrics question texts and import ids.
  bool qualtrics() const noexcept { return qualtrics_; }
  /// Current size of the read buffer (constant unless one record is longer than the buffer).
  std::size_t buffer_capacity() const noexcept { return capacity_; }
  /// The header, delimiter, Qualtrics flag and where the data starts, for range readers.
  csv_layout layout() const;
  /// Physical line at bytes_read(): where the next record (or blank line) would start.
  std::int64_t next_line() const noexcept { return line_; }

 private:
  enum class parse_result { record, need_more, end_of_data };

  void open_file(const std::string& path);
  void init_buffer(const csv_options& options);
  void open(const csv_options& options);
  std::size_t fill();
  parse_result parse_record(std::vector<std::string_view>& fields);
  bool read_record(std::vector<std::string_view>& fields);
  void check_field_count(std::size_t n) const;
  char detect_delimiter();
  [[noreturn]] void fail(const std::string& what, std::int64_t line) const;

  std::string file_;
  std::unique_ptr<std::istream> owned_;
  std::istream* in_ = nullptr;
  std::vector<column_info> columns_;
  char delimiter_ = ',';
  bool qualtrics_ = false;
  std::size_t max_record_bytes_ = 0;

  std::vector<char> buf_;        // read buffer: capacity_ bytes and a padding for 64-byte scans
  std::size_t capacity_ = 0;     // fixed unless one record is longer
  std::size_t pos_ = 0;          // start of the unparsed data in buf_
  std::size_t end_ = 0;          // end of the valid data in buf_
  bool eof_ = false;             // the stream has no more bytes
  std::uint64_t buf_offset_ = 0;  // input offset of buf_[0]
  std::uint64_t bytes_total_ = 0;
  std::uint64_t limit_ = std::numeric_limits<std::uint64_t>::max();  // csv_range::end
  // The scan's 64-byte block (an offset in buf_, a multiple of 64) and its masks of the bytes
  // not yet passed: bit i of scan_ends_ = buf_[scan_block_ + i] is the delimiter, LF or CR;
  // scan_breaks_ the same for LF and CR only.
  std::size_t scan_block_ = 0;
  std::uint64_t scan_ends_ = 0;
  std::uint64_t scan_breaks_ = 0;

  std::vector<std::size_t> escaped_;  // fields of the current record holding doubled quotes
  std::int64_t line_ = 1;        // physical line where the next record would start
  std::int64_t record_line_ = 0;  // line where the parsed record starts
  std::int64_t row_ = 0;
  std::uint64_t data_begin_ = 0;  // csv_layout::data_begin / data_line
  std::int64_t data_line_ = 1;

  // Rows read ahead while detecting a Qualtrics export, returned first when it is not one.
  std::vector<std::vector<std::string>> pending_;
  std::vector<std::int64_t> pending_lines_;
  std::size_t pending_next_ = 0;
  std::exception_ptr pending_error_;  // a malformed row 2 or 3, thrown when next() reaches it
};

}  // namespace cxgap::io

#endif  // CXGAP_IO_CSV_HPP
