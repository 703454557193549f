// SPSS, Stata and SAS files through ReadStat (see io/readstat.hpp, docs/io-readstat.md).
// ReadStat pushes metadata, variables, values and value labels through C callbacks; they fill a
// column store (numbers as double, strings interned) which next() formats one record at a time.
#include "cxgap/io/readstat.hpp"

#include <readstat.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>

#include "cxgap/error.hpp"

namespace cxgap::io {
namespace {

constexpr double two_to_53 = 9007199254740992.0;  // doubles below this in magnitude are exact integers
constexpr double max_missing_range = 100;         // SPSS ranges up to this many codes are listed

std::string lower_extension(const std::string& path) {
  const std::string name = std::filesystem::path(path).filename().string();
  const std::size_t dot = name.rfind('.');
  if (dot == std::string::npos) return {};
  std::string ext = name.substr(dot);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

const char* format_name(readstat_format f) {
  switch (f) {
    case readstat_format::sav: return "SPSS";
    case readstat_format::dta: return "Stata";
    case readstat_format::sas7bdat: return "SAS";
  }
  return "?";
}

/// An integer-valued finite double that an int64 holds exactly.
bool is_integer(double x) { return std::isfinite(x) && std::trunc(x) == x && std::fabs(x) < two_to_53; }

}  // namespace

readstat_format readstat_format_of(const std::string& path) {
  const std::string ext = lower_extension(path);
  if (ext == ".sav" || ext == ".zsav") return readstat_format::sav;
  if (ext == ".dta") return readstat_format::dta;
  if (ext == ".sas7bdat") return readstat_format::sas7bdat;
  throw cxgap::invalid_argument("cxgap::io::readstat_format_of: path '" + path + "' has extension '" +
                                ext + "'; expected .sav, .zsav, .dta or .sas7bdat");
}

bool is_readstat_file(const std::string& path) noexcept {
  try {
    readstat_format_of(path);
    return true;
  } catch (...) {
    return false;
  }
}

/// The ReadStat callbacks and what they collect. Each callback catches everything (C code sits
/// between it and the caller) and keeps the first exception to rethrow after the parse.
struct readstat_reader::parse_state {
  readstat_reader& out;
  std::int64_t announced_rows = -1;                  // from the metadata; -1 = unknown
  std::vector<std::string> label_set_of;             // per column: the label set's name
  std::map<std::string, std::map<std::int64_t, std::string>> label_sets;
  std::unordered_map<std::string, std::uint32_t> interned;
  std::string scratch;                               // the string being interned
  std::vector<std::string> messages;                 // from ReadStat's error handler
  std::exception_ptr failure;

  explicit parse_state(readstat_reader& r) : out(r) { interned.emplace(std::string(), 0); }

  [[noreturn]] void fail(const std::string& what) const {
    throw input_error(input_errc::unreadable_file, input_location{out.file_, 0, {}, {}},
                      std::string("cannot read ") + format_name(out.format_) + " file: " + what);
  }

  template <typename F>
  int guarded(F&& f) noexcept {
    try {
      f();
      return READSTAT_HANDLER_OK;
    } catch (...) {
      if (!failure) failure = std::current_exception();
      return READSTAT_HANDLER_ABORT;
    }
  }

  static int on_metadata(readstat_metadata_t* metadata, void* ctx) {
    auto& s = *static_cast<parse_state*>(ctx);
    return s.guarded([&] {
      s.announced_rows = readstat_get_row_count(metadata);
      const int vars = std::min(readstat_get_var_count(metadata), 1 << 16);  // a hint, capped
      if (vars > 0) {
        s.out.columns_.reserve(static_cast<std::size_t>(vars));
        s.out.values_.reserve(static_cast<std::size_t>(vars));
      }
    });
  }

  static int on_variable(int index, readstat_variable_t* variable, const char* val_labels, void* ctx) {
    auto& s = *static_cast<parse_state*>(ctx);
    return s.guarded([&] {
      if (index != static_cast<int>(s.out.columns_.size()))
        s.fail("variable " + std::to_string(index) + " arrived out of order");
      column_info info;
      const char* name = readstat_variable_get_name(variable);
      const char* label = readstat_variable_get_label(variable);
      info.name = name ? name : "";
      info.label = label ? label : "";
      column_values values;
      values.is_string = readstat_variable_get_type_class(variable) == READSTAT_TYPE_CLASS_STRING;
      if (!values.is_string) info.missing_codes = missing_codes(variable);
      if (s.announced_rows > 0) {
        // Trust the header only so far: a corrupt count must not allocate gigabytes.
        const auto n = static_cast<std::size_t>(std::min<std::int64_t>(s.announced_rows, 1 << 20));
        if (values.is_string) values.strings.reserve(n); else values.numbers.reserve(n);
      }
      s.out.columns_.push_back(std::move(info));
      s.out.values_.push_back(std::move(values));
      s.label_set_of.emplace_back(val_labels ? val_labels : "");
    });
  }

