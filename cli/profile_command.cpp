// cxgap profile: the whole profile of items of two audiences — Hotelling's two-sample T² ("is
// there a gap anywhere?"), Cronbach's alpha per audience, and, with --drivers, the key drivers
// of audience B's (the customers') overall rating with an importance–performance table.
//
//   cxgap profile FILE --group COL --compare A:B [--items q1,q2,…] [--drivers OVERALL_ITEM]
//         [--missing complete_case|pairwise] [--schema FILE] [--level 0.95]
//         [--format table|json|csv] [--output FILE] [--lenient]
#include <cstdio>
#include <limits>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "command_common.hpp"
#include "cxgap/error.hpp"
#include "cxgap/io/ingest.hpp"
#include "cxgap/multivariate/hotelling.hpp"
#include "cxgap/multivariate/missing_data.hpp"
#include "cxgap/multivariate/relative_weights.hpp"
#include "cxgap/multivariate/reliability.hpp"

namespace cxgap::cli {
namespace {

using json = nlohmann::ordered_json;
using row_matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct profile_args {
  common_args common;
  std::string group;
  std::string compare;
  std::vector<std::string> items;
  std::string drivers;
  std::string missing = "complete_case";
};

// An integer code as the ingest step reads one ("4", " 4 ", "4.0"); nullopt otherwise.
std::optional<long long> parse_code(std::string_view raw) {
  const std::string_view s = trim(raw);
  if (s.empty()) return std::nullopt;
  std::size_t i = (s[0] == '+' || s[0] == '-') ? 1 : 0;
  const std::size_t first = i;
  long long v = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    if (v > 1000000000) return std::nullopt;  // far outside every scale
    v = v * 10 + (s[i] - '0');
  }
  if (i == first) return std::nullopt;
  if (i < s.size() && s[i] == '.') {
    const std::size_t zeros = ++i;
    while (i < s.size() && s[i] == '0') ++i;
    if (i == zeros) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  return s[0] == '-' ? -v : v;
}

// The items' scores of one audience, respondents × items, NaN where the answer is missing,
// "don't know" or (lenient) excluded. The ingest step has validated and counted every value.
struct audience_data {
  std::vector<double> values;  // row-major
  Eigen::Index rows = 0;
};

json vector_json(const Eigen::Ref<const Eigen::VectorXd>& v) {
  json a = json::array();
  for (Eigen::Index i = 0; i < v.size(); ++i) a.push_back(number(v(i)));
  return a;
}

json alpha_json(const std::string& audience, const cronbach_alpha_result<>& r) {
  return {{"audience", audience},
          {"n", r.n},
          {"k", static_cast<std::int64_t>(r.k)},
          {"alpha", number(r.alpha)},
          {"alpha_ci", ci_json(r.ci)},
          {"ci_method", "Feldt"},
          {"standardized_alpha", number(r.standardized_alpha)},
          {"average_r", number(r.average_r)},
          {"scale_mean", number(r.scale_mean)},
          {"scale_sd", number(r.scale_sd)},
          {"alpha_if_deleted", vector_json(r.alpha_if_deleted)},
          {"standardized_alpha_if_deleted", vector_json(r.standardized_alpha_if_deleted)},
          {"item_rest_correlation", vector_json(r.item_rest_correlation)},
          {"missing", std::string(to_string(r.missing))},
          {"status", std::string(to_string(r.status))},
          {"standardized_status", std::string(to_string(r.standardized_status))}};
}

void write_profile_table(std::ostream& out, const json& doc) {
  const std::string a = doc.at("a").get<std::string>(), b = doc.at("b").get<std::string>();
  const json& items = doc.at("items");
  const json& h = doc.at("hotelling");
  const json& rel = doc.at("reliability");
  const bool drivers = doc.contains("drivers");
  out << a << " (A) vs " << b << " (B): gap = A - B; " << items.size() << " items; "
      << (doc.at("missing").get<std::string>() == "pairwise" ? "pairwise deletion"
                                                             : "complete cases")
      << "\n\n";
  char line[512];
  std::snprintf(line, sizeof line, "%-24s %7s %7s %7s %9s %9s %9s %9s%s\n", "item", "mean_a",
                "mean_b", "gap", "a_if_del", "b_if_del", "r_rest_a", "r_rest_b",
                drivers ? "  weight%  priority  flag" : "");
  out << line;
  for (std::size_t j = 0; j < items.size(); ++j) {
    std::string tail;
    if (drivers) {
      const json& d = doc.at("drivers");
      char buf[96];
      const json* row = nullptr;
      for (const auto& r : d.at("importance_performance").at("rows"))
        if (r.at("item").get<std::string>() == items[j].get<std::string>()) row = &r;
      std::snprintf(buf, sizeof buf, "  %7s  %8s  %4s",
                    fixed(num(d.at("rescaled_weights").at(j)), 1).c_str(),
                    row ? fixed(num(row->at("priority")), 2, true).c_str() : "-",
                    row && row->at("flagged").get<bool>() ? "*" : "");
      tail = buf;
    }
    std::snprintf(line, sizeof line, "%-24s %7s %7s %7s %9s %9s %9s %9s%s\n",
                  items[j].get<std::string>().c_str(), fixed(num(h.at("mean_a").at(j)), 2).c_str(),
                  fixed(num(h.at("mean_b").at(j)), 2).c_str(),
                  fixed(num(h.at("difference").at(j)), 2, true).c_str(),
                  fixed(num(rel.at(0).at("alpha_if_deleted").at(j)), 3).c_str(),
                  fixed(num(rel.at(1).at("alpha_if_deleted").at(j)), 3).c_str(),
                  fixed(num(rel.at(0).at("item_rest_correlation").at(j)), 3).c_str(),
                  fixed(num(rel.at(1).at("item_rest_correlation").at(j)), 3).c_str(),
                  tail.c_str());
    std::string text(line);  // without the blanks of an empty last column
    while (text.size() > 1 && text[text.size() - 2] == ' ') text.erase(text.size() - 2, 1);
    out << text;
  }
  out << '\n';
  std::snprintf(line, sizeof line,
                "Hotelling T2 = %s, F(%s, %s) = %s, p = %s (n_a = %lld, n_b = %lld; %s)\n",
                fixed(num(h.at("t_squared")), 2).c_str(), fixed(num(h.at("df1")), 0).c_str(),
                fixed(num(h.at("df2")), 0).c_str(), fixed(num(h.at("f")), 2).c_str(),
                p_text(num(h.at("p"))).c_str(), static_cast<long long>(h.at("n_a").get<std::int64_t>()),
                static_cast<long long>(h.at("n_b").get<std::int64_t>()),
                h.at("status").get<std::string>().c_str());
  out << line;
  for (const auto& r : rel) {
    std::snprintf(line, sizeof line,
                  "Cronbach's alpha, %s: %s [%s, %s] (Feldt), standardised %s, n = %lld (%s)\n",
                  r.at("audience").get<std::string>().c_str(), fixed(num(r.at("alpha")), 3).c_str(),
                  fixed(num(r.at("alpha_ci").at(0)), 3).c_str(),
                  fixed(num(r.at("alpha_ci").at(1)), 3).c_str(),
                  fixed(num(r.at("standardized_alpha")), 3).c_str(),
                  static_cast<long long>(r.at("n").get<std::int64_t>()),
                  r.at("status").get<std::string>().c_str());
    out << line;
  }
  if (drivers) {
    const json& d = doc.at("drivers");
    std::string flagged;
    for (const auto& r : d.at("importance_performance").at("rows"))
      if (r.at("flagged").get<bool>())
        flagged += (flagged.empty() ? "" : ", ") + r.at("item").get<std::string>();
    std::snprintf(line, sizeof line,
                  "Key drivers of '%s' among %s (relative weights): R2 = %s, n = %lld (%s); "
                  "'*' = top quartile of importance and of gap: %s\n",
                  d.at("outcome").get<std::string>().c_str(), b.c_str(),
                  fixed(num(d.at("r_squared")), 3).c_str(),
                  static_cast<long long>(d.at("n").get<std::int64_t>()),
                  d.at("status").get<std::string>().c_str(),
                  flagged.empty() ? "none" : flagged.c_str());
    out << line;
  }
}

int run_profile(const profile_args& args) {
  check_level(args.common.level);
  const auto colon = args.compare.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == args.compare.size() ||
      args.compare.find(':', colon + 1) != std::string::npos)
    throw usage_error("--compare expects A:B (two group labels), got '" + args.compare + "'");
  const std::string label_a = args.compare.substr(0, colon), label_b = args.compare.substr(colon + 1);
  const missing_data missing =
      args.missing == "pairwise" ? missing_data::pairwise : missing_data::complete_case;

