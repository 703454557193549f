// Tests for include/cxgap/stats/multiplicity.hpp against R's p.adjust
// (tests/reference/fixtures/multiplicity.txt, multiplicity.R).
#include "cxgap/stats/multiplicity.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/fixture.hpp"

namespace {

using cxgap::adjust_p_values;
using cxgap::p_adjust;

const char* const kMethods[] = {"holm", "hochberg", "hommel", "bonferroni",
                                "BH",   "BY",       "fdr",    "none"};

TEST(Multiplicity, MatchesRPAdjustForEveryMethodToTheLastBit) {
  int compared = 0;
  for (const auto& c : cxgap::test::load_fixture("multiplicity.txt")) {
    SCOPED_TRACE(c.name + ": " + c.str("call"));
    const auto p = c.nums("p");
    const std::size_t n = c.has("n") ? static_cast<std::size_t>(c.integer("n")) : 0;
    for (const char* m : kMethods) {
      SCOPED_TRACE(m);
      const auto got = adjust_p_values(p, cxgap::parse_p_adjust(m), n);
      const auto want = c.nums(m);
      ASSERT_EQ(got.size(), want.size());
      for (std::size_t i = 0; i < got.size(); ++i) {
        if (std::isnan(want[i])) {
          EXPECT_TRUE(std::isnan(got[i])) << "position " << i;
        } else {
          EXPECT_EQ(got[i], want[i]) << "position " << i;  // R's arithmetic, bit for bit
        }
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 2000);
}

TEST(Multiplicity, NamesRoundTripAndFdrIsBenjaminiHochberg) {
  for (const auto m :
       {p_adjust::none, p_adjust::bonferroni, p_adjust::holm, p_adjust::hochberg, p_adjust::hommel,
        p_adjust::benjamini_hochberg, p_adjust::benjamini_yekutieli}) {
    EXPECT_EQ(cxgap::parse_p_adjust(cxgap::to_string(m)), m);
  }
  EXPECT_EQ(cxgap::parse_p_adjust("fdr"), p_adjust::benjamini_hochberg);
}

TEST(Multiplicity, AcceptsAnyRangeOfFloatingPointValues) {
  const std::array<double, 4> p{0.01, 0.04, 0.03, 0.2};
  const auto a = adjust_p_values(p, p_adjust::holm);
  const auto b = adjust_p_values(std::vector<double>(p.begin(), p.end()), p_adjust::holm);
  EXPECT_EQ(a, b);
  const std::vector<float> pf{0.01f, 0.04f, 0.03f, 0.2f};
  const auto f = adjust_p_values(pf, p_adjust::benjamini_hochberg);
  EXPECT_FLOAT_EQ(f[0], 0.04f);
}

TEST(Multiplicity, MissingValuesStayInPlaceAndDoNotCount) {
  const double na = std::numeric_limits<double>::quiet_NaN();
  const auto r = adjust_p_values(std::vector<double>{0.01, na, 0.02}, p_adjust::bonferroni);
  EXPECT_EQ(r[0], 0.02);
  EXPECT_TRUE(std::isnan(r[1]));
  EXPECT_EQ(r[2], 0.04);
}

TEST(Multiplicity, AdjustedValuesNeverFallBelowRawOnesAndNeverExceedOne) {
  const std::vector<double> p{0.001, 0.2, 0.03, 0.5, 0.04, 0.9, 0.011};
  for (const char* m : kMethods) {
    const auto a = adjust_p_values(p, cxgap::parse_p_adjust(m));
    for (std::size_t i = 0; i < p.size(); ++i) {
      EXPECT_GE(a[i], p[i]) << m;
      EXPECT_LE(a[i], 1.0) << m;
    }
  }
}

TEST(Multiplicity, EmptyInputGivesEmptyOutput) {
  EXPECT_TRUE(adjust_p_values(std::vector<double>{}, p_adjust::hommel).empty());
}

TEST(Multiplicity, ThrowsOnPValueOutsideUnitInterval) {
  EXPECT_THROW(adjust_p_values(std::vector<double>{0.1, 1.5}, p_adjust::holm),
               cxgap::invalid_argument);
  EXPECT_THROW(adjust_p_values(std::vector<double>{-0.1}, p_adjust::none), cxgap::invalid_argument);
}

TEST(Multiplicity, ThrowsWhenFamilyIsSmallerThanTheTestsGiven) {
  EXPECT_THROW(adjust_p_values(std::vector<double>{0.1, 0.2, 0.3}, p_adjust::holm, 2),
               cxgap::invalid_argument);
}

TEST(Multiplicity, ThrowsOnUnknownMethodName) {
  EXPECT_THROW(cxgap::parse_p_adjust("bh"), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::parse_p_adjust(""), cxgap::invalid_argument);
}

}  // namespace
