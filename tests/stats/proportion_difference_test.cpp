// Tests for include/cxgap/stats/proportion_difference.hpp: intervals for p_a − p_b.
// Reference values:
//   proportion_newcombe1998.txt    published 95% limits, Newcombe (1998) Table II (4 decimals)
//   proportion_score.txt           independent 50-digit Miettinen–Nurminen / Mee implementation
//                                  (tests/reference/proportion_score.py, mpmath 1.2.1)
//   proportion_statsmodels.txt     statsmodels 0.13.5 confint_proportions_2indep (newcomb,
//                                  agresti-caffo, wald); tests/reference/proportion.py
//   proportion_r.txt               R 4.2.2 prop.test(correct = FALSE)$conf.int (Wald);
//                                  tests/reference/proportion.R
#include "cxgap/stats/proportion_difference.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "support/fixture.hpp"
#include "support/stats.hpp"

namespace {

using cxgap::estimate;
using cxgap::proportion_difference_method;
using cxgap::stat_status;
using cxgap::test::fixture_case;
using cxgap::test::load_fixture;

using cxgap::test::kRel;

const proportion_difference_method kAll[] = {
    proportion_difference_method::newcombe, proportion_difference_method::agresti_caffo,
    proportion_difference_method::miettinen_nurminen, proportion_difference_method::mee,
    proportion_difference_method::wald};

proportion_difference_method method_of(const std::string& kind) {
  for (auto m : kAll)
    if (to_string(m) == kind) return m;
  ADD_FAILURE() << "unknown kind " << kind;
  return proportion_difference_method::newcombe;
}

estimate<double> run(const fixture_case& c, const std::string& kind) {
  return cxgap::proportion_difference(c.integer("x_a"), c.integer("n_a"), c.integer("x_b"),
                                      c.integer("n_b"), c.num("level"), method_of(kind));
}

// 1e-9 relative, or below 1e-15 absolute where the tool computes a limit near 0 by
// cancellation (Wilson lower limits inside Newcombe's interval; see support/stats.hpp).
using cxgap::test::limit_near;

TEST(ProportionDifference, ScoreIntervalsReproduceNewcombe1998TableII) {
  // Methods 5 (Mee), 6 (Miettinen–Nurminen) and 10 (hybrid Wilson) for the paper's eight
  // examples, published to 4 decimals: agreement within half a unit of the last digit.
  int checked = 0;
  for (const fixture_case& c : load_fixture("proportion_newcombe1998.txt")) {
    SCOPED_TRACE("[" + c.name + "] " + c.str("call"));
    const auto e = run(c, c.str("kind"));
    EXPECT_NEAR(e.ci.lower, c.num("lower"), 5e-5 + 1e-12);
    EXPECT_NEAR(e.ci.upper, c.num("upper"), 5e-5 + 1e-12);
    ++checked;
  }
  EXPECT_EQ(checked, 24);
}

TEST(ProportionDifference, ScoreIntervalsMatchIndependentHighPrecisionImplementation) {
  std::map<std::string, int> checked;
  for (const fixture_case& c : load_fixture("proportion_score.txt")) {
    SCOPED_TRACE("[" + c.name + "] " + c.str("call"));
    const auto e = run(c, c.str("kind"));
    EXPECT_REL_NEAR(e.ci.lower, c.num("lower"), kRel);
    EXPECT_REL_NEAR(e.ci.upper, c.num("upper"), kRel);
    EXPECT_EQ(e.status, stat_status::ok);
    ++checked[c.str("kind")];
  }
  EXPECT_GE(checked["miettinen-nurminen"], 30);
  EXPECT_GE(checked["mee"], 30);
}

TEST(ProportionDifference, NewcombeAgrestiCaffoAndWaldMatchStatsmodels) {
  // statsmodels does not clip these intervals to [−1, 1]; cxgap does.
  std::map<std::string, int> checked;
  for (const fixture_case& c : load_fixture("proportion_statsmodels.txt")) {
    const std::string kind = c.str("kind");
    if (!c.has("x_a")) continue;  // one-proportion cases
    if (kind != "newcombe" && kind != "agresti-caffo" && kind != "wald") continue;
    SCOPED_TRACE("[" + c.name + "] " + c.str("call"));
    const auto e = run(c, kind);
    EXPECT_TRUE(limit_near(e.ci.lower, std::max(-1.0, c.num("lower"))));
    EXPECT_TRUE(limit_near(e.ci.upper, std::min(1.0, c.num("upper"))));
    EXPECT_EQ(e.ci.method, kind);
    ++checked[kind];
  }
  EXPECT_EQ(checked.size(), 3u);
  for (const auto& [kind, count] : checked) EXPECT_GE(count, 25) << kind;
}

TEST(ProportionDifference, WaldMatchesRPropTest) {
  // prop.test(correct = FALSE)$conf.int is the Wald interval, clipped to [−1, 1] by R too.
  int checked = 0;
  for (const fixture_case& c : load_fixture("proportion_r.txt")) {
    if (c.str("kind") != "prop.test") continue;
    SCOPED_TRACE("[" + c.name + "] " + c.str("call"));
    const auto e = cxgap::wald_difference(c.integer("x_a"), c.integer("n_a"), c.integer("x_b"),
                                          c.integer("n_b"));
    EXPECT_TRUE(limit_near(e.ci.lower, c.num("wald_lower")));
    EXPECT_TRUE(limit_near(e.ci.upper, c.num("wald_upper")));
    ++checked;
  }
  EXPECT_GE(checked, 15);
}

TEST(ProportionDifference, ValueIsAMinusBAndStdErrorIsThePlugInStandardError) {
  for (auto m : kAll) {
    const auto e = cxgap::proportion_difference(56, 70, 48, 80, 0.95, m);
    EXPECT_DOUBLE_EQ(e.value, 0.8 - 0.6) << to_string(m);
    EXPECT_DOUBLE_EQ(e.std_error, std::sqrt(0.8 * 0.2 / 70 + 0.6 * 0.4 / 80)) << to_string(m);
    EXPECT_EQ(e.status, stat_status::ok);
    EXPECT_EQ(e.ci.level, 0.95);
    EXPECT_EQ(e.ci.method, to_string(m));
  }
}

TEST(ProportionDifference, SwappingGroupsMirrorsTheInterval) {
  for (auto m : kAll) {
    for (const auto& t : {std::array<std::int64_t, 4>{56, 70, 48, 80},
                          std::array<std::int64_t, 4>{5, 56, 0, 29},
                          std::array<std::int64_t, 4>{10, 10, 0, 20},
                          std::array<std::int64_t, 4>{1, 3, 2, 2}}) {
      const auto ab = cxgap::proportion_difference(t[0], t[1], t[2], t[3], 0.95, m);
      const auto ba = cxgap::proportion_difference(t[2], t[3], t[0], t[1], 0.95, m);
      EXPECT_DOUBLE_EQ(ab.value, -ba.value) << to_string(m);
      EXPECT_NEAR(ab.ci.lower, -ba.ci.upper, 1e-14) << to_string(m);
      EXPECT_NEAR(ab.ci.upper, -ba.ci.lower, 1e-14) << to_string(m);
    }
  }
}

TEST(ProportionDifference, MiettinenNurminenIsWiderThanMee) {
  // Same score statistic, variance larger by N/(N − 1): every MN interval contains Mee's.
  for (std::int64_t xa = 0; xa <= 8; ++xa) {
    for (std::int64_t xb = 0; xb <= 12; ++xb) {
      const auto mn = cxgap::miettinen_nurminen_difference(xa, 8, xb, 12);
      const auto mee = cxgap::mee_difference(xa, 8, xb, 12);
      EXPECT_LE(mn.ci.lower, mee.ci.lower) << xa << "/8 vs " << xb << "/12";
      EXPECT_GE(mn.ci.upper, mee.ci.upper) << xa << "/8 vs " << xb << "/12";
    }
  }
}

TEST(ProportionDifference, EveryIntervalLiesInMinusOneOneAndContainsTheEstimate) {
  // Agresti–Caffo is centred on the adjusted difference, so only the others must contain d.
  for (auto m : kAll) {
    for (std::int64_t xa = 0; xa <= 5; ++xa) {
      for (std::int64_t xb = 0; xb <= 3; ++xb) {
        const auto e = cxgap::proportion_difference(xa, 5, xb, 3, 0.99, m);
        EXPECT_GE(e.ci.lower, -1.0);
        EXPECT_LE(e.ci.upper, 1.0);
        EXPECT_LE(e.ci.lower, e.ci.upper);
        if (m != proportion_difference_method::agresti_caffo) {
          EXPECT_TRUE(e.ci.contains(e.value)) << to_string(m) << " " << xa << " " << xb;
        }
      }
    }
  }
}

TEST(ProportionDifference, ExtremeDifferencesReachTheEndsExactly) {
  for (auto m : {proportion_difference_method::newcombe,
                 proportion_difference_method::miettinen_nurminen,
                 proportion_difference_method::mee, proportion_difference_method::wald}) {
    EXPECT_EQ(cxgap::proportion_difference(10, 10, 0, 20, 0.95, m).ci.upper, 1.0) << to_string(m);
    EXPECT_EQ(cxgap::proportion_difference(0, 10, 20, 20, 0.95, m).ci.lower, -1.0)
        << to_string(m);
  }
}

TEST(ProportionDifference, BothGroupsAtZeroGiveAProperIntervalAroundZero) {
  // 0/10 vs 0/20: the score-based methods still give informative intervals (Newcombe 1998,
  // example (e)); Wald collapses to [0, 0] and is flagged.
  for (auto m : {proportion_difference_method::newcombe,
                 proportion_difference_method::agresti_caffo,
                 proportion_difference_method::miettinen_nurminen,
                 proportion_difference_method::mee}) {
    const auto e = cxgap::proportion_difference(0, 10, 0, 20, 0.95, m);
    EXPECT_EQ(e.value, 0.0);
    EXPECT_EQ(e.status, stat_status::ok) << to_string(m);
    EXPECT_LT(e.ci.lower, -0.1) << to_string(m);
    EXPECT_GT(e.ci.upper, 0.2) << to_string(m);
  }
  const auto w = cxgap::wald_difference(0, 10, 0, 20);
  EXPECT_EQ(w.ci.lower, 0.0);
  EXPECT_EQ(w.ci.upper, 0.0);
  EXPECT_EQ(w.std_error, 0.0);
  EXPECT_EQ(w.status, stat_status::boundary);
  EXPECT_EQ(w.ci.status, stat_status::boundary);
}

TEST(ProportionDifference, MeeAndNewcombeCoincideWhenBothGroupsAreZero) {
  // With x_a = x_b = 0 the Mee limits solve θ·n/(1 − θ) = z², the Wilson upper limit z²/(n+z²)
  // of the larger-risk group, which is Newcombe's limit too (Table II, examples (e) and (f)).
  const auto mee = cxgap::mee_difference(0, 10, 0, 20);
  const auto nc = cxgap::newcombe_difference(0, 10, 0, 20);
  EXPECT_NEAR(mee.ci.lower, nc.ci.lower, 1e-12);
  EXPECT_NEAR(mee.ci.upper, nc.ci.upper, 1e-12);
}

TEST(ProportionDifference, SingleObservationPerGroupIsHandled) {
  for (auto m : kAll) {
    const auto e = cxgap::proportion_difference(1, 1, 0, 1, 0.95, m);
    EXPECT_EQ(e.value, 1.0);
    EXPECT_FALSE(std::isnan(e.ci.lower)) << to_string(m);
    EXPECT_LE(e.ci.upper, 1.0);
  }
}

TEST(ProportionDifference, EmptyGroupGivesNanAndEmptyStatus) {
  for (auto m : kAll) {
    for (const auto& t : {std::array<std::int64_t, 4>{0, 0, 3, 10},
                          std::array<std::int64_t, 4>{3, 10, 0, 0},
                          std::array<std::int64_t, 4>{0, 0, 0, 0}}) {
      const auto e = cxgap::proportion_difference(t[0], t[1], t[2], t[3], 0.9, m);
      EXPECT_TRUE(std::isnan(e.value)) << to_string(m);
      EXPECT_TRUE(std::isnan(e.std_error)) << to_string(m);
      EXPECT_TRUE(std::isnan(e.ci.lower)) << to_string(m);
      EXPECT_TRUE(std::isnan(e.ci.upper)) << to_string(m);
      EXPECT_EQ(e.status, stat_status::empty) << to_string(m);
      EXPECT_EQ(e.ci.status, stat_status::empty) << to_string(m);
      EXPECT_EQ(e.ci.level, 0.9);
    }
  }
}

TEST(ProportionDifference, LargeSamplesAgreeAcrossMethods) {
  // n = 10^7 per group: all five intervals agree to ~1e-4 of their width.
  const auto ref = cxgap::wald_difference(4000000, 10000000, 3990000, 10000000);
  for (auto m : kAll) {
    const auto e = cxgap::proportion_difference(4000000, 10000000, 3990000, 10000000, 0.95, m);
    EXPECT_NEAR(e.ci.lower, ref.ci.lower, 1e-4 * ref.ci.width()) << to_string(m);
    EXPECT_NEAR(e.ci.upper, ref.ci.upper, 1e-4 * ref.ci.width()) << to_string(m);
  }
}

TEST(ProportionDifference, DispatcherDefaultsToNewcombe) {
  const auto e = cxgap::proportion_difference(9, 10, 3, 10);
  const auto n = cxgap::newcombe_difference(9, 10, 3, 10);
  EXPECT_EQ(e.ci.lower, n.ci.lower);
  EXPECT_EQ(e.ci.upper, n.ci.upper);
  EXPECT_EQ(e.ci.method, "newcombe");
}

TEST(ProportionDifference, InvalidArgumentsThrow) {
  using cxgap::invalid_argument;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (auto m : kAll) {
    EXPECT_THROW(cxgap::proportion_difference(1, 10, 1, 10, 0.0, m), invalid_argument);
    EXPECT_THROW(cxgap::proportion_difference(1, 10, 1, 10, 1.0, m), invalid_argument);
    EXPECT_THROW(cxgap::proportion_difference(1, 10, 1, 10, nan, m), invalid_argument);
    EXPECT_THROW(cxgap::proportion_difference(11, 10, 1, 10, 0.95, m), invalid_argument);
    EXPECT_THROW(cxgap::proportion_difference(-1, 10, 1, 10, 0.95, m), invalid_argument);
    EXPECT_THROW(cxgap::proportion_difference(1, -10, 1, 10, 0.95, m), invalid_argument);
    EXPECT_THROW(cxgap::proportion_difference(1, 10, 11, 10, 0.95, m), invalid_argument);
    EXPECT_THROW(cxgap::proportion_difference(1, 10, -1, 10, 0.95, m), invalid_argument);
    EXPECT_THROW(cxgap::proportion_difference(1, 10, 0, -1, 0.95, m), invalid_argument);
  }
  EXPECT_THROW(cxgap::newcombe_difference(1, 10, 1, 10, 2.0), invalid_argument);
  EXPECT_THROW(cxgap::agresti_caffo_difference(1, 0, 1, 10), invalid_argument);
  EXPECT_THROW(cxgap::miettinen_nurminen_difference(1, 10, 12, 10), invalid_argument);
  EXPECT_THROW(cxgap::mee_difference(1, 10, 1, -10), invalid_argument);
  EXPECT_THROW(cxgap::wald_difference(-3, 10, 1, 10), invalid_argument);
}

TEST(ProportionDifference, ErrorMessageNamesTheGroupArgument) {
  try {
    cxgap::newcombe_difference(1, 10, 1, -5);
    FAIL() << "no throw";
  } catch (const cxgap::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("cxgap::newcombe_difference"), std::string::npos) << what;
    EXPECT_NE(what.find("n_b is -5"), std::string::npos) << what;
  }
}

TEST(ProportionDifference, MethodNamesAreStable) {
  EXPECT_EQ(to_string(proportion_difference_method::newcombe), "newcombe");
  EXPECT_EQ(to_string(proportion_difference_method::agresti_caffo), "agresti-caffo");
  EXPECT_EQ(to_string(proportion_difference_method::miettinen_nurminen), "miettinen-nurminen");
  EXPECT_EQ(to_string(proportion_difference_method::mee), "mee");
  EXPECT_EQ(to_string(proportion_difference_method::wald), "wald");
}

}  // namespace