  io::survey_spec spec = read_spec(args.common);
  if (!args.group.empty()) spec.group = args.group;
  if (spec.group.empty()) throw usage_error("name the group column with --group (or in --schema)");
  spec.matches.clear();  // the profile compares the same items; matched items are for `report`
  if (!args.items.empty()) {
    std::vector<io::item_spec> chosen;
    for (const std::string& column : args.items) {
      io::item_spec it{column, column, "", std::nullopt};
      for (const auto& declared : spec.items)
        if (declared.column == column || declared.id == column) it = declared;
      chosen.push_back(it);
    }
    if (!args.drivers.empty()) {
      io::item_spec it{args.drivers, args.drivers, "", std::nullopt};
      bool listed = false;
      for (const auto& c : chosen) listed = listed || c.column == args.drivers || c.id == args.drivers;
      for (const auto& declared : spec.items)
        if (declared.column == args.drivers || declared.id == args.drivers) it = declared;
      if (!listed) chosen.push_back(it);
    }
    spec.items = std::move(chosen);
  }
  bool needs_inference = spec.items.empty();
  for (const auto& it : spec.items) needs_inference = needs_inference || !it.scale;
  if (needs_inference) {
    if (args.common.file == "-")
      throw usage_error("reading stdin needs a --schema that declares every item's scale");
    auto reader = open_table(args.common.file);
    spec = io::infer_spec(*reader, spec);
  }

