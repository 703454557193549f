// End-to-end tests of `cxgap dyads`, `cxgap items` and `cxgap profile` on the bundled example
// files (examples/data/dyads.csv, dyads_long.csv, sample_survey.csv, profile.csv): every output
// format, the JSON numbers against the library's own functions called here on the same data
// (read by this file's own small parser, not by the CLI's ingest path), and each bad-input case
// with its exit code and exact message.
#if CXGAP_HAVE_CLI

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <Eigen/Core>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cxgap/multivariate/hotelling.hpp"
#include "cxgap/multivariate/relative_weights.hpp"
#include "cxgap/multivariate/reliability.hpp"
#include "cxgap/paired/bland_altman.hpp"
#include "cxgap/paired/icc.hpp"
#include "cxgap/paired/kappa.hpp"
#include "cxgap/paired/mcnemar.hpp"
#include "cxgap/paired/paired_proportion.hpp"
#include "cxgap/paired/paired_t.hpp"
#include "cxgap/paired/signed_rank.hpp"

#include "support/cli.hpp"
#include "support/text.hpp"

namespace {

using nlohmann::json;

using cxgap::test::run_result;
using cxgap::test::slurp;
using cxgap::test::temp_path;

using cxgap::test::run_cli;

using cxgap::test::contains;

using cxgap::test::num;

// JSON numbers have full (round-trip) precision, so the CLI's value is the library's; 1e-13
// relative leaves room only for a compiler evaluating the same expression in another order.
void expect_same(const json& j, double library_value, const std::string& what) {
  if (std::isnan(library_value)) {
    EXPECT_TRUE(j.is_null()) << what << ": " << j;
  } else {
    ASSERT_TRUE(j.is_number()) << what << ": " << j;
    EXPECT_NEAR(num(j), library_value, 1e-13 * std::fabs(library_value)) << what;
  }
}

void expect_ci(const json& j, const cxgap::interval<>& ci, const std::string& what) {
  expect_same(j.at(0), ci.lower, what + " lower");
  expect_same(j.at(1), ci.upper, what + " upper");
}

// ---- the bundled files, read by a deliberately small parser --------------------------------

struct csv_table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::size_t col(const std::string& name) const {
    for (std::size_t c = 0; c < header.size(); ++c)
      if (header[c] == name) return c;
    ADD_FAILURE() << "no column " << name;
    return 0;
  }
};

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

csv_table read_csv(const std::string& relative) {
  std::ifstream in(std::string(CXGAP_SOURCE_DIR) + "/" + relative);
  csv_table t;
  std::string line;
  std::getline(in, line);
  t.header = split(line);
  while (std::getline(in, line)) t.rows.push_back(split(line));
  return t;
}

// The K×K table of the complete pairs (a, b) of codes lo..hi in two columns, optionally only
// for rows whose `group` column equals `value`.
cxgap::paired_table pairs_of(const csv_table& t, const std::string& a, const std::string& b,
                             int lo, int hi, const std::string& group = "",
                             const std::string& value = "") {
  cxgap::paired_table table(static_cast<std::size_t>(hi - lo + 1));
  const std::size_t ca = t.col(a), cb = t.col(b);
  for (const auto& r : t.rows) {
    if (!group.empty() && r[t.col(group)] != value) continue;
    if (r[ca].empty() || r[cb].empty()) continue;
    const int x = std::stoi(r[ca]), y = std::stoi(r[cb]);
    if (x < lo || x > hi || y < lo || y > hi) continue;  // "don't know" (9)
    table.add(static_cast<std::size_t>(x - lo), static_cast<std::size_t>(y - lo));
  }
  return table;
}

std::vector<double> scores(int lo, int hi) {
  std::vector<double> s;
  for (int c = lo; c <= hi; ++c) s.push_back(c);
  return s;
}

