// The statistics of one paired comparison as JSON and as a table (see paired_analysis.hpp).
#include "paired_analysis.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <ostream>
#include <vector>

#include "command_common.hpp"
#include "cxgap/paired/bland_altman.hpp"
#include "cxgap/paired/icc.hpp"
#include "cxgap/paired/kappa.hpp"
#include "cxgap/paired/mcnemar.hpp"
#include "cxgap/paired/paired_proportion.hpp"
#include "cxgap/paired/paired_t.hpp"

namespace cxgap::cli {
namespace {

using json = nlohmann::ordered_json;

std::string status_text(stat_status s) { return std::string(to_string(s)); }

json kappa_json(const kappa_result<>& k) {
  return {{"kappa", number(k.kappa)},
          {"observed_agreement", number(k.observed_agreement)},
          {"expected_agreement", number(k.expected_agreement)},
          {"se", number(k.std_error)},
          {"se_null", number(k.std_error_null)},
          {"ci", ci_json(k.ci)},
          {"z", number(k.test.statistic)},
          {"p", number(k.test.p_value)},
          {"status", status_text(k.status)}};
}

json icc_json(const icc_estimate<>& e) {
  return {{"value", number(e.value)},
          {"f", number(e.f_statistic)},
          {"df1", number(e.df1)},
          {"df2", number(e.df2)},
          {"p", number(e.p_value)},
          {"ci", ci_json(e.ci)},
          {"status", status_text(e.status)}};
}

json estimate_json(const estimate<>& e) {
  return {{"value", number(e.value)}, {"se", number(e.std_error)}, {"ci", ci_json(e.ci)},
          {"status", status_text(e.status)}};
}

interval<> ci_of(const json& j) {
  interval<> i;
  i.lower = num(j.at(0));
  i.upper = num(j.at(1));
  return i;
}

std::string pct(const json& j) { return fixed(100 * num(j), 0) + "%"; }

}  // namespace

void add_paired_statistics(json& doc, const paired_table& table, const cxgap::scale& scale,
                           const paired_analysis_options& options) {
  const std::vector<double> scores = scale.scores();  // ascending score order, as the table
  const double level = options.level;
  doc["n"] = table.total();
  doc["scale"] = {{"min", scale.min()},
                  {"max", scale.max()},
                  {"reversed", scale.is_reversed()},
                  {"top_box_from", scale.top_box_from()}};

  const auto t = paired_t_test(table, scores, level);
  doc["mean"] = {{"a", number(t.mean_first)},
                 {"b", number(t.mean_second)},
                 {"gap", number(t.estimate)},
                 {"sd", number(t.std_dev)},
                 {"se", number(t.std_error)},
                 {"ci", ci_json(t.ci)},
                 {"t", number(t.test.statistic)},
                 {"df", number(t.test.df)},
                 {"p", number(t.test.p_value)},
                 {"method", std::string(t.test.method)},
                 {"status", status_text(t.status)}};

  signed_rank_options rank;
  rank.zero_method = options.zero_method;
  const auto w = signed_rank_test(table, scores, rank);
  doc["signed_rank"] = {{"w_plus", number(w.w_plus)},
                        {"w_minus", number(w.w_minus)},
                        {"n_zero", w.n_zero},
                        {"n_signed", w.n_signed},
                        {"z", number(w.z)},
                        {"p", number(w.test.p_value)},
                        {"exact", w.exact},
                        {"zero_method", std::string(to_string(rank.zero_method))},
                        {"continuity_correction", !w.exact && rank.continuity_correction},
                        {"method", std::string(w.test.method)},
                        {"status", status_text(w.test.status)}};

  // Top box: yes = a category whose score is in the scale's top box.
  const std::size_t yes_from = static_cast<std::size_t>(scale.top_box_from() - scale.min());
  const paired_binary box = to_paired_binary(table, yes_from);
  const auto newcombe = newcombe_paired_difference(box, level);
  const auto tango = tango_paired_difference(box, level);
  const auto chi2 = mcnemar_test(box, mcnemar_method::asymptotic, true);
  const auto exact = mcnemar_test(box, mcnemar_method::exact);
  const double n = static_cast<double>(box.total());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  doc["top_box"] = {
      {"from", scale.top_box_from()},
      {"a", number(n > 0 ? static_cast<double>(box.both_yes + box.first_only) / n : nan)},
      {"b", number(n > 0 ? static_cast<double>(box.both_yes + box.second_only) / n : nan)},
      {"gap", number(newcombe.value)},
      {"se", number(newcombe.std_error)},
      {"ci", ci_json(newcombe.ci)},
      {"method", std::string(newcombe.ci.method)},
      {"status", status_text(newcombe.status)},
      {"tango", estimate_json(tango)},
      {"table", {{"both", box.both_yes}, {"a_only", box.first_only}, {"b_only", box.second_only},
                 {"neither", box.both_no}}},
      {"mcnemar",
       {{"chi2", number(chi2.test.statistic)},
        {"df", number(chi2.test.df)},
        {"p", number(chi2.test.p_value)},
        {"method", std::string(chi2.test.method)},
        {"exact_p", number(exact.test.p_value)},
        {"exact_method", std::string(exact.test.method)},
        {"status", status_text(chi2.test.status)}}}};

  if (!options.agreement) return;
  const auto ba = bland_altman(table, scores, level, 0.95);
  const auto limit = [](const estimate<>& e) {
    return json{{"value", number(e.value)}, {"se", number(e.std_error)}, {"ci", ci_json(e.ci)}};
  };
  const auto icc2 = icc(table, scores, level);
  doc["agreement"] = {
      {"bland_altman",
       {{"bias", limit(ba.bias)},
        {"sd", number(ba.sd_difference)},
        {"coverage", 0.95},
        {"multiplier", number(ba.multiplier)},
        {"lower_limit", limit(ba.lower_limit)},
        {"upper_limit", limit(ba.upper_limit)},
        {"status", status_text(ba.status)}}},
      {"kappa",
       {{"unweighted", kappa_json(cohens_kappa(table, level))},
        {"linear", kappa_json(weighted_kappa(table, scores, kappa_weights::linear, level))},
        {"quadratic", kappa_json(weighted_kappa(table, scores, kappa_weights::quadratic, level))}}},
      {"icc",
       {{"ICC1", icc_json(icc2.icc_1_1)},
        {"ICC2", icc_json(icc2.icc_2_1)},
        {"ICC3", icc_json(icc2.icc_3_1)},
        {"ICC1k", icc_json(icc2.icc_1_k)},
        {"ICC2k", icc_json(icc2.icc_2_k)},
        {"ICC3k", icc_json(icc2.icc_3_k)},
        {"status", status_text(icc2.status)}}}};
}

void write_paired_table(std::ostream& out, const json& doc, const std::string& label_a,
                        const std::string& label_b) {
  const json& scale = doc.at("scale");
  char line[512];
  out << label_a << " - " << label_b << ": " << doc.at("n").get<std::int64_t>()
      << " pairs; scale " << scale.at("min").get<int>() << ".." << scale.at("max").get<int>()
      << (scale.at("reversed").get<bool>() ? " (reverse coded)" : "") << ", top box from "
      << scale.at("top_box_from").get<int>() << "; " << fixed(100 * num(doc.at("level")), 0)
      << "% intervals; gap = " << label_a << " - " << label_b << "\n\n";

  const json& m = doc.at("mean");
  std::snprintf(line, sizeof line,
                "%-14s %s %s   %s %s   gap %s   t = %s, df = %s, p = %s (%s)\n", "mean",
                label_a.c_str(), fixed(num(m.at("a")), 2).c_str(), label_b.c_str(),
                fixed(num(m.at("b")), 2).c_str(),
                with_ci(num(m.at("gap")), ci_of(m.at("ci")), 2).c_str(),
                fixed(num(m.at("t")), 2).c_str(), fixed(num(m.at("df")), 0).c_str(),
                p_text(num(m.at("p"))).c_str(), m.at("status").get<std::string>().c_str());
  out << line;

  const json& w = doc.at("signed_rank");
  const bool exact = w.at("exact").get<bool>();
  std::snprintf(line, sizeof line,
                "%-14s W+ = %s, W- = %s, %lld zero differences (%s), z = %s, p = %s (%s; %s)\n",
                "signed rank", fixed(num(w.at("w_plus")), 1).c_str(),
                fixed(num(w.at("w_minus")), 1).c_str(),
                static_cast<long long>(w.at("n_zero").get<std::int64_t>()),
                w.at("zero_method").get<std::string>() == "wilcox" ? "dropped: Wilcoxon"
                                                                  : "ranked: Pratt",
                fixed(num(w.at("z")), 2).c_str(), p_text(num(w.at("p"))).c_str(),
                exact ? "exact"
                      : (w.at("continuity_correction").get<bool>()
                             ? "normal approximation, continuity corrected"
                             : "normal approximation"),
                w.at("status").get<std::string>().c_str());
  out << line;

  const json& b = doc.at("top_box");
  const json& tango = b.at("tango");
  std::snprintf(line, sizeof line,
                "%-14s %s %s   %s %s   gap %s pts (%s); Tango %s\n", "top box",
                label_a.c_str(), pct(b.at("a")).c_str(), label_b.c_str(), pct(b.at("b")).c_str(),
                with_ci(num(b.at("gap")), ci_of(b.at("ci")), 0, 100).c_str(),
                b.at("method").get<std::string>().c_str(),
                with_ci(num(tango.at("value")), ci_of(tango.at("ci")), 0, 100).c_str());
  out << line;
  const json& mc = b.at("mcnemar");
  const json& cells = b.at("table");
  std::snprintf(line, sizeof line,
                "%-14s %lld pairs only %s in the top box, %lld only %s: chi2 = %s, p = %s "
                "(continuity corrected); exact p = %s\n",
                "McNemar", static_cast<long long>(cells.at("a_only").get<std::int64_t>()),
                label_a.c_str(), static_cast<long long>(cells.at("b_only").get<std::int64_t>()),
                label_b.c_str(), fixed(num(mc.at("chi2")), 2).c_str(),
                p_text(num(mc.at("p"))).c_str(), p_text(num(mc.at("exact_p"))).c_str());
  out << line;

  if (!doc.contains("agreement")) return;
  const json& a = doc.at("agreement");
  const json& ba = a.at("bland_altman");
  const auto limit = [](const json& e) {
    return with_ci(num(e.at("value")), ci_of(e.at("ci")), 2);
  };
  std::snprintf(line, sizeof line,
                "%-14s bias %s; 95%% limits of agreement %s to %s\n", "Bland-Altman",
                limit(ba.at("bias")).c_str(), limit(ba.at("lower_limit")).c_str(),
                limit(ba.at("upper_limit")).c_str());
  out << line;
  for (const char* k : {"unweighted", "linear", "quadratic"}) {
    const json& kj = a.at("kappa").at(k);
    std::snprintf(line, sizeof line, "%-14s %-10s %s, SE %s, z test p = %s\n", "kappa", k,
                  with_ci(num(kj.at("kappa")), ci_of(kj.at("ci")), 3).c_str(),
                  fixed(num(kj.at("se")), 3).c_str(), p_text(num(kj.at("p"))).c_str());
    out << line;
  }
  for (const char* k : {"ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"}) {
    const json& ij = a.at("icc").at(k);
    std::snprintf(line, sizeof line, "%-14s %-10s %s, F = %s, p = %s\n", "ICC", k,
                  with_ci(num(ij.at("value")), ci_of(ij.at("ci")), 3).c_str(),
                  fixed(num(ij.at("f")), 2).c_str(), p_text(num(ij.at("p"))).c_str());
    out << line;
  }
}

}  // namespace cxgap::cli