  // Pass 1: the ingest step validates every value (strict: the first bad one stops with its
  // file, row, column and value) and counts what is excluded.
  io::ingest_options options;
  options.lenient = args.common.lenient;
  auto file = open_table(args.common.file);
  const io::ingest_result data = io::ingest(*file, spec, options);
  const auto& groups = data.tally.groups();
  for (const std::string& g : {label_a, label_b}) {
    bool present = false;
    for (std::size_t i = 0; i < groups.size(); ++i)
      present = present || (groups[i] == g && data.tally.respondents(i) > 0);
    if (!present) {
      std::string known;
      for (const auto& x : groups) known += (known.empty() ? "" : ", ") + x;
      throw input_error(input_errc::empty_group, {file->file(), 0, spec.group, g},
                        "no respondents in group '" + g + "' named in --compare (groups: " +
                            known + ")");
    }
  }

  // The profile items (all but the drivers' outcome) and the outcome's position.
  std::vector<std::size_t> profile_items;
  std::ptrdiff_t outcome = -1;
  for (std::size_t j = 0; j < spec.items.size(); ++j) {
    const auto& it = spec.items[j];
    if (!args.drivers.empty() && (it.column == args.drivers || it.id == args.drivers))
      outcome = static_cast<std::ptrdiff_t>(j);
    else
      profile_items.push_back(j);
  }
  if (!args.drivers.empty() && outcome < 0)
    throw usage_error("--drivers names '" + args.drivers + "', which is not an item");
  if (profile_items.size() < 2)
    throw usage_error("a profile needs at least two items (got " +
                      std::to_string(profile_items.size()) + ")");

  // Pass 2: the scores of A's and B's respondents (the values were validated in pass 1).
  auto reader = open_table(args.common.file);
  const std::size_t group_col = find_column(*reader, spec.group);
  std::vector<std::size_t> columns;
  for (const auto& it : spec.items) columns.push_back(find_column(*reader, it.column));
  const std::size_t width = spec.items.size();
  audience_data in_a, in_b;
  std::vector<std::string_view> fields;
  while (reader->next(fields)) {
    const std::string_view g = trim(fields[group_col]);
    audience_data* target = g == label_a ? &in_a : g == label_b ? &in_b : nullptr;
    if (target == nullptr) continue;
    for (std::size_t j = 0; j < width; ++j) {
      const cxgap::scale& s = *spec.items[j].scale;
      const auto code = parse_code(fields[columns[j]]);
      const bool valid = code && *code >= s.min() && *code <= s.max();
      target->values.push_back(valid ? s.score(static_cast<int>(*code))
                                     : std::numeric_limits<double>::quiet_NaN());
    }
    ++target->rows;
  }
  const auto matrix = [width](const audience_data& d) {
    return Eigen::Map<const row_matrix>(d.values.data(), d.rows, static_cast<Eigen::Index>(width));
  };
  const auto ma = matrix(in_a), mb = matrix(in_b);
  std::vector<Eigen::Index> cols;
  for (std::size_t j : profile_items) cols.push_back(static_cast<Eigen::Index>(j));
  const Eigen::MatrixXd xa = ma(Eigen::all, cols), xb = mb(Eigen::all, cols);