// Checks the JSON's paired statistics against the library on the same table.
void expect_paired_statistics(const json& j, const cxgap::paired_table& table, int lo, int hi,
                              int top_from, bool agreement) {
  const auto s = scores(lo, hi);
  EXPECT_EQ(j["n"], table.total());
  const auto t = cxgap::paired_t_test(table, s);
  expect_same(j["mean"]["a"], t.mean_first, "mean.a");
  expect_same(j["mean"]["b"], t.mean_second, "mean.b");
  expect_same(j["mean"]["gap"], t.estimate, "mean.gap");
  expect_same(j["mean"]["se"], t.std_error, "mean.se");
  expect_ci(j["mean"]["ci"], t.ci, "mean.ci");
  expect_same(j["mean"]["t"], t.test.statistic, "mean.t");
  expect_same(j["mean"]["df"], t.test.df, "mean.df");
  expect_same(j["mean"]["p"], t.test.p_value, "mean.p");
  EXPECT_EQ(j["mean"]["status"], "ok");

  const auto w = cxgap::signed_rank_test(table, s);
  expect_same(j["signed_rank"]["w_plus"], w.w_plus, "signed_rank.w_plus");
  expect_same(j["signed_rank"]["z"], w.z, "signed_rank.z");
  expect_same(j["signed_rank"]["p"], w.test.p_value, "signed_rank.p");
  EXPECT_EQ(j["signed_rank"]["n_zero"], w.n_zero);
  EXPECT_EQ(j["signed_rank"]["exact"], w.exact);
  EXPECT_EQ(j["signed_rank"]["zero_method"], "wilcox");
  EXPECT_EQ(j["signed_rank"]["continuity_correction"], !w.exact);

  const auto box = cxgap::to_paired_binary(table, static_cast<std::size_t>(top_from - lo));
  const auto newcombe = cxgap::newcombe_paired_difference(box);
  const auto tango = cxgap::tango_paired_difference(box);
  const auto chi2 = cxgap::mcnemar_test(box);
  const auto exact = cxgap::mcnemar_test(box, cxgap::mcnemar_method::exact);
  EXPECT_EQ(j["top_box"]["from"], top_from);
  expect_same(j["top_box"]["gap"], newcombe.value, "top_box.gap");
  expect_ci(j["top_box"]["ci"], newcombe.ci, "top_box.ci");
  EXPECT_EQ(j["top_box"]["method"], "newcombe");
  expect_ci(j["top_box"]["tango"]["ci"], tango.ci, "top_box.tango.ci");
  EXPECT_EQ(j["top_box"]["table"]["a_only"], box.first_only);
  EXPECT_EQ(j["top_box"]["table"]["b_only"], box.second_only);
  expect_same(j["top_box"]["mcnemar"]["chi2"], chi2.test.statistic, "mcnemar.chi2");
  expect_same(j["top_box"]["mcnemar"]["p"], chi2.test.p_value, "mcnemar.p");
  expect_same(j["top_box"]["mcnemar"]["exact_p"], exact.test.p_value, "mcnemar.exact_p");
  const double n = static_cast<double>(box.total());
  expect_same(j["top_box"]["a"], static_cast<double>(box.both_yes + box.first_only) / n, "top_box.a");

  ASSERT_EQ(j.contains("agreement"), agreement);
  if (!agreement) return;
  const json& a = j["agreement"];
  const auto ba = cxgap::bland_altman(table, s);
  expect_same(a["bland_altman"]["bias"]["value"], ba.bias.value, "bland_altman.bias");
  expect_ci(a["bland_altman"]["bias"]["ci"], ba.bias.ci, "bland_altman.bias.ci");
  expect_same(a["bland_altman"]["lower_limit"]["value"], ba.lower_limit.value, "lower_limit");
  expect_ci(a["bland_altman"]["upper_limit"]["ci"], ba.upper_limit.ci, "upper_limit.ci");
  const auto k0 = cxgap::cohens_kappa(table);
  const auto k1 = cxgap::weighted_kappa(table, s, cxgap::kappa_weights::linear);
  const auto k2 = cxgap::weighted_kappa(table, s, cxgap::kappa_weights::quadratic);
  for (const auto& [key, k] : {std::pair<const char*, const cxgap::kappa_result<>&>{"unweighted", k0},
                               {"linear", k1},
                               {"quadratic", k2}}) {
    expect_same(a["kappa"][key]["kappa"], k.kappa, std::string("kappa ") + key);
    expect_same(a["kappa"][key]["se"], k.std_error, std::string("kappa se ") + key);
    expect_ci(a["kappa"][key]["ci"], k.ci, std::string("kappa ci ") + key);
    expect_same(a["kappa"][key]["p"], k.test.p_value, std::string("kappa p ") + key);
  }
  const auto icc = cxgap::icc(table, s);
  expect_same(a["icc"]["ICC1"]["value"], icc.icc_1_1.value, "ICC1");
  expect_ci(a["icc"]["ICC2"]["ci"], icc.icc_2_1.ci, "ICC2 ci");
  expect_same(a["icc"]["ICC3k"]["f"], icc.icc_3_k.f_statistic, "ICC3k f");
  expect_same(a["icc"]["ICC2k"]["p"], icc.icc_2_k.p_value, "ICC2k p");
}

