// Error types. Three tiers (see docs/errors.md):
//  1. a violated precondition (a probability outside [0, 1], an unknown item) throws
//     cxgap::invalid_argument or cxgap::out_of_range, derived from the std types, with a message
//     naming the function, the argument, the value and the bound;
//  2. bad input data throws cxgap::input_error, carrying a stable code and the location
//     (file, row, column, value);
//  3. internal invariants use CXGAP_ASSERT (config.hpp).
// Degenerate but legal data (n = 0, zero variance) is not an error: results carry NaN and a status.
#ifndef CXGAP_ERROR_HPP
#define CXGAP_ERROR_HPP

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

namespace cxgap {

/// A precondition on an argument was violated.
class invalid_argument : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// An index or name does not refer to anything that exists (item, group, category).
class out_of_range : public std::out_of_range {
 public:
  using std::out_of_range::out_of_range;
};

/// Stable identifiers of input errors; their numeric values never change.
enum class input_errc : int {
  unknown_column = 1,
  non_numeric_code = 2,
  code_outside_scale = 3,
  invalid_weight = 4,
  empty_group = 5,
  malformed_record = 6,
  missing_design_value = 7,
  unreadable_file = 8,
  invalid_schema = 9,
  too_many_groups = 10,
};

/// Where in the input a value came from. Empty file/column and row 0 mean "not known".
struct input_location {
  std::string file;
  std::int64_t row = 0;  // 1-based line or record number
  std::string column;
  std::string value;
};

/// Bad input data: carries a stable code and where it happened.
class input_error : public std::runtime_error {
 public:
  input_error(input_errc code, input_location where, const std::string& what)
      : std::runtime_error(format(code, where, what)), code_(code), where_(std::move(where)) {}

  input_errc code() const noexcept { return code_; }
  const input_location& where() const noexcept { return where_; }

 private:
  static std::string format(input_errc code, const input_location& w, const std::string& what) {
    std::string s = "cxgap input error " + std::to_string(static_cast<int>(code)) + ": ";
    if (!w.file.empty()) s += w.file + ":";
    if (w.row > 0) s += "row " + std::to_string(w.row) + ":";
    if (!w.column.empty()) s += " column '" + w.column + "':";
    if (!w.value.empty()) s += " value '" + w.value + "':";
    if (s.back() == ':') s += ' ';
    return s + what;
  }

  input_errc code_;
  input_location where_;
};

}  // namespace cxgap

#endif  // CXGAP_ERROR_HPP
