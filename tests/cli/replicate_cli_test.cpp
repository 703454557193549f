// End-to-end tests of `cxgap report` with replicate weights (--repweights: columns supplied in
// the file; --replicates: generated from --strata/--cluster/--weight): the printed gaps of
// tests/cli/data/api_replicate.csv equal R survey 4.1.1's svrepdesign / as.svrepdesign +
// svyby + svycontrast (fixtures/design_cli_replicate.txt, tests/reference/design_cli_replicate.R),
// the seeded subbootstrap is reproducible and close to the Taylor SE, and every bad input
// stops with a message naming file, row, column and value.
#if CXGAP_HAVE_CLI

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "support/cli.hpp"
#include "support/fixture.hpp"

namespace {

using cxgap::test::run_result;

using cxgap::test::run_cli;

const std::string data_file = "tests/cli/data/api_replicate.csv";
const std::string base = "report " + data_file +
                         " --group audience --compare awarded:other --items q1,q2,q3 --adjust none ";

const nlohmann::json& item_of(const nlohmann::json& comparison, const std::string& item) {
  for (const auto& it : comparison["items"])
    if (it["item"] == item) return it;
  ADD_FAILURE() << "no item " << item;
  return comparison;
}

using cxgap::test::write_temp;

TEST(ReplicateCli, GapsEqualRSurveyForSuppliedAndGeneratedReplicates) {
  std::map<std::string, nlohmann::json> runs;  // one run per design
  int checked = 0;
  for (const auto& c : cxgap::test::load_fixture("design_cli_replicate.txt")) {
    SCOPED_TRACE(c.name + ": " + c.str("cli"));
    const std::string design = c.name.substr(0, c.name.find(' '));
    if (!runs.count(design)) {
      const auto r = run_cli(base + c.str("cli") + " --format json");
      ASSERT_EQ(r.exit_code, 0) << r.err;
      runs[design] = nlohmann::json::parse(r.out);
    }
    const auto& comparison = runs[design]["comparisons"][0];
    EXPECT_EQ(comparison["design"]["degf"].get<double>(), c.num("degf"));
    const auto& it = item_of(comparison, c.str("item"));
    const bool mean = c.str("measure") == "mean";
    const auto& g = it[mean ? "mean" : "top_box"];
    EXPECT_REL_NEAR(g["a"].get<double>(), c.num("a"), 1e-8);
    EXPECT_REL_NEAR(g["b"].get<double>(), c.num("b"), 1e-8);
    EXPECT_REL_NEAR(g["gap"].get<double>(), c.num("gap"), 1e-8);
    EXPECT_REL_NEAR(g["se"].get<double>(), c.num("gap_se"), 1e-8);
    EXPECT_REL_NEAR(g[mean ? "t" : "z"].get<double>(), c.num("t"), 1e-8);
    if (mean) {
      EXPECT_EQ(g["df"].get<double>(), c.num("df"));
    }
    EXPECT_REL_NEAR(g["p"].get<double>(), c.num("p"), 1e-8);
    EXPECT_REL_NEAR(g["ci"][0].get<double>(), c.nums("ci")[0], 1e-8);
    EXPECT_REL_NEAR(g["ci"][1].get<double>(), c.nums("ci")[1], 1e-8);
    EXPECT_EQ(it["n_a"].get<std::int64_t>(), c.integer("n_a"));
    EXPECT_EQ(it["n_b"].get<std::int64_t>(), c.integer("n_b"));
    ++checked;
  }
  EXPECT_EQ(checked, 72);
  EXPECT_EQ(runs.size(), 12u);
}

TEST(ReplicateCli, CsvAndTableOutputCarryTheReplicateResults) {
  // R: svrepdesign(data = df, repweights = '^fay', type = 'Fay', rho = 0.3, weights = ~pw,
  // combined.weights = TRUE); fixtures/design_cli_replicate.txt [supplied_fay q1 mean].
  const auto fixture = cxgap::test::load_fixture("design_cli_replicate.txt");
  const cxgap::test::fixture_case* fay = nullptr;
  for (const auto& c : fixture)
    if (c.name == "supplied_fay q1 mean") fay = &c;
  ASSERT_NE(fay, nullptr);
  const auto csv = run_cli(base + fay->str("cli") + " --format csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  std::istringstream lines(csv.out);
  std::string header, row;
  std::getline(lines, header);
  std::getline(lines, row);
  std::vector<std::string> names, values;
  const auto split = [](const std::string& s, std::vector<std::string>& out) {
    std::string cur;
    for (char ch : s) {
      if (ch == ',') {
        out.push_back(cur);
        cur.clear();
      } else if (ch != '\r') {
        cur += ch;
      }
    }
    out.push_back(cur);
  };
  split(header, names);
  split(row, values);
  ASSERT_EQ(names.size(), values.size());
  std::map<std::string, std::string> field;
  for (std::size_t i = 0; i < names.size(); ++i) field[names[i]] = values[i];
  EXPECT_EQ(field["item"], "q1");
  EXPECT_REL_NEAR(std::stod(field["mean_gap"]), fay->num("gap"), 1e-8);
  EXPECT_REL_NEAR(std::stod(field["mean_se"]), fay->num("gap_se"), 1e-8);
  EXPECT_EQ(std::stod(field["mean_df"]), fay->num("df"));

  const auto table = run_cli(base + fay->str("cli"));
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("design-based (replicate weights: Fay, 12 columns"), std::string::npos)
      << table.out;
  EXPECT_NE(table.out.find("): df 8 (rank of the replicates - 1)"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("200 rows read, 200 used; 9 values excluded (missing: 9)"),
            std::string::npos)
      << table.out;
}

TEST(ReplicateCli, SubbootstrapIsSeededAndCloseToTheTaylorStandardError) {
  // cxgap draws the Rao–Wu replicates with its own SplitMix64 (R's RNG cannot be matched): the
  // same seed gives the same report, another seed other replicates, and with 400 replicates
  // the SE is near the Taylor SE of the same design (R: svyttest on svydesign(id = ~vpsu,
  // strata = ~vstrat, weights = ~pw)); the bootstrap variance has relative SD sqrt(2/(R-1)) ≈
  // 7% around a value that for 16 PSUs itself differs from Taylor's by a few per cent.
  const std::string design = "--weight pw --strata vstrat --cluster vpsu --format json ";
  const auto once = run_cli(base + design + "--replicates 400 --rep-type subbootstrap --seed 7");
  const auto again = run_cli(base + design + "--replicates 400 --rep-type subbootstrap --seed 7");
  const auto other = run_cli(base + design + "--replicates 400 --rep-type subbootstrap --seed 8");
  const auto taylor = run_cli(base + design);
  ASSERT_EQ(once.exit_code, 0) << once.err;
  ASSERT_EQ(other.exit_code, 0) << other.err;
  ASSERT_EQ(taylor.exit_code, 0) << taylor.err;
  EXPECT_EQ(once.out, again.out);
  EXPECT_NE(once.out, other.out);
  const auto j = nlohmann::json::parse(once.out)["comparisons"][0];
  const auto t = nlohmann::json::parse(taylor.out)["comparisons"][0];
  EXPECT_NE(j["design"]["variance"].get<std::string>().find("subbootstrap, 400 replicates"),
            std::string::npos);
  for (const char* item : {"q1", "q2", "q3"}) {
    SCOPED_TRACE(item);
    for (const char* m : {"mean", "top_box"}) {
      const double se = item_of(j, item)[m]["se"].get<double>();
      const double se_taylor = item_of(t, item)[m]["se"].get<double>();
      EXPECT_REL_NEAR(item_of(j, item)[m]["gap"].get<double>(),
                      item_of(t, item)[m]["gap"].get<double>(), 1e-12);
      EXPECT_NEAR(se / se_taylor, 1.0, 0.15) << m << ": " << se << " vs " << se_taylor;
    }
  }
}

TEST(ReplicateCli, BadReplicateInputExitsWithItsLocation) {
  const std::string header = "g,q,w,r1,r2,s,c\n";
  const auto run = [&](const std::string& name, const std::string& rows, const std::string& opts) {
    const std::string path = write_temp(name, header + rows);
    auto r = run_cli("report '" + path + "' --group g --items q --compare a:b " + opts);
    std::remove(path.c_str());
    return r;
  };
  const std::string ok = "a,1,2,0,4,s1,c1\na,2,2,4,0,s1,c2\nb,2,2,0,4,s2,c3\nb,1,2,4,0,s2,c4\n";
  const auto good = run("good.csv", ok, "--weight w --repweights '^r' --rep-type JK1");
  EXPECT_EQ(good.exit_code, 0) << good.err;

  const auto none = run("none.csv", ok, "--weight w --repweights '^rep' --rep-type JK1");
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("value '^rep': --repweights matches no column (columns: g, q, w, r1, r2, s and c)"),
            std::string::npos)
      << none.err;

  const auto negative = run("negative.csv", "a,1,2,0,4,s1,c1\na,2,2,-4,0,s1,c2\nb,2,2,0,4,s2,c3\n",
                            "--weight w --repweights '^r' --rep-type JK1 --lenient");
  EXPECT_EQ(negative.exit_code, 2);
  EXPECT_NE(negative.err.find("row 3: column 'r1': value '-4': the replicate weight is negative"),
            std::string::npos)
      << negative.err;

  const auto text = run("text.csv", "a,1,2,0,4,s1,c1\na,2,2,4,x,s1,c2\nb,2,2,0,4,s2,c3\n",
                        "--weight w --repweights '^r' --rep-type JK1");
  EXPECT_EQ(text.exit_code, 2);
  EXPECT_NE(text.err.find("row 3: column 'r2': value 'x': the replicate weight is not a number"),
            std::string::npos)
      << text.err;

  const auto blank = run("blank.csv", "a,1,2,0,4,s1,c1\na,2,2,4,,s1,c2\nb,2,2,0,4,s2,c3\n",
                         "--weight w --repweights '^r' --rep-type JK1");
  EXPECT_EQ(blank.exit_code, 2);
  EXPECT_NE(blank.err.find("row 3: column 'r2': the replicate weight is empty"),
            std::string::npos)
      << blank.err;

  const auto weight = run("weight.csv", ok, "--weight w --repweights '^[rw]' --rep-type JK1");
  EXPECT_EQ(weight.exit_code, 2);
  EXPECT_NE(weight.err.find("column 'w': value '^[rw]': --repweights matches the full-sample weight"),
            std::string::npos)
      << weight.err;

  // BRR needs two PSUs per stratum: s1 has c1, c2, c5.
  const auto brr = run("brr.csv", ok + "a,2,2,4,0,s1,c5\n",
                       "--weight w --strata s --cluster c --replicates auto --rep-type BRR");
  EXPECT_EQ(brr.exit_code, 2);
  EXPECT_NE(brr.err.find("column 's': value 's1': stratum 's1' has 3 PSUs; BRR and Fay replicates "
                         "need exactly two PSUs per stratum"),
            std::string::npos)
      << brr.err;
  const auto brr_ok = run("brr_ok.csv", ok, "--weight w --strata s --cluster c --replicates auto --rep-type BRR");
  EXPECT_EQ(brr_ok.exit_code, 0) << brr_ok.err;
}

TEST(ReplicateCli, ConflictingReplicateOptionsAreUsageErrors) {
  const auto run = [](const std::string& opts) { return run_cli(base + opts); };
  const auto both = run("--weight pw --repweights ^jkn --replicates auto --rep-type JK1");
  EXPECT_EQ(both.exit_code, 1);
  EXPECT_NE(both.err.find("either --repweights"), std::string::npos) << both.err;
  const auto type_only = run("--weight pw --rep-type JK1");
  EXPECT_EQ(type_only.exit_code, 1);
  EXPECT_NE(type_only.err.find("need --repweights REGEX or --replicates auto|N"), std::string::npos)
      << type_only.err;
  const auto no_type = run("--weight pw --repweights ^jkn");
  EXPECT_EQ(no_type.exit_code, 1);
  EXPECT_NE(no_type.err.find("--rep-type"), std::string::npos) << no_type.err;
  const auto jkn = run("--weight pw --repweights ^jkn --rep-type JKn");
  EXPECT_EQ(jkn.exit_code, 1);
  EXPECT_NE(jkn.err.find("JKn needs --rep-rscales"), std::string::npos) << jkn.err;
  const auto rscales = run("--weight pw --repweights ^jkn --rep-type JKn --rep-rscales 0.5,0.5");
  EXPECT_EQ(rscales.exit_code, 1);
  EXPECT_NE(rscales.err.find("--rep-rscales has 2 values, but --repweights matches 16 columns"),
            std::string::npos)
      << rscales.err;
  const auto fay = run("--weight pw --repweights ^fay --rep-type Fay");
  EXPECT_EQ(fay.exit_code, 1);
  EXPECT_NE(fay.err.find("--fay-rho"), std::string::npos) << fay.err;
  const auto brr_scale = run("--weight pw --repweights ^brr --rep-type BRR --rep-scale 2");
  EXPECT_EQ(brr_scale.exit_code, 1);
  const auto jk1_strata = run("--weight pw --strata vstrat --cluster vpsu --replicates auto --rep-type JK1");
  EXPECT_EQ(jk1_strata.exit_code, 1);
  EXPECT_NE(jk1_strata.err.find("Can't use JK1 for a stratified design"), std::string::npos);
  const auto count = run("--weight pw --strata vstrat --cluster vpsu --replicates 10 --rep-type JKn");
  EXPECT_EQ(count.exit_code, 1);
  EXPECT_NE(count.err.find("JKn gives 16 replicates for this design, not 10"), std::string::npos)
      << count.err;
  const auto boot = run("--weight pw --strata vstrat --cluster vpsu --replicates auto --rep-type subbootstrap");
  EXPECT_EQ(boot.exit_code, 1);
  const auto seed = run("--weight pw --strata vstrat --cluster vpsu --replicates auto --rep-type JKn --seed 3");
  EXPECT_EQ(seed.exit_code, 1);
  const auto strata = run("--weight pw --strata stype --repweights ^jkn --rep-type JK1");
  EXPECT_EQ(strata.exit_code, 1);
}

TEST(ReplicateCli, RscalesComeFromAListOrAFile) {
  // The same JKn design as [supplied_jkn …], its 16 rscales of 0.5 given three ways.
  const std::string path = write_temp("rscales.txt", "0.5 0.5 0.5 0.5\n0.5,0.5,0.5,0.5\n0.5 0.5 0.5 0.5 0.5 0.5 0.5 0.5\n");
  std::string list = "0.5";
  for (int i = 1; i < 16; ++i) list += ",0.5";
  const std::string opts = "--weight pw --repweights ^jkn --rep-type JKn --format json --rep-rscales ";
  const auto one = run_cli(base + opts + "0.5");
  const auto many = run_cli(base + opts + list);
  const auto file = run_cli(base + opts + "'" + path + "'");
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(one.out, many.out);
  EXPECT_EQ(one.out, file.out);
  std::ofstream(path, std::ios::binary) << "0.5\n0.5 x\n";
  const auto bad = run_cli(base + opts + "'" + path + "'");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("row 2: value 'x': an rscale must be a finite number >= 0"), std::string::npos)
      << bad.err;
  std::remove(path.c_str());
}

}  // namespace

#endif  // CXGAP_HAVE_CLI