// The CSV format: `key,value` and one row per JSON leaf, the key its path.
void flatten(const json& v, const std::string& key, std::map<std::string, std::string>& out) {
  if (v.is_object()) {
    for (const auto& [k, child] : v.items()) flatten(child, key.empty() ? k : key + "." + k, out);
  } else if (v.is_array()) {
    for (std::size_t i = 0; i < v.size(); ++i) flatten(v[i], key + "." + std::to_string(i), out);
  } else {
    out[key] = v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.dump();
  }
}

void expect_csv_matches_json(const std::string& csv, const std::string& json_text) {
  std::map<std::string, std::string> expected;
  flatten(json::parse(json_text), "", expected);
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "key,value");
  std::map<std::string, std::string> got;
  while (std::getline(in, line)) {
    const auto comma = line.find(',');
    ASSERT_NE(comma, std::string::npos) << line;
    std::string value = line.substr(comma + 1);
    if (value.size() >= 2 && value.front() == '"') value = value.substr(1, value.size() - 2);
    got[line.substr(0, comma)] = value;
  }
  EXPECT_EQ(got, expected);
}

const std::string dyads = "dyads examples/data/dyads.csv --a employee --b customer";

// ---- dyads ----------------------------------------------------------------------------------

TEST(DyadsCli, JsonNumbersEqualTheLibrarysOnTheBundledDyads) {
  const auto r = run_cli(dyads + " --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const json j = json::parse(r.out);
  EXPECT_EQ(j["schema"], 1);
  EXPECT_EQ(j["command"], "dyads");
  EXPECT_EQ(j["a"], "employee");
  EXPECT_TRUE(j["id"].is_null());
  EXPECT_EQ(j["input"]["rows_read"], 300);
  EXPECT_EQ(j["input"]["values_excluded"]["missing"], 9);  // nine blank customer ratings
  EXPECT_EQ(j["input"]["values_excluded"]["incomplete_pair"], 9);
  EXPECT_EQ(j["scale"]["min"], 1);
  EXPECT_EQ(j["scale"]["max"], 5);
  const auto table = pairs_of(read_csv("examples/data/dyads.csv"), "employee", "customer", 1, 5);
  EXPECT_EQ(table.total(), 291);
  expect_paired_statistics(j, table, 1, 5, 4, true);
}

TEST(DyadsCli, TwoRowsJoinedByIdGiveTheSameStatistics) {
  const auto wide = run_cli(dyads + " --format json");
  const auto joined =
      run_cli("dyads examples/data/dyads_long.csv --a employee --b customer --id interaction "
              "--format json");
  ASSERT_EQ(joined.exit_code, 0) << joined.err;
  json a = json::parse(wide.out), b = json::parse(joined.out);
  EXPECT_EQ(b["id"], "interaction");
  EXPECT_EQ(b["input"]["rows_read"], 582);
  for (json* j : {&a, &b}) {
    j->erase("input");
    j->erase("id");
  }
  EXPECT_EQ(a, b);
}

TEST(DyadsCli, BinaryOutcomeGetsMcNemarAndPairedIntervals) {
  const auto r = run_cli("dyads examples/data/dyads.csv --a employee_resolved --b customer_resolved "
                         "--format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  const auto table = pairs_of(read_csv("examples/data/dyads.csv"), "employee_resolved",
                              "customer_resolved", 0, 1);
  EXPECT_EQ(table.total(), 300);
  expect_paired_statistics(j, table, 0, 1, 1, true);
}

TEST(DyadsCli, TableShowsTheLibrarysNumbers) {
  const auto r = run_cli(dyads);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "examples/data/dyads.csv: 300 rows read, 300 used; 18 values "
                              "excluded (incomplete_pair: 9, missing: 9)"))
      << r.out;
  const auto table = pairs_of(read_csv("examples/data/dyads.csv"), "employee", "customer", 1, 5);
  const auto t = cxgap::paired_t_test(table, scores(1, 5));
  char expected[128];
  std::snprintf(expected, sizeof expected, "gap %+.2f [%+.2f, %+.2f]", t.estimate, t.ci.lower,
                t.ci.upper);
  EXPECT_TRUE(contains(r.out, expected)) << expected << "\n" << r.out;
  const auto k = cxgap::weighted_kappa(table, scores(1, 5), cxgap::kappa_weights::quadratic);
  std::snprintf(expected, sizeof expected, "quadratic  %+.3f [%+.3f, %+.3f]", k.kappa, k.ci.lower,
                k.ci.upper);
  EXPECT_TRUE(contains(r.out, expected)) << expected << "\n" << r.out;
  EXPECT_TRUE(contains(r.out, "dropped: Wilcoxon")) << r.out;
  EXPECT_TRUE(contains(r.out, "normal approximation, continuity corrected")) << r.out;
}

