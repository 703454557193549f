// cxgap: the command-line gap report.
//
//   cxgap report FILE --group COL --compare A:B [--compare A:C …] [--items q1,q2,…]
//         [--schema FILE] [--weight COL] [--strata COL] [--cluster COL [--cluster2 COL]]
//         [--fpc COL] [--fpc2 COL] [--lonely-psu fail|remove|adjust|average|certainty] [--nest]
//         [--numeric COL,...] [--level 0.95]
//         [--adjust holm|hochberg|hommel|bh|by|bonferroni|none] [--format table|json|csv]
//         [--output FILE] [--chart FILE.svg] [--chart-measure mean|top_box] [--lenient] [--threads N]
//         [--repweights REGEX --rep-type T [--fay-rho R] [--rep-scale S] [--rep-rscales X] [--mse]]
//         [--replicates auto|N --rep-type T [--fay-rho R] [--seed S] [--mse]]   (replicate_command.hpp)
//   cxgap dyads FILE --a COL --b COL [--id COL] …   (docs/cli.md)
//   cxgap items FILE --group COL --audience LABEL --a ITEM --b ITEM …
//   cxgap profile FILE --group COL --compare A:B [--drivers ITEM] …
//
// Exit codes: 0 ok, 1 usage error, 2 input error (the message names file, row, column, value).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include <CLI/CLI.hpp>

#include "command_common.hpp"
#include "replicate_command.hpp"

#include <cxgap/chart/svg.hpp>
#include <cxgap/io/csv.hpp>
#include <cxgap/io/ingest.hpp>
#include <cxgap/io/parallel_ingest.hpp>
#include <cxgap/io/report_json.hpp>
#include <cxgap/io/schema_json.hpp>
#include <cxgap/report/csv.hpp>
#include <cxgap/report/design_report.hpp>
#include <cxgap/report/gap_report.hpp>
#include <cxgap/report/table.hpp>
#include <cxgap/report/wave_change.hpp>
#include <cxgap/version.hpp>
#if CXGAP_HAVE_READSTAT
#include <cxgap/io/readstat.hpp>
#endif

namespace {

constexpr int exit_ok = 0;
constexpr int exit_usage = 1;
constexpr int exit_input = 2;

struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct report_args {
  std::string file;
  std::string group;
  std::vector<std::string> compare;
  std::vector<std::string> items;
  std::string schema;
  std::string weight;
  std::string strata;
  std::string cluster;
  std::string cluster2;
  std::string fpc;
  std::string fpc2;
  std::string lonely_psu = "fail";
  bool nest = false;
  std::vector<std::string> numerics;
  std::string wave;
  double level = 0.95;
  std::string adjust = "holm";
  std::string format = "table";
  std::string output;
  std::string chart;
  std::string chart_measure = "mean";
  bool lenient = false;
  unsigned threads = 0;  // CSV files: 0 = one per hardware thread
};

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::unique_ptr<cxgap::io::table_reader> open_table(const std::string& path) {
  for (const char* ext : {".sav", ".zsav", ".dta", ".sas7bdat"}) {
    if (ends_with(path, ext)) {
#if CXGAP_HAVE_READSTAT
      return cxgap::io::open_readstat(path);
#else
      throw cxgap::input_error(cxgap::input_errc::unreadable_file, {path, 0, "", ""},
                               "this cxgap was built without ReadStat (SPSS/Stata/SAS input)");
#endif
    }
  }
  if (path == "-") return std::make_unique<cxgap::io::csv_reader>(std::cin, "<stdin>");
  return std::make_unique<cxgap::io::csv_reader>(path);
}

// Progress on stderr, only when stderr is a terminal and the work has taken over two seconds.
class progress_bar {
 public:
  progress_bar() : enabled_(isatty(STDERR_FILENO) != 0), start_(clock::now()) {}
  ~progress_bar() {
    if (shown_) std::fprintf(stderr, "\r%60s\r", "");
  }
  void operator()(std::uint64_t done, std::uint64_t total) {
    if (!enabled_ || total == 0) return;
    if (clock::now() - start_ < std::chrono::seconds(2)) return;
    const double f = static_cast<double>(done) / static_cast<double>(total);
    const int bar = static_cast<int>(40 * f);
    std::fprintf(stderr, "\rreading [%-40.*s] %3.0f%%", bar,
                 "########################################", 100 * f);
    shown_ = true;
  }

