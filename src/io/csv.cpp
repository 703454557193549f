// Streaming CSV reader (see io/csv.hpp and docs/io.md).
//
// The input is read through one buffer. A record is parsed from its first byte into field spans
// (offsets into the buffer); if the buffer ends before the record does, the partial record is
// moved to the front of the buffer, the rest is refilled, and the record is parsed again from
// its start. Only after a record is complete are its quoted fields unescaped, in place (the
// unescaped text is never longer than the raw text), so fields are always views into the
// buffer and the common unquoted path allocates nothing.
#include "cxgap/io/csv.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <fstream>
#include <istream>
#include <utility>

#include "cxgap/error.hpp"

namespace cxgap::io {

namespace {

constexpr std::size_t min_buffer_bytes = 4;

// Bytes that end a quoted run: the quote itself and line breaks (counted for line numbers).
struct quote_table {
  bool special[256] = {};
  constexpr quote_table() : special() {
    special[static_cast<unsigned char>('"')] = true;
    special[static_cast<unsigned char>('\n')] = true;
    special[static_cast<unsigned char>('\r')] = true;
  }
};
constexpr quote_table quoted_special{};

std::string printable(char c) {
  switch (c) {
    case '\t': return "'\\t'";
    case '\n': return "'\\n'";
    case '\r': return "'\\r'";
    default: return std::string("'") + c + "'";
  }
}

}  // namespace

csv_reader::csv_reader(const std::string& path, const csv_options& options) : file_(path) {
  errno = 0;
  auto f = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!f->is_open()) {
    const int err = errno;
    throw input_error(input_errc::unreadable_file, {file_, 0, "", ""},
                      std::string("cannot open the file") +
                          (err != 0 ? std::string(": ") + std::strerror(err) : std::string()));
  }
  owned_ = std::move(f);
  in_ = owned_.get();
  open(options);
}

csv_reader::csv_reader(std::istream& in, std::string name, const csv_options& options)
    : file_(std::move(name)), in_(&in) {
  open(options);
}

csv_reader::~csv_reader() = default;

void csv_reader::open(const csv_options& options) {
  if (options.buffer_bytes == 0)
    throw cxgap::invalid_argument(
        "cxgap::io::csv_reader: options.buffer_bytes is 0, but must be positive");
  if (options.delimiter == '"' || options.delimiter == '\n' || options.delimiter == '\r')
    throw cxgap::invalid_argument("cxgap::io::csv_reader: options.delimiter is " +
                                  printable(options.delimiter) +
                                  ", but must not be a quote or a line break");
  max_record_bytes_ = std::max(options.max_record_bytes, min_buffer_bytes);
  buf_.resize(std::max(options.buffer_bytes, min_buffer_bytes));

  // Size, when the stream can seek (a file); a pipe or a generator reports 0.
  const std::istream::pos_type start = in_->tellg();
  if (start != std::istream::pos_type(-1)) {
    if (in_->seekg(0, std::ios::end)) {
      const std::istream::pos_type stop = in_->tellg();
      if (stop != std::istream::pos_type(-1) && stop >= start)
        bytes_total_ = static_cast<std::uint64_t>(stop - start);
    }
    in_->clear();
    in_->seekg(start);
  }

  fill();
  while (end_ < 3 && !eof_) fill();
  if (end_ >= 3 && std::memcmp(buf_.data(), "\xEF\xBB\xBF", 3) == 0) pos_ = 3;

  delimiter_ = options.delimiter != 0 ? options.delimiter : detect_delimiter();
  std::fill(std::begin(field_special_), std::end(field_special_), false);
  field_special_[static_cast<unsigned char>(delimiter_)] = true;
  field_special_[static_cast<unsigned char>('\n')] = true;
  field_special_[static_cast<unsigned char>('\r')] = true;

  if (!read_record())
    throw input_error(input_errc::malformed_record, {file_, 0, "", ""},
                      "the file is empty: a header row is required");
  std::vector<std::string_view> fields;
  materialize(fields);
  columns_.resize(fields.size());
  for (std::size_t c = 0; c < fields.size(); ++c) columns_[c].name = std::string(fields[c]);

  if (options.qualtrics == false) return;
  // Read rows 2 and 3 ahead: question texts and import ids in a Qualtrics export.
  // A malformed row among them is reported when next() reaches it, as in any other file.
  try {
    for (int k = 0; k < 2; ++k) {
      if (!read_record()) break;
      check_field_count(spans_.size());
      materialize(fields);
      pending_.emplace_back(fields.begin(), fields.end());
      pending_lines_.push_back(record_line_);
    }
  } catch (const input_error&) {
    if (options.qualtrics == true) throw;
    pending_error_ = std::current_exception();
  }
  bool is_qualtrics = false;
  if (pending_.size() == 2) {
    std::size_t non_empty = 0;
    std::size_t import_ids = 0;
    for (const std::string& f : pending_[1]) {
      if (f.empty()) continue;
      ++non_empty;
      if (f.compare(0, 11, "{\"ImportId\"") == 0) ++import_ids;
    }
    is_qualtrics = import_ids > 0 && 2 * import_ids > non_empty;
  }
  if (options.qualtrics == true) {
    if (pending_.size() < 2)
      throw input_error(input_errc::malformed_record, {file_, 0, "", ""},
                        "a Qualtrics export needs a header row, a row of question texts and a "
                        "row of import ids, but the file has only " +
                            std::to_string(pending_.size() + 1) + " row(s)");
    is_qualtrics = true;
  }
  if (is_qualtrics) {
    qualtrics_ = true;
    for (std::size_t c = 0; c < columns_.size(); ++c) columns_[c].label = pending_[0][c];
    pending_.clear();
    pending_lines_.clear();
  }
}

