// cxgap items: the say–do gap between two items answered by the same respondents of one
// audience (e.g. executives: "the company deserves customers' loyalty" vs "our staff have the
// tools and authority to solve customer problems"): paired means (paired t, signed rank) and
// paired top-box shares (McNemar, Newcombe/Tango interval).
//
//   cxgap items FILE --group COL --audience LABEL --a ITEM --b ITEM [--schema FILE]
//         [--zero-method wilcox|pratt] [--level 0.95] [--format table|json|csv]
//         [--output FILE] [--lenient]
#include <memory>
#include <set>
#include <string>

#include "command_common.hpp"
#include "cxgap/error.hpp"
#include "cxgap/io/ingest_pairs.hpp"
#include "paired_analysis.hpp"

namespace cxgap::cli {
namespace {

struct items_args {
  common_args common;
  std::string group;
  std::string audience;
  std::string a;
  std::string b;
  std::string zero_method = "wilcox";
};

int run_items(const items_args& args) {
  check_level(args.common.level);
  if (args.a == args.b) throw usage_error("--a and --b name the same item '" + args.a + "'");
  const io::survey_spec spec = read_spec(args.common);
  io::pair_spec pairs;
  pairs.column_a = args.a;
  pairs.column_b = args.b;
  pairs.group = args.group.empty() ? spec.group : args.group;
  pairs.group_value = args.audience;
  if (pairs.group.empty()) throw usage_error("name the group column with --group (or in --schema)");
  // The schema may name an item by its id; read its column.
  for (const auto& it : spec.items) {
    if (it.id == args.a) pairs.column_a = it.column;
    if (it.id == args.b) pairs.column_b = it.column;
  }
  const auto scale_a = declared_scale(spec, args.a), scale_b = declared_scale(spec, args.b);
  if (scale_a && scale_b && !scale_a->same_shape(*scale_b))
    throw usage_error("the schema declares different scales for '" + args.a + "' and '" + args.b +
                      "'; a paired comparison needs one scale");
  pairs.scale = scale_a ? scale_a : scale_b;

  // Watch the group column to name the audiences that exist when the one asked for has no row.
  auto file = open_table(args.common.file);
  const std::size_t group_col = find_column(*file, pairs.group);
  std::set<std::string> audiences;
  observing_reader reader(
      *file,
      [&](const std::vector<std::string_view>& fields, std::int64_t) {
        if (group_col != std::string::npos && audiences.size() < 50)
          audiences.emplace(trim(fields[group_col]));
      },
      {});
  io::ingest_options options;
  options.lenient = args.common.lenient;
  const io::paired_ingest_result data = [&] {
    try {
      return io::ingest_pairs(reader, pairs, options);
    } catch (const cxgap::invalid_argument&) {
      // No pair to infer a scale from: an audience without respondents is the likelier cause.
      if (audiences.count(args.audience) != 0) throw;
      std::string known;
      for (const auto& g : audiences) known += (known.empty() ? "" : ", ") + g;
      throw input_error(input_errc::empty_group, {file->file(), 0, pairs.group, args.audience},
                        "no respondents in the audience named by --audience (audiences: " +
                            known + ")");
    }
  }();
  if (data.summary.rows_used == 0) {
    std::string known;
    for (const auto& g : audiences) known += (known.empty() ? "" : ", ") + g;
    throw input_error(input_errc::empty_group, {file->file(), 0, pairs.group, args.audience},
                      "no respondents in the audience named by --audience (audiences: " + known +
                          ")");
  }

  paired_analysis_options analysis;
  analysis.level = args.common.level;
  analysis.zero_method =
      args.zero_method == "pratt" ? signed_rank_zeros::pratt : signed_rank_zeros::wilcox;
  analysis.agreement = false;
  nlohmann::ordered_json doc = {{"schema", 1},
                                {"command", "items"},
                                {"input", input_json(data.summary)},
                                {"group", pairs.group},
                                {"audience", args.audience},
                                {"a", args.a},
                                {"b", args.b},
                                {"level", args.common.level}};
  add_paired_statistics(doc, data.table, data.scale, analysis);

  output out(args.common.output);
  if (args.common.format == "table") {
    out.stream() << summary_line(data.summary) << "\n\n"
                 << "say-do gap within audience '" << args.audience << "'\n";
    write_paired_table(out.stream(), doc, args.a, args.b);
  } else {
    write_document(out.stream(), doc, args.common.format);
  }
  return exit_ok;
}

}  // namespace

command add_items_command(CLI::App& app) {
  auto args = std::make_shared<items_args>();
  CLI::App* sub = app.add_subcommand(
      "items",
      "Say-do gap: two items answered by the same respondents of one audience (gap = a - b)");
  add_common_options(sub, args->common);
  sub->add_option("--group", args->group, "Column holding the audience label (or the schema's)");
  sub->add_option("--audience", args->audience, "The audience whose answers are compared")
      ->required();
  sub->add_option("--a", args->a, "First item (column or schema item id)")->required();
  sub->add_option("--b", args->b, "Second item (column or schema item id)")->required();
  sub->add_option("--zero-method", args->zero_method,
                  "Signed-rank test: drop zero differences (wilcox) or rank them (pratt)")
      ->check(CLI::IsMember({"wilcox", "pratt"}))
      ->capture_default_str();
  return {sub, [args] { return guarded([&args] { return run_items(*args); }); }};
}

}  // namespace cxgap::cli
