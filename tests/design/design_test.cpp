// The design description: what survey_design counts (strata, PSUs, SSUs, degf, fpc) and every
// input it refuses, with the message naming the column and value; degenerate domains.
#include "cxgap/design/design.hpp"

#include <functional>
#include <random>

#include <gtest/gtest.h>

#include "cxgap/design/psu_tally.hpp"
#include "cxgap/design/taylor.hpp"

namespace {

cxgap::design_spec clustered(cxgap::lonely_psu lonely = cxgap::lonely_psu::fail) {
  cxgap::design_spec s;
  s.strata = s.clusters = true;
  s.lonely = lonely;
  return s;
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const cxgap::invalid_argument& e) {
    return e.what();
  }
  return "(no exception)";
}

TEST(DesignBuilder, CountsStrataPsusAndSsus) {
  cxgap::design_spec spec = clustered();
  spec.ssu = spec.fpc1 = spec.fpc2 = true;
  cxgap::design_builder b(spec);
  EXPECT_EQ(b.add(1, "s1", "p1", "a", 10, 4), 0u);
  EXPECT_EQ(b.add(1, "s1", "p1", "b", 10, 4), 1u);
  EXPECT_EQ(b.add(1, "s1", "p2", "a", 10, 1), 2u);  // SSU labels are read within the PSU
  EXPECT_EQ(b.add(1, "s1", "p1", "a", 10, 4), 0u);
  EXPECT_EQ(b.add(2, "s2", "p3", "a", 5, 1), 3u);
  EXPECT_EQ(b.add(2, "s2", "p4", "a", 5, 1), 4u);
  const auto d = b.finish();
  EXPECT_EQ(d.strata.size(), 2u);
  EXPECT_EQ(d.psus.size(), 4u);
  EXPECT_EQ(d.unit_count(), 5u);
  EXPECT_EQ(d.degf(), 2);
  EXPECT_EQ(d.stratum_psus[0], 2);
  EXPECT_DOUBLE_EQ(d.stratum_f(0), 0.8);  // (10 − 2)/10
  EXPECT_DOUBLE_EQ(d.psu_f(0), 0.5);      // (4 − 2)/4
  EXPECT_EQ(d.psu_ssus[1], 1);
  EXPECT_DOUBLE_EQ(d.psu_f(3), 0.0);      // PSU p4: its one SSU of one: certainty
}

TEST(DesignBuilder, SamplingFractionsBecomePopulationSizes) {
  cxgap::design_spec spec = clustered();
  spec.fpc1 = true;
  cxgap::design_builder b(spec);
  b.add(1, "s", "p1", "", 0.25);
  b.add(1, "s", "p2", "", 0.25);
  const auto d = b.finish();
  EXPECT_DOUBLE_EQ(d.stratum_popsize[0], 8.0);  // R as.fpc: n / fraction
  EXPECT_DOUBLE_EQ(d.stratum_f(0), 0.75);
}

TEST(DesignBuilder, RefusesBadRowsNamingColumnAndValue) {
  cxgap::design_builder b(clustered());
  EXPECT_NE(message_of([&] { b.add(0, "s", "p", ""); }).find("weight '0': a design weight must be finite and positive"),
            std::string::npos);
  EXPECT_THROW(b.add(-1, "s", "p", ""), cxgap::design_error);
  EXPECT_THROW(b.add(std::nan(""), "s", "p", ""), cxgap::design_error);
  EXPECT_NE(message_of([&] { b.add(1, "", "p", ""); }).find("stratum '': the stratum is empty"),
            std::string::npos);
  EXPECT_NE(message_of([&] { b.add(1, "s", "", ""); }).find("the cluster (PSU) is empty"),
            std::string::npos);
  b.add(1, "s1", "p1", "");
  const std::string span = message_of([&] { b.add(1, "s2", "p1", ""); });
  EXPECT_NE(span.find("PSU 'p1' is in stratum 's1' and in stratum 's2'"), std::string::npos) << span;
  try {
    b.add(1, "s2", "p1", "");
  } catch (const cxgap::design_error& e) {
    EXPECT_EQ(e.role(), "cluster");
  }
  // nest = TRUE: the same label in another stratum is another PSU.
  cxgap::design_spec nested = clustered();
  nested.nest = true;
  cxgap::design_builder n(nested);
  EXPECT_NE(n.add(1, "s1", "p1", ""), n.add(1, "s2", "p1", ""));
}

