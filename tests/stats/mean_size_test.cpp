// Seeded simulations of the statistics in mean.hpp and effect_size.hpp: the size of the Welch
// and Student tests under unequal variances, the coverage of the Welch interval, and the bias
// that Hedges' J removes from Cohen's d.
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "cxgap/stats/effect_size.hpp"
#include "cxgap/stats/mean.hpp"
#include "cxgap/stats/moments.hpp"

namespace {

using cxgap::moments_from_values;

std::vector<double> draw(std::mt19937_64& rng, int n, double mean, double sd) {
  std::normal_distribution<double> z(mean, sd);
  std::vector<double> x(static_cast<std::size_t>(n));
  for (auto& v : x) v = z(rng);
  return x;
}

TEST(MeanSize, WelchKeepsItsSizeWhereStudentDoesNot) {
  // n = (10, 40), sd = (4, 1), equal means: the small group has the large variance, so the
  // pooled variance is far too small and Student's test rejects much more often than 5%.
  std::mt19937_64 rng(20240517);
  const int reps = 20000;
  int welch_rejections = 0, student_rejections = 0;
  for (int r = 0; r < reps; ++r) {
    const auto a = moments_from_values(draw(rng, 10, 0.0, 4.0));
    const auto b = moments_from_values(draw(rng, 40, 0.0, 1.0));
    welch_rejections += cxgap::welch_test(a, b).test.p_value < 0.05;
    student_rejections += cxgap::student_t_test(a, b).test.p_value < 0.05;
  }
  const double welch_size = welch_rejections / double(reps);
  const double student_size = student_rejections / double(reps);
  // Monte Carlo SE of a 5% rate over 20000 runs is 0.0015.
  EXPECT_GE(welch_size, 0.04);
  EXPECT_LE(welch_size, 0.06);
  EXPECT_GT(student_size, 0.15);  // about 0.27 in theory
}

TEST(MeanSize, WelchIntervalCoversTheTrueDifferenceNinetyFivePercentOfTheTime) {
  std::mt19937_64 rng(7);
  const int reps = 20000;
  const double true_gap = 0.7;
  int covered = 0, one_sample_covered = 0;
  for (int r = 0; r < reps; ++r) {
    const auto a = moments_from_values(draw(rng, 15, 3.7, 2.0));
    const auto b = moments_from_values(draw(rng, 25, 3.0, 0.8));
    covered += cxgap::welch_test(a, b).ci.contains(true_gap);
    one_sample_covered += cxgap::mean_interval(a).ci.contains(3.7);
  }
  EXPECT_NEAR(covered / double(reps), 0.95, 0.008);
  EXPECT_NEAR(one_sample_covered / double(reps), 0.95, 0.008);
}

TEST(MeanSize, HedgesGIsUnbiasedWhereCohensDIsNot) {
  // n = (5, 5), δ = 0.5: E[d] = δ / J(8) ≈ 0.554 while E[g] = δ.
  std::mt19937_64 rng(11);
  const int reps = 20000;
  double sum_d = 0, sum_g = 0;
  for (int r = 0; r < reps; ++r) {
    const auto a = moments_from_values(draw(rng, 5, 0.5, 1.0));
    const auto b = moments_from_values(draw(rng, 5, 0.0, 1.0));
    sum_d += cxgap::cohens_d(a, b, 0.95, cxgap::effect_size_ci::normal).value;
    sum_g += cxgap::hedges_g(a, b, 0.95, cxgap::effect_size_ci::normal).value;
  }
  // Monte Carlo SE of the mean of g is about 0.005.
  EXPECT_NEAR(sum_g / reps, 0.5, 0.02);
  EXPECT_NEAR(sum_d / reps, 0.5 / cxgap::hedges_correction(8.0), 0.02);
  EXPECT_GT(sum_d / reps - 0.5, 0.03);
}

TEST(MeanSize, NoncentralTIntervalOfDCoversDelta) {
  std::mt19937_64 rng(13);
  const int reps = 10000;  // each interval solves two noncentral-t root problems
  int covered = 0;
  for (int r = 0; r < reps; ++r) {
    const auto a = moments_from_values(draw(rng, 8, 0.8, 1.0));
    const auto b = moments_from_values(draw(rng, 12, 0.0, 1.0));
    covered += cxgap::cohens_d(a, b).ci.contains(0.8);
  }
  // Exact under normality; Monte Carlo SE 0.0022.
  EXPECT_NEAR(covered / double(reps), 0.95, 0.01);
}

}  // namespace
