#include "cxgap/core/tally.hpp"

#include <random>

#include <gtest/gtest.h>

namespace {

// A seeded random survey: 3 groups, a 1..5 item with a don't-know code, a reversed 1..7 item,
// an NPS item, ~10% missing responses, optional weights.
cxgap::survey random_survey(std::size_t n, bool weighted, std::uint64_t seed) {
  cxgap::survey s;
  s.add_item({"q1", "", cxgap::scale::likert(1, 5).with_dont_know({9})});
  s.add_item({"q2", "", cxgap::scale::likert(1, 7).reversed()});
  s.add_item({"nps", "", cxgap::scale::nps()});
  const auto region = s.add_segment("region");
  std::mt19937_64 rng(seed);
  const char* groups[] = {"executive", "employee", "customer"};
  const char* regions[] = {"EMEA", "APAC", "AMER"};
  for (std::size_t i = 0; i < n; ++i) {
    const auto r = s.add_respondent(groups[rng() % 3]);
    s.set_segment(r, region, regions[rng() % 3]);
    if (weighted) s.set_weight(r, 0.25 * static_cast<double>(1 + rng() % 8));
    if (rng() % 10) s.set_response(r, 0, rng() % 7 == 0 ? 9 : static_cast<int>(1 + rng() % 5));
    if (rng() % 10) s.set_response(r, 1, static_cast<int>(1 + rng() % 7));
    if (rng() % 10) s.set_response(r, 2, static_cast<int>(rng() % 11));
  }
  return s;
}

// Counts of code c for item i among rows where keep(row) holds, by brute force.
template <class Keep>
std::int64_t brute_count(const cxgap::survey& s, std::size_t i, int code, Keep keep) {
  std::int64_t n = 0;
  for (std::size_t r = 0; r < s.size(); ++r) n += keep(r) && s.code(r, i) == code;
  return n;
}

TEST(Tally, CountsEveryCategoryDontKnowAndMissingPerGroup) {
  const auto s = random_survey(5000, false, 1);
  const auto t = cxgap::make_tally(s);
  ASSERT_EQ(t.groups(), s.group_labels());
  for (std::size_t g = 0; g < t.groups().size(); ++g) {
    auto in_g = [&](std::size_t r) { return s.group(r) == t.groups()[g]; };
    for (std::size_t i = 0; i < s.item_count(); ++i) {
      const auto& sc = s.codebook()[i].scale;
      const auto c = t.counts(i, g);
      ASSERT_EQ(c.size(), static_cast<std::size_t>(sc.size()));
      for (int code = sc.min(); code <= sc.max(); ++code)
        EXPECT_EQ(c[static_cast<std::size_t>(code - sc.min())], brute_count(s, i, code, in_g));
      EXPECT_EQ(t.missing(i, g), brute_count(s, i, -1, in_g));
      std::int64_t dk = 0;
      for (int code : sc.dont_know_codes()) dk += brute_count(s, i, code, in_g);
      EXPECT_EQ(t.dont_know(i, g), dk);
      EXPECT_EQ(c.total() + t.dont_know(i, g) + t.missing(i, g), t.respondents(g));
    }
  }
}

TEST(Tally, ScoredCountsApplyReverseCoding) {
  const auto s = random_survey(2000, false, 2);
  const auto t = cxgap::make_tally(s);
  const auto raw = t.counts(1, 0);
  const auto scored = t.scored_counts(1, 0);
  ASSERT_EQ(scored.size(), 7u);
  for (std::size_t k = 0; k < 7; ++k) EXPECT_EQ(scored[k], raw[6 - k]);
  const auto plain = t.scored_counts(0, 0);
  for (std::size_t k = 0; k < 5; ++k) EXPECT_EQ(plain[k], t.counts(0, 0)[k]);
}

TEST(Tally, DisjointPartsMergeToTheTallyOfTheUnion) {
  const auto s = random_survey(3001, true, 3);
  const auto whole = cxgap::make_tally(s);
  cxgap::tally a(s.codebook(), s.group_labels(), true);
  cxgap::tally b = a;
  a.accumulate(s, s.group_codes(), 0, 1234);
  b.accumulate(s, s.group_codes(), 1234, s.size());
  const auto merged = a + b;
  for (std::size_t i = 0; i < s.item_count(); ++i)
    for (std::size_t g = 0; g < 3; ++g) {
      const auto mc = merged.counts(i, g);
      const auto wc = whole.counts(i, g);
      for (std::size_t k = 0; k < mc.size(); ++k) EXPECT_EQ(mc[k], wc[k]);
    }
  // Weights are multiples of 1/4, so every partial sum is exact and the tallies are equal.
  EXPECT_TRUE(merged == whole);
}

TEST(Tally, WeightedSumsMatchBruteForce) {
  const auto s = random_survey(4000, true, 4);
  const auto t = cxgap::make_tally(s);
  ASSERT_TRUE(t.weighted());
  for (std::size_t g = 0; g < 3; ++g) {
    for (std::size_t i = 0; i < s.item_count(); ++i) {
      const auto& sc = s.codebook()[i].scale;
      const double* sw = t.weight_sums(i, g);
      const double* sw2 = t.weight_square_sums(i, g);
      for (int code = sc.min(); code <= sc.max(); ++code) {
        double w = 0, w2 = 0;
        for (std::size_t r = 0; r < s.size(); ++r)
          if (s.group(r) == t.groups()[g] && s.code(r, i) == code) {
            w += s.weights()[r];
            w2 += s.weights()[r] * s.weights()[r];
          }
        EXPECT_DOUBLE_EQ(sw[code - sc.min()], w);
        EXPECT_DOUBLE_EQ(sw2[code - sc.min()], w2);
      }
    }
    double total = 0;
    for (std::size_t r = 0; r < s.size(); ++r)
      if (s.group(r) == t.groups()[g]) total += s.weights()[r];
    EXPECT_DOUBLE_EQ(t.respondent_weight(g), total);
  }
}

TEST(Tally, UnweightedTallyHasNoWeightSums) {
  const auto t = cxgap::make_tally(random_survey(10, false, 5));
  EXPECT_FALSE(t.weighted());
  EXPECT_EQ(t.weight_sums(0, 0), nullptr);
  EXPECT_EQ(t.respondent_weight(0), 0.0);
}

TEST(Tally, OverlappingSelectionsAreEachCountedInFull) {
  const auto s = random_survey(3000, false, 6);
  using cxgap::respondent_group;
  const std::vector<respondent_group> groups = {
      respondent_group::labelled("executive"),
      respondent_group::where("organisation",
                              [](const cxgap::survey& sv, std::size_t r) {
                                return sv.group(r) != "customer";
                              }),
      respondent_group::labelled("customer").in_segment("region", {"EMEA"}).named(
          "customers in EMEA"),
      respondent_group::all("everyone")};
  const auto t = cxgap::make_tally(s, groups);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const auto mask = groups[g].select(s);
    std::int64_t members = 0;
    for (auto m : mask) members += m;
    EXPECT_EQ(t.respondents(g), members) << groups[g].name();
    for (int code = 1; code <= 5; ++code)
      EXPECT_EQ(t.counts(0, g)[static_cast<std::size_t>(code - 1)],
                brute_count(s, 0, code, [&](std::size_t r) { return mask[r] != 0; }))
          << groups[g].name();
  }
  EXPECT_EQ(t.respondents(3), static_cast<std::int64_t>(s.size()));
}