TEST(DyadsCli, CsvIsTheJsonFlattened) {
  const auto j = run_cli(dyads + " --format json");
  const auto c = run_cli(dyads + " --format csv");
  ASSERT_EQ(c.exit_code, 0) << c.err;
  expect_csv_matches_json(c.out, j.out);
  EXPECT_TRUE(contains(c.out, "\nagreement.kappa.linear.ci.0,")) << c.out;
}

TEST(DyadsCli, OutputOptionWritesTheFile) {
  const std::string path = temp_path("dyads.json");
  const auto r = run_cli(dyads + " --format json --output '" + path + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(slurp(path), run_cli(dyads + " --format json").out);
  std::remove(path.c_str());
}

TEST(DyadsCli, PrattZerosAreRankedWhenAsked) {
  const auto r = run_cli(dyads + " --format json --zero-method pratt");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  cxgap::signed_rank_options o;
  o.zero_method = cxgap::signed_rank_zeros::pratt;
  const auto w = cxgap::signed_rank_test(
      pairs_of(read_csv("examples/data/dyads.csv"), "employee", "customer", 1, 5), scores(1, 5), o);
  EXPECT_EQ(j["signed_rank"]["zero_method"], "pratt");
  expect_same(j["signed_rank"]["w_plus"], w.w_plus, "pratt w_plus");
  expect_same(j["signed_rank"]["p"], w.test.p_value, "pratt p");
}

TEST(DyadsCli, UnknownColumnIsAnInputError) {
  const auto r = run_cli("dyads examples/data/dyads.csv --a employee --b client");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "cxgap input error 1: examples/data/dyads.csv: column 'client': the second rating "
            "column is not in the file; its columns are 'interaction', 'employee', 'customer', "
            "'employee_resolved', 'customer_resolved'\n");
}

TEST(DyadsCli, NonNumericRatingIsAnInputErrorUnlessLenient) {
  const std::string args = "dyads tests/cli/data/dyads_non_numeric.csv --a employee --b customer";
  const auto r = run_cli(args);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "cxgap input error 2: tests/cli/data/dyads_non_numeric.csv:row 3: column 'customer': "
            "value 'x': is not an integer code\n");
  const auto lenient = run_cli(args + " --lenient --format json");
  ASSERT_EQ(lenient.exit_code, 0) << lenient.err;
  const json j = json::parse(lenient.out);
  EXPECT_EQ(j["n"], 2);
  EXPECT_EQ(j["input"]["values_excluded"]["non_numeric"], 1);
}

