// Tests of the bootstrap from category counts (include/cxgap/stats/bootstrap.hpp) and its
// generators (detail/philox.hpp, detail/binomial_sampler.hpp): Philox against numpy and the
// Random123 known-answer vector (bootstrap_philox.txt), the binomial and multinomial samplers
// against their distributions, the intervals, z0 and jackknife acceleration against
// scipy.stats.bootstrap given scipy's own replicates (bootstrap_bca.txt), thread-count
// independence, the bootstrap SE against Welch's, seeded coverage, and the degenerate cases.
#include "cxgap/stats/bootstrap.hpp"

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cxgap/error.hpp"
#include "cxgap/stats/detail/binomial_sampler.hpp"
#include "cxgap/stats/detail/distributions.hpp"
#include "cxgap/stats/detail/philox.hpp"
#include "cxgap/stats/dominance.hpp"
#include "cxgap/stats/mean.hpp"
#include "cxgap/stats/moments.hpp"
#include "cxgap/stats/nps.hpp"
#include "cxgap/stats/proportion_difference.hpp"
#include "support/fixture.hpp"

namespace {

using cxgap::bootstrap_gap;
using cxgap::bootstrap_options;
using cxgap::stat_status;
using cxgap::detail::philox_stream;
using counts = std::vector<std::int64_t>;

std::vector<std::uint64_t> hex_words(const std::string& s) {
  std::vector<std::uint64_t> v;
  std::size_t pos = 0;
  while (pos < s.size()) {
    const std::size_t end = s.find(' ', pos);
    const std::string tok = s.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    if (!tok.empty()) v.push_back(std::stoull(tok, nullptr, 16));
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return v;
}

TEST(Philox, MatchesNumpyPhiloxAndTheRandom123KnownAnswer) {
  int checked = 0;
  for (const auto& c : cxgap::test::load_fixture("bootstrap_philox.txt")) {
    SCOPED_TRACE(c.name);
    const auto ctr = hex_words(c.str("counter"));
    const auto key = hex_words(c.str("key"));
    const auto block = hex_words(c.str("block"));
    ASSERT_EQ(ctr.size(), 4u);
    ASSERT_EQ(key.size(), 2u);
    ASSERT_EQ(block.size(), 4u);
    const auto out = cxgap::detail::philox4x64_10({ctr[0], ctr[1], ctr[2], ctr[3]}, {key[0], key[1]});
    for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(out[i], block[i]) << "word " << i;
    ++checked;
  }
  EXPECT_EQ(checked, 4);
  // Random123 kat_vectors: philox4x64 10 rounds, counter and key zero.
  const auto zero = cxgap::detail::philox4x64_10({0, 0, 0, 0}, {0, 0});
  EXPECT_EQ(zero[0], 0x16554d9eca36314cu);
  EXPECT_EQ(zero[3], 0x7e68b68aec7ba23bu);
}

TEST(Philox, StreamOfResampleBReadsCountersBAndBlockInOrder) {
  philox_stream s(7, 3, 11);
  const auto first = cxgap::detail::philox4x64_10({11, 0, 0, 0}, {7, 3});
  const auto second = cxgap::detail::philox4x64_10({11, 1, 0, 0}, {7, 3});
  for (int i = 0; i < 4; ++i) EXPECT_EQ(s.next_u64(), first[static_cast<std::size_t>(i)]);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(s.next_u64(), second[static_cast<std::size_t>(i)]);
  philox_stream u(1, 2, 3);
  for (int i = 0; i < 1000; ++i) {
    const double x = u.next_double();
    ASSERT_GE(x, 0.0);
    ASSERT_LT(x, 1.0);
  }
}

// Binomial pmf by log-gamma (long double), for goodness-of-fit checks.
long double binomial_log_pmf(std::int64_t n, double p, std::int64_t k) {
  const long double nn = static_cast<long double>(n), kk = static_cast<long double>(k);
  return std::lgamma(nn + 1) - std::lgamma(kk + 1) - std::lgamma(nn - kk + 1) +
         kk * std::log(static_cast<long double>(p)) +
         (nn - kk) * std::log1p(-static_cast<long double>(p));
}

// Pearson chi-square p-value of `draws` against Binomial(n, p), bins with expected >= 5 and the
// two tails pooled.
double binomial_gof_p(const std::vector<std::int64_t>& draws, std::int64_t n, double p) {
  const double m = static_cast<double>(draws.size());
  const double mean = static_cast<double>(n) * p;
  const double sd = std::sqrt(mean * (1 - p));
  const auto lo = static_cast<std::int64_t>(std::max(0.0, std::floor(mean - 6 * sd)));
  const auto hi = static_cast<std::int64_t>(std::min(static_cast<double>(n), std::ceil(mean + 6 * sd)));
  std::vector<double> expected, observed;
  double tail_low_e = 0, tail_low_o = 0;
  // Expected mass below the first kept bin and above the last is pooled into the edge bins.
  std::vector<double> e(static_cast<std::size_t>(hi - lo + 1)), o(e.size(), 0.0);
  double mass = 0;
  for (std::int64_t k = lo; k <= hi; ++k) {
    e[static_cast<std::size_t>(k - lo)] = static_cast<double>(std::exp(binomial_log_pmf(n, p, k)));
    mass += e[static_cast<std::size_t>(k - lo)];
  }
  for (auto x : draws) {
    const std::int64_t k = std::min(std::max(x, lo), hi);
    o[static_cast<std::size_t>(k - lo)] += 1;
  }
  e.front() += (1 - mass) / 2;
  e.back() += (1 - mass) / 2;
  double cur_e = tail_low_e, cur_o = tail_low_o;
  for (std::size_t i = 0; i < e.size(); ++i) {
    cur_e += e[i] * m;
    cur_o += o[i];
    if (cur_e >= 5) {
      expected.push_back(cur_e);
      observed.push_back(cur_o);
      cur_e = cur_o = 0;
    }
  }
  expected.back() += cur_e;
  observed.back() += cur_o;
  double chi2 = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    chi2 += (observed[i] - expected[i]) * (observed[i] - expected[i]) / expected[i];
  }
  return cxgap::detail::chi2_sf(chi2, static_cast<double>(expected.size() - 1));
}

TEST(BinomialSampler, DrawsFollowTheBinomialForInversionAndBtpeAndEveryN) {
  struct param {
    std::int64_t n;
    double p;
  };
  // inversion (n·p <= 30), BTPE (n·p > 30), mirrored p > ½, and n = 10⁸.
  const std::vector<param> params{{20, 0.3},  {1000, 0.2},    {1000, 0.97},     {100, 0.5},
                                  {50, 0.5},  {100000000, 0.35}, {100000000, 1e-7}, {31, 0.999}};
  std::uint64_t item = 0;
  for (const auto& pr : params) {
    SCOPED_TRACE(::testing::Message() << "n " << pr.n << " p " << pr.p);
    const int m = 20000;
    std::vector<std::int64_t> draws(m);
    double sum = 0, sum2 = 0;
    for (int i = 0; i < m; ++i) {
      philox_stream s(12345, item, static_cast<std::uint64_t>(i));
      const std::int64_t x = cxgap::detail::sample_binomial(s, pr.n, pr.p);
      ASSERT_GE(x, 0);
      ASSERT_LE(x, pr.n);
      draws[static_cast<std::size_t>(i)] = x;
      sum += static_cast<double>(x);
    }
    const double mean = sum / m;
    for (auto x : draws) sum2 += (static_cast<double>(x) - mean) * (static_cast<double>(x) - mean);
    const double var = sum2 / (m - 1);
    const double np = static_cast<double>(pr.n) * pr.p;
    const double npq = np * (1 - pr.p);
    EXPECT_NEAR(mean, np, 5 * std::sqrt(npq / m));
    EXPECT_NEAR(var / npq, 1.0, 5 * std::sqrt(2.0 / m));
    EXPECT_GT(binomial_gof_p(draws, pr.n, pr.p), 1e-4);
    ++item;
  }
}

TEST(BinomialSampler, EdgeParametersAreExact) {
  philox_stream s(1, 1, 1);
  EXPECT_EQ(cxgap::detail::sample_binomial(s, 0, 0.4), 0);
  EXPECT_EQ(cxgap::detail::sample_binomial(s, 1000, 0.0), 0);
  EXPECT_EQ(cxgap::detail::sample_binomial(s, 1000, 1.0), 1000);
  EXPECT_EQ(cxgap::detail::sample_binomial(s, 100000000, 1.0), 100000000);
}

TEST(MultinomialSampler, CountsHaveMultinomialMeansVariancesAndCovariance) {
  const counts weights{10, 0, 25, 40, 25};
  const double total = 100;
  for (std::int64_t n : {std::int64_t{30}, std::int64_t{1000}, std::int64_t{100000000}}) {
    SCOPED_TRACE(n);
    const int m = 20000;
    const std::size_t k = weights.size();
    std::vector<double> sum(k, 0), sum2(k, 0);
    double cross = 0;  // categories 0 and 3
    counts out(k);
    for (int i = 0; i < m; ++i) {
      philox_stream s(99, static_cast<std::uint64_t>(n), static_cast<std::uint64_t>(i));
      cxgap::detail::sample_multinomial(s, n, weights.data(), k, out.data());
      std::int64_t drawn = 0;
      for (std::size_t j = 0; j < k; ++j) {
        drawn += out[j];
        sum[j] += static_cast<double>(out[j]);
        sum2[j] += static_cast<double>(out[j]) * static_cast<double>(out[j]);
      }
      ASSERT_EQ(drawn, n);
      ASSERT_EQ(out[1], 0);
      cross += static_cast<double>(out[0]) * static_cast<double>(out[3]);
    }
    const double nd = static_cast<double>(n);
    for (std::size_t j = 0; j < k; ++j) {
      if (weights[j] == 0) continue;
      const double p = static_cast<double>(weights[j]) / total;
      const double mean = sum[j] / m;
      const double var = sum2[j] / m - mean * mean;
      EXPECT_NEAR(mean, nd * p, 5 * std::sqrt(nd * p * (1 - p) / m)) << "category " << j;
      EXPECT_NEAR(var / (nd * p * (1 - p)), 1.0, 5 * std::sqrt(2.0 / m)) << "category " << j;
    }
    const double p0 = 0.10, p3 = 0.40;
    const double cov = cross / m - (sum[0] / m) * (sum[3] / m);
    // Cov = −n p0 p3; its estimate has SD about sqrt(Var0·Var3/m)·sqrt(1 + ρ²).
    const double sd = std::sqrt(nd * p0 * (1 - p0) * nd * p3 * (1 - p3) / m) * 1.1;
    EXPECT_NEAR(cov, -nd * p0 * p3, 5 * sd);
  }
}

TEST(GapStatistics, EqualTheEstimatesOfTheAnalyticFunctions) {
  const counts a{3, 5, 9, 12, 6};
  const counts b{6, 9, 10, 7, 3};
  EXPECT_DOUBLE_EQ(cxgap::mean_gap<>{}(a, b),
                   cxgap::welch_test(cxgap::moments_from_codes(a), cxgap::moments_from_codes(b)).estimate);
  const std::vector<double> scores{-2, -1, 0, 1, 2.5};
  EXPECT_DOUBLE_EQ((cxgap::mean_gap<>{scores}(a, b)),
                   cxgap::welch_test(cxgap::moments_from_counts(a, scores),
                                     cxgap::moments_from_counts(b, scores)).estimate);
  EXPECT_DOUBLE_EQ(cxgap::top_box_gap<>{3}(a, b), cxgap::newcombe_difference(18, 35, 10, 35).value);
  EXPECT_DOUBLE_EQ(cxgap::cliff_delta_gap<>{}(a, b), cxgap::cliff_delta(a, b).value);
  const counts na{2, 1, 3, 2, 4, 8, 10, 15, 20, 18, 12};
  const counts nb{5, 3, 4, 6, 7, 12, 14, 13, 10, 6, 4};
  EXPECT_NEAR(cxgap::nps_gap<>{}(na, nb),
              cxgap::nps_difference(cxgap::nps_categories(na), cxgap::nps_categories(nb)).estimate,
              1e-12);
}

// The built-in statistic of a bootstrap_bca.txt case.
template <class F>
void with_statistic(const cxgap::test::fixture_case& c, F f) {
  const std::string kind = c.str("statistic");
  if (kind == "mean") {
    f(cxgap::mean_gap<>{});
  } else if (kind == "top_box") {
    f(cxgap::top_box_gap<>{3});
  } else if (kind == "nps") {
    f(cxgap::nps_gap<>{});
  } else if (kind == "cliff") {
    f(cxgap::cliff_delta_gap<>{});
  } else {
    FAIL() << "unknown statistic " << kind;
  }
}

TEST(Bootstrap, IntervalsZ0AndAccelerationMatchScipyGivenTheSameReplicates) {
  int checked = 0;
  for (const auto& c : cxgap::test::load_fixture("bootstrap_bca.txt")) {
    SCOPED_TRACE(c.name);
    const auto a = c.integers("a");
    const auto b = c.integers("b");
    const auto reps = c.nums("replicates");
    ASSERT_EQ(reps.size(), 500u);
    with_statistic(c, [&](const auto& stat) {
      // θ̂ from counts equals scipy's θ̂ from the expanded data.
      EXPECT_REL_NEAR(stat(a, b), c.num("theta_hat"), 1e-13);
      // â from K leave-one-category-out values equals scipy's jackknife over n respondents.
      const double acc = cxgap::jackknife_acceleration(a, b, stat);
      EXPECT_REL_NEAR(acc, c.num("a_hat"), 1e-10);
      // scipy compares replicates with θ̂ exactly: tie_ulps = 0 reproduces it.
      const auto ci = cxgap::bootstrap_confidence_intervals(reps, c.num("theta_hat"), acc, 0.95, 0.0);
      EXPECT_REL_NEAR(ci.z0, c.num("z0"), 1e-10);
      EXPECT_REL_NEAR(ci.bca_lower_level, c.num("alpha_1"), 1e-10);
      EXPECT_REL_NEAR(ci.bca_upper_level, c.num("alpha_2"), 1e-10);
      EXPECT_REL_NEAR(ci.percentile.lower, c.num("percentile_low"), 1e-10);
      EXPECT_REL_NEAR(ci.percentile.upper, c.num("percentile_high"), 1e-10);
      EXPECT_REL_NEAR(ci.bca.lower, c.num("bca_low"), 1e-10);
      EXPECT_REL_NEAR(ci.bca.upper, c.num("bca_high"), 1e-10);
      EXPECT_EQ(ci.percentile.status, stat_status::ok);
      EXPECT_EQ(ci.bca.status, stat_status::ok);
      EXPECT_EQ(ci.bca.method, "bootstrap BCa");
    });
    ++checked;
  }
  EXPECT_EQ(checked, 6);
}

TEST(Bootstrap, TiesWithinAFewUlpCountAsTiesInZ0) {
  // mean_likert5: θ̂ = 21/35 computed as 0.6000000000000001; 7 of scipy's 500 replicates reach
  // the same gap 21/35 through other counts and round to 0.5999999999999996, so scipy's z0
  // counts them as below θ̂ (13 are bit-identical ties). With the default tie tolerance all 20
  // are ties.
  for (const auto& c : cxgap::test::load_fixture("bootstrap_bca.txt")) {
    if (c.name != "mean_likert5") continue;
    const auto reps = c.nums("replicates");
    const double theta = c.num("theta_hat");
    double below = 0, tied = 0;
    for (double x : reps) {
      if (std::fabs(x - theta) <= 64 * 2.220446049250313e-16 * 2) {
        tied += 1;
      } else if (x < theta) {
        below += 1;
      }
    }
    EXPECT_EQ(tied, 20.0);
    const auto ci = cxgap::bootstrap_confidence_intervals(reps, theta, 0.0, 0.95);
    EXPECT_REL_NEAR(ci.z0, cxgap::detail::normal_quantile((below + tied / 2) / 500.0), 1e-14);
    EXPECT_NE(ci.z0, c.num("z0"));
  }
}

bootstrap_options opts(std::int64_t resamples, unsigned threads, std::uint64_t seed = 1,
                       std::uint64_t item = 0) {
  bootstrap_options o;
  o.resamples = resamples;
  o.threads = threads;
  o.seed = seed;
  o.item = item;
  o.keep_replicates = true;
  return o;
}

TEST(Bootstrap, ResultsAreIdenticalForOneTwoAndThreeThreads) {
  const counts a{2, 1, 3, 2, 4, 8, 10, 15, 20, 18, 12};
  const counts b{5, 3, 4, 6, 7, 12, 14, 13, 10, 6, 4};
  const auto one = bootstrap_gap(a, b, cxgap::nps_gap<>{}, opts(2001, 1, 77, 4));
  for (unsigned threads : {2u, 3u}) {
    SCOPED_TRACE(threads);
    const auto many = bootstrap_gap(a, b, cxgap::nps_gap<>{}, opts(2001, threads, 77, 4));
    EXPECT_EQ(one.replicates, many.replicates);
    EXPECT_EQ(one.percentile.lower, many.percentile.lower);
    EXPECT_EQ(one.percentile.upper, many.percentile.upper);
    EXPECT_EQ(one.bca.lower, many.bca.lower);
    EXPECT_EQ(one.bca.upper, many.bca.upper);
    EXPECT_EQ(one.std_error, many.std_error);
  }
  EXPECT_EQ(one.status, stat_status::ok);
  EXPECT_EQ(one.replicates.size(), 2001u);
  EXPECT_LT(one.percentile.lower, one.estimate);
  EXPECT_GT(one.percentile.upper, one.estimate);
}

TEST(Bootstrap, StreamDependsOnSeedAndItemOnly) {
  const counts a{3, 5, 9, 12, 6};
  const counts b{6, 9, 10, 7, 3};
  const auto r1 = bootstrap_gap(a, b, cxgap::mean_gap<>{}, opts(500, 1, 5, 0));
  const auto r2 = bootstrap_gap(a, b, cxgap::mean_gap<>{}, opts(500, 1, 5, 0));
  const auto r3 = bootstrap_gap(a, b, cxgap::mean_gap<>{}, opts(500, 1, 5, 1));
  const auto r4 = bootstrap_gap(a, b, cxgap::mean_gap<>{}, opts(500, 1, 6, 0));
  EXPECT_EQ(r1.replicates, r2.replicates);
  EXPECT_NE(r1.replicates, r3.replicates);
  EXPECT_NE(r1.replicates, r4.replicates);
  // The first 300 resamples of B = 500 are the 300 resamples of B = 300.
  const auto r5 = bootstrap_gap(a, b, cxgap::mean_gap<>{}, opts(300, 1, 5, 0));
  EXPECT_TRUE(std::equal(r5.replicates.begin(), r5.replicates.end(), r1.replicates.begin()));
}

TEST(Bootstrap, StandardErrorOfTenThousandResamplesIsCloseToWelchForLargeN) {
  const counts a{100000, 200000, 300000, 250000, 150000};
  const counts b{180000, 220000, 260000, 200000, 140000};
  const auto r = bootstrap_gap(a, b, cxgap::mean_gap<>{}, opts(10000, 2, 2024));
  const auto w = cxgap::welch_test(cxgap::moments_from_codes(a), cxgap::moments_from_codes(b));
  EXPECT_DOUBLE_EQ(r.estimate, w.estimate);
  // SD of a bootstrap SE from B resamples ≈ SE/√(2(B − 1)) ≈ 0.7%: allow 3%.
  EXPECT_NEAR(r.std_error / w.std_error, 1.0, 0.03);
  EXPECT_LT(std::fabs(r.bias), 4 * w.std_error / std::sqrt(10000.0));
  // Near-normal, nearly unbiased: both intervals close to the Welch interval.
  EXPECT_NEAR(r.percentile.lower, w.ci.lower, 0.1 * w.ci.width());
  EXPECT_NEAR(r.bca.upper, w.ci.upper, 0.1 * w.ci.width());
  EXPECT_LT(std::fabs(r.acceleration), 1e-3);
}

TEST(Bootstrap, PercentileAndBcaIntervalsCoverTheMeanGapAbout95Percent) {
  // Population shares (per 100) of a 5-point item in A and B; n_A = 40, n_B = 60.
  const counts pop_a{10, 15, 25, 30, 20};
  const counts pop_b{20, 25, 25, 20, 10};
  const double true_gap = (1 * 10 + 2 * 15 + 3 * 25 + 4 * 30 + 5 * 20) / 100.0 -
                          (1 * 20 + 2 * 25 + 3 * 25 + 4 * 20 + 5 * 10) / 100.0;
  const int sims = 1000;
  int cover_pct = 0, cover_bca = 0;
  counts a(5), b(5);
  for (int s = 0; s < sims; ++s) {
    philox_stream data(31337, 0, static_cast<std::uint64_t>(s));
    cxgap::detail::sample_multinomial(data, 40, pop_a.data(), 5, a.data());
    cxgap::detail::sample_multinomial(data, 60, pop_b.data(), 5, b.data());
    bootstrap_options o;
    o.resamples = 499;
    o.seed = static_cast<std::uint64_t>(s);
    const auto r = bootstrap_gap(a, b, cxgap::mean_gap<>{}, o);
    ASSERT_EQ(r.status, stat_status::ok);
    cover_pct += r.percentile.contains(true_gap);
    cover_bca += r.bca.contains(true_gap);
  }
  // Binomial SD of a coverage from 1000 simulations ≈ 0.007: ±0.025 is 3.6 SD.
  EXPECT_NEAR(cover_pct / double(sims), 0.95, 0.025);
  EXPECT_NEAR(cover_bca / double(sims), 0.95, 0.025);
}

TEST(Bootstrap, CliffDeltaAndTopBoxRunThroughTheSameMachinery) {
  const counts a{1, 2, 8, 15, 24};
  const counts b{10, 14, 20, 9, 4};
  const auto d = bootstrap_gap(a, b, cxgap::cliff_delta_gap<>{}, opts(2000, 2));
  EXPECT_EQ(d.status, stat_status::ok);
  EXPECT_DOUBLE_EQ(d.estimate, cxgap::cliff_delta(a, b).value);
  EXPECT_GE(d.bca.lower, -1.0);
  EXPECT_LE(d.bca.upper, 1.0);
  EXPECT_TRUE(d.bca.contains(d.estimate));
  const auto t = bootstrap_gap(a, b, cxgap::top_box_gap<>{3}, opts(2000, 2));
  EXPECT_EQ(t.status, stat_status::ok);
  // Same data: the bootstrap SE is close to the plug-in SE of the difference of proportions.
  EXPECT_NEAR(t.std_error / cxgap::newcombe_difference(39, 50, 13, 57).std_error, 1.0, 0.1);
}

TEST(Bootstrap, EmptyGroupGivesNaNWithStatusEmpty) {
  const auto r = bootstrap_gap(counts{0, 0, 0}, counts{1, 2, 3}, cxgap::mean_gap<>{});
  EXPECT_EQ(r.status, stat_status::empty);
  EXPECT_TRUE(std::isnan(r.estimate));
  EXPECT_TRUE(std::isnan(r.std_error));
  EXPECT_TRUE(std::isnan(r.percentile.lower));
  EXPECT_TRUE(std::isnan(r.bca.upper));
  EXPECT_EQ(r.bca.status, stat_status::empty);
}

TEST(Bootstrap, GroupOfOneGivesTheEstimateOnlyWithStatusTooFew) {
  const auto r = bootstrap_gap(counts{0, 1, 0}, counts{1, 2, 3}, cxgap::mean_gap<>{});
  EXPECT_EQ(r.status, stat_status::too_few);
  EXPECT_DOUBLE_EQ(r.estimate, 2.0 - 14.0 / 6.0);
  EXPECT_TRUE(std::isnan(r.std_error));
  EXPECT_TRUE(std::isnan(r.percentile.lower));
  EXPECT_TRUE(std::isnan(r.bca.lower));
  EXPECT_TRUE(std::isnan(r.acceleration));
}

TEST(Bootstrap, EachGroupInOneCategoryGivesZeroVariance) {
  const auto r = bootstrap_gap(counts{0, 7, 0}, counts{0, 0, 4}, cxgap::mean_gap<>{}, opts(200, 1));
  EXPECT_EQ(r.status, stat_status::zero_variance);
  EXPECT_DOUBLE_EQ(r.estimate, -1.0);
  EXPECT_DOUBLE_EQ(r.std_error, 0.0);
  EXPECT_TRUE(std::isnan(r.percentile.lower));
  EXPECT_TRUE(std::isnan(r.bca.upper));
  EXPECT_EQ(r.bca.status, stat_status::zero_variance);
  // Everyone in one category: also for Cliff's δ (all pairs tied, δ = 0).
  const auto d = bootstrap_gap(counts{0, 5, 0}, counts{0, 9, 0}, cxgap::cliff_delta_gap<>{}, opts(200, 1));
  EXPECT_EQ(d.status, stat_status::zero_variance);
  EXPECT_DOUBLE_EQ(d.estimate, 0.0);
  // A statistic that the resamples cannot move (all of A in the top box, none of B).
  const auto t = bootstrap_gap(counts{0, 0, 7}, counts{5, 2, 0}, cxgap::top_box_gap<>{2}, opts(200, 1));
  EXPECT_DOUBLE_EQ(t.estimate, 1.0);
  EXPECT_EQ(t.status, stat_status::zero_variance);
  EXPECT_DOUBLE_EQ(t.std_error, 0.0);
  EXPECT_TRUE(std::isnan(t.bca.lower));
}

TEST(Bootstrap, AnExceptionOfTheStatisticInAWorkerThreadReachesTheCaller) {
  // Throws on any resample that differs from the observed counts, never on the observed ones.
  const counts a{3, 5, 9, 12, 6};
  const counts b{6, 9, 10, 7, 3};
  auto picky = [&a](cxgap::count_view x, cxgap::count_view) {
    for (std::size_t k = 0; k < a.size(); ++k) {
      if (x[k] != a[k]) throw std::runtime_error("resample");
    }
    return 0.0;
  };
  for (unsigned threads : {1u, 2u}) {
    EXPECT_THROW(bootstrap_gap(a, b, picky, opts(200, threads)), std::runtime_error) << threads;
  }
}

TEST(BootstrapIntervals, DegenerateReplicateSetsGiveNaNAndAStatus) {
  const auto few = cxgap::bootstrap_confidence_intervals(std::vector<double>{1.0, std::nan("")}, 1.0, 0.0, 0.95);
  EXPECT_EQ(few.percentile.status, stat_status::too_few);
  EXPECT_TRUE(std::isnan(few.percentile.lower));
  // All replicates above θ̂: z0 = −∞, the BCa interval is undefined; the percentile one is not.
  const auto side = cxgap::bootstrap_confidence_intervals(std::vector<double>{2, 3, 4, 5}, 1.0, 0.0, 0.9);
  EXPECT_EQ(side.bca.status, stat_status::boundary);
  EXPECT_TRUE(std::isnan(side.bca.lower));
  EXPECT_EQ(side.percentile.status, stat_status::ok);
  EXPECT_DOUBLE_EQ(side.percentile.lower, 2.15);  // type 7: 2 + 0.05·3·1
  // â undefined → BCa NaN, status zero_variance.
  const auto nan_a = cxgap::bootstrap_confidence_intervals(std::vector<double>{0, 1, 2, 3}, 1.5, std::nan(""), 0.9);
  EXPECT_EQ(nan_a.bca.status, stat_status::zero_variance);
  EXPECT_DOUBLE_EQ(nan_a.z0, 0.0);
}

TEST(Bootstrap, ThrowsOnBadArguments) {
  const counts a{1, 2, 3};
  EXPECT_THROW(bootstrap_gap(a, counts{1, 2}, cxgap::mean_gap<>{}), cxgap::invalid_argument);
  EXPECT_THROW(bootstrap_gap(a, counts{1, -2, 3}, cxgap::mean_gap<>{}), cxgap::invalid_argument);
  bootstrap_options o;
  o.level = 1.0;
  EXPECT_THROW(bootstrap_gap(a, a, cxgap::mean_gap<>{}, o), cxgap::invalid_argument);
  o = bootstrap_options{};
  o.resamples = 1;
  EXPECT_THROW(bootstrap_gap(a, a, cxgap::mean_gap<>{}, o), cxgap::invalid_argument);
  EXPECT_THROW(bootstrap_gap(a, a, cxgap::nps_gap<>{}), cxgap::invalid_argument);
  EXPECT_THROW(bootstrap_gap(a, a, cxgap::top_box_gap<>{3}), cxgap::invalid_argument);
  EXPECT_THROW(bootstrap_gap(a, a, cxgap::mean_gap<>{{1.0, 2.0}}), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::bootstrap_confidence_intervals(std::vector<double>{1, 2}, 1.0, 0.0, 0.0),
               cxgap::invalid_argument);
  EXPECT_THROW(cxgap::bootstrap_confidence_intervals(std::vector<double>{1, 2}, 1.0, 0.0, 0.9, -1.0),
               cxgap::invalid_argument);
  try {
    bootstrap_gap(a, counts{1, 2, -3}, cxgap::mean_gap<>{});
    FAIL() << "no exception";
  } catch (const cxgap::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("cxgap::bootstrap_gap"), std::string::npos) << what;
    EXPECT_NE(what.find("b[2] is -3"), std::string::npos) << what;
  }
}

}  // namespace
