// Streaming CSV reader (RFC 4180 plus the common dialects: `;` and tab delimiters, CRLF or LF,
// UTF-8 with or without BOM) with recognition of Qualtrics exports. See docs/io.md.
#ifndef CXGAP_IO_CSV_HPP
#define CXGAP_IO_CSV_HPP

#include <cstddef>
#include <cstdint>
#include <exception>
#include <iosfwd>
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
  std::size_t buffer_capacity() const noexcept { return buf_.size(); }

 private:
  struct span {
    std::size_t begin;
    std::size_t end;
    bool escaped;  // quoted content that still holds doubled quotes
  };
  enum class parse_result { record, need_more, end_of_data };

  void open(const csv_options& options);
  std::size_t fill();
  parse_result parse_record();
  bool read_record();
  void materialize(std::vector<std::string_view>& fields);
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
  bool field_special_[256] = {};  // bytes that end an unquoted field: delimiter, LF, CR

  std::vector<char> buf_;        // fixed-size read buffer
  std::size_t pos_ = 0;          // start of the unparsed data in buf_
  std::size_t end_ = 0;          // end of the valid data in buf_
  bool eof_ = false;             // the stream has no more bytes
  std::uint64_t buf_offset_ = 0;  // input offset of buf_[0]
  std::uint64_t bytes_total_ = 0;

  std::vector<span> spans_;      // fields of the current record
  std::int64_t line_ = 1;        // physical line where the next record would start
  std::int64_t record_line_ = 0;  // line where the parsed record starts
  std::int64_t row_ = 0;

  // Rows read ahead while detecting a Qualtrics export, returned first when it is not one.
  std::vector<std::vector<std::string>> pending_;
  std::vector<std::int64_t> pending_lines_;
  std::size_t pending_next_ = 0;
  std::exception_ptr pending_error_;  // a malformed row 2 or 3, thrown when next() reaches it
};

}  // namespace cxgap::io

#endif  // CXGAP_IO_CSV_HPP