TEST(Tally, RespondentsWithoutAGroupAreLeftOut) {
  cxgap::survey s;
  s.add_item({"q1", "", cxgap::scale::likert(1, 5)});
  s.resize(3);  // no group labels yet
  s.set_group(1, "customer");
  s.set_response(1, 0, 5);
  s.set_response(2, 0, 5);
  const auto t = cxgap::make_tally(s);
  EXPECT_EQ(t.respondents(0), 1);
  EXPECT_EQ(t.counts(0, 0)[4], 1);
}

TEST(Tally, EmptySurveyGivesZeroCounts) {
  cxgap::survey s;
  s.add_item({"q1", "", cxgap::scale::likert(1, 5)});
  s.add_group("customer");
  const auto t = cxgap::make_tally(s);
  EXPECT_EQ(t.counts(0, 0).total(), 0);
  EXPECT_EQ(t.missing(0, 0), 0);
  EXPECT_EQ(t.respondents(0), 0);
}

TEST(Tally, MismatchedShapesAndBadIndicesThrow) {
  const auto s = random_survey(10, false, 7);
  auto t = cxgap::make_tally(s);
  const auto w = cxgap::make_tally(random_survey(10, true, 7));
  EXPECT_THROW(t += w, cxgap::invalid_argument);
  cxgap::tally other(cxgap::codebook{}, t.groups(), false);
  EXPECT_THROW(t += other, cxgap::invalid_argument);
  EXPECT_THROW((void)t.counts(9, 0), cxgap::out_of_range);
  EXPECT_THROW((void)t.counts(0, 9), cxgap::out_of_range);
  EXPECT_THROW((void)t.group_index("board"), cxgap::out_of_range);
  using cxgap::respondent_group;
  EXPECT_THROW(cxgap::make_tally(s, {respondent_group::labelled("customer"),
                                     respondent_group::all("customer")}),
               cxgap::invalid_argument);
}

