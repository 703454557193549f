// The PSU (Rao–Wu) bootstrap of design-based gaps (include/cxgap/design/bootstrap.hpp): given R
// survey's own subbootstrap multipliers on the seeded CX panel, every replicate gap and the svrVar
// SE equal R's (tests/reference/design_bootstrap.R → fixtures/design_bootstrap.txt), and the
// percentile and BCa limits, z0 and the JKn acceleration equal scipy's on those replicates
// (design_bootstrap.py → fixtures/design_bootstrap_intervals.txt); the seeded multipliers, thread
// invariance, degenerate designs and data; and a seeded coverage simulation of a clustered
// population against the i.i.d. bootstrap of respondents.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cxgap/design/bootstrap.hpp"
#include "cxgap/design/taylor.hpp"
#include "cxgap/io/csv.hpp"
#include "cxgap/io/ingest.hpp"
#include "cxgap/stats/bootstrap.hpp"
#include "support/fixture.hpp"

namespace {

using cxgap::test::rel_near;

// The panel of design_cx_panel.R read as R's svydesign(id = ~store, strata = ~region,
// weights = ~w, data) (no fpc: R's subbootstrap ignores one).
cxgap::io::ingest_result read_panel() {
  cxgap::io::survey_spec spec;
  spec.group = "group";
  spec.weight = "w";
  spec.stratum = "region";
  spec.cluster = "store";
  spec.numerics = {"spend"};
  spec.items = {{"q1", "q1", "", cxgap::scale::likert(1, 5)},
                {"q2", "q2", "", cxgap::scale::likert(1, 5)},
                {"rec", "rec", "", cxgap::scale::nps()}};
  cxgap::io::csv_reader reader(cxgap::test::fixture_path("design_cx_panel.csv"));
  return cxgap::io::ingest(reader, spec, {});
}

const cxgap::bootstrap_result<double>& pick(const cxgap::design_bootstrap_report& r,
                                            const std::string& measure) {
  const std::string item = measure.substr(0, measure.find('_'));
  const std::string stat = measure.substr(measure.find('_') + 1);
  for (const auto& it : r.items) {
    if (it.item != item) continue;
    if (stat == "top") return *it.top_box;
    if (stat == "nps") return *it.nps;
    return it.mean;
  }
  throw std::runtime_error("no item " + item);
}

// R's multipliers (one row per PSU in R's order, one column per replicate) as a replicate
// design in the order of the cxgap design's PSUs.
cxgap::replicate_design r_multipliers(const cxgap::test::fixture_case& c,
                                      const cxgap::survey_design& d) {
  std::istringstream labels(c.str("psu"));
  std::map<std::string, std::size_t> r_row;
  std::size_t k = 0;
  for (std::string s; labels >> s;) r_row[s] = k++;
  const auto R = static_cast<std::size_t>(c.integer("replicates"));
  const std::size_t P = d.psus.size();
  EXPECT_EQ(r_row.size(), P);
  const std::vector<double> w = c.nums("multipliers");
  EXPECT_EQ(w.size(), P * R);
  std::vector<double> m(R * P);
  for (std::size_t p = 0; p < P; ++p)
    for (std::size_t r = 0; r < R; ++r) m[r * P + p] = w[r_row.at(d.psus[p]) * R + r];
  return cxgap::psu_replicate_design(cxgap::replicate_method::subbootstrap, P, R, std::move(m),
                                     c.num("scale"));
}

TEST(DesignBootstrap, ReplicatesAndSeMatchRSurveySubbootstrapGivenItsMultipliers) {
  const auto data = read_panel();
  ASSERT_TRUE(data.design.has_value());
  const auto& dd = *data.design;
  const auto cases = cxgap::test::load_fixture("design_bootstrap.txt");
  ASSERT_EQ(cases[0].name, "design");
  const cxgap::replicate_design m = r_multipliers(cases[0], dd.design);
  EXPECT_EQ(m.scale, 1.0 / 199);
  const auto r = cxgap::design_bootstrap(dd.tally, dd.design, "executive", "customer", m, 0.95, 2,
                                         true);
  EXPECT_EQ(r.replicates, 200);
  EXPECT_EQ(r.psus, 42u);
  EXPECT_EQ(r.status, cxgap::stat_status::ok);
  int checked = 0;
  for (std::size_t i = 1; i < cases.size(); ++i) {
    const auto& c = cases[i];
    SCOPED_TRACE(c.name + ": " + c.str("call"));
    const auto& b = pick(r, c.name);
    EXPECT_EQ(b.status, cxgap::stat_status::ok);
    EXPECT_TRUE(rel_near(b.estimate, c.num("gap"), 1e-12));
    EXPECT_TRUE(rel_near(b.std_error, c.num("gap_se"), 1e-10));
    const std::vector<double> reps = c.nums("replicates");
    ASSERT_EQ(b.replicates.size(), reps.size());
    double worst = 0;
    for (std::size_t k = 0; k < reps.size(); ++k)
      worst = std::max(worst,
                       std::fabs(b.replicates[k] - reps[k]) / std::max(1.0, std::fabs(reps[k])));
    EXPECT_LT(worst, 1e-12);
    EXPECT_EQ(b.undefined_replicates, 0);
    ++checked;
  }
  EXPECT_EQ(checked, 8);
}

TEST(DesignBootstrap, PercentileAndBcaMatchScipyGivenRsReplicates) {
  const auto data = read_panel();
  const auto& dd = *data.design;
  const auto cases = cxgap::test::load_fixture("design_bootstrap.txt");
  const auto r = cxgap::design_bootstrap(dd.tally, dd.design, "executive", "customer",
                                         r_multipliers(cases[0], dd.design), 0.95, 1, true);
  int checked = 0;
  for (const auto& c : cxgap::test::load_fixture("design_bootstrap_intervals.txt")) {
    SCOPED_TRACE(c.name);
    const auto& b = pick(r, c.name);
    constexpr double tol = 1e-10;
    EXPECT_TRUE(rel_near(b.estimate, c.num("theta_hat"), 1e-12));
    EXPECT_TRUE(rel_near(b.percentile.lower, c.num("percentile_low"), tol));
    EXPECT_TRUE(rel_near(b.percentile.upper, c.num("percentile_high"), tol));
    EXPECT_TRUE(rel_near(b.z0, c.num("z0"), tol));
    EXPECT_TRUE(rel_near(b.acceleration, c.num("a_hat"), tol));
    EXPECT_TRUE(rel_near(b.bca.lower, c.num("bca_low"), tol));
    EXPECT_TRUE(rel_near(b.bca.upper, c.num("bca_high"), tol));
    EXPECT_EQ(b.bca.status, cxgap::stat_status::ok);
    // α₁, α₂ through the shared interval code, from the same replicates, â and θ̂.
    const auto ci = cxgap::bootstrap_confidence_intervals<double>(b.replicates, b.estimate,
                                                                  b.acceleration, 0.95);
    EXPECT_TRUE(rel_near(ci.bca_lower_level, c.num("alpha_1"), tol));
    EXPECT_TRUE(rel_near(ci.bca_upper_level, c.num("alpha_2"), tol));
    ++checked;
  }
  EXPECT_EQ(checked, 8);
}

TEST(DesignBootstrap, SeededMultipliersAreRaoWuAndFeedTheBootstrap) {
  const auto data = read_panel();
  const auto& dd = *data.design;
  const std::size_t R = 2000, P = dd.design.psus.size();
  const auto m = cxgap::rao_wu_multipliers(dd.design, R, 7);
  ASSERT_EQ(m.multipliers.size(), R * P);
  EXPECT_EQ(m.scale, 1.0 / (R - 1));
  // Per replicate and stratum: multipliers k·n_h/(n_h − 1), k integer, summing to n_h.
  double all = 0, all2 = 0;
  for (std::size_t r = 0; r < R; ++r) {
    std::vector<double> sum(dd.design.strata.size(), 0.0);
    for (std::size_t p = 0; p < P; ++p) {
      const std::size_t h = dd.design.psu_stratum[p];
      const double n = static_cast<double>(dd.design.stratum_psus[h]);
      const double x = m.multiplier(r, p);
      const double k = x * (n - 1) / n;
      EXPECT_NEAR(k, std::round(k), 1e-12);
      sum[h] += x;
      all += x;
      all2 += x * x;
    }
    for (std::size_t h = 0; h < sum.size(); ++h)
      EXPECT_NEAR(sum[h], static_cast<double>(dd.design.stratum_psus[h]), 1e-9);
  }
  // Each multiplier has mean 1 and variance 1 ((n/(n−1))² · (n−1)(1/n)(1 − 1/n)): 84,000 draws.
  const double cells = static_cast<double>(R * P);
  const double mean = all / cells;
  EXPECT_NEAR(mean, 1.0, 5 / std::sqrt(cells));
  EXPECT_NEAR(all2 / cells - mean * mean, 1.0, 0.05);

  // design_bootstrap with a seed draws exactly these multipliers.
  cxgap::design_bootstrap_options o;
  o.replicates = static_cast<std::int64_t>(R);
  o.seed = 7;
  o.keep_replicates = true;
  const auto seeded = cxgap::design_bootstrap(dd.tally, dd.design, "executive", "customer", o);
  const auto supplied =
      cxgap::design_bootstrap(dd.tally, dd.design, "executive", "customer", m, 0.95, 1, true);
  EXPECT_EQ(seeded.method, "Rao-Wu rescaled bootstrap");
  EXPECT_EQ(supplied.method, "supplied multipliers (subbootstrap)");
  ASSERT_EQ(seeded.items.size(), 4u);
  for (std::size_t i = 0; i < seeded.items.size(); ++i) {
    EXPECT_EQ(seeded.items[i].mean.replicates, supplied.items[i].mean.replicates);
    EXPECT_EQ(seeded.items[i].mean.std_error, supplied.items[i].mean.std_error);
  }
  // The bootstrap SE of a mean gap estimates the with-replacement Taylor SE (same design, no
  // fpc): Monte Carlo error of an SE from 2,000 replicates ≈ 1/sqrt(2·2000) = 1.6%, plus the
  // small-sample difference of the two estimators; asserted within 10%.
  const auto& cb = dd.tally.codebook();
  for (std::size_t i = 0; i < 3; ++i) {
    const auto a = cxgap::linearise_item(dd.tally, dd.design, i, dd.tally.group_index("executive"),
                                         cxgap::mean_scores(cb[i].scale));
    const auto b = cxgap::linearise_item(dd.tally, dd.design, i, dd.tally.group_index("customer"),
                                         cxgap::mean_scores(cb[i].scale));
    const auto taylor = cxgap::design_gap(dd.design, a, b);
    EXPECT_TRUE(rel_near(seeded.items[i].mean.estimate, taylor.estimate, 1e-12));
    EXPECT_NEAR(seeded.items[i].mean.std_error / taylor.std_error, 1.0, 0.10) << cb[i].id;
  }
}

TEST(DesignBootstrap, ResultIsIdenticalForOneAndThreeThreads) {
  const auto data = read_panel();
  const auto& dd = *data.design;
  cxgap::design_bootstrap_options o;
  o.replicates = 1000;  // four blocks of 256
  o.seed = 2026;
  o.keep_replicates = true;
  o.threads = 1;
  const auto one = cxgap::design_bootstrap(dd.tally, dd.design, "executive", "customer", o);
  o.threads = 3;
  const auto three = cxgap::design_bootstrap(dd.tally, dd.design, "executive", "customer", o);
  ASSERT_EQ(one.items.size(), three.items.size());
  for (std::size_t i = 0; i < one.items.size(); ++i) {
    const auto same = [](const cxgap::bootstrap_result<double>& x,
                         const cxgap::bootstrap_result<double>& y) {
      EXPECT_EQ(x.replicates, y.replicates);
      EXPECT_EQ(x.std_error, y.std_error);
      EXPECT_EQ(x.percentile.lower, y.percentile.lower);
      EXPECT_EQ(x.percentile.upper, y.percentile.upper);
      EXPECT_EQ(x.bca.lower, y.bca.lower);
      EXPECT_EQ(x.bca.upper, y.bca.upper);
    };
    same(one.items[i].mean, three.items[i].mean);
    if (one.items[i].top_box) same(*one.items[i].top_box, *three.items[i].top_box);
    if (one.items[i].nps) same(*one.items[i].nps, *three.items[i].nps);
  }
  o.seed = 2027;
  const auto other = cxgap::design_bootstrap(dd.tally, dd.design, "executive", "customer", o);
  EXPECT_NE(other.items[0].mean.replicates, one.items[0].mean.replicates);
}

// A small clustered survey: strata s0..s2 with 4 PSUs each (and, if `lonely`, a stratum with one
// PSU), groups a and b in every PSU. q1 varies; q2: b never answers; q3: all answer 5; q4: a
// answers only in PSU 0.
cxgap::survey small_survey(bool lonely) {
  cxgap::survey s;
  for (const char* q : {"q1", "q2", "q3", "q4"}) s.add_item({q, q, cxgap::scale(1, 5)});
  std::mt19937_64 gen(11);
  std::uniform_int_distribution<int> code(1, 5);
  const int strata = lonely ? 4 : 3;
  for (int h = 0; h < strata; ++h)
    for (int p = 0; p < (h == 3 ? 1 : 4); ++p)
      for (int k = 0; k < 6; ++k) {
        const bool a = k % 2 == 0;
        const std::size_t row = s.add_respondent(a ? "a" : "b");
        s.set_stratum(row, "s" + std::to_string(h));
        s.set_cluster(row, "p" + std::to_string(h) + std::to_string(p));
        s.set_response(row, 0, code(gen));
        if (a) s.set_response(row, 1, code(gen));
        s.set_response(row, 2, 5);
        if (!a || (h == 0 && p == 0)) s.set_response(row, 3, code(gen));
      }
  return s;
}

TEST(DesignBootstrap, DegenerateDataGiveNanAndAStatus) {
  const cxgap::survey s = small_survey(false);
  const auto d = cxgap::make_design(s);
  const auto t = cxgap::make_psu_tally(s, d);
  cxgap::design_bootstrap_options o;
  o.replicates = 300;
  const auto r = cxgap::design_bootstrap(t, d, "a", "b", o);
  ASSERT_EQ(r.items.size(), 4u);
  EXPECT_EQ(r.items[0].mean.status, cxgap::stat_status::ok);
  EXPECT_GT(r.items[0].mean.std_error, 0);
  EXPECT_FALSE(r.items[0].nps.has_value());
  // q2: group b without a response → empty.
  EXPECT_EQ(r.items[1].mean.status, cxgap::stat_status::empty);
  EXPECT_TRUE(std::isnan(r.items[1].mean.estimate));
  EXPECT_TRUE(std::isnan(r.items[1].mean.percentile.lower));
  EXPECT_EQ(r.items[1].top_box->status, cxgap::stat_status::empty);
  // q3: every answer 5 → every replicate 0: SE 0, intervals NaN, zero_variance.
  EXPECT_EQ(r.items[2].mean.estimate, 0);
  EXPECT_EQ(r.items[2].mean.std_error, 0);
  EXPECT_EQ(r.items[2].mean.status, cxgap::stat_status::zero_variance);
  EXPECT_TRUE(std::isnan(r.items[2].mean.percentile.lower));
  EXPECT_TRUE(std::isnan(r.items[2].mean.bca.upper));
  // q4: group a in one PSU → θ̂ only, too_few.
  EXPECT_EQ(r.items[3].mean.status, cxgap::stat_status::too_few);
  EXPECT_FALSE(std::isnan(r.items[3].mean.estimate));
  EXPECT_TRUE(std::isnan(r.items[3].mean.std_error));
  EXPECT_TRUE(std::isnan(r.items[3].mean.percentile.lower));
}

TEST(DesignBootstrap, OnePsuStratumFollowsTheLonelyPsuPolicy) {
  const cxgap::survey s = small_survey(true);
  cxgap::design_bootstrap_options o;
  o.replicates = 300;
  o.keep_replicates = true;
  cxgap::design_spec spec;
  spec.lonely = cxgap::lonely_psu::certainty;
  const auto dc = cxgap::make_design(s, spec);
  const auto m = cxgap::rao_wu_multipliers(dc, 50, 3);
  const std::size_t lonely_psu = dc.psus.size() - 1;
  ASSERT_EQ(dc.stratum_psus[dc.psu_stratum[lonely_psu]], 1);
  for (std::size_t r = 0; r < 50; ++r) EXPECT_EQ(m.multiplier(r, lonely_psu), 1.0);
  const auto rc = cxgap::design_bootstrap(cxgap::make_psu_tally(s, dc), dc, "a", "b", o);
  EXPECT_EQ(rc.status, cxgap::stat_status::ok);
  EXPECT_EQ(rc.items[0].mean.status, cxgap::stat_status::ok);
  EXPECT_GT(rc.items[0].mean.std_error, 0);
  spec.lonely = cxgap::lonely_psu::remove;
  const auto dr = cxgap::make_design(s, spec);
  const auto rr = cxgap::design_bootstrap(cxgap::make_psu_tally(s, dr), dr, "a", "b", o);
  EXPECT_EQ(rr.items[0].mean.replicates, rc.items[0].mean.replicates);
  for (auto policy : {cxgap::lonely_psu::adjust, cxgap::lonely_psu::average}) {
    spec.lonely = policy;
    const auto da = cxgap::make_design(s, spec);
    const auto ra = cxgap::design_bootstrap(cxgap::make_psu_tally(s, da), da, "a", "b", o);
    EXPECT_EQ(ra.status, cxgap::stat_status::too_few);
    EXPECT_EQ(ra.items[0].mean.status, cxgap::stat_status::too_few);
    EXPECT_FALSE(std::isnan(ra.items[0].mean.estimate));
    EXPECT_TRUE(std::isnan(ra.items[0].mean.std_error));
    EXPECT_TRUE(std::isnan(ra.items[0].mean.percentile.lower));
    EXPECT_EQ(ra.items[1].mean.status, cxgap::stat_status::empty);  // still empty
  }
}

TEST(DesignBootstrap, BadArgumentsThrow) {
  const cxgap::survey s = small_survey(false);
  const auto d = cxgap::make_design(s);
  const auto t = cxgap::make_psu_tally(s, d);
  cxgap::design_bootstrap_options o;
  o.replicates = 1;
  EXPECT_THROW(cxgap::design_bootstrap(t, d, "a", "b", o), cxgap::invalid_argument);
  o.replicates = 10;
  o.level = 1;
  EXPECT_THROW(cxgap::design_bootstrap(t, d, "a", "b", o), cxgap::invalid_argument);
  o.level = 0.95;
  EXPECT_THROW(cxgap::design_bootstrap(t, d, "a", "zz", o), cxgap::out_of_range);
  EXPECT_THROW(cxgap::rao_wu_multipliers(d, 1, 0), cxgap::invalid_argument);
  // Multipliers for another number of PSUs.
  const auto wrong = cxgap::rao_wu_bootstrap_design(std::vector<std::size_t>{0, 0, 1, 1}, 5, 1);
  EXPECT_THROW(cxgap::design_bootstrap(t, d, "a", "b", wrong), cxgap::invalid_argument);
  // An element sample (no cluster column): the tally has per-stratum sums only.
  cxgap::survey e;
  e.add_item({"q", "q", cxgap::scale(1, 5)});
  for (int r = 0; r < 8; ++r) {
    const std::size_t row = e.add_respondent(r % 2 ? "a" : "b");
    e.set_stratum(row, r < 4 ? "x" : "y");
    e.set_response(row, 0, 1 + r % 5);
  }
  const auto de = cxgap::make_design(e);
  EXPECT_THROW(cxgap::design_bootstrap(cxgap::make_psu_tally(e, de), de, "a", "b", o),
               cxgap::invalid_argument);
  EXPECT_THROW(cxgap::rao_wu_multipliers(de, 10, 0), cxgap::invalid_argument);
}

// Coverage. Superpopulation: 2 strata × 30 PSUs (stores), 15 respondents of each audience per
// store; latent y* = μ_g + u_{store,g} + e with u ~ N(0, 1/9), e ~ N(0, 1) (intra-cluster
// correlation 0.1 on the latent scale; a store's staff and its customers have their own store
// effects), answer = y* rounded into 1..5. The true gap is E[answer | A] − E[answer | B] under
// the marginal N(μ_g, 1 + 1/9). The estimator (equal clusters, no missing) is unbiased.
// With 60 PSUs the PSU bootstrap's percentile 95% interval should cover about 94–95%: 300
// samples give a Monte Carlo SE of 1.3 points, so [0.90, 0.99] is ±3.5 SE around 0.945. The
// respondent (i.i.d.) bootstrap ignores a design effect of about 1 + 14·0.1 ≈ 2.4 (less after
// rounding): its SE is about 1/1.5 of the truth, coverage about 80%; asserted below 0.88.
TEST(DesignBootstrap, PsuBootstrapCoversInAClusteredPopulationWhereTheIidBootstrapDoesNot) {
  const double mu_a = 3.4, mu_b = 3.0, su = std::sqrt(1.0 / 9.0);
  const auto expected = [su](double mu) {
    const double sd = std::sqrt(1 + su * su);
    const auto cdf = [](double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); };
    double e = 0;
    for (int k = 1; k <= 5; ++k) {
      const double lo = k == 1 ? 0.0 : cdf((k - 0.5 - mu) / sd);
      const double hi = k == 5 ? 1.0 : cdf((k + 0.5 - mu) / sd);
      e += k * (hi - lo);
    }
    return e;
  };
  const double truth = expected(mu_a) - expected(mu_b);
  std::mt19937_64 gen(20260611);
  std::normal_distribution<double> normal(0, 1);
  const int sims = 300, strata = 2, stores = 30, per = 15;
  int covered_psu = 0, covered_iid = 0;
  for (int sim = 0; sim < sims; ++sim) {
    cxgap::survey s;
    s.add_item({"q", "q", cxgap::scale(1, 5)});
    std::vector<std::int64_t> ca(5, 0), cb(5, 0);
    for (int h = 0; h < strata; ++h)
      for (int p = 0; p < stores; ++p) {
        const std::string store = std::to_string(h) + "-" + std::to_string(p);
        for (int g = 0; g < 2; ++g) {
          const double u = su * normal(gen);
          for (int k = 0; k < per; ++k) {
            const double y = (g == 0 ? mu_a : mu_b) + u + normal(gen);
            const int code = static_cast<int>(std::min(5.0, std::max(1.0, std::round(y))));
            const std::size_t row = s.add_respondent(g == 0 ? "a" : "b");
            s.set_stratum(row, h == 0 ? "h0" : "h1");
            s.set_cluster(row, store);
            s.set_response(row, 0, code);
            ++(g == 0 ? ca : cb)[static_cast<std::size_t>(code - 1)];
          }
        }
      }
    const auto d = cxgap::make_design(s);
    cxgap::design_bootstrap_options o;
    o.replicates = 399;
    o.seed = static_cast<std::uint64_t>(sim);
    const auto r = cxgap::design_bootstrap(cxgap::make_psu_tally(s, d), d, "a", "b", o);
    const auto& ci = r.items[0].mean.percentile;
    covered_psu += ci.lower <= truth && truth <= ci.upper;
    cxgap::bootstrap_options io;
    io.resamples = 399;
    io.seed = static_cast<std::uint64_t>(sim);
    const auto iid = cxgap::bootstrap_gap(cxgap::count_view(ca), cxgap::count_view(cb),
                                          cxgap::mean_gap<>{}, io);
    EXPECT_TRUE(rel_near(iid.estimate, r.items[0].mean.estimate, 1e-12));
    covered_iid += iid.percentile.lower <= truth && truth <= iid.percentile.upper;
  }
  const double psu = covered_psu / double(sims), iid = covered_iid / double(sims);
  RecordProperty("psu_bootstrap_coverage", std::to_string(psu));
  RecordProperty("iid_bootstrap_coverage", std::to_string(iid));
  EXPECT_GE(psu, 0.90);
  EXPECT_LE(psu, 0.99);
  EXPECT_LT(iid, 0.88);
  std::printf("coverage of 95%% percentile intervals, %d samples: PSU bootstrap %.3f, "
              "i.i.d. %.3f\n", sims, psu, iid);
}

}  // namespace
