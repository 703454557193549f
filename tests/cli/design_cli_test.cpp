// End-to-end tests of `cxgap report` with a survey design (--weight --strata --cluster --fpc
// --numeric): the printed design-based gaps of R's api data equal R survey 4.1.1's svyttest
// (fixtures/design_taylor_api.txt, tests/reference/design_taylor.R), and each design input
// error stops with its message and exit code 2.
#if CXGAP_HAVE_CLI

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "support/cli.hpp"
#include "support/fixture.hpp"

namespace {

using cxgap::test::run_result;
using cxgap::test::slurp;
using cxgap::test::temp_path;

using cxgap::test::run_cli;

const char* design_options(const std::string& design) {
  if (design == "strat") return "--weight pw --strata stype --fpc fpc";
  if (design == "clus1") return "--weight pw --cluster dnum --fpc fpc";
  if (design == "clus2") return "--weight pw --cluster dnum --cluster2 snum --fpc fpc1 --fpc2 fpc2";
  return nullptr;
}

TEST(DesignCli, PrintsTheGapsOfRSurveyOnTheApiData) {
  int checked = 0;
  for (const auto& c : cxgap::test::load_fixture("design_taylor_api.txt")) {
    const std::string design = c.name.substr(0, c.name.find(' '));
    const char* opts = design_options(design);
    if (!opts) continue;
    SCOPED_TRACE(c.name);
    const std::string data = design == "strat" ? "apistrat" : design == "clus1" ? "apiclus1" : "apiclus2";
    const std::string item = c.str("item");
    const bool numeric = item != "yr_rnd";
    const auto r = run_cli("report tests/reference/fixtures/api/" + data + ".csv --group awards " +
                           "--compare 1:0 --format json --adjust none " + opts +
                         (numeric ? " --items yr_rnd --numeric " + item : " --items yr_rnd"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    const auto& comparison = j["comparisons"][0];
    EXPECT_EQ(comparison["design"]["degf"], c.integer("degf"));
    const nlohmann::json* found = nullptr;
    for (const auto& it : comparison["items"])
      if (it["item"] == item) found = &it;
    ASSERT_NE(found, nullptr);
    const auto& m = (*found)["mean"];
    EXPECT_REL_NEAR(m["a"].get<double>(), c.num("mean_a"), 1e-8);
    EXPECT_REL_NEAR(m["b"].get<double>(), c.num("mean_b"), 1e-8);
    EXPECT_REL_NEAR(m["gap"].get<double>(), c.num("gap"), 1e-8);
    EXPECT_REL_NEAR(m["se"].get<double>(), c.num("gap_se"), 1e-8);
    EXPECT_REL_NEAR(m["t"].get<double>(), c.num("t"), 1e-8);
    EXPECT_EQ(m["df"].get<double>(), c.num("df"));
    EXPECT_REL_NEAR(m["p"].get<double>(), c.num("p"), 1e-8);
    EXPECT_REL_NEAR(m["ci"][0].get<double>(), c.nums("ci")[0], 1e-8);
    EXPECT_REL_NEAR(m["ci"][1].get<double>(), c.nums("ci")[1], 1e-8);
    EXPECT_REL_NEAR((*found)["design"]["deff_a"].get<double>(), c.num("deff_a"), 1e-8);
    EXPECT_REL_NEAR((*found)["design"]["deff_replace_b"].get<double>(), c.num("deff_replace_b"), 1e-8);
    EXPECT_EQ((*found)["n_a"], c.integer("n_a"));
    ++checked;
  }
  EXPECT_EQ(checked, 9);
}

TEST(DesignCli, TablePrintsTheDesignAndTheRoundedRValues) {
  // R: svyttest(api00~awards, svydesign(id=~dnum, weights=~pw, fpc=~fpc, data=apiclus1)):
  // gap 44.69..., see fixtures/design_taylor_api.txt [clus1 api00].
  const auto r = run_cli("report tests/reference/fixtures/api/apiclus1.csv --group awards --compare 1:0 "
                         "--items yr_rnd --numeric api00 --weight pw --cluster dnum --fpc fpc --adjust none");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("design-based (Taylor linearisation): 1 strata, 15 PSUs, df 14, with fpc"),
            std::string::npos)
      << r.out;
  double gap = 0, lo = 0, hi = 0;
  for (const auto& c : cxgap::test::load_fixture("design_taylor_api.txt"))
    if (c.name == "clus1 api00") gap = c.num("gap"), lo = c.nums("ci")[0], hi = c.nums("ci")[1];
  char expected[128];
  std::snprintf(expected, sizeof expected, "%.2f [%.2f, %.2f]", gap, lo, hi);
  EXPECT_NE(r.out.find(expected), std::string::npos) << expected << "\n" << r.out;
}

using cxgap::test::write_temp;

TEST(DesignCli, DesignInputErrorsExitWithTwo) {
  const std::string header = "g,q,w,s,c\n";
  const auto run = [&](const std::string& name, const std::string& rows, const std::string& opts) {
    const std::string path = write_temp(name, header + rows);
    auto r = run_cli("report '" + path + "' --group g --items q --compare a:b " + opts);
    std::remove(path.c_str());
    return r;
  };
  const auto zero = run("zero.csv", "a,1,1,s1,c1\na,2,0,s1,c2\nb,2,1,s1,c3\n", "--weight w");
  EXPECT_EQ(zero.exit_code, 2);
  EXPECT_NE(zero.err.find("row 3: column 'w': value '0': the weight is 0"), std::string::npos)
      << zero.err;
  const auto span = run("span.csv", "a,1,1,s1,c1\na,2,1,s2,c1\nb,2,1,s2,c2\n",
                        "--weight w --strata s --cluster c");
  EXPECT_EQ(span.exit_code, 2);
  EXPECT_NE(span.err.find("row 3: column 'c': value 'c1': PSU 'c1' is in stratum 's1' and in "
                          "stratum 's2'"),
            std::string::npos)
      << span.err;
  // With --nest the same file is a design (PSU c1 of s1 and c1 of s2), but s1 has one PSU.
  const auto lonely = run("lonely.csv", "a,1,1,s1,c1\na,2,1,s2,c1\nb,2,1,s2,c2\n",
                          "--weight w --strata s --cluster c --nest");
  EXPECT_EQ(lonely.exit_code, 2);
  EXPECT_NE(lonely.err.find("stratum 's1' has only one PSU at stage 1"), std::string::npos)
      << lonely.err;
  const auto adjusted = run("lonely.csv", "a,1,1,s1,c1\na,2,1,s2,c1\nb,2,1,s2,c2\n",
                            "--weight w --strata s --cluster c --nest --lonely-psu adjust");
  EXPECT_EQ(adjusted.exit_code, 0) << adjusted.err;
  const auto missing = run("missing.csv", "a,1,1,s1,c1\na,2,1,,c2\nb,2,1,s1,c3\n",
                           "--weight w --strata s --cluster c");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("row 3: column 's'"), std::string::npos) << missing.err;
  const auto lenient = run("missing.csv", "a,1,1,s1,c1\na,2,1,,c2\nb,2,1,s1,c3\nb,1,1,s1,c4\n",
                           "--weight w --strata s --cluster c --lenient --format json");
  ASSERT_EQ(lenient.exit_code, 0) << lenient.err;
  const auto j = nlohmann::json::parse(lenient.out);
  EXPECT_EQ(j["input"]["values_excluded"]["missing_design_value"], 1);
  EXPECT_EQ(j["input"]["rows_used"], 3);
  // --cluster2 without --cluster is a usage error.
  EXPECT_EQ(run("x.csv", "a,1,1,s1,c1\n", "--weight w --cluster2 c").exit_code, 1);
}

}  // namespace

#endif  // CXGAP_HAVE_CLI
