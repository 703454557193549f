// Tests for include/cxgap/stats/moments.hpp: moments of a scale score from category counts.
#include "cxgap/stats/moments.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "support/fixture.hpp"

namespace {

using cxgap::count_view;
using cxgap::moments_from_codes;
using cxgap::moments_from_counts;
using cxgap::moments_from_values;
using int_counts = std::vector<std::int64_t>;

std::vector<double> expand(const int_counts& cnt, const std::vector<double>& scores) {
  std::vector<double> x;
  for (std::size_t i = 0; i < cnt.size(); ++i)
    for (std::int64_t k = 0; k < cnt[i]; ++k) x.push_back(scores[i]);
  return x;
}

TEST(Moments, MatchRMeanAndVarianceForEveryFixtureGroup) {
  // mean(x), var(x) from R 4.2.2 in tests/reference/fixtures/mean.txt (script mean.R).
  for (const auto& c : cxgap::test::load_fixture("mean.txt")) {
    SCOPED_TRACE(c.name);
    for (const char* g : {"a", "b"}) {
      const std::string s(g);
      const auto cnt = c.integers("counts_" + s);
      const auto scores = c.nums("scores_" + s);
      const auto m = moments_from_counts(cnt, scores);
      EXPECT_EQ(m.n, count_view(cnt).total());
      EXPECT_REL_NEAR(m.mean, c.num("mean_" + s), 1e-14);
      EXPECT_REL_NEAR(m.variance, c.num("var_" + s), 1e-13);
    }
  }
}

TEST(Moments, FromCountsEqualsFromExpandedValues) {
  const int_counts cnt{3, 0, 17, 8, 1, 0, 5};
  const std::vector<double> scores{-3, -2, -1, 0, 1, 2, 3};
  const auto a = moments_from_counts(cnt, scores);
  const auto b = moments_from_values(expand(cnt, scores));
  EXPECT_EQ(a.n, b.n);
  EXPECT_REL_NEAR(a.mean, b.mean, 1e-15);
  EXPECT_REL_NEAR(a.variance, b.variance, 1e-14);
}

TEST(Moments, AllScoreOverloadsAgree) {
  const int_counts cnt{4, 9, 2, 7, 3};
  const std::vector<double> v{1, 2, 3, 4, 5};
  const std::array<double, 5> arr{1, 2, 3, 4, 5};
  const std::vector<int> ints{1, 2, 3, 4, 5};
  const double raw[5] = {1, 2, 3, 4, 5};
  const auto ref = moments_from_counts(cnt, v);
  for (const auto& m : {moments_from_counts(cnt, arr), moments_from_counts(cnt, ints),
                        moments_from_counts(cnt, {1, 2, 3, 4, 5}),
                        moments_from_counts(cnt, static_cast<const double*>(raw)),
                        moments_from_counts(cnt, raw), moments_from_codes(cnt, 1)}) {
    EXPECT_EQ(m.n, ref.n);
    EXPECT_EQ(m.mean, ref.mean);
    EXPECT_EQ(m.variance, ref.variance);
  }
}

TEST(Moments, CodesStartAtTheFirstCode) {
  const int_counts cnt{2, 5, 1};
  const auto a = moments_from_codes(cnt, 0);
  const auto b = moments_from_counts(cnt, {0, 1, 2});
  EXPECT_EQ(a.mean, b.mean);
  EXPECT_EQ(a.variance, b.variance);
}

TEST(Moments, BillionsPerCategoryLoseNothingToCancellation) {
  // Three categories of 1e9 respondents each, scores 1e6 + {1, 2, 3}: the mean is 1e6 + 2 and
  // Σc(s − mean)² = 2e9 exactly, so the variance is 2e9 / (3e9 − 1). A one-pass
  // Σc·s² − n·mean² formula loses every digit here (terms ~3e21, double spacing ~5e5).
  const int_counts cnt{1000000000, 1000000000, 1000000000};
  const auto m = moments_from_counts(cnt, {1e6 + 1, 1e6 + 2, 1e6 + 3});
  EXPECT_EQ(m.n, 3000000000);
  EXPECT_EQ(m.mean, 1e6 + 2);
  EXPECT_REL_NEAR(m.variance, 2e9 / (3e9 - 1), 1e-15);
}

TEST(Moments, UnevenHugeCountsMatchTheExactRationalResult) {
  // counts (1e9 + 7, 3, 1e9 − 5) on scores (0, 1, 2): with N = 2e9 + 5, S1 = 3 + 2(1e9 − 5) and
  // S2 = 3 + 4(1e9 − 5) (exact in double), mean = S1/N and variance = (S2 − S1²/N)/(N − 1).
  const int_counts cnt{1000000007, 3, 999999995};
  const auto m = moments_from_codes(cnt, 0);
  const long double N = 2000000005.0L, S1 = 3.0L + 2.0L * 999999995.0L,
                    S2 = 3.0L + 4.0L * 999999995.0L;
  EXPECT_REL_NEAR(m.mean, static_cast<double>(S1 / N), 1e-15);
  EXPECT_REL_NEAR(m.variance, static_cast<double>((S2 - S1 * S1 / N) / (N - 1)), 1e-14);
}

TEST(Moments, ConstantDataHaveExactlyZeroVariance) {
  const auto m = moments_from_counts(int_counts{0, 0, 123456789, 0}, {0.1, 0.2, 0.3, 0.4});
  EXPECT_EQ(m.mean, 0.3);
  EXPECT_EQ(m.variance, 0.0);
}

TEST(Moments, EmptyGroupHasNaNMeanAndVariance) {
  const auto m = moments_from_codes(int_counts{0, 0, 0});
  EXPECT_EQ(m.n, 0);
  EXPECT_TRUE(std::isnan(m.mean));
  EXPECT_TRUE(std::isnan(m.variance));
  const auto none = moments_from_codes(count_view{});
  EXPECT_EQ(none.n, 0);
  EXPECT_TRUE(std::isnan(none.mean));
  const auto v = moments_from_values(std::vector<double>{});
  EXPECT_TRUE(std::isnan(v.mean));
}

TEST(Moments, SingleRespondentHasAMeanButNoVariance) {
  const auto m = moments_from_codes(int_counts{0, 1, 0}, 1);
  EXPECT_EQ(m.n, 1);
  EXPECT_EQ(m.mean, 2.0);
  EXPECT_TRUE(std::isnan(m.variance));
  EXPECT_TRUE(std::isnan(m.std_dev()));
  EXPECT_TRUE(std::isnan(m.std_error()));
}

TEST(Moments, StdDevAndStdErrorDeriveFromVariance) {
  const auto m = moments_from_codes(int_counts{2, 3, 5});
  EXPECT_EQ(m.std_dev(), std::sqrt(m.variance));
  EXPECT_EQ(m.std_error(), std::sqrt(m.variance / 10.0));
}

TEST(Moments, FloatInstantiationWorks) {
  const auto m = moments_from_counts<float>(int_counts{1, 2, 1}, {1.0f, 2.0f, 3.0f});
  EXPECT_EQ(m.mean, 2.0f);
  EXPECT_FLOAT_EQ(m.variance, 2.0f / 3.0f);
}

TEST(Moments, ThrowsOnMismatchedSizes) {
  EXPECT_THROW(moments_from_counts(int_counts{1, 2, 3}, std::vector<double>{1, 2}),
               cxgap::invalid_argument);
  EXPECT_THROW(moments_from_counts(int_counts{1, 2}, {1.0, 2.0, 3.0}), cxgap::invalid_argument);
}

TEST(Moments, ThrowsOnNegativeCount) {
  EXPECT_THROW(moments_from_counts(int_counts{1, -2, 3}, {1.0, 2.0, 3.0}), cxgap::invalid_argument);
  EXPECT_THROW(moments_from_codes(int_counts{-1}), cxgap::invalid_argument);
}

TEST(Moments, ThrowsOnNonFiniteScore) {
  EXPECT_THROW(moments_from_counts(int_counts{1, 2}, {1.0, std::nan("")}), cxgap::invalid_argument);
  EXPECT_THROW(moments_from_counts(int_counts{1, 2}, {1.0, HUGE_VAL}), cxgap::invalid_argument);
}

TEST(Moments, ThrowMessageNamesFunctionArgumentAndBound) {
  try {
    moments_from_counts(int_counts{1, 2, 3}, std::vector<double>{1, 2});
    FAIL() << "no throw";
  } catch (const cxgap::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("moments_from_counts"), std::string::npos);
    EXPECT_NE(what.find("scores.size()"), std::string::npos);
    EXPECT_NE(what.find("3"), std::string::npos);
  }
}

}  // namespace