TEST(DyadsCli, IncompleteDyadIsAnInputErrorUnlessLenient) {
  const std::string args =
      "dyads tests/cli/data/dyads_incomplete.csv --a employee --b customer --id interaction";
  const auto r = run_cli(args);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "cxgap input error 6: tests/cli/data/dyads_incomplete.csv:row 5: column "
            "'interaction': value 'I3': the interaction has no rating in 'customer' (an "
            "incomplete dyad; --lenient excludes and counts incomplete dyads)\n");
  const auto lenient = run_cli(args + " --lenient --format json");
  ASSERT_EQ(lenient.exit_code, 0) << lenient.err;
  const json j = json::parse(lenient.out);
  EXPECT_EQ(j["n"], 2);
  EXPECT_EQ(j["input"]["values_excluded"]["incomplete_pair"], 1);
}

TEST(DyadsCli, RatingGivenTwiceForOneInteractionIsAnInputError) {
  for (const char* lenient : {"", " --lenient"}) {
    const auto r = run_cli(std::string("dyads tests/cli/data/dyads_duplicate.csv --a employee --b "
                                     "customer --id interaction") + lenient);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err,
              "cxgap input error 6: tests/cli/data/dyads_duplicate.csv:row 4: column 'employee': "
              "value '4': interaction 'I1' already has a rating in 'employee' (row 2); each "
              "interaction needs one rating per rater\n");
  }
}

TEST(DyadsCli, UsageErrorsExitWithOne) {
  EXPECT_EQ(run_cli(dyads + " --level 1.5").exit_code, 1);
  EXPECT_EQ(run_cli(dyads + " --format xml").exit_code, 1);
  EXPECT_EQ(run_cli("dyads examples/data/dyads.csv --a employee").exit_code, 1);
  const auto same = run_cli("dyads examples/data/dyads.csv --a employee --b employee");
  EXPECT_EQ(same.exit_code, 1);
  EXPECT_EQ(same.err, "cxgap: --a and --b name the same column 'employee'\n");
}

// ---- items (say–do) -------------------------------------------------------------------------

const std::string say_do =
    "items examples/data/sample_survey.csv --schema examples/data/sample_schema.json "
    "--audience executive --a deserves_loyalty --b authority";

TEST(ItemsCli, JsonNumbersEqualTheLibrarysForTheExecutivesSayDoGap) {
  const auto r = run_cli(say_do + " --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["command"], "items");
  EXPECT_EQ(j["group"], "group");  // from the schema
  EXPECT_EQ(j["audience"], "executive");
  const csv_table t = read_csv("examples/data/sample_survey.csv");
  std::int64_t executives = 0;
  for (const auto& row : t.rows) executives += row[t.col("group")] == "executive";
  EXPECT_EQ(j["input"]["rows_used"], executives);
  const auto table = pairs_of(t, "deserves_loyalty", "authority", 1, 5, "group", "executive");
  expect_paired_statistics(j, table, 1, 5, 4, false);
  const auto tc = run_cli(say_do + " --format csv");
  ASSERT_EQ(tc.exit_code, 0) << tc.err;
  expect_csv_matches_json(tc.out, r.out);
}

TEST(ItemsCli, TableNamesTheAudienceAndTheGap) {
  const auto r = run_cli(say_do);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "say-do gap within audience 'executive'")) << r.out;
  EXPECT_TRUE(contains(r.out, "deserves_loyalty - authority: ")) << r.out;
  EXPECT_TRUE(contains(r.out, "McNemar")) << r.out;
  EXPECT_FALSE(contains(r.out, "kappa")) << r.out;
}

TEST(ItemsCli, AudienceWithoutRespondentsIsAnInputError) {
  const auto r = run_cli("items examples/data/sample_survey.csv --group group --audience board "
                         "--a deserves_loyalty --b authority");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "cxgap input error 5: examples/data/sample_survey.csv: column 'group': value "
            "'board': no respondents in the audience named by --audience (audiences: customer, "
            "employee, executive)\n");
}