TEST(Tally, CountKernelAddsIntoItsOutput) {
  // The kernel adds to what `out` holds, so blocks and calls accumulate: five calls over the
  // same 1000 rows of cell 0, code 2 give 5000 (on the active kernel; every kernel is
  // compared with the scalar one in tally_kernel_test.cpp).
  std::vector<std::uint8_t> cells(1000, 0), codes(1000, 2);
  std::vector<std::int64_t> out(6, 0);  // one cell × (5 slots + missing)
  for (int rep = 0; rep < 5; ++rep)
    cxgap::detail::count_codes(cells.data(), codes.data(), 1000, 1, 5, out.data());
  EXPECT_EQ(out[2], 5000);
  EXPECT_EQ(out[5], 0);
}

TEST(Tally, ThreadCountDoesNotChangeTheTally) {
  // More rows than one block, so the threads get several blocks each; weights are arbitrary
  // doubles, so equality holds only because the block sums are added in a fixed order.
  const std::size_t n = cxgap::detail::tally_block_rows(1) * 5 / 2 + 17;
  cxgap::survey s;
  s.add_item({"q1", "", cxgap::scale::likert(1, 5)});
  s.add_item({"nps", "", cxgap::scale::nps()});
  s.add_group("a");
  s.add_group("b");
  s.resize(n);
  std::mt19937_64 rng(8);
  std::uniform_real_distribution<double> weight(0.1, 3.0);
  for (std::size_t r = 0; r < n; ++r) {
    s.group_codes()[r] = static_cast<std::uint8_t>(rng() % 3 == 2 ? cxgap::no_group : rng() % 2);
    s.responses(0)[r] = rng() % 9 == 0 ? cxgap::missing_byte : static_cast<std::uint8_t>(rng() % 5);
    s.responses(1)[r] = static_cast<std::uint8_t>(rng() % 11);
    s.set_weight(r, weight(rng));
  }
  const auto one = cxgap::make_tally(s, 1);
  for (unsigned threads : {2u, 3u, 0u})
    EXPECT_TRUE(cxgap::make_tally(s, threads) == one) << threads;
  using cxgap::respondent_group;
  const std::vector<respondent_group> groups = {respondent_group::labelled("a"),
                                                respondent_group::all("everyone")};
  EXPECT_TRUE(cxgap::make_tally(s, groups, 2) == cxgap::make_tally(s, groups, 1));
}

}  // namespace
