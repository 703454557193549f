// Plumbing shared by the cxgap subcommands dyads, items and profile: exit codes, error
// handling, opening the input file, the --output stream, the input summary line, and the three
// output formats (a table for people, JSON, and CSV as one `key,value` row per JSON value).
#ifndef CXGAP_CLI_COMMAND_COMMON_HPP
#define CXGAP_CLI_COMMAND_COMMON_HPP

#include <fstream>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cxgap/core/scale.hpp"
#include "cxgap/io/ingest.hpp"
#include "cxgap/io/survey_spec.hpp"
#include "cxgap/io/table_reader.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap::cli {

constexpr int exit_ok = 0;
constexpr int exit_usage = 1;
constexpr int exit_input = 2;

/// A bad combination of options (exit 1); the message is printed after "cxgap: ".
struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A subcommand registered on the app: run() is called when app->parsed().
struct command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

command add_dyads_command(CLI::App& app);
command add_items_command(CLI::App& app);
command add_profile_command(CLI::App& app);

/// Runs a command body and maps its exceptions to exit codes: usage_error → 1 ("cxgap: …"),
/// cxgap::input_error → 2 (its own message, which names file, row, column and value), any
/// other exception → 2 ("cxgap: …").
int guarded(const std::function<int()>& body);

/// Options every paired/profile command has.
struct common_args {
  std::string file;
  std::string schema;
  double level = 0.95;
  std::string format = "table";
  std::string output;
  bool lenient = false;
};

/// Adds file, --schema, --level, --format, --output and --lenient to a subcommand.
void add_common_options(CLI::App* sub, common_args& args);

/// Throws usage_error unless --level is in (0, 1).
void check_level(double level);

/// A reader for the file: CSV ("-" = stdin) or, when built with ReadStat, .sav/.zsav/.dta/
/// .sas7bdat.
std::unique_ptr<io::table_reader> open_table(const std::string& path);

/// The schema (--schema) or an empty spec.
io::survey_spec read_spec(const common_args& args);

/// The declared scale of a column in a spec (by column name or item id), if any.
std::optional<cxgap::scale> declared_scale(const io::survey_spec& spec, const std::string& column);

/// A table_reader that passes every record through and shows it to a callback first (row
/// checks the ingest step does not make); `at_end` runs once when the data ends.
class observing_reader : public io::table_reader {
 public:
  using row_callback = std::function<void(const std::vector<std::string_view>&, std::int64_t)>;
  observing_reader(io::table_reader& inner, row_callback on_row, std::function<void()> at_end)
      : inner_(inner), on_row_(std::move(on_row)), at_end_(std::move(at_end)) {}
  const std::string& file() const override { return inner_.file(); }
  const std::vector<io::column_info>& columns() const override { return inner_.columns(); }
  bool next(std::vector<std::string_view>& fields) override;
  std::int64_t row() const override { return inner_.row(); }
  std::uint64_t bytes_read() const override { return inner_.bytes_read(); }
  std::uint64_t bytes_total() const override { return inner_.bytes_total(); }

 private:
  io::table_reader& inner_;
  row_callback on_row_;
  std::function<void()> at_end_;
  bool ended_ = false;
};

/// Index of a column, or npos when the file has none of that name (the ingest step then
/// reports the unknown column).
std::size_t find_column(const io::table_reader& reader, const std::string& name);
/// A field without surrounding blanks and tabs.
std::string_view trim(std::string_view s);

/// stdout, or the --output file (input_error unreadable_file if it cannot be written).
class output {
 public:
  explicit output(const std::string& path);
  std::ostream& stream() { return out_; }

 private:
  std::ofstream file_;
  std::ostream& out_;
};

/// Writes a JSON document (--format json) or its CSV flattening (--format csv): a header
/// `key,value` and one row per number, string, boolean or null, the key being the JSON path
/// with '.' between object keys and array indices (e.g. `mean.ci.0`); null is an empty value.
void write_document(std::ostream& out, const nlohmann::ordered_json& doc, const std::string& format);

/// JSON value of a number: null when not finite.
nlohmann::ordered_json number(double x);
/// The number a JSON value holds (as number() wrote it): NaN for null or any non-number.
double num(const nlohmann::ordered_json& j);
/// [lower, upper] of an interval.
nlohmann::ordered_json ci_json(const interval<>& i);
/// The "input" object: file, rows_read, rows_used, values_excluded.
nlohmann::ordered_json input_json(const io::ingest_summary& s);

/// "FILE: R rows read, U used; N values excluded (reason: n, …)".
std::string summary_line(const io::ingest_summary& s);

/// Formatting for tables: "-" for NaN.
std::string fixed(double x, int decimals, bool sign = false);
std::string p_text(double p);
/// "est [lo, hi]" with the given decimals (percentage points when scale = 100).
std::string with_ci(double estimate, const interval<>& ci, int decimals, double scale = 1);

}  // namespace cxgap::cli

#endif  // CXGAP_CLI_COMMAND_COMMON_HPP
