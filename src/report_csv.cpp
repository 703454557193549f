// CSV rendering of gap reports (see report/csv.hpp).
#include "cxgap/report/csv.hpp"

#include <cmath>
#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

namespace cxgap {
namespace {

std::string number(double x) {
  if (std::isnan(x)) return "";
  if (std::isinf(x)) return x > 0 ? "Inf" : "-Inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

std::string quoted(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

void row(std::ostream& os, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) os << (i ? "," : "") << fields[i];
  os << "\r\n";
}

}  // namespace

void write_csv(std::ostream& os, const std::vector<gap_report>& comparisons) {
  row(os, {"a", "b", "item", "item_a", "item_b", "n_a", "n_b", "dont_know_a", "dont_know_b",
           "missing_a", "missing_b", "mean_a", "mean_b", "mean_gap", "mean_se", "mean_ci_lower",
           "mean_ci_upper", "mean_t", "mean_df", "mean_p", "mean_p_adjusted", "hedges_g",
           "hedges_g_ci_lower", "hedges_g_ci_upper", "top_box_a", "top_box_b", "top_box_gap",
           "top_box_ci_lower", "top_box_ci_upper", "top_box_method", "top_box_z", "top_box_p",
           "top_box_p_adjusted", "rank_u", "rank_p", "rank_p_adjusted", "cliffs_delta",
           "cliffs_delta_ci_lower", "cliffs_delta_ci_upper", "brunner_munzel_statistic",
           "brunner_munzel_df", "brunner_munzel_p", "nps_a", "nps_b", "nps_gap", "nps_se",
           "nps_ci_lower", "nps_ci_upper", "nps_p", "nps_p_adjusted", "level"});
  for (const gap_report& r : comparisons) {
    for (const item_gap& g : r.items) {
      const gap_statistic<> none;
      const gap_statistic<>& nps = g.nps ? *g.nps : none;
      row(os, {quoted(r.a), quoted(r.b), quoted(g.item), quoted(g.item_a), quoted(g.item_b),
               std::to_string(g.mean.n_a), std::to_string(g.mean.n_b),
               std::to_string(g.dont_know_a), std::to_string(g.dont_know_b),
               std::to_string(g.missing_a), std::to_string(g.missing_b),
               number(g.mean.value_a), number(g.mean.value_b), number(g.mean.estimate),
               number(g.mean.std_error), number(g.mean.ci.lower), number(g.mean.ci.upper),
               number(g.mean.statistic), number(g.mean.df), number(g.mean.p_value),
               number(g.mean.p_adjusted), number(g.mean.effect.value),
               number(g.mean.effect.ci.lower), number(g.mean.effect.ci.upper),
               number(g.top_box.value_a), number(g.top_box.value_b), number(g.top_box.estimate),
               number(g.top_box.ci.lower), number(g.top_box.ci.upper),
               quoted(std::string(g.top_box.ci.method)), number(g.top_box.statistic),
               number(g.top_box.p_value), number(g.top_box.p_adjusted),
               number(g.rank.statistic), number(g.rank.p_value), number(g.rank.p_adjusted),
               number(g.rank.estimate), number(g.rank.ci.lower), number(g.rank.ci.upper),
               number(g.brunner_munzel.statistic), number(g.brunner_munzel.df),
               number(g.brunner_munzel.p_value), number(nps.value_a), number(nps.value_b),
               number(nps.estimate), number(nps.std_error), number(nps.ci.lower),
               number(nps.ci.upper), number(nps.p_value), number(nps.p_adjusted),
               number(r.options.level)});
    }
  }
}

}  // namespace cxgap