TEST(DesignBuilder, RefusesBadFpcs) {
  cxgap::design_spec spec = clustered();
  spec.fpc1 = true;
  {
    cxgap::design_builder b(spec);
    EXPECT_NE(message_of([&] { b.add(1, "s", "p", "", std::nan("")); }).find("the fpc is missing"),
              std::string::npos);
    b.add(1, "s", "p", "", 10);
    EXPECT_NE(message_of([&] { b.add(1, "s", "q", "", 11); }).find("the fpc differs within its stratum"),
              std::string::npos);
  }
  {
    cxgap::design_builder b(spec);
    b.add(1, "s", "p1", "", 10);
    b.add(1, "s", "p2", "", 10);
    b.add(1, "s", "p3", "", 10);
    b.add(1, "t", "p4", "", 0.5);
    b.add(1, "t", "p5", "", 0.5);
    EXPECT_NE(message_of([&] { (void)b.finish(); }).find("mixes population sizes"), std::string::npos);
  }
  {
    cxgap::design_builder b(spec);
    b.add(1, "s", "p1", "", 2);
    b.add(1, "s", "p2", "", 2);
    b.add(1, "s", "p3", "", 2);
    EXPECT_NE(message_of([&] { (void)b.finish(); }).find("FPC implies >100% sampling"), std::string::npos);
  }
}

TEST(DesignBuilder, LonelyPsuFailsUnlessAPolicyOrCertainty) {
  for (auto policy : {cxgap::lonely_psu::fail, cxgap::lonely_psu::remove, cxgap::lonely_psu::adjust,
                      cxgap::lonely_psu::average, cxgap::lonely_psu::certainty}) {
    cxgap::design_builder b(clustered(policy));
    b.add(1, "s1", "p1", "");
    b.add(1, "s2", "p2", "");
    b.add(1, "s2", "p3", "");
    if (policy == cxgap::lonely_psu::fail) {
      EXPECT_NE(message_of([&] { (void)b.finish(); }).find("stratum 's1' has only one PSU at stage 1"),
                std::string::npos);
    } else {
      EXPECT_NO_THROW((void)b.finish());
    }
  }
  // A single PSU that is the whole stratum (fpc = 1 PSU) is a certainty PSU, not an error.
  cxgap::design_spec spec = clustered();
  spec.fpc1 = true;
  cxgap::design_builder b(spec);
  b.add(1, "s1", "p1", "", 1);
  b.add(1, "s2", "p2", "", 5);
  b.add(1, "s2", "p3", "", 5);
  EXPECT_NO_THROW((void)b.finish());
  EXPECT_EQ(cxgap::parse_lonely_psu("adjust"), cxgap::lonely_psu::adjust);
  EXPECT_THROW(cxgap::parse_lonely_psu("ignore"), cxgap::invalid_argument);
}

TEST(DesignBuilder, MakeDesignNamesTheRowAndNothingIsDropped) {
  cxgap::survey s;
  s.add_item({"q", "q", cxgap::scale(1, 5)});
  for (int r = 0; r < 4; ++r) {
    s.add_respondent(r % 2 ? "a" : "b");
    s.set_cluster(static_cast<std::size_t>(r), std::to_string(r));
  }
  s.set_weight(2, 0.0);
  const std::string m = message_of([&] { (void)cxgap::make_design(s); });
  EXPECT_NE(m.find("row 2: cxgap::design_builder::add: weight '0'"), std::string::npos) << m;
  s.set_weight(2, 1.0);
  const auto d = cxgap::make_design(s);
  EXPECT_EQ(d.rows, 4);
  EXPECT_EQ(d.row_unit.size(), 4u);
  EXPECT_THROW(cxgap::design_builder(cxgap::design_spec{false, false, true, false, false,
                                                        cxgap::lonely_psu::fail, false}),
               cxgap::invalid_argument);  // an SSU without a PSU
}

TEST(DesignDegenerate, EmptyDomainsAndTooFewPsusAreNaNWithAStatus) {
  cxgap::survey s;
  const std::size_t q = s.add_item({"q", "q", cxgap::scale(1, 5)});
  s.add_group("nobody");
  for (int r = 0; r < 4; ++r) {
    const std::size_t row = s.add_respondent(r < 2 ? "a" : "b");
    s.set_cluster(row, "only");  // one PSU: degf = 0
    s.set_response(row, q, 1 + r);
  }
  cxgap::design_spec lonely;
  lonely.lonely = cxgap::lonely_psu::remove;
  const auto d = cxgap::make_design(s, lonely);
  EXPECT_EQ(d.degf(), 0);
  const auto t = cxgap::make_psu_tally(s, d);
  const auto scores = cxgap::mean_scores(s.codebook()[q].scale);
  const auto a = cxgap::linearise_item(t, d, q, t.group_index("a"), scores);
  const auto b = cxgap::linearise_item(t, d, q, t.group_index("b"), scores);
  const auto none = cxgap::linearise_item(t, d, q, t.group_index("nobody"), scores);
  const auto g = cxgap::design_gap(d, a, b);
  EXPECT_EQ(g.status, cxgap::stat_status::too_few);
  EXPECT_TRUE(std::isnan(g.p_value));
  EXPECT_DOUBLE_EQ(g.estimate, -2.0);
  const auto e = cxgap::design_gap(d, a, none);
  EXPECT_EQ(e.status, cxgap::stat_status::empty);
  EXPECT_TRUE(std::isnan(e.estimate));
  EXPECT_EQ(cxgap::domain_estimate(d, none).est.status, cxgap::stat_status::empty);
  EXPECT_THROW(cxgap::linearise_item(t, d, q, 0, {1.0, 2.0}), cxgap::invalid_argument);
  std::vector<std::uint32_t> bad(4, 7);
  cxgap::psu_tally t2(s.codebook(), s.group_labels(), {}, 1, false);
  EXPECT_THROW(t2.accumulate(s, s.group_codes(), bad.data(), 0, 4), cxgap::out_of_range);
}

