// Reading `--rake` margins files (see rake_margins.hpp, docs/cli.md).
#include "rake_margins.hpp"

#include <charconv>
#include <cmath>
#include <system_error>

#include "command_common.hpp"
#include "cxgap/error.hpp"
#include "cxgap/io/csv.hpp"

namespace cxgap::cli {

std::size_t rake_margins::category(std::size_t m, std::string_view value) const {
  const std::string_view v = trim(value);
  const auto& cats = margins[m].categories;
  for (std::size_t k = 0; k < cats.size(); ++k)
    if (cats[k] == v) return k;
  return static_cast<std::size_t>(-1);
}

rake_margins read_rake_margins(const std::string& path) {
  rake_margins out;
  out.file = path;
  io::csv_reader reader(path);
  const auto& cols = reader.columns();
  std::size_t var_col = cols.size(), cat_col = cols.size(), total_col = cols.size();
  std::string header;
  for (std::size_t c = 0; c < cols.size(); ++c) {
    const std::string_view name = trim(cols[c].name);
    if (!header.empty()) header += ',';
    header += cols[c].name;
    std::size_t* slot = name == "variable" ? &var_col
                        : name == "category" ? &cat_col
                        : name == "total"    ? &total_col
                                             : nullptr;
    if (!slot || *slot != cols.size())
      throw input_error(input_errc::malformed_record, {path, 1, cols[c].name, ""},
                        "a raking margins file has exactly the columns variable,category,total "
                        "(header: " + header + ")");
    *slot = c;
  }
  if (var_col == cols.size() || cat_col == cols.size() || total_col == cols.size())
    throw input_error(input_errc::malformed_record, {path, 1, "", header},
                      "a raking margins file has the header variable,category,total");
  std::vector<std::string_view> fields;
  while (reader.next(fields)) {
    const std::int64_t row = reader.row();
    const std::string_view var = trim(fields[var_col]), cat = trim(fields[cat_col]);
    const std::string_view raw_total = trim(fields[total_col]);
    if (var.empty())
      throw input_error(input_errc::malformed_record, {path, row, "variable", ""},
                        "the variable (a column of the data file) is empty");
    if (cat.empty())
      throw input_error(input_errc::malformed_record, {path, row, "category", ""},
                        "the category is empty (a raking variable cannot have missing values)");
    double total = 0;
    std::string_view number = raw_total;
    if (number.size() > 1 && number[0] == '+' && number[1] != '-') number.remove_prefix(1);
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), total);
    if (number.empty() || ec != std::errc() || end != number.data() + number.size() ||
        !std::isfinite(total) || total < 0)
      throw input_error(input_errc::malformed_record, {path, row, "total", std::string(raw_total)},
                        "a population total must be a finite number >= 0");
    rake_margin_spec* m = nullptr;
    for (auto& x : out.margins)
      if (x.variable == var) m = &x;
    if (!m) {
      out.margins.push_back({std::string(var), {}, {}, {}});
      m = &out.margins.back();
    }
    for (std::size_t k = 0; k < m->categories.size(); ++k)
      if (m->categories[k] == cat)
        throw input_error(input_errc::malformed_record, {path, row, "category", std::string(cat)},
                          "category '" + std::string(cat) + "' of '" + m->variable +
                              "' is listed twice (first in row " + std::to_string(m->rows[k]) + ")");
    m->categories.emplace_back(cat);
    m->totals.push_back(total);
    m->rows.push_back(row);
  }
  if (out.margins.empty())
    throw input_error(input_errc::malformed_record, {path, 0, "", ""},
                      "the raking margins file has no rows");
  return out;
}

}  // namespace cxgap::cli
