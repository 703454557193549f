// Streaming CSV reader (see io/csv.hpp and docs/io.md).
//
// The input is read through one buffer. A record is parsed from its first byte straight into the
// caller's field views; if the buffer ends before the record does, the partial record is moved to
// the front of the buffer, the rest is refilled, and the record is parsed again from its start.
// Only after a record is complete are its quoted fields unescaped, in place (the unescaped text
// is never longer than the raw text), so fields are always views into the buffer and nothing is
// allocated per record.
//
// The scan: unquoted fields end at the next delimiter, LF or CR. Those bytes are found 64 at a
// time as bit masks (detail/csv_scan.hpp, SSE2) kept between fields and records: each field
// takes the next set bit, so a one-byte field costs a count-trailing-zeros rather than a branch
// per byte. Quoted fields are scanned for '"', LF and CR 64 bytes at a time the same way. A run
// of unquoted fields is taken by unquoted_fields(), a small function whose loop state stays in
// registers.
#include "cxgap/io/csv.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <fstream>
#include <istream>
#include <limits>
#include <utility>

#include "cxgap/error.hpp"
#include "cxgap/io/detail/csv_scan.hpp"
#include "cxgap/io/detail/parse_code.hpp"

namespace cxgap::io {

namespace {

constexpr std::size_t min_buffer_bytes = 4;
constexpr std::size_t scan_padding = detail::scan_block;  // bytes after the buffer for 64-byte loads
// No scan block: not a multiple of 64, so never the block of a position.
constexpr std::size_t no_block = std::numeric_limits<std::size_t>::max();
// Once past the range end, the last record is finished with reads of this size.
constexpr std::size_t tail_read_bytes = std::size_t{64} << 10;

std::string printable(char c) {
  switch (c) {
    case '\t': return "'\\t'";
    case '\n': return "'\\n'";
    case '\r': return "'\\r'";
    default: return std::string("'") + c + "'";
  }
}

void check_delimiter(char d) {
  if (d == '"' || d == '\n' || d == '\r')
    throw cxgap::invalid_argument("cxgap::io::csv_reader: options.delimiter is " + printable(d) +
                                  ", but must not be a quote or a line break");
}

}  // namespace

csv_reader::csv_reader(const std::string& path, const csv_options& options) : file_(path) {
  open_file(path);
  open(options);
}

csv_reader::csv_reader(std::istream& in, std::string name, const csv_options& options)
    : file_(std::move(name)), in_(&in) {
  open(options);
}

csv_reader::csv_reader(const std::string& path, const csv_layout& layout, const csv_range& range,
                       const csv_options& options)
    : file_(path) {
  if (layout.columns.empty())
    throw cxgap::invalid_argument(
        "cxgap::io::csv_reader: layout.columns is empty, but a header is required");
  check_delimiter(layout.delimiter);
  init_buffer(options);
  open_file(path);
  columns_ = layout.columns;
  delimiter_ = layout.delimiter;
  qualtrics_ = layout.qualtrics;
  data_begin_ = layout.data_begin;
  data_line_ = layout.data_line;
  if (in_->seekg(0, std::ios::end)) {
    const std::istream::pos_type stop = in_->tellg();
    if (stop != std::istream::pos_type(-1)) bytes_total_ = static_cast<std::uint64_t>(stop);
  }
  in_->clear();
  if (!in_->seekg(static_cast<std::streamoff>(range.begin)))
    throw input_error(input_errc::unreadable_file, {file_, 0, "", ""},
                      "cannot seek to byte " + std::to_string(range.begin));
  buf_offset_ = range.begin;
  line_ = range.line;
  limit_ = range.end;
}

csv_reader::~csv_reader() = default;

void csv_reader::open_file(const std::string& path) {
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
}

void csv_reader::init_buffer(const csv_options& options) {
  if (options.buffer_bytes == 0)
    throw cxgap::invalid_argument(
        "cxgap::io::csv_reader: options.buffer_bytes is 0, but must be positive");
  max_record_bytes_ = std::max(options.max_record_bytes, min_buffer_bytes);
  capacity_ = std::max(options.buffer_bytes, min_buffer_bytes);
  buf_.assign(capacity_ + scan_padding, '\0');
  scan_block_ = no_block;
}

void csv_reader::open(const csv_options& options) {
  check_delimiter(options.delimiter);
  init_buffer(options);

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

  std::vector<std::string_view> fields;
  if (!read_record(fields))
    throw input_error(input_errc::malformed_record, {file_, 0, "", ""},
                      "the file is empty: a header row is required");
  columns_.resize(fields.size());
  for (std::size_t c = 0; c < fields.size(); ++c) columns_[c].name = std::string(fields[c]);
  data_begin_ = bytes_read();
  data_line_ = line_;

  if (options.qualtrics == false) return;
  // Read rows 2 and 3 ahead: question texts and import ids in a Qualtrics export.
  // A malformed row among them is reported when next() reaches it, as in any other file.
  try {
    for (int k = 0; k < 2; ++k) {
      if (!read_record(fields)) break;
      check_field_count(fields.size());
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
    data_begin_ = bytes_read();
    data_line_ = line_;
  }
}

csv_layout csv_reader::layout() const {
  return {columns_, delimiter_, qualtrics_, data_begin_, data_line_};
}

std::size_t csv_reader::fill() {
  scan_block_ = no_block;  // the last block's mask may miss the bytes read now
  if (eof_ || end_ == capacity_) return 0;
  std::size_t want = capacity_ - end_;
  // A range reader reads up to its end, then only what finishes the record crossing it.
  const std::uint64_t read_to = buf_offset_ + end_;
  if (read_to < limit_) want = static_cast<std::size_t>(std::min<std::uint64_t>(want, limit_ - read_to));
  else want = std::min(want, tail_read_bytes);
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
    if (end_ == capacity_) {
      if (capacity_ >= max_record_bytes_) break;
      capacity_ = std::min(max_record_bytes_, capacity_ * 2);
      buf_.resize(capacity_ + scan_padding);
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

namespace {

// Puts the scan on position p: the masks of p's 64-byte block, without the bits before p.
inline void scan_seek(const detail::field_scanner& scan, const char* b, std::size_t e,
                      std::size_t p, std::size_t& block, std::uint64_t& ends,
                      std::uint64_t& breaks) noexcept {
  const std::size_t at = p & ~(detail::scan_block - 1);
  if (at != block) {
    block = at;
    const detail::field_masks m = scan.masks(b + at);
    ends = detail::low_bits(m.ends, e - at);
    breaks = detail::low_bits(m.breaks, e - at);
  }
  const std::uint64_t from_p = ~std::uint64_t{0} << (p - at);
  ends &= from_p;
  breaks &= from_p;
}

// Where parse_record is in a record of unquoted fields: the next field's start, the views used,
// and the scan (its 64-byte block and that block's masks of field ends and line breaks not yet
// passed).
struct field_run {
  std::size_t p;
  std::size_t n;
  std::size_t block;
  std::uint64_t ends;
  std::uint64_t breaks;
};

// Takes the unquoted fields from b[run.p] into f[run.n], ...: each runs to the next set bit of
// the field ends, and the scan moves on block by block. Stops before a field that starts with a
// quote, when `cap` views are used, before the scan would pass the end of the data `e` (the
// caller finishes a field that runs to it), or after a field that ends with a line break: then
// returns true. The common case of parse_record, kept apart so that its few values stay in
// registers (in parse_record's body, with all its other values, they were kept on the stack).
CXGAP_IO_NOINLINE bool unquoted_fields(const char* b, std::size_t e,
                                       const detail::field_scanner& scan, field_run& run,
                                       std::string_view* f, std::size_t cap) noexcept {
  std::size_t p = run.p;
  std::size_t n = run.n;
  std::size_t block = run.block;
  std::uint64_t ends = run.ends;
  std::uint64_t breaks = run.breaks;
  bool at_break = false;
  for (;;) {
    if (ends == 0) {
      if (block + detail::scan_block >= e) break;
      block += detail::scan_block;
      const detail::field_masks m = scan.masks(b + block);
      ends = detail::low_bits(m.ends, e - block);
      breaks = detail::low_bits(m.breaks, e - block);
      continue;
    }
    // A set bit of `ends` lies before the end of the data, so b[p] is data.
    if (n == cap || b[p] == '"') break;
    const std::size_t bit = detail::lowest_bit(ends);
    const std::size_t q = block + bit;
    ends &= ends - 1;
    f[n++] = std::string_view(b + p, q - p);
    p = q + 1;
    if (breaks >> bit & 1) {
      at_break = true;
      break;
    }
  }
  run = {p, n, block, ends, breaks};
  return at_break;
}

// Room for one more field view: doubles `out` and returns its (new) data.
std::string_view* more_fields(std::vector<std::string_view>& out) {
  out.resize(out.size() < 8 ? 8 : 2 * out.size());
  return out.data();
}

}  // namespace

csv_reader::parse_result csv_reader::parse_record(std::vector<std::string_view>& out) {
  char* const b = buf_.data();
  const std::size_t e = end_;
  const char d = delimiter_;
  std::size_t p = pos_;
  std::int64_t line = line_;

  // Blank lines between records are skipped (and counted); a range ends at a record start.
  for (;;) {
    if (buf_offset_ + p >= limit_ || p == e) {
      pos_ = p;
      line_ = line;
      return buf_offset_ + p >= limit_ || eof_ ? parse_result::end_of_data
                                               : parse_result::need_more;
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
  escaped_.clear();

  // Fields go straight into `out`, which keeps its size from the last record.
  std::string_view* f = out.data();
  std::size_t cap = out.size();
  std::size_t n = 0;
  // The scan, in locals while the record is parsed (a need_more return drops it: fill() resets it).
  const detail::field_scanner scan(d);
  std::size_t block = scan_block_;
  std::uint64_t ends = scan_ends_;
  std::uint64_t breaks = scan_breaks_;
  scan_seek(scan, b, e, p, block, ends, breaks);

  for (;;) {
    if (p < e && b[p] == '"') {
      // Quoted field: runs to the next single quote; "" is an escaped quote.
      const std::size_t start = ++p;
      const std::int64_t opened = line;
      bool escaped = false;
      for (;;) {
        p = detail::find_any(b, p, e, '"', '\n', '\r');
        if (p == e) {
          if (!eof_) return parse_result::need_more;
          fail("unterminated quoted field: field " + std::to_string(n + 1) +
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
      if (escaped) escaped_.push_back(n);
      if (n == cap) {
        f = more_fields(out);
        cap = out.size();
      }
      f[n++] = std::string_view(b + start, p - start);
      ++p;  // the closing quote
      if (p == e) {
        if (!eof_) return parse_result::need_more;
        break;
      }
      const char c = b[p];
      if (c == d) {
        ++p;
        scan_seek(scan, b, e, p, block, ends, breaks);
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
      fail("field " + std::to_string(n) + " has text after its closing quote" +
               (line != record_line_ ? " on line " + std::to_string(line) : std::string()) +
               " (starting " + printable(c) +
               "); a quote inside a quoted field must be doubled (\"\")",
           record_line_);
    } else {
      // Unquoted fields: each runs to the next delimiter or line break, the next bit of `ends`.
      field_run run{p, n, block, ends, breaks};
      const bool at_break = unquoted_fields(b, e, scan, run, f, cap);
      if (run.n != n) {
        p = run.p;
        n = run.n;
        block = run.block;
        ends = run.ends;
        breaks = run.breaks;
        if (!at_break) continue;
        ++line;
        if (b[p - 1] == '\n') break;
        // CR: alone, or the first half of CRLF.
        if (p == e && !eof_) return parse_result::need_more;
        if (p < e && b[p] == '\n') ++p;
        break;
      }
      // None taken: the field runs to the end of the data, or `out` is full.
      while (ends == 0) {
        block += detail::scan_block;
        if (block >= e) break;
        const detail::field_masks m = scan.masks(b + block);
        ends = detail::low_bits(m.ends, e - block);
        breaks = detail::low_bits(m.breaks, e - block);
      }
      if (n == cap) {
        f = more_fields(out);
        cap = out.size();
      }
      if (ends == 0) {  // the field runs to the end of the data
        if (!eof_) return parse_result::need_more;
        f[n++] = std::string_view(b + p, e - p);
        p = e;
        break;
      }
      const std::size_t bit = detail::lowest_bit(ends);
      const std::size_t q = block + bit;
      ends &= ends - 1;
      f[n++] = std::string_view(b + p, q - p);
      p = q + 1;
      if ((breaks >> bit & 1) == 0) continue;  // the delimiter
      ++line;
      if (b[q] == '\n') break;
      // CR: alone, or the first half of CRLF.
      if (p == e && !eof_) return parse_result::need_more;
      if (p < e && b[p] == '\n') ++p;
      break;
    }
  }
  if (n < out.size()) out.resize(n);
  for (const std::size_t i : escaped_) {  // "" -> ", in place
    char* const s = const_cast<char*>(out[i].data());
    const std::size_t len = out[i].size();
    std::size_t w = 0;
    for (std::size_t r = 0; r < len; ++r, ++w) {
      s[w] = s[r];
      if (s[r] == '"') ++r;
    }
    out[i] = std::string_view(s, w);
  }
  pos_ = p;
  line_ = line;
  scan_block_ = block;
  scan_ends_ = ends;
  scan_breaks_ = breaks;
  return parse_result::record;
}

bool csv_reader::read_record(std::vector<std::string_view>& fields) {
  for (;;) {
    switch (parse_record(fields)) {
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
    if (end_ == capacity_) {
      // One record fills the whole buffer: grow it, up to the record limit.
      if (capacity_ >= max_record_bytes_)
        fail("the record starting on this line is longer than " +
                 std::to_string(max_record_bytes_) +
                 " bytes (csv_options::max_record_bytes); is a quote left open?",
             line_);
      capacity_ = std::min(max_record_bytes_, capacity_ * 2);
      buf_.resize(capacity_ + scan_padding);
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

bool csv_reader::next(std::vector<std::string_view>& fields) {
  if (pending_next_ < pending_.size()) {
    const std::vector<std::string>& row = pending_[pending_next_];
    fields.assign(row.begin(), row.end());
    row_ = pending_lines_[pending_next_];
    ++pending_next_;
    return true;
  }
  if (pending_error_) std::rethrow_exception(pending_error_);
  if (!read_record(fields)) return false;
  if (fields.size() != columns_.size()) check_field_count(fields.size());
  row_ = record_line_;
  return true;
}

std::uint64_t csv_reader::bytes_read() const { return buf_offset_ + pos_; }

}  // namespace cxgap::io
