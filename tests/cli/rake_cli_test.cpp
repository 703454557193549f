// End-to-end tests of `cxgap report --rake`: raking the full-sample and every replicate's
// weights to population margins (R's rake() on a svrepdesign). The printed gaps of
// tests/cli/data/api_rake.csv raked to tests/cli/data/api_rake_margins.csv equal R survey
// 4.1.1's rake + svyby + svycontrast / svyttest (fixtures/design_cli_rake.txt,
// tests/reference/design_cli_rake.R) for generated and supplied replicates, default and tight
// control and a raking stopped at maxit 2; non-convergence is a warning; without replicate
// weights --rake rakes the Taylor design instead (rake_taylor_cli_test.cpp); bad raking
// controls are usage errors; every bad margins file or raking value stops with a message
// naming file, row, column and value.
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
using cxgap::test::item_of;
using cxgap::test::run_cli;
using cxgap::test::run_result;

const std::string data_file = "tests/cli/data/api_rake.csv";
const std::string margins_file = "tests/cli/data/api_rake_margins.csv";
const std::string base = "report " + data_file +
                         " --group audience --compare awarded:other --items q1,q2,q3 --numeric api00"
                         " --adjust none --rake " + margins_file + " ";

TEST(RakeCli, GapsEqualRSurveyRakeOnReplicateDesigns) {
  std::map<std::string, run_result> runs;  // one run per design
  int checked = 0;
  for (const auto& c : cxgap::test::load_fixture("design_cli_rake.txt")) {
    SCOPED_TRACE(c.name + ": " + c.str("cli"));
    const std::string design = c.name.substr(0, c.name.find(' '));
    const run_result& run = cxgap::test::run_json_once(runs, design, base + c.str("cli"));
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const auto comparison = cxgap::test::first_comparison(run);
    // degf of the raked replicate weights (R recomputes it in rake()), not of the design's;
    // the sweeps, and a warning when they did not converge.
    const std::string variance = cxgap::test::expect_raked_design(comparison, run, c);
    EXPECT_TRUE(contains(variance, "raked to margins stype (3 categories) and sch_wide (2 categories) of " +
                                       margins_file))
        << variance;
    const auto at = variance.find("largest change ");
    ASSERT_NE(at, std::string::npos) << variance;
    // Printed to 10 digits; near convergence it is a difference of cell totals of ~10³, so
    // rounding moves it by ~1e-11 absolute.
    EXPECT_NEAR(std::stod(variance.substr(at + 15)), c.num("max_change"), 1e-9 + 1e-9 * c.num("max_change"));

    const auto& it = item_of(comparison, c.str("item"));
    const bool top_box = c.str("measure") == "top_box";
    cxgap::test::expect_gap_matches(it[top_box ? "top_box" : "mean"], c, top_box);
    EXPECT_EQ(it["n_a"].get<std::int64_t>(), c.integer("n_a"));
    EXPECT_EQ(it["n_b"].get<std::int64_t>(), c.integer("n_b"));
    ++checked;
  }
  EXPECT_EQ(checked, 49);
  EXPECT_EQ(runs.size(), 7u);
}

TEST(RakeCli, TableHeaderSaysWhatWasRakedAndNonConvergenceIsAWarning) {
  const std::string jk1 = "--weight pw --cluster vpsu --replicates auto --rep-type JK1 ";
  const auto ok = run_cli(base + jk1);
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_TRUE(contains(ok.out, "design-based (replicate weights: JK1, 16 replicates generated from 16 PSUs; "
                               "raked to margins stype (3 categories) and sch_wide (2 categories) of " +
                                   margins_file + ": converged in 3 sweeps (largest change 0.2272838437), "
                                   "maxit 10, epsilon 1; each replicate raked in the same sweeps): df 15"))
      << ok.out;
  EXPECT_EQ(ok.err, "");
  // R: rake(..., control = list(maxit = 2, epsilon = 1)) warns "Raking did not converge after
  // 2 iterations" (fixture [generated_jk1_maxit2 ...]: max_change 1.6945350119676732).
  const auto short_run = run_cli(base + jk1 + "--rake-maxit 2");
  ASSERT_EQ(short_run.exit_code, 0) << short_run.err;
  EXPECT_TRUE(contains(short_run.err, "cxgap: warning: raking did not converge after 2 sweeps (largest "
                                      "change 1.694535012) to margins " + margins_file))
      << short_run.err;
  EXPECT_TRUE(contains(short_run.out, "raking did not converge after 2 sweeps (largest change 1.694535012)"))
      << short_run.out;
}

