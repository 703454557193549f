// JSON output of gap reports (see io/report_json.hpp).
#include "cxgap/io/report_json.hpp"

#include <cmath>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

namespace cxgap::io {
namespace {

using nlohmann::json;

json number(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

json ci(const interval<>& i) { return json::array({number(i.lower), number(i.upper)}); }

json mean_json(const gap_statistic<>& g) {
  return {{"a", number(g.value_a)},
          {"b", number(g.value_b)},
          {"gap", number(g.estimate)},
          {"se", number(g.std_error)},
          {"ci", ci(g.ci)},
          {"t", number(g.statistic)},
          {"df", number(g.df)},
          {"p", number(g.p_value)},
          {"p_adjusted", number(g.p_adjusted)},
          {"hedges_g", number(g.effect.value)},
          {"hedges_g_ci", ci(g.effect.ci)},
          {"method", std::string(g.method)},
          {"status", std::string(to_string(g.status))}};
}

json top_box_json(const gap_statistic<>& g) {
  return {{"a", number(g.value_a)},
          {"b", number(g.value_b)},
          {"gap", number(g.estimate)},
          {"se", number(g.std_error)},
          {"ci", ci(g.ci)},
          {"method", std::string(g.ci.method)},
          {"z", number(g.statistic)},
          {"p", number(g.p_value)},
          {"p_adjusted", number(g.p_adjusted)},
          {"risk_ratio", number(g.effect.value)},
          {"risk_ratio_ci", ci(g.effect.ci)},
          {"status", std::string(to_string(g.status))}};
}

json rank_json(const gap_statistic<>& g, const test_result<>& bm) {
  return {{"u", number(g.statistic)},
          {"p", number(g.p_value)},
          {"p_adjusted", number(g.p_adjusted)},
          {"method", std::string(g.method)},
          {"cliffs_delta", number(g.estimate)},
          {"cliffs_delta_ci", ci(g.ci)},
          {"probability_of_superiority", number(g.effect.value)},
          {"probability_of_superiority_ci", ci(g.effect.ci)},
          {"brunner_munzel",
           {{"statistic", number(bm.statistic)}, {"df", number(bm.df)}, {"p", number(bm.p_value)}}},
          {"status", std::string(to_string(g.status))}};
}

json nps_json(const gap_statistic<>& g) {
  return {{"a", number(g.value_a)},   {"b", number(g.value_b)}, {"gap", number(g.estimate)},
          {"se", number(g.std_error)}, {"ci", ci(g.ci)},         {"z", number(g.statistic)},
          {"p", number(g.p_value)},   {"p_adjusted", number(g.p_adjusted)},
          {"status", std::string(to_string(g.status))}};
}

json change_json(const gap_statistic<>& g) {
  return {{"wave_1_gap", number(g.value_a)},
          {"wave_2_gap", number(g.value_b)},
          {"change", number(g.estimate)},
          {"se", number(g.std_error)},
          {"ci", ci(g.ci)},
          {"statistic", number(g.statistic)},
          {"df", number(g.df)},
          {"p", number(g.p_value)},
          {"p_adjusted", number(g.p_adjusted)},
          {"method", std::string(g.method)},
          {"status", std::string(to_string(g.status))}};
}

json report_json(const std::vector<gap_report>& comparisons, const ingest_summary& input);

}  // namespace

void write_json(std::ostream& os, const std::vector<gap_report>& comparisons,
                const ingest_summary& input, int indent) {
  os << report_json(comparisons, input).dump(indent) << '\n';
}

void write_json(std::ostream& os, const std::vector<gap_report>& comparisons,
                const ingest_summary& input, const std::vector<wave_change_report>& changes,
                int indent) {
  json out = report_json(comparisons, input);
  out["wave_changes"] = json::array();
  for (const wave_change_report& w : changes) {
    json items = json::array();
    for (const item_gap_change& c : w.items)
      items.push_back({{"item", c.item}, {"mean", change_json(c.mean)},
                       {"top_box", change_json(c.top_box)}});
    out["wave_changes"].push_back({{"a", w.a}, {"b", w.b}, {"later_a", w.later_a},
                                   {"later_b", w.later_b}, {"items", std::move(items)}});
  }
  os << out.dump(indent) << '\n';
}

namespace {

json report_json(const std::vector<gap_report>& comparisons, const ingest_summary& input) {
  json excluded = json::object();
  for (const auto& [reason, count] : input.values_excluded) excluded[reason] = count;
  json out = {{"schema", report_json_schema},
              {"input",
               {{"file", input.file},
                {"rows_read", input.rows_read},
                {"rows_used", input.rows_used},
                {"values_excluded", excluded}}},
              {"comparisons", json::array()}};
  for (const gap_report& r : comparisons) {
    json items = json::array();
    for (const item_gap& g : r.items) {
      json item = {{"item", g.item},
                   {"item_a", g.item_a},
                   {"item_b", g.item_b},
                   {"n_a", g.mean.n_a},
                   {"n_b", g.mean.n_b},
                   {"dont_know_a", g.dont_know_a},
                   {"dont_know_b", g.dont_know_b},
                   {"missing_a", g.missing_a},
                   {"missing_b", g.missing_b},
                   {"mean", mean_json(g.mean)},
                   {"top_box", top_box_json(g.top_box)},
                   {"rank", rank_json(g.rank, g.brunner_munzel)}};
      if (g.nps) item["nps"] = nps_json(*g.nps);
      if (g.design)
        item["design"] = {{"deff_a", number(g.design->deff_a)},
                          {"deff_b", number(g.design->deff_b)},
                          {"deff_replace_a", number(g.design->deff_replace_a)},
                          {"deff_replace_b", number(g.design->deff_replace_b)},
                          {"numeric", g.design->numeric}};
      items.push_back(std::move(item));
    }
    json comparison = {{"a", r.a},
                       {"b", r.b},
                       {"level", r.options.level},
                       {"adjust", std::string(to_string(r.options.adjust))},
                       {"items", std::move(items)}};
    if (r.design)
      comparison["design"] = {{"variance", r.design->variance},
                              {"strata", r.design->strata},
                              {"psus", r.design->psus},
                              {"degf", r.design->degf},
                              {"two_stage", r.design->two_stage},
                              {"fpc", r.design->fpc},
                              {"lonely_psu", r.design->lonely_psu}};
    out["comparisons"].push_back(std::move(comparison));
  }
  return out;
}

}  // namespace
}  // namespace cxgap::io
