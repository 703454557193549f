// End-to-end tests of `cxgap report --rake` on a Taylor design (--weight/--strata/--cluster/--fpc,
// no replicate weights): the printed gaps of R's api data and of the seeded CX panel raked to
// population margins equal R survey 4.1.1's rake() on a svydesign followed by svymean /
// svyrecvar / svyttest (fixtures/design_rake_taylor.txt, tests/reference/design_cli_rake_taylor.R)
// for stratified (rows as PSUs), one- and two-stage clustered designs, default and tight raking
// control and a raking stopped at maxit 2 (a warning), and designs with one-PSU strata under each
// --lonely-psu policy (remove, adjust, average, certainty); bad raking input stops with its file,
// row, column and value; replicate-only options without replicates stay usage errors.
#if CXGAP_HAVE_CLI

#include <cstdio>
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/rake_support.hpp"
#include "support/cli.hpp"
#include "support/fixture.hpp"
#include "support/text.hpp"

namespace {

using cxgap::test::contains;
using cxgap::test::run_cli;
using cxgap::test::run_result;

const std::string rt_api_margins = "tests/cli/data/api_rake_taylor_margins.csv";

// The command for a fixture case's data, margins and design options (its `data`, `margins` and
// `cli` keys; the lonely-PSU policy is in `cli`).
std::string rt_command(const cxgap::test::fixture_case& c) {
  const std::string data = c.str("data");
  if (data == "panel" || data == "panel_lonely")
    return "report tests/reference/fixtures/" +
           std::string(data == "panel" ? "design_cx_panel.csv" : "design_cx_panel_lonely.csv") +
           " --group group --compare executive:customer --items q1,q2,rec --numeric spend --adjust none "
           "--rake " + c.str("margins") + " " + c.str("cli");
  return "report tests/reference/fixtures/api/" + data + ".csv --group awards --compare 1:0 --items yr_rnd "
         "--numeric api00,enroll --adjust none --rake " + c.str("margins") + " " + c.str("cli");
}

// The JSON item of a fixture case's item.
const nlohmann::json& rt_item(const nlohmann::json& comparison, const std::string& item) {
  const std::string column = item == "q1_mean" || item == "q1_top" ? "q1"
                             : item == "q2_mean"                  ? "q2"
                             : item == "rec_nps"                  ? "rec"
                                                                  : item;
  return cxgap::test::item_of(comparison, column);
}

// The JSON gap of a fixture case's item and measure.
const nlohmann::json& rt_gap(const nlohmann::json& comparison, const std::string& item) {
  const std::string measure = item == "q1_top" ? "top_box" : item == "rec_nps" ? "nps" : "mean";
  return rt_item(comparison, item)[measure];
}

TEST(RakeTaylorCli, GapsEqualRSurveyRakeOnTaylorDesigns) {
  std::map<std::string, run_result> runs;
  int checked = 0;
  for (const auto& c : cxgap::test::load_fixture("design_rake_taylor.txt")) {
    const std::string command = rt_command(c);
    SCOPED_TRACE(c.name + ": " + command);
    const std::string design = c.name.substr(0, c.name.find(' '));
    const run_result& run = cxgap::test::run_json_once(runs, design, command);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const auto comparison = cxgap::test::first_comparison(run);
    const std::string variance = cxgap::test::expect_raked_design(comparison, run, c);
    EXPECT_TRUE(contains(variance, "Taylor linearisation of raked weights; raked to margins ")) << variance;
    const bool nps = c.str("item") == "rec_nps", top = c.str("item") == "q1_top";
    cxgap::test::expect_gap_matches(rt_gap(comparison, c.str("item")), c, nps || top);
    if (!nps && !top) {  // the item's design effects are those of its mean
      const auto& deff = rt_item(comparison, c.str("item"))["design"];
      EXPECT_REL_NEAR(deff["deff_a"].get<double>(), c.num("deff_a"), 1e-8);
      EXPECT_REL_NEAR(deff["deff_b"].get<double>(), c.num("deff_b"), 1e-8);
      EXPECT_REL_NEAR(deff["deff_replace_a"].get<double>(), c.num("deff_replace_a"), 1e-8);
      EXPECT_REL_NEAR(deff["deff_replace_b"].get<double>(), c.num("deff_replace_b"), 1e-8);
    }
    if (c.str("lonely_psu") != "fail") {
      EXPECT_EQ(comparison["design"]["lonely_psu"], c.str("lonely_psu"));
    }
    ++checked;
  }
  EXPECT_EQ(checked, 55);
  EXPECT_EQ(runs.size(), 15u);
}

TEST(RakeTaylorCli, TableSaysWhatWasRakedAndNonConvergenceIsAWarning) {
  const std::string base = "report tests/reference/fixtures/api/apiclus1.csv --group awards --compare 1:0 "
                           "--items yr_rnd --numeric api00 --adjust none --weight pw --cluster dnum --rake " +
                           rt_api_margins;
  const auto ok = run_cli(base + " --fpc fpc");
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_TRUE(contains(ok.out, "design-based (Taylor linearisation of raked weights; raked to margins stype "
                               "(3 categories) and sch_wide (2 categories) of " + rt_api_margins +
                                   ": converged in 4 sweeps"))
      << ok.out;
  EXPECT_TRUE(contains(ok.out, "maxit 10, epsilon 1): 1 strata, 15 PSUs, df 14, with fpc")) << ok.out;
  EXPECT_EQ(ok.err, "");
  // R's gap of api00 (fixture [clus1 api00]) as the table rounds it.
  for (const auto& c : cxgap::test::load_fixture("design_rake_taylor.txt")) {
    if (c.name != "clus1 api00") continue;
    char expected[128];
    std::snprintf(expected, sizeof expected, "%.2f [%.2f, %.2f]", c.num("gap"), c.nums("ci")[0], c.nums("ci")[1]);
    EXPECT_TRUE(contains(ok.out, expected)) << expected << "\n" << ok.out;
  }
  // R: rake(..., control = list(maxit = 2, epsilon = 1)) warns "Raking did not converge".
  const auto short_run = run_cli(base + " --rake-maxit 2");
  ASSERT_EQ(short_run.exit_code, 0) << short_run.err;
  EXPECT_TRUE(contains(short_run.err, "cxgap: warning: raking did not converge after 2 sweeps")) << short_run.err;
  EXPECT_TRUE(contains(short_run.out, "raking did not converge after 2 sweeps")) << short_run.out;
}

TEST(RakeTaylorCli, OnePsuStratumStopsUnderTheDefaultLonelyPsuPolicy) {
  // R: options(survey.lonely.psu = "fail") (the default) stops svyrecvar on region R5's one store.
  const auto run = run_cli("report tests/reference/fixtures/design_cx_panel_lonely.csv --group group "
                           "--compare executive:customer --items q1 --weight w --strata region --cluster store "
                           "--fpc fpc --rake tests/cli/data/cx_panel_lonely_rake_margins.csv");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(contains(run.err, "stratum 'R5' has only one PSU at stage 1, and the lonely-PSU policy is "
                                "'fail'"))
      << run.err;
}

TEST(RakeTaylorCli, ReplicateOptionsWithoutReplicatesAndBadRakingInputStop) {
  const std::string base = "report tests/reference/fixtures/api/apistrat.csv --group awards --compare 1:0 "
                           "--items yr_rnd --weight pw --strata stype --rake " + rt_api_margins + " ";
  const auto mse = run_cli(base + "--mse");
  EXPECT_EQ(mse.exit_code, 1);
  EXPECT_TRUE(contains(mse.err, "need --repweights REGEX or --replicates auto|N")) << mse.err;
  const auto wave = run_cli(base + "--wave stype");
  EXPECT_EQ(wave.exit_code, 1);
  EXPECT_TRUE(contains(wave.err, "--wave cannot be combined with --rake")) << wave.err;

  const std::string margins = cxgap::test::write_temp("rt_m.csv", "variable,category,total\nt,E,30\nt,H,6\n");
  const auto run = [&](const std::string& name, const std::string& rows) {
    return cxgap::test::run_on_temp_file(name, "g,q,w,s,c,t\n" + rows, "report ",
                                         " --group g --items q --compare a:b --weight w --strata s --cluster c "
                                         "--rake '" + margins + "'");
  };
  const std::string rows = "a,1,2,s1,c1,H\na,2,2,s1,c1,E\nb,2,2,s1,c2,E\nb,1,2,s1,c2,H\na,1,2,s2,c3,E\n"
                           "b,2,2,s2,c3,E\na,2,2,s2,c4,E\nb,1,2,s2,c4,H\n";
  const auto [good, good_path] = run("rt_good.csv", rows);
  EXPECT_EQ(good.exit_code, 0) << good.err;
  EXPECT_TRUE(contains(good.out, "Taylor linearisation of raked weights")) << good.out;
  cxgap::test::expect_bad_raking_values_stop(run, "rt_", rows, "a,2,2,s2,c4,");
  // A category with a population total but no respondent (R: "Some strata absent from sample").
  const auto [absent, absent_path] = run("rt_absent.csv", "a,1,2,s1,c1,E\nb,2,2,s1,c2,E\na,1,2,s2,c3,E\nb,2,2,s2,c4,E\n");
  EXPECT_EQ(absent.exit_code, 2);
  EXPECT_TRUE(contains(absent.err, "row 3: column 'category': value 'H': category 'H' of 't' has population "
                                   "total 6 but is absent from sample"))
      << absent.err;
  std::remove(margins.c_str());
}

}  // namespace

#endif  // CXGAP_HAVE_CLI