TEST(RakeCli, RakeControlOptionsAreChecked) {
  // Without replicate weights --rake rakes the Taylor design (tests/cli/rake_taylor_cli_test.cpp).
  const std::string plain = "report " + data_file +
                            " --group audience --compare awarded:other --items q1 --rake " + margins_file + " ";
  for (const std::string opts : {"", "--weight pw", "--weight pw --strata vstrat --cluster vpsu"}) {
    SCOPED_TRACE(opts);
    const auto r = run_cli(plain + opts);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "design-based (Taylor linearisation of raked weights; raked to margins"))
        << r.out;
  }
  const std::string jk1 = "report " + data_file +
                          " --group audience --compare awarded:other --items q1 --weight pw --cluster vpsu "
                          "--replicates auto --rep-type JK1 ";
  const auto maxit_alone = run_cli(jk1 + "--rake-maxit 5");
  EXPECT_EQ(maxit_alone.exit_code, 1);
  EXPECT_TRUE(contains(maxit_alone.err, "--rake-maxit and --rake-epsilon need --rake FILE")) << maxit_alone.err;
  const auto zero = run_cli(jk1 + "--rake " + margins_file + " --rake-maxit 0");
  EXPECT_EQ(zero.exit_code, 1);
  EXPECT_TRUE(contains(zero.err, "--rake-maxit must be a positive whole number, got 0")) << zero.err;
  const auto eps = run_cli(jk1 + "--rake " + margins_file + " --rake-epsilon -1");
  EXPECT_EQ(eps.exit_code, 1);
  EXPECT_TRUE(contains(eps.err, "--rake-epsilon must be a positive number")) << eps.err;
}

TEST(RakeCli, BadMarginsFilesStopWithFileRowColumnAndValue) {
  const std::string jk1 = "report " + data_file +
                          " --group audience --compare awarded:other --items q1 --weight pw --cluster vpsu "
                          "--replicates auto --rep-type JK1 --rake ";
  const auto run = [&](const std::string& name, const std::string& content) {
    return cxgap::test::run_on_temp_file(name, content, jk1);
  };
  const std::string good = "stype,E,4421\nstype,H,755\nstype,M,1018\nsch_wide,No,1072\nsch_wide,Yes,5122\n";

  const auto missing = run_cli(jk1 + "tests/cli/data/no_such_margins.csv");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(contains(missing.err, "tests/cli/data/no_such_margins.csv")) << missing.err;

  const auto [header, header_path] = run("m_header.csv", "variable,level,total\n" + good);
  EXPECT_EQ(header.exit_code, 2);
  EXPECT_TRUE(contains(header.err, header_path + ":row 1: column 'level': a raking margins file has exactly "
                                                 "the columns variable,category,total"))
      << header.err;

  const auto [text, text_path] = run("m_text.csv", "variable,category,total\nstype,E,4421\nstype,H,many\n");
  EXPECT_EQ(text.exit_code, 2);
  EXPECT_TRUE(contains(text.err, text_path + ":row 3: column 'total': value 'many': a population total must "
                                             "be a finite number >= 0"))
      << text.err;

  const auto [negative, negative_path] = run("m_negative.csv", "variable,category,total\nstype,E,-1\n");
  EXPECT_EQ(negative.exit_code, 2);
  EXPECT_TRUE(contains(negative.err, negative_path + ":row 2: column 'total': value '-1'")) << negative.err;

  const auto [twice, twice_path] =
      run("m_twice.csv", "variable,category,total\nstype,E,4421\nstype,H,755\nstype,E,1018\n");
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_TRUE(contains(twice.err, twice_path + ":row 4: column 'category': value 'E': category 'E' of 'stype' "
                                               "is listed twice (first in row 2)"))
      << twice.err;

  const auto [empty, empty_path] = run("m_empty.csv", "variable,category,total\n");
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_TRUE(contains(empty.err, empty_path + ": the raking margins file has no rows")) << empty.err;

  const auto [column, column_path] =
      run("m_column.csv", "variable,category,total\nstype,E,4421\nstype,H,755\nstype,M,1018\nregion,N,6194\n");
  EXPECT_EQ(column.exit_code, 2);
  EXPECT_TRUE(contains(column.err, column_path + ":row 5: column 'variable': value 'region': the raking variable "
                                                 "'region' is not a column of " + data_file))
      << column.err;

  // R: postStratify stops "Some strata absent from sample" / "Strata in sample absent from population".
  const auto [absent, absent_path] =
      run("m_absent.csv", "variable,category,total\nstype,E,4421\nstype,H,755\nstype,M,1000\nstype,K,18\n");
  EXPECT_EQ(absent.exit_code, 2);
  EXPECT_TRUE(contains(absent.err, absent_path + ":row 5: column 'category': value 'K': category 'K' of 'stype' "
                                                 "has population total 18 but is absent from sample " + data_file))
      << absent.err;
  const auto [zero, zero_path] =
      run("m_zero.csv", "variable,category,total\nstype,E,5176\nstype,H,0\nstype,M,1018\n");
  EXPECT_EQ(zero.exit_code, 2);
  EXPECT_TRUE(contains(zero.err, zero_path + ":row 3: column 'total': value '0': category 'H' of 'stype' is in "
                                             "the sample"))
      << zero.err;
  EXPECT_TRUE(contains(zero.err, "absent from population")) << zero.err;
  const auto [unlisted, unlisted_path] = run("m_unlisted.csv", "variable,category,total\nstype,E,5176\nstype,M,1018\n");
  EXPECT_EQ(unlisted.exit_code, 2);
  EXPECT_TRUE(contains(unlisted.err, data_file + ":row ")) << unlisted.err;
  EXPECT_TRUE(contains(unlisted.err, "column 'stype': value 'H': category 'H' of 'stype' is absent from "
                                     "population margins " + unlisted_path))
      << unlisted.err;

  const auto [inconsistent, inconsistent_path] =
      run("m_inconsistent.csv", "variable,category,total\nstype,E,4421\nstype,H,755\nstype,M,1018\n"
                                "sch_wide,No,1072\nsch_wide,Yes,5000\n");
  EXPECT_EQ(inconsistent.exit_code, 2);
  EXPECT_TRUE(contains(inconsistent.err, inconsistent_path + ":row 5: column 'total': inconsistent margins: "
                                                             "'stype' totals 6194 but 'sch_wide' totals 6072"))
      << inconsistent.err;

  const auto [fine, fine_path] = run("m_fine.csv", "variable,category,total\n" + good);
  EXPECT_EQ(fine.exit_code, 0) << fine.err;
}