 private:
  using clock = std::chrono::steady_clock;
  bool enabled_;
  bool shown_ = false;
  clock::time_point start_;
};

std::pair<std::string, std::string> parse_pair(const std::string& s) {
  const auto colon = s.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == s.size() ||
      s.find(':', colon + 1) != std::string::npos)
    throw usage_error("--compare expects A:B (two group labels), got '" + s + "'");
  return {s.substr(0, colon), s.substr(colon + 1)};
}

cxgap::io::survey_spec make_spec(const report_args& args) {
  cxgap::io::survey_spec spec;
  if (!args.schema.empty()) spec = cxgap::io::read_schema(args.schema);
  if (!args.group.empty()) spec.group = args.group;
  if (!args.weight.empty()) spec.weight = args.weight;
  if (!args.strata.empty()) spec.stratum = args.strata;
  if (!args.cluster.empty()) spec.cluster = args.cluster;
  if (!args.cluster2.empty()) spec.cluster2 = args.cluster2;
  if (!args.fpc.empty()) spec.fpc = args.fpc;
  if (!args.fpc2.empty()) spec.fpc2 = args.fpc2;
  if (!args.numerics.empty()) spec.numerics = args.numerics;
  spec.lonely_psu = args.lonely_psu;
  spec.nest = args.nest;
  if (!spec.cluster2.empty() && spec.cluster.empty())
    throw usage_error("--cluster2 needs --cluster (the first-stage cluster)");
  if (!spec.fpc2.empty() && spec.cluster2.empty())
    throw usage_error("--fpc2 needs --cluster2 (the stage-2 fpc counts SSUs)");
  if (!spec.fpc.empty() && spec.stratum.empty() && spec.cluster.empty())
    throw usage_error("--fpc needs --strata or --cluster");
  if (!args.wave.empty()) spec.wave = args.wave;
  if (spec.group.empty()) throw usage_error("name the group column with --group (or in --schema)");
  if (!args.items.empty()) {
    // Keep the schema's declaration of a listed item; list the others bare (scale inferred).
    std::vector<cxgap::io::item_spec> chosen;
    for (const std::string& column : args.items) {
      cxgap::io::item_spec it{column, column, "", std::nullopt};
      for (const auto& declared : spec.items)
        if (declared.column == column || declared.id == column) it = declared;
      chosen.push_back(it);
    }
    spec.items = std::move(chosen);
    // Matches whose items are not all listed are dropped.
    std::vector<cxgap::matched_item> matches;
    for (const auto& m : spec.matches) {
      bool all = true;
      for (const auto& [group, id] : m.item_by_group) {
        bool found = false;
        for (const auto& it : spec.items) found = found || it.id == id;
        all = all && found;
      }
      if (all) matches.push_back(m);
    }
    spec.matches = std::move(matches);
  }
  return spec;
}

