// cxgap dyads: the experience gap of one interaction — the employee's and the customer's
// rating of the same interaction (one row per dyad, or two rows joined by an interaction id):
// paired mean gap, signed rank, top box (McNemar, Newcombe/Tango), Bland–Altman, kappa, ICC.
//
//   cxgap dyads FILE --a COL --b COL [--id COL] [--schema FILE] [--zero-method wilcox|pratt]
//         [--level 0.95] [--format table|json|csv] [--output FILE] [--lenient]
#include <map>
#include <memory>
#include <string>

#include "command_common.hpp"
#include "cxgap/error.hpp"
#include "cxgap/io/ingest_pairs.hpp"
#include "paired_analysis.hpp"

namespace cxgap::cli {
namespace {

struct dyads_args {
  common_args common;
  std::string a;
  std::string b;
  std::string id;
  std::string zero_method = "wilcox";
};

// With --id, each interaction needs exactly one rating in each column (one row per rater, or
// one row with both). A rating given twice is always an error (which one would count?); an
// interaction left without one of its ratings is an error unless --lenient, which excludes
// and counts it as an incomplete pair (the ingest step's "incomplete_pair").
class join_check {
 public:
  join_check(const io::table_reader& reader, const dyads_args& args)
      : file_(reader.file()),
        args_(args),
        id_(find_column(reader, args.id)),
        a_(find_column(reader, args.a)),
        b_(find_column(reader, args.b)) {}

  void row(const std::vector<std::string_view>& fields, std::int64_t row) {
    if (id_ == std::string::npos || a_ == std::string::npos || b_ == std::string::npos) return;
    const std::string id(trim(fields[id_]));
    auto [it, added] = seen_.try_emplace(id);
    if (added) order_.push_back(id);
    it->second.first_row = added ? row : it->second.first_row;
    note(it->second.a_row, fields[a_], args_.a, id, row);
    note(it->second.b_row, fields[b_], args_.b, id, row);
  }

  void end() const {
    if (args_.common.lenient || id_ == std::string::npos) return;
    for (const auto& id : order_) {
      const halves& h = seen_.at(id);
      if (h.a_row != 0 && h.b_row != 0) continue;
      const std::string& missing = h.a_row == 0 ? args_.a : args_.b;
      throw input_error(input_errc::malformed_record, {file_, h.first_row, args_.id, id},
                        "the interaction has no rating in '" + missing +
                            "' (an incomplete dyad; --lenient excludes and counts incomplete "
                            "dyads)");
    }
  }

 private:
  struct halves {
    std::int64_t first_row = 0;
    std::int64_t a_row = 0;  // row of the first rating, 0 = none yet
    std::int64_t b_row = 0;
  };

  void note(std::int64_t& seen_row, std::string_view field, const std::string& column,
            const std::string& id, std::int64_t row) const {
    if (trim(field).empty()) return;
    if (seen_row != 0)
      throw input_error(input_errc::malformed_record, {file_, row, column, std::string(field)},
                        "interaction '" + id + "' already has a rating in '" + column +
                            "' (row " + std::to_string(seen_row) +
                            "); each interaction needs one rating per rater");
    seen_row = row;
  }

  std::string file_;
  const dyads_args& args_;
  std::size_t id_, a_, b_;
  std::map<std::string, halves> seen_;
  std::vector<std::string> order_;
};

int run_dyads(const dyads_args& args) {
  check_level(args.common.level);
  if (args.a == args.b) throw usage_error("--a and --b name the same column '" + args.a + "'");
  const io::survey_spec spec = read_spec(args.common);
  io::pair_spec pairs;
  pairs.column_a = args.a;
  pairs.column_b = args.b;
  pairs.id = args.id;
  const auto scale_a = declared_scale(spec, args.a), scale_b = declared_scale(spec, args.b);
  if (scale_a && scale_b && !scale_a->same_shape(*scale_b))
    throw usage_error("the schema declares different scales for '" + args.a + "' and '" + args.b +
                      "'; a paired comparison needs one scale");
  pairs.scale = scale_a ? scale_a : scale_b;

  auto file = open_table(args.common.file);
  io::ingest_options options;
  options.lenient = args.common.lenient;
  const io::paired_ingest_result data = [&] {
    if (args.id.empty()) return io::ingest_pairs(*file, pairs, options);
    join_check check(*file, args);
    observing_reader reader(
        *file, [&check](const auto& fields, std::int64_t row) { check.row(fields, row); },
        [&check] { check.end(); });
    return io::ingest_pairs(reader, pairs, options);
  }();

  paired_analysis_options analysis;
  analysis.level = args.common.level;
  analysis.zero_method =
      args.zero_method == "pratt" ? signed_rank_zeros::pratt : signed_rank_zeros::wilcox;
  analysis.agreement = true;
  nlohmann::ordered_json doc = {{"schema", 1},
                                {"command", "dyads"},
                                {"input", input_json(data.summary)},
                                {"a", args.a},
                                {"b", args.b},
                                {"id", args.id.empty() ? nlohmann::ordered_json(nullptr)
                                                       : nlohmann::ordered_json(args.id)},
                                {"level", args.common.level}};
  add_paired_statistics(doc, data.table, data.scale, analysis);

  output out(args.common.output);
  if (args.common.format == "table") {
    out.stream() << summary_line(data.summary) << "\n\n";
    write_paired_table(out.stream(), doc, args.a, args.b);
  } else {
    write_document(out.stream(), doc, args.common.format);
  }
  return exit_ok;
}

}  // namespace

command add_dyads_command(CLI::App& app) {
  auto args = std::make_shared<dyads_args>();
  CLI::App* sub = app.add_subcommand(
      "dyads",
      "Experience gap of one interaction: two ratings of the same dyad (gap = a - b), "
      "paired tests and agreement");
  add_common_options(sub, args->common);
  sub->add_option("--a", args->a, "Column of the first rating (e.g. the employee's)")->required();
  sub->add_option("--b", args->b, "Column of the second rating (e.g. the customer's)")->required();
  sub->add_option("--id", args->id,
                  "Interaction id column: rows with the same id are joined into one dyad");
  sub->add_option("--zero-method", args->zero_method,
                  "Signed-rank test: drop zero differences (wilcox) or rank them (pratt)")
      ->check(CLI::IsMember({"wilcox", "pratt"}))
      ->capture_default_str();
  return {sub, [args] { return guarded([&args] { return run_dyads(*args); }); }};
}

}  // namespace cxgap::cli