TEST(ItemsCli, NonNumericAnswerAndUnknownItemAreInputErrors) {
  const auto r = run_cli("items tests/cli/data/non_numeric.csv --group team --audience cust "
                         "--a q1 --b q2");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.err,
            "cxgap input error 2: tests/cli/data/non_numeric.csv:row 4: column 'q2': value 'x': "
            "is not an integer code\n");
  const auto u = run_cli("items examples/data/sample_survey.csv --group group --audience executive "
                         "--a deserves_loyalty --b tools");
  EXPECT_EQ(u.exit_code, 2);
  EXPECT_TRUE(contains(u.err, "cxgap input error 1: examples/data/sample_survey.csv: column "
                              "'tools': the second rating column is not in the file"))
      << u.err;
}

// ---- profile --------------------------------------------------------------------------------

const std::string profile =
    "profile examples/data/profile.csv --schema examples/data/profile_schema.json "
    "--compare executive:customer --drivers overall";

// The items' scores of one audience (NaN = blank; long_waits reverse keyed, 6 − code).
Eigen::MatrixXd profile_scores(const csv_table& t, const std::string& audience,
                               const std::vector<std::string>& items) {
  std::vector<const std::vector<std::string>*> rows;
  for (const auto& r : t.rows)
    if (r[t.col("audience")] == audience) rows.push_back(&r);
  Eigen::MatrixXd x(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(items.size()));
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < items.size(); ++j) {
      const std::string& f = (*rows[i])[t.col(items[j])];
      const double v = f.empty() ? std::nan("") : std::stod(f);
      x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
          items[j] == "long_waits" ? 6 - v : v;
    }
  return x;
}

