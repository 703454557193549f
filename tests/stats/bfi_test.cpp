// Real data: psych's bfi (2800 respondents, 25 six-point items; gender 1 = male, 2 = female).
// For every item, Welch and Student t tests and Hedges' g of gender 1 − gender 2, with moments
// built from the category counts, against R (tests/reference/fixtures/bfi.txt, bfi.R).
#include <cmath>
#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "cxgap/stats/effect_size.hpp"
#include "cxgap/stats/mean.hpp"
#include "cxgap/stats/moments.hpp"
#include "support/fixture.hpp"

namespace {

using cxgap::stat_status;

using cxgap::test::kRel;

void expect_t_test(const cxgap::mean_difference<double>& r, const cxgap::test::fixture_case& c,
                   const std::string& prefix) {
  SCOPED_TRACE(prefix);
  EXPECT_EQ(r.status, stat_status::ok);
  EXPECT_REL_NEAR(r.estimate, c.num(prefix + "estimate"), 1e-13);
  EXPECT_REL_NEAR(r.std_error, c.num(prefix + "std_error"), kRel);
  EXPECT_REL_NEAR(r.test.statistic, c.num(prefix + "statistic"), kRel);
  EXPECT_REL_NEAR(r.test.df, c.num(prefix + "df"), kRel);
  EXPECT_REL_NEAR(r.test.p_value, c.num(prefix + "p_value"), kRel);
  const auto ci = c.nums(prefix + "ci");
  EXPECT_REL_NEAR(r.ci.lower, ci[0], kRel);
  EXPECT_REL_NEAR(r.ci.upper, ci[1], kRel);
}

TEST(Bfi, AllTwentyFiveItemsMatchRForWelchStudentAndHedgesG) {
  const auto cases = cxgap::test::load_fixture("bfi.txt");
  ASSERT_EQ(cases.size(), 25u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto counts_a = c.integers("counts_a"), counts_b = c.integers("counts_b");
    ASSERT_EQ(counts_a.size(), 6u);
    const auto a = cxgap::moments_from_codes(counts_a, 1);
    const auto b = cxgap::moments_from_codes(counts_b, 1);
    expect_t_test(cxgap::welch_test(a, b), c, "welch_");
    expect_t_test(cxgap::student_t_test(a, b), c, "student_");

    const auto g = cxgap::hedges_g(a, b);
    EXPECT_EQ(g.status, stat_status::ok);
    // R's J comes from a difference of lgamma values near 8000, good to ~1e-12.
    EXPECT_REL_NEAR(g.correction, c.num("J"), 1e-11);
    EXPECT_REL_NEAR(g.value, c.num("g"), 1e-11);
    const auto ci = c.nums("g_ci");
    EXPECT_REL_NEAR(g.ci.lower, ci[0], kRel);
    EXPECT_REL_NEAR(g.ci.upper, ci[1], kRel);

    const auto d = cxgap::cohens_d(a, b);
    EXPECT_REL_NEAR(d.value, c.num("d"), 1e-12);
    // psych's "hedges.g" is d (no J) for group 2 − group 1; its CI has uniroot's ~1e-4 tolerance.
    const auto psych = c.nums("psych_hedges_g");
    EXPECT_REL_NEAR(-d.value, psych[1], 1e-12);
    EXPECT_REL_NEAR(-d.ci.upper, psych[0], 1e-4);
    EXPECT_REL_NEAR(-d.ci.lower, psych[2], 1e-4);
  }
}

}  // namespace