std::size_t csv_reader::fill() {
  if (eof_ || end_ == buf_.size()) return 0;
  const std::size_t want = buf_.size() - end_;
  in_->read(buf_.data() + end_, static_cast<std::streamsize>(want));
  const auto got = static_cast<std::size_t>(in_->gcount());
  if (in_->bad())
    throw input_error(input_errc::unreadable_file, {file_, line_, "", ""},
                      "read error after " + std::to_string(buf_offset_ + end_ + got) + " bytes");
  end_ += got;
  if (got < want) eof_ = true;
  return got;
}

char csv_reader::detect_delimiter() {
  std::size_t comma = 0, semicolon = 0, tab = 0;
  bool quoted = false;
  std::size_t p = pos_;
  for (;;) {
    for (; p < end_; ++p) {
      const char c = buf_[p];
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted) {
        if (c == '\n' || c == '\r') break;
        comma += c == ',';
        semicolon += c == ';';
        tab += c == '\t';
      }
    }
    if (p < end_ || eof_) break;
    // The header line is longer than the buffer: grow it (as for any long record) and read on.
    if (end_ == buf_.size()) {
      if (buf_.size() >= max_record_bytes_) break;
      buf_.resize(std::min(max_record_bytes_, buf_.size() * 2));
    }
    fill();
  }
  if (semicolon > comma && semicolon >= tab) return ';';
  if (tab > comma && tab > semicolon) return '\t';
  return ',';
}

void csv_reader::fail(const std::string& what, std::int64_t line) const {
  throw input_error(input_errc::malformed_record, {file_, line, "", ""}, what);
}

