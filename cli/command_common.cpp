// Plumbing shared by the cxgap subcommands dyads, items and profile (see command_common.hpp).
#include "command_common.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>

#include "cxgap/error.hpp"
#include "cxgap/io/csv.hpp"
#include "cxgap/io/schema_json.hpp"
#if CXGAP_HAVE_READSTAT
#include "cxgap/io/readstat.hpp"
#endif

namespace cxgap::cli {

int guarded(const std::function<int()>& body) {
  try {
    return body();
  } catch (const usage_error& e) {
    std::cerr << "cxgap: " << e.what() << "\n";
    return exit_usage;
  } catch (const cxgap::input_error& e) {
    std::cerr << e.what() << "\n";
    return exit_input;
  } catch (const std::exception& e) {
    std::cerr << "cxgap: " << e.what() << "\n";
    return exit_input;
  }
}

void add_common_options(CLI::App* sub, common_args& args) {
  sub->add_option("file", args.file, "Survey file: CSV (- for stdin), .sav, .zsav, .dta, .sas7bdat")
      ->required();
  sub->add_option("--schema", args.schema, "JSON schema: scales (reverse coding, boxes, don't know)");
  sub->add_option("--level", args.level, "Confidence level")->capture_default_str();
  sub->add_option("--format", args.format, "Output format")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  sub->add_option("--output", args.output, "Write the result to FILE instead of stdout");
  sub->add_flag("--lenient", args.lenient,
                "Exclude and count bad values instead of stopping at the first");
}

void check_level(double level) {
  if (!(level > 0 && level < 1))
    throw usage_error("--level must be in (0, 1), got " + std::to_string(level));
}

namespace {
bool ends_with(const std::string& s, const char* tail) {
  const std::string t(tail);
  return s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0;
}
}  // namespace

std::unique_ptr<io::table_reader> open_table(const std::string& path) {
  for (const char* ext : {".sav", ".zsav", ".dta", ".sas7bdat"}) {
    if (ends_with(path, ext)) {
#if CXGAP_HAVE_READSTAT
      return io::open_readstat(path);
#else
      throw input_error(input_errc::unreadable_file, {path, 0, "", ""},
                        "this cxgap was built without ReadStat (SPSS/Stata/SAS input)");
#endif
    }
  }
  if (path == "-") return std::make_unique<io::csv_reader>(std::cin, "<stdin>");
  return std::make_unique<io::csv_reader>(path);
}

io::survey_spec read_spec(const common_args& args) {
  return args.schema.empty() ? io::survey_spec{} : io::read_schema(args.schema);
}

std::optional<cxgap::scale> declared_scale(const io::survey_spec& spec, const std::string& column) {
  for (const auto& it : spec.items)
    if (it.column == column || it.id == column) return it.scale;
  return std::nullopt;
}

bool observing_reader::next(std::vector<std::string_view>& fields) {
  if (!inner_.next(fields)) {
    if (!ended_ && at_end_) {
      ended_ = true;
      at_end_();
    }
    return false;
  }
  if (on_row_) on_row_(fields, inner_.row());
  return true;
}

std::size_t find_column(const io::table_reader& reader, const std::string& name) {
  const auto& cols = reader.columns();
  for (std::size_t c = 0; c < cols.size(); ++c)
    if (cols[c].name == name) return c;
  return std::string::npos;
}

std::string_view trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

output::output(const std::string& path) : out_(path.empty() ? std::cout : file_) {
  if (path.empty()) return;
  file_.open(path, std::ios::binary);
  if (!file_)
    throw input_error(input_errc::unreadable_file, {path, 0, "", ""}, "cannot write the output file");
}

namespace {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  q += '"';
  return q;
}

void flatten(std::ostream& out, const nlohmann::ordered_json& v, const std::string& key) {
  if (v.is_object()) {
    for (const auto& [k, child] : v.items()) {
      std::string path = key;
      if (!path.empty()) path += '.';
      path += k;
      flatten(out, child, path);
    }
  } else if (v.is_array()) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      std::string path = key;
      path += '.';
      path += std::to_string(i);
      flatten(out, v[i], path);
    }
  } else {
    out << csv_field(key) << ',';
    if (v.is_string())
      out << csv_field(v.get<std::string>());
    else if (!v.is_null())
      out << v.dump();
    out << '\n';
  }
}

}  // namespace

void write_document(std::ostream& out, const nlohmann::ordered_json& doc, const std::string& format) {
  if (format == "json") {
    out << doc.dump(2) << '\n';
    return;
  }
  out << "key,value\n";
  flatten(out, doc, "");
}

nlohmann::ordered_json number(double x) {
  return std::isfinite(x) ? nlohmann::ordered_json(x) : nlohmann::ordered_json(nullptr);
}

double num(const nlohmann::ordered_json& j) {
  return j.is_number() ? j.get<double>() : std::numeric_limits<double>::quiet_NaN();
}

nlohmann::ordered_json ci_json(const interval<>& i) {
  return nlohmann::ordered_json::array({number(i.lower), number(i.upper)});
}

nlohmann::ordered_json input_json(const io::ingest_summary& s) {
  nlohmann::ordered_json excluded = nlohmann::ordered_json::object();
  for (const auto& [reason, count] : s.values_excluded) excluded[reason] = count;
  return {{"file", s.file},
          {"rows_read", s.rows_read},
          {"rows_used", s.rows_used},
          {"values_excluded", excluded}};
}

std::string summary_line(const io::ingest_summary& s) {
  std::string line = s.file + ": " + std::to_string(s.rows_read) + " rows read, " +
                     std::to_string(s.rows_used) + " used";
  std::int64_t excluded = 0;
  for (const auto& [reason, count] : s.values_excluded) excluded += count;
  line += "; " + std::to_string(excluded) + " values excluded";
  bool first = true;
  for (const auto& [reason, count] : s.values_excluded) {
    if (count == 0) continue;
    line += first ? " (" : ", ";
    line += reason + ": " + std::to_string(count);
    first = false;
  }
  if (!first) line += ")";
  return line;
}

std::string fixed(double x, int decimals, bool sign) {
  if (std::isnan(x)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, sign ? "%+.*f" : "%.*f", decimals, x);
  return buf;
}

std::string p_text(double p) {
  if (std::isnan(p)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, p < 0.001 ? "%.1e" : "%.3f", p);
  return buf;
}

std::string with_ci(double estimate, const interval<>& ci, int decimals, double scale) {
  std::string s = fixed(scale * estimate, decimals, true);
  s += " [";
  s += fixed(scale * ci.lower, decimals, true);
  s += ", ";
  s += fixed(scale * ci.upper, decimals, true);
  s += "]";
  return s;
}

}  // namespace cxgap::cli