std::string fixed(double x, int decimals) {
  if (std::isnan(x)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%+.*f", decimals, x);
  return buf;
}

std::string p_text(double p) {
  if (std::isnan(p)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, p < 0.001 ? "%.1e" : "%.3f", p);
  return buf;
}

// Is the gap closing? One line per item: both waves' gaps and the change with its CI.
void write_change_table(std::ostream& out, const cxgap::wave_change_report& c) {
  out << "\nchange of the gap from " << c.a << " - " << c.b << " to " << c.later_a << " - "
      << c.later_b << " (later minus earlier; negative = the gap is closing)\n";
  char line[512];
  std::snprintf(line, sizeof line, "%-24s %10s %10s %26s %8s %12s %12s %26s %8s\n", "item",
                "mean gap 1", "mean gap 2", "change [CI]", "p_adj", "top gap 1", "top gap 2",
                "change [CI, pts]", "p_adj");
  out << line;
  for (const auto& i : c.items) {
    const std::string mean_ci = fixed(i.mean.estimate, 2) + " [" + fixed(i.mean.ci.lower, 2) +
                                ", " + fixed(i.mean.ci.upper, 2) + "]";
    const std::string top_ci = fixed(100 * i.top_box.estimate, 0) + " [" +
                               fixed(100 * i.top_box.ci.lower, 0) + ", " +
                               fixed(100 * i.top_box.ci.upper, 0) + "]";
    std::snprintf(line, sizeof line, "%-24s %10s %10s %26s %8s %12s %12s %26s %8s\n",
                  i.item.c_str(), fixed(i.mean.value_a, 2).c_str(), fixed(i.mean.value_b, 2).c_str(),
                  mean_ci.c_str(), p_text(i.mean.p_adjusted).c_str(),
                  fixed(100 * i.top_box.value_a, 0).c_str(),
                  fixed(100 * i.top_box.value_b, 0).c_str(), top_ci.c_str(),
                  p_text(i.top_box.p_adjusted).c_str());
    out << line;
  }
}

int run_report(const report_args& args, const cxgap::cli::replicate_args& replicate_options) {
  cxgap::report_options options;
  if (!(args.level > 0 && args.level < 1))
    throw usage_error("--level must be in (0, 1), got " + std::to_string(args.level));
  options.level = args.level;
  try {
    options.adjust = cxgap::parse_p_adjust(args.adjust);
  } catch (const std::exception&) {
    throw usage_error("--adjust must be one of holm, hochberg, hommel, bh, by, bonferroni, none; got '" +
                      args.adjust + "'");
  }
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& c : args.compare) pairs.push_back(parse_pair(c));

  cxgap::io::survey_spec spec = make_spec(args);
  bool needs_inference = spec.items.empty();
  for (const auto& it : spec.items) needs_inference = needs_inference || !it.scale;
  if (needs_inference) {
    if (args.file == "-")
      throw usage_error("reading stdin needs a --schema that declares every item's scale");
    auto reader = open_table(args.file);
    spec = cxgap::io::infer_spec(*reader, spec);
  }

  progress_bar progress;
  cxgap::io::ingest_options io;
  io.lenient = args.lenient;
  io.progress = [&progress](std::uint64_t done, std::uint64_t total) { progress(done, total); };
  // A CSV file (seekable) is read in byte ranges on several threads; stdin and SPSS/Stata/SAS
  // files on one reader.
  const auto read_data = [&]() -> cxgap::io::ingest_result {
    bool csv_file = args.file != "-";
    for (const char* ext : {".sav", ".zsav", ".dta", ".sas7bdat"})
      csv_file = csv_file && !ends_with(args.file, ext);
    if (csv_file) return cxgap::io::ingest_parallel(args.file, {}, spec, io, args.threads);
    auto reader = open_table(args.file);
    return cxgap::io::ingest(*reader, spec, io);
  };
  // Replicate weights (cli/replicate_command.cpp) read the file themselves.
  std::optional<cxgap::cli::replicate_analysis> replicate;
  std::optional<cxgap::io::ingest_result> read;
  if (replicate_options.active())
    replicate.emplace(replicate_options, args.file, spec, io);
  else
    read = read_data();
  const cxgap::io::ingest_result& data = replicate ? replicate->data() : *read;

  const auto& groups = data.tally.groups();
  const auto has_respondents = [&](const std::string& g) {
    for (std::size_t i = 0; i < groups.size(); ++i)
      if (groups[i] == g && data.tally.respondents(i) > 0) return true;
    return false;
  };
  // Waves in order of first appearance ("<group> @ <wave>" groups).
  std::vector<std::string> waves;
  if (!spec.wave.empty()) {
    for (const auto& g : groups) {
      const auto at = g.rfind(" @ ");
      const std::string w = g.substr(at + 3);
      if (std::find(waves.begin(), waves.end(), w) == waves.end()) waves.push_back(w);
    }
  }
  std::vector<cxgap::gap_report> reports;
  std::vector<cxgap::wave_change_report> changes;
  for (const auto& [a, b] : pairs) {
    for (const std::string& g : {a, b}) {
      bool present = has_respondents(g);
      for (const auto& w : waves) present = present || has_respondents(cxgap::io::wave_group_label(g, w));
      if (!present) {
        std::string known;
        for (const auto& x : groups) known += (known.empty() ? "" : ", ") + x;
        throw cxgap::input_error(cxgap::input_errc::empty_group, {data.summary.file, 0, spec.group, g},
                                 "no respondents in group '" + g + "' named in --compare (groups: " +
                                     known + ")");
      }
    }
    if (waves.empty()) {
      if (replicate) {
        reports.push_back(replicate->compare(a, b, options));
        continue;
      }
      reports.push_back(data.design ? cxgap::design_compare(data.design->tally, data.design->design,
                                                            a, b, options)
                                    : cxgap::compare(data.tally, a, b, options));
      continue;
    }
    // One report per wave where both audiences answered, then the change first -> last wave.
    std::vector<std::size_t> in_waves;
    for (const auto& w : waves) {
      const std::string wa = cxgap::io::wave_group_label(a, w), wb = cxgap::io::wave_group_label(b, w);
      if (!has_respondents(wa) || !has_respondents(wb)) continue;
      in_waves.push_back(reports.size());
      reports.push_back(data.design ? cxgap::design_compare(data.design->tally,
                                                            data.design->design, wa, wb, options)
                                    : cxgap::compare(data.tally, wa, wb, options));
    }
    if (in_waves.size() >= 2)
      changes.push_back(cxgap::compare_waves(data.tally, reports[in_waves.front()],
                                             reports[in_waves.back()]));
  }

  std::ofstream file_out;
  if (!args.output.empty()) {
    file_out.open(args.output, std::ios::binary);
    if (!file_out)
      throw cxgap::input_error(cxgap::input_errc::unreadable_file, {args.output, 0, "", ""},
                               "cannot write the output file");
  }
  std::ostream& out = args.output.empty() ? std::cout : file_out;
  if (args.format == "json") {
    if (spec.wave.empty())
      cxgap::io::write_json(out, reports, data.summary);
    else
      cxgap::io::write_json(out, reports, data.summary, changes);
  } else if (args.format == "csv") {
    cxgap::write_csv(out, reports);
  } else {
    const auto& s = data.summary;
    out << s.file << ": " << s.rows_read << " rows read, " << s.rows_used << " used";
    std::int64_t excluded = 0;
    for (const auto& [reason, count] : s.values_excluded) excluded += count;
    out << "; " << excluded << " values excluded";
    bool first = true;
    for (const auto& [reason, count] : s.values_excluded) {
      if (count == 0) continue;
      out << (first ? " (" : ", ") << reason << ": " << count;
      first = false;
    }
    out << (first ? "" : ")") << '\n';
    for (const auto& r : reports) {
      out << '\n';
      if (replicate)
        cxgap::cli::replicate_analysis::write_table(out, r);
      else
        cxgap::write_table(out, r);
    }
    for (const auto& c : changes) write_change_table(out, c);
  }
  if (!args.chart.empty()) {
    cxgap::chart_options chart;
    chart.measure = args.chart_measure == "top_box" ? cxgap::chart_measure::top_box
                                                    : cxgap::chart_measure::mean;
    chart.alpha = options.alpha;
    chart.scales = &data.tally.codebook();
    std::ofstream svg(args.chart, std::ios::binary);
    if (!svg)
      throw cxgap::input_error(cxgap::input_errc::unreadable_file, {args.chart, 0, "", ""},
                               "cannot write the chart file");
    // Numeric items of a design-based report have no scale to chart: left out of the chart.
    std::vector<cxgap::gap_report> charted = reports;
    for (auto& r : charted)
      r.items.erase(std::remove_if(r.items.begin(), r.items.end(),
                                   [](const cxgap::item_gap& g) { return g.design && g.design->numeric; }),
                    r.items.end());
    cxgap::write_svg_chart(svg, charted, chart);
  }
  return exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"cxgap " CXGAP_VERSION_STRING
               ": perception gaps between audiences of a customer-experience survey"};
  app.set_version_flag("--version", CXGAP_VERSION_STRING);
  app.require_subcommand(1);
  // dyads, items, profile: paired and profile gaps (cli/*_command.cpp).
  const cxgap::cli::command paired_commands[] = {cxgap::cli::add_dyads_command(app),
                                                 cxgap::cli::add_items_command(app),
                                                 cxgap::cli::add_profile_command(app)};
  report_args args;
  cxgap::cli::replicate_args replicate_options;
  CLI::App* report = app.add_subcommand(
      "report", "Gap between two audiences on every item: estimate, CI, tests, effect sizes");
  report->add_option("file", args.file, "Survey file: CSV (- for stdin), .sav, .zsav, .dta, .sas7bdat")
      ->required();
  report->add_option("--group", args.group, "Column holding the audience label");
  report->add_option("--compare", args.compare, "Audiences to compare, A:B (gap = A - B); repeatable")
      ->required();
  report->add_option("--items", args.items, "Item columns (default: all, or the schema's)")
      ->delimiter(',');
  report->add_option("--schema", args.schema, "JSON schema: columns, scales, matched items");
  report->add_option("--weight", args.weight,
                     "Weight column: estimates become design-based (Taylor linearisation)");
  report->add_option("--strata", args.strata, "Stratum column (design-based estimates)");
  report->add_option("--cluster", args.cluster, "Cluster (PSU) column (design-based estimates)");
  report->add_option("--cluster2", args.cluster2, "Second-stage cluster (SSU) column, within the PSU");
  report->add_option("--fpc", args.fpc,
                     "Stage-1 finite population correction column: population size or fraction");
  report->add_option("--fpc2", args.fpc2, "Stage-2 finite population correction column");
  report->add_option("--lonely-psu", args.lonely_psu,
                     "Strata with one PSU (R's survey.lonely.psu)")
      ->check(CLI::IsMember({"fail", "remove", "adjust", "average", "certainty"}))
      ->capture_default_str();
  report->add_flag("--nest", args.nest, "PSU labels are unique only within their stratum (R: nest=TRUE)");
  report->add_option("--numeric", args.numerics,
                     "Numeric item columns (design-based mean gaps; spend, minutes, ...)")
      ->delimiter(',');
  report->add_option("--wave", args.wave,
                     "Wave column: the gap per wave, and its change from the first to the last wave");
  report->add_option("--level", args.level, "Confidence level")->capture_default_str();
  report->add_option("--adjust", args.adjust, "Multiplicity adjustment across items")
      ->capture_default_str();
  report->add_option("--format", args.format, "Output format")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  report->add_option("--output", args.output, "Write the report to FILE instead of stdout");
  report->add_option("--chart", args.chart, "Also write an SVG dumbbell chart to FILE");
  report->add_option("--chart-measure", args.chart_measure, "Chart the mean or the top-box share")
      ->check(CLI::IsMember({"mean", "top_box"}))
      ->capture_default_str();
  report->add_flag("--lenient", args.lenient,
                   "Exclude and count bad values instead of stopping at the first");
  report->add_option("--threads", args.threads,
                     "Threads reading a CSV file (0: one per hardware thread; stdin: one)")
      ->capture_default_str();
  cxgap::cli::add_replicate_options(report, replicate_options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? exit_ok : exit_usage;
  }
  for (const auto& command : paired_commands)
    if (command.app->parsed()) return command.run();
  try {
    return run_report(args, replicate_options);
  } catch (const usage_error& e) {
    std::cerr << "cxgap: " << e.what() << "\n";
    return exit_usage;
  } catch (const cxgap::cli::usage_error& e) {
    std::cerr << "cxgap: " << e.what() << "\n";
    return exit_usage;
  } catch (const cxgap::input_error& e) {
    std::cerr << e.what() << "\n";  // "cxgap input error N: file:row R: column 'c': value 'v': …"
    return exit_input;
  } catch (const std::exception& e) {
    std::cerr << "cxgap: " << e.what() << "\n";
    return exit_input;
  }
}