csv_reader::parse_result csv_reader::parse_record() {
  const char* b = buf_.data();
  const std::size_t e = end_;
  const char d = delimiter_;
  std::size_t p = pos_;
  std::int64_t line = line_;

  // Blank lines between records are skipped (and counted).
  for (;;) {
    if (p == e) {
      pos_ = p;
      line_ = line;
      return eof_ ? parse_result::end_of_data : parse_result::need_more;
    }
    if (b[p] == '\n') {
      ++p;
      ++line;
    } else if (b[p] == '\r') {
      if (p + 1 == e && !eof_) {
        pos_ = p;
        line_ = line;
        return parse_result::need_more;
      }
      ++p;
      if (p < e && b[p] == '\n') ++p;
      ++line;
    } else {
      break;
    }
  }
  pos_ = p;
  line_ = line;
  record_line_ = line;
  spans_.clear();

  for (;;) {
    if (p < e && b[p] == '"') {
      // Quoted field: runs to the next single quote; "" is an escaped quote.
      const std::size_t start = ++p;
      const std::int64_t opened = line;
      bool escaped = false;
      for (;;) {
        while (p < e && !quoted_special.special[static_cast<unsigned char>(b[p])]) ++p;
        if (p == e) {
          if (!eof_) return parse_result::need_more;
          fail("unterminated quoted field: field " + std::to_string(spans_.size() + 1) +
                   " opens a quote on line " + std::to_string(opened) +
                   " that is never closed before the end of the file",
               record_line_);
        }
        const char c = b[p];
        if (c == '\n') {
          ++p;
          ++line;
          continue;
        }
        if (c == '\r') {
          if (p + 1 == e && !eof_) return parse_result::need_more;
          ++p;
          if (p < e && b[p] == '\n') ++p;
          ++line;
          continue;
        }
        if (p + 1 == e && !eof_) return parse_result::need_more;  // is it ""?
        if (p + 1 < e && b[p + 1] == '"') {
          escaped = true;
          p += 2;
          continue;
        }
        break;
      }
      spans_.push_back({start, p, escaped});
      ++p;  // the closing quote
      if (p == e) {
        if (!eof_) return parse_result::need_more;
        break;
      }
      const char c = b[p];
      if (c == d) {
        ++p;
        continue;
      }
      if (c == '\n') {
        ++p;
        ++line;
        break;
      }
      if (c == '\r') {
        if (p + 1 == e && !eof_) return parse_result::need_more;
        ++p;
        if (p < e && b[p] == '\n') ++p;
        ++line;
        break;
      }
      fail("field " + std::to_string(spans_.size()) + " has text after its closing quote" +
               (line != record_line_ ? " on line " + std::to_string(line) : std::string()) +
               " (starting " + printable(c) +
               "); a quote inside a quoted field must be doubled (\"\")",
           record_line_);
    } else {
      // Unquoted field: runs to the delimiter or the end of the line.
      const std::size_t start = p;
      while (p < e && !field_special_[static_cast<unsigned char>(b[p])]) ++p;
      if (p == e) {
        if (!eof_) return parse_result::need_more;
        spans_.push_back({start, p, false});
        break;
      }
      spans_.push_back({start, p, false});
      const char c = b[p];
      if (c == d) {
        ++p;
        continue;
      }
      if (c == '\n') {
        ++p;
        ++line;
        break;
      }
      if (p + 1 == e && !eof_) return parse_result::need_more;  // '\r': is it CRLF?
      ++p;
      if (p < e && b[p] == '\n') ++p;
      ++line;
      break;
    }
  }
  pos_ = p;
  line_ = line;
  return parse_result::record;
}

bool csv_reader::read_record() {
  for (;;) {
    switch (parse_record()) {
      case parse_result::record: return true;
      case parse_result::end_of_data: return false;
      case parse_result::need_more: break;
    }
    // Move the partial record to the front of the buffer and refill the rest.
    if (pos_ > 0) {
      std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
      buf_offset_ += pos_;
      end_ -= pos_;
      pos_ = 0;
    }
    if (end_ == buf_.size()) {
      // One record fills the whole buffer: grow it, up to the record limit.
      if (buf_.size() >= max_record_bytes_)
        fail("the record starting on this line is longer than " +
                 std::to_string(max_record_bytes_) +
                 " bytes (csv_options::max_record_bytes); is a quote left open?",
             line_);
      buf_.resize(std::min(max_record_bytes_, buf_.size() * 2));
    }
    fill();
  }
}

void csv_reader::check_field_count(std::size_t n) const {
  if (n != columns_.size())
    fail("the record has " + std::to_string(n) + " field" + (n == 1 ? "" : "s") +
             " but the header has " + std::to_string(columns_.size()),
         record_line_);
}

void csv_reader::materialize(std::vector<std::string_view>& fields) {
  char* b = buf_.data();
  fields.resize(spans_.size());
  for (std::size_t i = 0; i < spans_.size(); ++i) {
    span& s = spans_[i];
    if (s.escaped) {  // "" -> ", in place
      std::size_t w = s.begin;
      for (std::size_t r = s.begin; r < s.end; ++r, ++w) {
        b[w] = b[r];
        if (b[r] == '"') ++r;
      }
      s.end = w;
      s.escaped = false;
    }
    fields[i] = std::string_view(b + s.begin, s.end - s.begin);
  }
}

bool csv_reader::next(std::vector<std::string_view>& fields) {
  if (pending_next_ < pending_.size()) {
    const std::vector<std::string>& row = pending_[pending_next_];
    fields.assign(row.begin(), row.end());
    row_ = pending_lines_[pending_next_];
    ++pending_next_;
    return true;
  }
  if (pending_error_) std::rethrow_exception(pending_error_);
  if (!read_record()) return false;
  check_field_count(spans_.size());
  materialize(fields);
  row_ = record_line_;
  return true;
}

std::uint64_t csv_reader::bytes_read() const { return buf_offset_ + pos_; }

}  // namespace cxgap::io