TEST(DesignPsuTally, MergedPartsEqualOnePass) {
  cxgap::survey s;
  const std::size_t q = s.add_item({"q", "q", cxgap::scale(1, 5)});
  const std::size_t y = s.add_numeric("y");
  std::mt19937 rng(7);
  for (int r = 0; r < 500; ++r) {
    const std::size_t row = s.add_respondent(r % 3 ? "a" : "b");
    s.set_stratum(row, std::to_string(r % 4));
    s.set_cluster(row, std::to_string(r % 4) + "/" + std::to_string((r / 4) % 9));
    s.set_weight(row, 1 + static_cast<double>(rng() % 100) / 10);
    if (r % 7) s.set_response(row, q, 1 + static_cast<int>(rng() % 5));
    if (r % 5) s.set_numeric(row, y, static_cast<double>(rng() % 1000) / 7);
  }
  const auto d = cxgap::make_design(s);
  const auto whole = cxgap::make_psu_tally(s, d);
  cxgap::psu_tally first(s.codebook(), s.group_labels(), {"y"}, d.unit_count(), false);
  cxgap::psu_tally second = first;
  first.accumulate(s, s.group_codes(), d.row_unit.data(), 0, 200);
  second.accumulate(s, s.group_codes(), d.row_unit.data(), 200, 500);
  first.set_numeric_shift(0, first.numeric_shift(0));
  second = cxgap::psu_tally(s.codebook(), s.group_labels(), {"y"}, d.unit_count(), false);
  second.set_numeric_shift(0, first.numeric_shift(0));
  second.accumulate(s, s.group_codes(), d.row_unit.data(), 200, 500);
  first += second;
  for (std::size_t u = 0; u < d.unit_count(); ++u)
    for (std::size_t g = 0; g < 2; ++g) {
      for (int k = 0; k <= 5; ++k) {
        EXPECT_EQ(first.counts(u, g, q)[k], whole.counts(u, g, q)[k]);
        EXPECT_NEAR(first.weight_sums(u, g, q)[k], whole.weight_sums(u, g, q)[k], 1e-9);
      }
      EXPECT_EQ(first.numeric(u, g, y).n, whole.numeric(u, g, y).n);
      EXPECT_NEAR(first.numeric(u, g, y).swy, whole.numeric(u, g, y).swy, 1e-7);
    }
  cxgap::psu_tally other(s.codebook(), s.group_labels(), {"y"}, d.unit_count(), false);
  other.set_numeric_shift(0, 12345.0);
  EXPECT_THROW(first += other, cxgap::invalid_argument);  // summed about another shift
}

}  // namespace