  /// The variable's discrete user-missing codes (SPSS), and the codes of integer ranges of at
  /// most max_missing_range codes; open or fractional ranges make values missing but list nothing.
  static std::vector<std::int64_t> missing_codes(const readstat_variable_t* variable) {
    std::vector<std::int64_t> codes;
    const int n = readstat_variable_get_missing_ranges_count(variable);
    for (int i = 0; i < n; ++i) {
      const readstat_value_t lo = readstat_variable_get_missing_range_lo(variable, i);
      const readstat_value_t hi = readstat_variable_get_missing_range_hi(variable, i);
      if (readstat_value_type_class(lo) != READSTAT_TYPE_CLASS_NUMERIC ||
          readstat_value_type_class(hi) != READSTAT_TYPE_CLASS_NUMERIC)
        continue;
      const double a = readstat_double_value(lo), b = readstat_double_value(hi);
      if (!is_integer(a) || !is_integer(b) || b < a || b - a >= max_missing_range) continue;
      for (auto c = static_cast<std::int64_t>(a); c <= static_cast<std::int64_t>(b); ++c) codes.push_back(c);
    }
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    return codes;
  }

  static int on_value(int obs_index, readstat_variable_t* variable, readstat_value_t value, void* ctx) {
    auto& s = *static_cast<parse_state*>(ctx);
    return s.guarded([&] {
      const int index = readstat_variable_get_index_after_skipping(variable);
      if (index < 0 || index >= static_cast<int>(s.out.values_.size()))
        s.fail("a value of unknown variable " + std::to_string(index));
      column_values& column = s.out.values_[static_cast<std::size_t>(index)];
      const std::size_t have = column.is_string ? column.strings.size() : column.numbers.size();
      if (obs_index < 0 || static_cast<std::size_t>(obs_index) != have)
        s.fail("record " + std::to_string(obs_index + 1) + " of variable '" +
               s.out.columns_[static_cast<std::size_t>(index)].name + "' arrived out of order");
      const bool missing = readstat_value_is_missing(value, variable) != 0;
      if (column.is_string) {
        const char* text = missing ? nullptr : readstat_string_value(value);
        column.strings.push_back(s.intern(text ? text : ""));
      } else {
        column.numbers.push_back(missing ? std::numeric_limits<double>::quiet_NaN()
                                         : readstat_double_value(value));
      }
    });
  }

  std::uint32_t intern(const char* text) {
    scratch.assign(text);  // look up without building a map node per value
    const auto it = interned.find(scratch);
    if (it != interned.end()) return it->second;
    const auto next_id = interned.size();
    if (next_id > std::numeric_limits<std::uint32_t>::max()) fail("more than 2^32 distinct strings");
    return interned.emplace(scratch, static_cast<std::uint32_t>(next_id)).first->second;
  }

  static int on_value_label(const char* val_labels, readstat_value_t value, const char* label, void* ctx) {
    auto& s = *static_cast<parse_state*>(ctx);
    return s.guarded([&] {
      // Only integer codes: string keys (SPSS string variables) and labels of tagged missing
      // values (Stata .a, SAS .A) have no place in column_info::value_labels.
      if (!val_labels || readstat_value_type_class(value) != READSTAT_TYPE_CLASS_NUMERIC ||
          readstat_value_is_system_missing(value) || readstat_value_is_tagged_missing(value))
        return;
      const double code = readstat_double_value(value);
      if (!is_integer(code)) return;
      s.label_sets[val_labels][static_cast<std::int64_t>(code)] = label ? label : "";
    });
  }

  static void on_error(const char* message, void* ctx) {
    auto& s = *static_cast<parse_state*>(ctx);
    s.guarded([&] {
      std::string m = message ? message : "";
      while (!m.empty() && std::isspace(static_cast<unsigned char>(m.back()))) m.pop_back();
      if (!m.empty()) s.messages.push_back(std::move(m));
    });
  }

  /// Runs the parser for the reader's format; throws on every kind of failure.
  void run() {
    std::unique_ptr<readstat_parser_t, void (*)(readstat_parser_t*)> parser(readstat_parser_init(),
                                                                           readstat_parser_free);
    if (!parser) throw std::bad_alloc();
    readstat_set_metadata_handler(parser.get(), &on_metadata);
    readstat_set_variable_handler(parser.get(), &on_variable);
    readstat_set_value_handler(parser.get(), &on_value);
    readstat_set_value_label_handler(parser.get(), &on_value_label);
    readstat_set_error_handler(parser.get(), &on_error);

    const char* path = out.file_.c_str();
    readstat_error_t err = READSTAT_OK;
    switch (out.format_) {
      case readstat_format::sav: err = readstat_parse_sav(parser.get(), path, this); break;
      case readstat_format::dta: err = readstat_parse_dta(parser.get(), path, this); break;
      case readstat_format::sas7bdat: err = readstat_parse_sas7bdat(parser.get(), path, this); break;
    }
    if (failure) std::rethrow_exception(failure);
    if (err != READSTAT_OK) {
      const std::string summary = readstat_error_message(err);
      std::string what = summary;
      std::error_code ec;
      if (err == READSTAT_ERROR_OPEN && !std::filesystem::exists(out.file_, ec)) what += " (no such file)";
      for (const std::string& m : messages)  // details, unless they only repeat the summary
        if (m.find(summary) == std::string::npos) what += "; " + m;
      fail(what);
    }
    if (out.format_ == readstat_format::dta) check_stata_end();
    finish();
  }