TEST(ProfileCli, JsonNumbersEqualTheLibrarysOnTheBundledProfile) {
  const auto r = run_cli(profile + " --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["command"], "profile");
  EXPECT_EQ(j["missing"], "complete_case");
  const std::vector<std::string> items{"knowledgeable_staff", "responsiveness", "reliability",
                                       "easy_to_deal_with",   "long_waits",     "courtesy"};
  ASSERT_EQ(j["items"], json(items));
  const csv_table t = read_csv("examples/data/profile.csv");
  const Eigen::MatrixXd a = profile_scores(t, "executive", items);
  const Eigen::MatrixXd b = profile_scores(t, "customer", items);
  const auto h = cxgap::hotelling_t2(a, b);
  EXPECT_EQ(j["hotelling"]["n_a"], h.n_a);
  expect_same(j["hotelling"]["t_squared"], h.t_squared, "T2");
  expect_same(j["hotelling"]["f"], h.f_statistic, "F");
  expect_same(j["hotelling"]["df2"], h.df2, "df2");
  expect_same(j["hotelling"]["p"], h.p_value, "p");
  for (Eigen::Index k = 0; k < 6; ++k)
    expect_same(j["hotelling"]["difference"][static_cast<std::size_t>(k)], h.difference(k), "d");
  EXPECT_EQ(j["hotelling"]["status"], "ok");

  const auto alpha_b = cxgap::cronbach_alpha(b);
  const json& rb = j["reliability"][1];
  EXPECT_EQ(rb["audience"], "customer");
  expect_same(rb["alpha"], alpha_b.alpha, "alpha");
  expect_ci(rb["alpha_ci"], alpha_b.ci, "alpha ci");
  expect_same(rb["standardized_alpha"], alpha_b.standardized_alpha, "standardized alpha");
  expect_same(rb["alpha_if_deleted"][4], alpha_b.alpha_if_deleted(4), "alpha if deleted");
  expect_same(j["reliability"][0]["alpha"], cxgap::cronbach_alpha(a).alpha, "alpha A");

  Eigen::VectorXd overall(b.rows());
  std::size_t i = 0;
  for (const auto& row : t.rows)
    if (row[t.col("audience")] == "customer")
      overall(static_cast<Eigen::Index>(i++)) = std::stod(row[t.col("overall")]);
  const auto rw = cxgap::relative_weights(b, overall);
  const json& d = j["drivers"];
  EXPECT_EQ(d["outcome"], "overall");
  EXPECT_EQ(d["audience"], "customer");
  EXPECT_EQ(d["n"], rw.n);
  expect_same(d["r_squared"], rw.r_squared, "R2");
  for (Eigen::Index k = 0; k < 6; ++k)
    expect_same(d["rescaled_weights"][static_cast<std::size_t>(k)], rw.rescaled_weights(k), "w");
  const auto ipa = cxgap::importance_performance(rw.rescaled_weights, h.difference);
  ASSERT_EQ(d["importance_performance"]["rows"].size(), ipa.rows.size());
  for (std::size_t k = 0; k < ipa.rows.size(); ++k) {
    const json& row = d["importance_performance"]["rows"][k];
    EXPECT_EQ(row["item"], items[static_cast<std::size_t>(ipa.rows[k].item)]);
    expect_same(row["priority"], ipa.rows[k].priority, "priority");
    EXPECT_EQ(row["flagged"], ipa.rows[k].flagged);
  }

  const auto c = run_cli(profile + " --format csv");
  ASSERT_EQ(c.exit_code, 0) << c.err;
  expect_csv_matches_json(c.out, r.out);
}

TEST(ProfileCli, PairwiseDeletionWhenAsked) {
  const auto r = run_cli(profile + " --missing pairwise --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["missing"], "pairwise");
  const std::vector<std::string> items = j["items"].get<std::vector<std::string>>();
  const csv_table t = read_csv("examples/data/profile.csv");
  const auto h = cxgap::hotelling_t2(profile_scores(t, "executive", items),
                                     profile_scores(t, "customer", items),
                                     cxgap::missing_data::pairwise);
  expect_same(j["hotelling"]["t_squared"], h.t_squared, "pairwise T2");
  EXPECT_EQ(j["hotelling"]["method"], std::string(h.method));
  const auto alpha = cxgap::cronbach_alpha(profile_scores(t, "customer", items), {},
                                           cxgap::missing_data::pairwise);
  expect_same(j["reliability"][1]["alpha"], alpha.alpha, "pairwise alpha");
}

TEST(ProfileCli, TableListsItemsAndTheTests) {
  const auto r = run_cli(profile);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "executive (A) vs customer (B): gap = A - B; 6 items; complete cases"))
      << r.out;
  EXPECT_TRUE(contains(r.out, "Hotelling T2 = ")) << r.out;
  EXPECT_TRUE(contains(r.out, "Cronbach's alpha, customer: ")) << r.out;
  EXPECT_TRUE(contains(r.out, "Key drivers of 'overall' among customer")) << r.out;
}

TEST(ProfileCli, BadInputIsReportedWithItsExitCode) {
  const auto group = run_cli("profile examples/data/profile.csv --group audience --compare "
                             "executive:board");
  EXPECT_EQ(group.exit_code, 2);
  EXPECT_EQ(group.err,
            "cxgap input error 5: examples/data/profile.csv: column 'audience': value 'board': "
            "no respondents in group 'board' named in --compare (groups: executive, customer)\n");
  const auto item = run_cli("profile examples/data/profile.csv --group audience --compare "
                            "executive:customer --items responsiveness,speed");
  EXPECT_EQ(item.exit_code, 2);
  EXPECT_TRUE(contains(item.err, "cxgap input error 1: examples/data/profile.csv: column 'speed': "
                                 "the item column is not in the file"))
      << item.err;
  const auto bad = run_cli("profile tests/cli/data/non_numeric.csv --group team --compare "
                           "exec:cust --items q1,q2");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err,
            "cxgap input error 2: tests/cli/data/non_numeric.csv:row 4: column 'q2': value 'x': "
            "is not an integer code, so no scale can be inferred for item 'q2'; declare its "
            "scale\n");
  const auto usage = run_cli("profile examples/data/profile.csv --group audience --compare executive");
  EXPECT_EQ(usage.exit_code, 1);
  EXPECT_EQ(usage.err, "cxgap: --compare expects A:B (two group labels), got 'executive'\n");
}

}  // namespace

#endif  // CXGAP_HAVE_CLI
