// `cxgap report --rake FILE`: reading the known population margins (a CSV with header
// variable,category,total) and matching them to the data file's raking columns. The raking
// itself is cxgap::rake (design/raking.hpp), applied by cli/replicate_command.cpp to the
// full-sample and every replicate's weights, or to a Taylor design's weights
// (design/raking_taylor.hpp). docs/cli.md ("Raking to population margins").
#ifndef CXGAP_CLI_RAKE_MARGINS_HPP
#define CXGAP_CLI_RAKE_MARGINS_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cxgap::cli {

/// One margin of the file: a data column, its categories (values as written in the data file)
/// with their population totals, and the margins file's row of each.
struct rake_margin_spec {
  std::string variable;
  std::vector<std::string> categories;
  std::vector<double> totals;
  std::vector<std::int64_t> rows;
};

/// The margins, in order of first appearance of each variable in the file.
struct rake_margins {
  std::string file;
  std::vector<rake_margin_spec> margins;

  /// Category index of `value` (trimmed) in margin m, or npos when the margins do not list it.
  std::size_t category(std::size_t m, std::string_view value) const;
};

/// Reads a margins CSV: header exactly the three columns variable, category, total (in any
/// order), one row per category; totals finite and >= 0; no (variable, category) twice.
/// @throws input_error naming the file, row, column and value: unreadable file, wrong header,
///         empty variable or category, a total that is not a finite number >= 0, a repeated
///         category, no rows.
rake_margins read_rake_margins(const std::string& path);

}  // namespace cxgap::cli

#endif  // CXGAP_CLI_RAKE_MARGINS_HPP