  /// ReadStat stops reading Stata value labels quietly at the end of the file, so a file cut off
  /// in its value-label section would lose labels unnoticed. Stata 117+ files end with a closing
  /// tag; check that it is there (older versions have no end marker).
  void check_stata_end() const {
    static constexpr char open_tag[] = "<stata_dta>";
    static constexpr char close_tag[] = "</stata_dta>";
    std::ifstream in(out.file_, std::ios::binary);
    char head[sizeof open_tag - 1] = {};
    if (!in.read(head, sizeof head) || std::string_view(head, sizeof head) != open_tag) return;
    char tail[sizeof close_tag - 1] = {};
    in.seekg(-static_cast<std::streamoff>(sizeof tail), std::ios::end);
    if (!in.read(tail, sizeof tail) || std::string_view(tail, sizeof tail) != close_tag)
      fail("the file does not end with '</stata_dta>' (truncated?)");
  }

  /// Checks that every column has every record, then hands labels and strings to the reader.
  void finish() {
    std::size_t records = 0;
    for (std::size_t j = 0; j < out.values_.size(); ++j) {
      const column_values& c = out.values_[j];
      const std::size_t n = c.is_string ? c.strings.size() : c.numbers.size();
      if (j == 0) records = n;
      if (n != records)
        fail("variable '" + out.columns_[j].name + "' has " + std::to_string(n) + " records, variable '" +
             out.columns_[0].name + "' has " + std::to_string(records));
    }
    if (announced_rows >= 0 && !out.values_.empty() && static_cast<std::int64_t>(records) != announced_rows)
      fail("the header announces " + std::to_string(announced_rows) + " records, the file holds " +
           std::to_string(records));
    out.records_ = static_cast<std::int64_t>(records);

    for (std::size_t j = 0; j < out.columns_.size(); ++j) {
      if (label_set_of[j].empty()) continue;
      const auto it = label_sets.find(label_set_of[j]);
      if (it != label_sets.end()) out.columns_[j].value_labels = it->second;
    }
    out.strings_.assign(interned.size(), std::string());
    for (auto& [text, id] : interned) out.strings_[id] = text;
    interned.clear();
  }
};

readstat_reader::readstat_reader(const std::string& path) : readstat_reader(path, readstat_format_of(path)) {}

readstat_reader::readstat_reader(const std::string& path, readstat_format format)
    : file_(path), format_(format) {
  parse_state state(*this);
  state.run();
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  file_size_ = ec ? 0 : static_cast<std::uint64_t>(size);
  spans_.resize(columns_.size());
}

bool readstat_reader::next(std::vector<std::string_view>& fields) {
  if (row_ >= records_) return false;
  const auto r = static_cast<std::size_t>(row_);
  constexpr std::size_t string_field = std::numeric_limits<std::size_t>::max();
  // First format the numbers into text_ (which may reallocate), then take the views.
  text_.clear();
  for (std::size_t j = 0; j < values_.size(); ++j) {
    const column_values& c = values_[j];
    if (c.is_string) {
      spans_[j] = {string_field, c.strings[r]};
      continue;
    }
    const double x = c.numbers[r];
    if (std::isnan(x)) {
      spans_[j] = {0, 0};
      continue;
    }
    char buf[32];
    std::size_t len = 0;
    if (is_integer(x)) {
      len = static_cast<std::size_t>(std::to_chars(buf, buf + sizeof buf, static_cast<std::int64_t>(x)).ptr - buf);
    } else {
      const int n = std::snprintf(buf, sizeof buf, "%.17g", x);
      len = n > 0 ? static_cast<std::size_t>(n) : 0;
    }
    spans_[j] = {text_.size(), len};
    text_.append(buf, len);
  }
  fields.resize(values_.size());
  for (std::size_t j = 0; j < values_.size(); ++j) {
    const auto [offset, length] = spans_[j];
    if (offset == string_field)
      fields[j] = strings_[length];
    else
      fields[j] = std::string_view(text_).substr(offset, length);
  }
  ++row_;
  return true;
}

std::uint64_t readstat_reader::bytes_read() const {
  if (records_ == 0) return file_size_;
  const double share = static_cast<double>(row_) / static_cast<double>(records_);
  return static_cast<std::uint64_t>(share * static_cast<double>(file_size_));
}

std::unique_ptr<table_reader> open_readstat(const std::string& path) {
  return std::make_unique<readstat_reader>(path);
}

}  // namespace cxgap::io