  const auto h = hotelling_t2(xa, xb, missing);
  json item_names = json::array();
  for (std::size_t j : profile_items) item_names.push_back(spec.items[j].id);
  json doc = {{"schema", 1},
              {"command", "profile"},
              {"input", input_json(data.summary)},
              {"group", spec.group},
              {"a", label_a},
              {"b", label_b},
              {"level", args.common.level},
              {"missing", std::string(to_string(missing))},
              {"items", item_names}};
  doc["hotelling"] = {{"n_a", h.n_a},
                      {"n_b", h.n_b},
                      {"mean_a", vector_json(h.mean_a)},
                      {"mean_b", vector_json(h.mean_b)},
                      {"difference", vector_json(h.difference)},
                      {"t_squared", number(h.t_squared)},
                      {"f", number(h.f_statistic)},
                      {"df1", number(h.df1)},
                      {"df2", number(h.df2)},
                      {"p", number(h.p_value)},
                      {"min_eigenvalue", number(h.min_eigenvalue)},
                      {"method", std::string(h.method)},
                      {"status", std::string(to_string(h.status))}};
  doc["reliability"] = json::array(
      {alpha_json(label_a, cronbach_alpha(xa, {}, missing, args.common.level)),
       alpha_json(label_b, cronbach_alpha(xb, {}, missing, args.common.level))});

  if (outcome >= 0) {
    const Eigen::VectorXd y = mb.col(static_cast<Eigen::Index>(outcome));
    const auto rw = relative_weights(xb, y);
    const auto ipa = importance_performance(rw.rescaled_weights, h.difference);
    json rows = json::array();
    for (const auto& r : ipa.rows)
      rows.push_back({{"item", spec.items[profile_items[static_cast<std::size_t>(r.item)]].id},
                      {"importance", number(r.importance)},
                      {"gap", number(r.gap)},
                      {"priority", number(r.priority)},
                      {"top_importance", r.top_importance},
                      {"top_gap", r.top_gap},
                      {"flagged", r.flagged}});
    doc["drivers"] = {{"outcome", spec.items[static_cast<std::size_t>(outcome)].id},
                      {"audience", label_b},
                      {"n", rw.n},
                      {"r_squared", number(rw.r_squared)},
                      {"raw_weights", vector_json(rw.raw_weights)},
                      {"rescaled_weights", vector_json(rw.rescaled_weights)},
                      {"correlations", vector_json(rw.correlations)},
                      {"status", std::string(to_string(rw.status))},
                      {"importance_performance",
                       {{"q3_importance", number(ipa.q3_importance)},
                        {"q3_gap", number(ipa.q3_gap)},
                        {"rows", rows}}}};
  }

  output out(args.common.output);
  if (args.common.format == "table") {
    out.stream() << summary_line(data.summary) << "\n\n";
    write_profile_table(out.stream(), doc);
  } else {
    write_document(out.stream(), doc, args.common.format);
  }
  return exit_ok;
}

}  // namespace

command add_profile_command(CLI::App& app) {
  auto args = std::make_shared<profile_args>();
  CLI::App* sub = app.add_subcommand(
      "profile",
      "Whole profile of two audiences: Hotelling T2, Cronbach's alpha, key drivers (gap = A - B)");
  add_common_options(sub, args->common);
  sub->add_option("--group", args->group, "Column holding the audience label (or the schema's)");
  sub->add_option("--compare", args->compare, "Audiences to compare, A:B (gap = A - B)")->required();
  sub->add_option("--items", args->items, "Item columns (default: all, or the schema's)")
      ->delimiter(',');
  sub->add_option("--drivers", args->drivers,
                  "Overall rating item: key drivers of it among audience B (the customers)");
  sub->add_option("--missing", args->missing,
                  "Missing answers: drop respondents with any (complete_case) or pairwise")
      ->check(CLI::IsMember({"complete_case", "pairwise"}))
      ->capture_default_str();
  return {sub, [args] { return guarded([&args] { return run_profile(*args); }); }};
}

}  // namespace cxgap::cli