namespace {

// Long runs of one PSU take the one-weight-per-group path when each PSU × group has one weight
// (0: design weights), the weight-key path when their (group, weight) pairs are few (20
// weights), the local-histogram path when they are many (1000 weights); alternating PSUs take
// the direct path. All give the counts exactly and the sums up to rounding.
TEST(DesignPsuTally, SortedAndInterleavedRowsGiveTheSameSums) {
  for (int weights : {1000, 20, 0}) {
    std::mt19937 rng(11);
    struct row {
      int psu, group, code;
      double w;
    };
    std::vector<row> rows;
    for (int p = 0; p < 3; ++p)
      for (int i = 0; i < 3000; ++i)
      {
        const int group = static_cast<int>(rng() % 3), code = static_cast<int>(rng() % 7);
        const double w =
            weights == 0 ? 10.0 + p + 0.125 * group
                         : 0.5 + static_cast<double>(rng() % static_cast<unsigned>(weights)) / 7;
        rows.push_back({p, group, code, w});
      }
    const auto build = [&](bool interleave, bool moments) {
      cxgap::survey s;
      const std::size_t q = s.add_item({"q", "q", cxgap::scale(1, 5).with_dont_know({9})});
      for (const char* g : {"a", "b", "c"}) s.add_group(g);
      for (std::size_t k = 0; k < rows.size(); ++k) {
        const row& x = interleave ? rows[(k % 3) * 3000 + k / 3] : rows[k];
        const std::size_t r = s.add_respondent(std::string(1, static_cast<char>('a' + x.group)));
        if (!moments) s.set_cluster(r, std::to_string(x.psu));
        s.set_stratum(r, moments ? std::to_string(x.psu) : "s");
        s.set_weight(r, x.w);
        if (x.code < 5) s.set_response(r, q, 1 + x.code);
        else if (x.code == 5) s.set_response(r, q, 9);
      }
      cxgap::design_spec spec;
      spec.lonely = cxgap::lonely_psu::remove;
      const auto d = cxgap::make_design(s, spec);
      return std::make_pair(d, cxgap::make_psu_tally(s, d));
    };
    for (bool moments : {false, true}) {
      const auto [d1, sorted] = build(false, moments);
      const auto [d2, mixed] = build(true, moments);
      ASSERT_EQ(sorted.unit_count(), 3u);
      for (std::size_t u = 0; u < 3; ++u)
        for (std::size_t g = 0; g < 3; ++g)
          for (int k = 0; k < 7; ++k) {
            // Brute force, in row order.
            std::int64_t n = 0;
            double sw = 0, sw2 = 0;
            for (const row& x : rows) {
              const int slot = x.code == 6 ? 6 : x.code;  // 6: missing
              if (static_cast<std::size_t>(x.psu) != u || static_cast<std::size_t>(x.group) != g ||
                  slot != k)
                continue;
              ++n;
              sw += x.w;
              sw2 += x.w * x.w;
            }
            EXPECT_EQ(sorted.counts(u, g, 0)[k], n) << weights;
            EXPECT_EQ(mixed.counts(u, g, 0)[k], n) << weights;
            EXPECT_NEAR(sorted.weight_sums(u, g, 0)[k], sw, 1e-12 * sw) << weights;
            EXPECT_NEAR(mixed.weight_sums(u, g, 0)[k], sw, 1e-12 * sw) << weights;
            if (moments) {
              EXPECT_NEAR(sorted.weight_square_sums(u, g, 0)[k], sw2, 1e-12 * sw2) << weights;
              EXPECT_NEAR(mixed.weight_square_sums(u, g, 0)[k], sw2, 1e-12 * sw2) << weights;
            }
          }
    }
  }
}

}  // namespace

namespace {

// Runs of one unit, found 64 rows at a time: every boundary, at any offset, for lengths around
// the step; and a unit past the tally's is reported with its row.
TEST(DesignPsuTally, UnitRunsFindEveryBoundary) {
  std::mt19937 rng(3);
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{64}, std::size_t{65},
                        std::size_t{130}, std::size_t{1000}}) {
    for (int mean_run : {1, 7, 64, 500}) {
      std::vector<std::uint32_t> unit(n);
      std::uint32_t u = 0;
      for (std::size_t r = 0; r < n; ++r) {
        if (r > 0 && rng() % static_cast<unsigned>(mean_run) == 0) u = static_cast<std::uint32_t>((u + 1 + rng() % 3) % 5);
        unit[r] = u;
      }
      std::vector<std::size_t> runs, expected_runs;
      std::vector<std::uint32_t> run_unit, expected_units;
      for (std::size_t r = 0; r < n; ++r)
        if (r == 0 || unit[r] != unit[r - 1]) {
          expected_runs.push_back(r);
          expected_units.push_back(unit[r]);
        }
      expected_runs.push_back(n);
      cxgap::detail::unit_runs(unit.data(), n, runs, run_unit);
      EXPECT_EQ(runs, expected_runs) << "n " << n << ", mean run " << mean_run;
      EXPECT_EQ(run_unit, expected_units) << "n " << n << ", mean run " << mean_run;
    }
  }
  cxgap::survey s;
  s.add_item({"q", "q", cxgap::scale(1, 5)});
  s.add_group("a");
  for (int r = 0; r < 200; ++r) s.add_respondent("a");
  std::vector<std::uint32_t> unit(200, 0);
  unit[150] = 2;  // the tally has units 0 and 1
  cxgap::psu_tally t(s.codebook(), s.group_labels(), {}, 2, false);
  try {
    t.accumulate(s, s.group_codes(), unit.data(), 0, 200);
    ADD_FAILURE() << "a unit past the tally's was accepted";
  } catch (const cxgap::out_of_range& e) {
    EXPECT_NE(std::string(e.what()).find("row 150: unit 2"), std::string::npos) << e.what();
  }
}

}  // namespace
