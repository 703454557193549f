// End-to-end tests of `cxgap report`: every output format, the chart, Qualtrics CSV, SPSS and
// Stata input, each bad-input case with its message and exit code, and the JSON numbers against
// the library's own values for the sample survey.
#if CXGAP_HAVE_CLI

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cxgap/report/gap_report.hpp"
#include "cxgap/report/wave_change.hpp"
#include "examples/sample_survey.hpp"

#include "support/cli.hpp"
#include "support/text.hpp"

namespace {

using cxgap::test::run_result;
using cxgap::test::slurp;
using cxgap::test::temp_path;

using cxgap::test::run_cli;

const std::string sample =
    "report examples/data/sample_survey.csv --schema examples/data/sample_schema.json "
    "--compare executive:customer --compare employee:customer";

// "Don't know" answers (code 9 outside the 0..10 recommend item) and blank answers in the sample
// CSV, counted directly from the file.
struct sample_counts {
  long dont_know = 0;
  long missing = 0;
  long rows = 0;
};
sample_counts count_sample() {
  std::ifstream in(std::string(CXGAP_SOURCE_DIR) + "/examples/data/sample_survey.csv");
  std::string line;
  std::getline(in, line);
  const auto header = sample::split(line);
  sample_counts c;
  while (std::getline(in, line)) {
    ++c.rows;
    const auto f = sample::split(line);
    for (std::size_t i = 3; i < f.size(); ++i) {
      c.missing += f[i].empty();
      c.dont_know += f[i] == "9" && header[i] != "recommend";
    }
  }
  return c;
}

using cxgap::test::contains;

using cxgap::test::num;

void expect_same(double json_value, double library_value, const std::string& what) {
  if (std::isnan(library_value)) {
    EXPECT_TRUE(std::isnan(json_value)) << what;
  } else {
    EXPECT_EQ(json_value, library_value) << what;  // full precision: exact round trip
  }
}

TEST(ReportCli, TableOnTheSampleSurvey) {
  const auto r = run_cli(sample);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto c = count_sample();
  EXPECT_TRUE(contains(r.out, "examples/data/sample_survey.csv: " + std::to_string(c.rows) +
                                  " rows read, " + std::to_string(c.rows) + " used"))
      << r.out;
  EXPECT_TRUE(contains(r.out, "dont_know: " + std::to_string(c.dont_know))) << r.out;
  EXPECT_TRUE(contains(r.out, "executive (A) vs customer (B)")) << r.out;
  EXPECT_TRUE(contains(r.out, "employee (A) vs customer (B)")) << r.out;
  EXPECT_LT(r.out.find("superior_experience"), r.out.find("staff_courtesy"));
  EXPECT_EQ(r.err, "");
}

// The JSON carries exactly the numbers of cxgap::compare on the same data (which the library
// tests check against R and scipy).
TEST(ReportCli, JsonNumbersEqualTheLibrarysForTheSample) {
  const auto r = run_cli(sample + " --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["schema"], 1);
  const auto counts = count_sample();
  EXPECT_EQ(j["input"]["rows_read"], counts.rows);
  EXPECT_EQ(j["input"]["rows_used"], counts.rows);
  EXPECT_EQ(j["input"]["values_excluded"]["dont_know"], counts.dont_know);
  // Blank cells include the items a group was not asked (authority / solve_problem).
  EXPECT_EQ(j["input"]["values_excluded"]["missing"], counts.missing);
  const auto t = cxgap::make_tally(sample::read(std::string(CXGAP_SOURCE_DIR) +
                                                "/examples/data/sample_survey.csv"));
  ASSERT_EQ(j["comparisons"].size(), 2u);
  for (const auto& c : j["comparisons"]) {
    const auto report = cxgap::compare(t, c["a"].get<std::string>(), c["b"].get<std::string>());
    ASSERT_EQ(c["items"].size(), report.items.size());
    for (std::size_t i = 0; i < report.items.size(); ++i) {
      const auto& ji = c["items"][i];
      const auto& g = report.items[i];
      const std::string where = c["a"].get<std::string>() + ":" + g.item;
      EXPECT_EQ(ji["item"], g.item);
      EXPECT_EQ(ji["n_a"], g.mean.n_a);
      expect_same(num(ji["mean"]["gap"]), g.mean.estimate, where + " mean.gap");
      expect_same(num(ji["mean"]["ci"][0]), g.mean.ci.lower, where + " mean.ci");
      expect_same(num(ji["mean"]["df"]), g.mean.df, where + " mean.df");
      expect_same(num(ji["mean"]["p_adjusted"]), g.mean.p_adjusted, where + " mean.p_adjusted");
      expect_same(num(ji["mean"]["hedges_g_ci"][1]), g.mean.effect.ci.upper, where + " g ci");
      expect_same(num(ji["top_box"]["gap"]), g.top_box.estimate, where + " top_box.gap");
      expect_same(num(ji["top_box"]["ci"][1]), g.top_box.ci.upper, where + " top_box.ci");
      expect_same(num(ji["top_box"]["p"]), g.top_box.p_value, where + " top_box.p");
      expect_same(num(ji["rank"]["u"]), g.rank.statistic, where + " rank.u");
      expect_same(num(ji["rank"]["cliffs_delta_ci"][0]), g.rank.ci.lower, where + " delta ci");
      expect_same(num(ji["rank"]["brunner_munzel"]["p"]), g.brunner_munzel.p_value, where + " bm");
      EXPECT_EQ(ji.contains("nps"), g.nps.has_value()) << where;
      if (g.nps) expect_same(num(ji["nps"]["gap"]), g.nps->estimate, where + " nps.gap");
    }
  }
}

TEST(ReportCli, CsvHasOneRowPerComparisonAndItem) {
  const auto r = run_cli(sample + " --format csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::size_t lines = 0;
  for (char ch : r.out) lines += ch == '\n';
  EXPECT_EQ(lines, 1u + 2u * 10u);
  EXPECT_EQ(r.out.rfind("a,b,item,item_a,item_b,n_a,n_b", 0), 0u);
  EXPECT_TRUE(contains(r.out, "executive,customer,authority,authority,solve_problem,"));
}

TEST(ReportCli, OutputAndChartFiles) {
  const std::string json_file = temp_path("report.json"), svg = temp_path("chart.svg");
  const auto r =
      run_cli(sample + " --format json --output '" + json_file + "' --chart '" + svg + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(nlohmann::json::parse(slurp(json_file))["schema"], 1);
  const std::string chart = slurp(svg);
  EXPECT_TRUE(contains(chart, "<svg")) << chart.substr(0, 200);
  EXPECT_TRUE(contains(chart, "superior_experience"));
  std::remove(json_file.c_str());
  std::remove(svg.c_str());
}

TEST(ReportCli, QualtricsExportKeepsQuestionTextAndInfersItems) {
  const auto r = run_cli("report tests/cli/data/qualtrics.csv --group team --compare exec:cust "
                         "--format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["input"]["rows_read"], 7);
  const auto& items = j["comparisons"][0]["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["item"], "Q1");
  EXPECT_EQ(items[0]["n_a"], 3);
  EXPECT_EQ(items[1]["n_b"], 3);  // R_7 left Q2 blank
  EXPECT_EQ(j["input"]["values_excluded"]["missing"], 1);
}

TEST(ReportCli, UnknownColumnIsAnInputError) {
  const auto r = run_cli("report tests/cli/data/qualtrics.csv --group audience --compare exec:cust");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "cxgap input error 1: tests/cli/data/qualtrics.csv: column 'audience': the "
            "group column is not in the file; its columns are 'ResponseId', 'team', 'Q1', 'Q2'\n");
}

TEST(ReportCli, NonNumericCodeNamesFileRowColumnAndValue) {
  const auto r = run_cli("report tests/cli/data/non_numeric.csv --schema tests/cli/data/scale_1_5.json "
                         "--compare exec:cust");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "cxgap input error 2: tests/cli/data/non_numeric.csv:row 4: column 'q2': "
            "value 'x': is not an integer code (item 'q2')\n");
}

TEST(ReportCli, CodeOutsideTheScaleNamesFileRowColumnAndValue) {
  const auto r = run_cli("report tests/cli/data/outside_scale.csv --schema tests/cli/data/scale_1_5.json "
                         "--compare exec:cust");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "cxgap input error 3: tests/cli/data/outside_scale.csv:row 5: column 'q1': "
            "value '7': the code is outside the scale 1..5 of item 'q1'\n");
}

TEST(ReportCli, NegativeAndNonFiniteWeightsAreInputErrors) {
  const auto neg = run_cli("report tests/cli/data/negative_weight.csv --schema tests/cli/data/scale_1_5.json "
                           "--weight w --compare exec:cust");
  EXPECT_EQ(neg.exit_code, 2);
  EXPECT_EQ(neg.err,
            "cxgap input error 4: tests/cli/data/negative_weight.csv:row 3: column 'w': "
            "value '-2': the weight is negative (a weight must be a finite number > 0)\n");
  const auto inf = run_cli("report tests/cli/data/nonfinite_weight.csv --schema tests/cli/data/scale_1_5.json "
                           "--weight w --compare exec:cust");
  EXPECT_EQ(inf.exit_code, 2);
  EXPECT_EQ(inf.err,
            "cxgap input error 4: tests/cli/data/nonfinite_weight.csv:row 4: column 'w': "
            "value 'inf': the weight is not finite (a weight must be a finite number > 0)\n");
}

TEST(ReportCli, CompareGroupWithoutRespondentsIsAnInputError) {
  const auto r = run_cli(
      "report examples/data/sample_survey.csv --schema examples/data/sample_schema.json "
      "--compare executive:board");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "cxgap input error 5: examples/data/sample_survey.csv: column 'group': value "
            "'board': no respondents in group 'board' named in --compare (groups: executive, "
            "employee, customer)\n");
}

TEST(ReportCli, LenientModeExcludesAndCountsBadValues) {
  const auto r = run_cli("report tests/cli/data/outside_scale.csv --schema tests/cli/data/scale_1_5.json "
                         "--compare exec:cust --lenient --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["input"]["values_excluded"]["out_of_scale"], 1);
  EXPECT_EQ(j["comparisons"][0]["items"][0]["n_b"], 2);
  const auto w = run_cli("report tests/cli/data/negative_weight.csv --schema tests/cli/data/scale_1_5.json "
                         "--weight w --compare exec:cust --lenient --format json");
  ASSERT_EQ(w.exit_code, 0) << w.err;
  const auto jw = nlohmann::json::parse(w.out);
  EXPECT_EQ(jw["input"]["values_excluded"]["invalid_weight"], 1);
  EXPECT_EQ(jw["input"]["rows_read"], 5);
  EXPECT_EQ(jw["input"]["rows_used"], 4);
}

TEST(ReportCli, UsageErrorsExitWithOne) {
  EXPECT_EQ(run_cli("report examples/data/sample_survey.csv --group group").exit_code, 1);
  EXPECT_EQ(run_cli(sample + " --adjust sometimes").exit_code, 1);
  EXPECT_EQ(run_cli(sample + " --level 95").exit_code, 1);
  EXPECT_EQ(run_cli(sample + " --format xml").exit_code, 1);
  EXPECT_EQ(run_cli("report examples/data/sample_survey.csv --group group --compare executive").exit_code, 1);
  EXPECT_EQ(run_cli("").exit_code, 1);
  EXPECT_EQ(run_cli("--version").exit_code, 0);
}

TEST(ReportCli, MissingFileIsAnInputError) {
  const auto r = run_cli("report no/such/file.csv --group g --compare a:b");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "cxgap input error 8: no/such/file.csv: cannot open the file: No such file or "
            "directory\n");
}

// Two waves of one survey: the gap per wave and its change, equal to the library's.
TEST(ReportCli, WaveOptionReportsTheGapPerWaveAndItsChange) {
  const std::string csv = temp_path("waves.csv");
  cxgap::survey s;  // the same data, built in memory, for the library's numbers
  s.add_item({"q1", "q1", cxgap::scale::likert(1, 5)});
  {
    std::ofstream out(csv);
    out << "id,team,wave,q1\n";
    int id = 0;
    // Wave 2025: executives rate high, customers low; wave 2026: the gap narrows.
    const char* waves[] = {"2025", "2026"};
    for (int w = 0; w < 2; ++w) {
      for (int i = 0; i < 30; ++i) {
        const int exec = 3 + (i * 7 + w) % 3, cust = 1 + (i * 5 + 2 * w) % (3 + w);
        out << ++id << ",exec," << waves[w] << "," << exec << "\n";
        s.set_response(s.add_respondent(std::string("exec @ ") + waves[w]), 0, exec);
        out << ++id << ",cust," << waves[w] << "," << cust << "\n";
        s.set_response(s.add_respondent(std::string("cust @ ") + waves[w]), 0, cust);
      }
    }
  }
  const auto r = run_cli("report '" + csv + "' --group team --wave wave --compare exec:cust "
                         "--items q1 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["comparisons"].size(), 2u);
  EXPECT_EQ(j["comparisons"][0]["a"], "exec @ 2025");
  EXPECT_EQ(j["comparisons"][1]["b"], "cust @ 2026");
  ASSERT_EQ(j["wave_changes"].size(), 1u);
  const auto& change = j["wave_changes"][0]["items"][0];
  const auto t = cxgap::make_tally(s);
  const auto r1 = cxgap::compare(t, "exec @ 2025", "cust @ 2025");
  const auto r2 = cxgap::compare(t, "exec @ 2026", "cust @ 2026");
  const auto expected = cxgap::compare_waves(t, r1, r2).items.at(0);
  expect_same(num(change["mean"]["change"]), expected.mean.estimate, "mean change");
  expect_same(num(change["mean"]["ci"][0]), expected.mean.ci.lower, "mean change ci");
  expect_same(num(change["mean"]["p"]), expected.mean.p_value, "mean change p");
  expect_same(num(change["top_box"]["change"]), expected.top_box.estimate, "top-box change");
  EXPECT_NEAR(num(change["mean"]["change"]),
              num(j["comparisons"][1]["items"][0]["mean"]["gap"]) -
                  num(j["comparisons"][0]["items"][0]["mean"]["gap"]),
              1e-12);
  const auto table = run_cli("report '" + csv + "' --group team --wave wave --compare exec:cust --items q1");
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_TRUE(contains(table.out, "change of the gap from exec @ 2025 - cust @ 2025 to exec @ 2026"))
      << table.out;
  std::remove(csv.c_str());
}

#if CXGAP_HAVE_READSTAT
TEST(ReportCli, ReadsSpssAndStataFiles) {
  for (const char* file : {"tests/io/data/cx_survey.sav", "tests/io/data/cx_survey.dta"}) {
    const auto r = run_cli(std::string("report ") + file +
                           " --group audience --items q1 --compare executive:customer --format json");
    ASSERT_EQ(r.exit_code, 0) << file << ": " << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_GT(j["comparisons"][0]["items"][0]["n_a"].get<int>(), 0) << file;
  }
}
#endif

}  // namespace

#endif  // CXGAP_HAVE_CLI