TEST(RakeCli, BadRakingValuesInTheDataStopWithTheirRow) {
  // Four clusters; t is the raking variable. c1 is the only cluster with t = H.
  const std::string header = "g,q,w,c,t\n";
  const std::string margins = cxgap::test::write_temp("m_small.csv", "variable,category,total\nt,E,30\nt,H,6\n");
  const auto run = [&](const std::string& name, const std::string& rows) {
    return cxgap::test::run_on_temp_file(name, header + rows, "report ",
                                         " --group g --items q --compare a:b --weight w --cluster c "
                                         "--replicates auto --rep-type JK1 --rake '" + margins + "'");
  };
  const std::string rows = "a,1,2,c1,H\na,2,2,c1,E\nb,2,2,c2,E\nb,1,2,c2,H\na,1,2,c3,E\nb,2,2,c3,E\n"
                           "a,2,2,c4,E\nb,1,2,c4,H\n";
  const auto [good, good_path] = run("d_good.csv", rows);
  EXPECT_EQ(good.exit_code, 0) << good.err;

  cxgap::test::expect_bad_raking_values_stop(run, "d_", rows, "a,2,2,c4,");

  // H only in c1: JK1's replicate 1 drops c1 and has no weight left in H. R's rake() fails there
  // (qr of NaN replicate weights).
  const auto [lost, lost_path] =
      run("d_lost.csv", "a,1,2,c1,H\na,2,2,c1,E\nb,2,2,c2,E\nb,1,2,c2,E\na,1,2,c3,E\nb,2,2,c3,E\n");
  EXPECT_EQ(lost.exit_code, 2);
  EXPECT_TRUE(contains(lost.err, "column 'category': value 'H': replicate 1 of the generated JK1 design has no "
                                 "weight in category 'H' of 't'"))
      << lost.err;
  std::remove(margins.c_str());
}

}  // namespace

#endif  // CXGAP_HAVE_CLI
