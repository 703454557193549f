// The design tally pass against the plain unweighted tally pass (issue #4 configuration): 1e7
// respondents × 20 Likert items, 3 groups, 8 strata, 2,000 PSUs of 5,000 respondents (rows
// sorted by PSU, as a clustered file usually is). BM_DesignTally builds the per-PSU × group ×
// item × category Σw and counts (design/psu_tally.hpp) with weights drawn per row from 100
// values in 0.5..2.5 (300 (group, weight) pairs in every PSU: the hard case);
// BM_DesignTallyDesignWeights with design weights (three pairs per PSU);
// BM_DesignTallyUnweighted the same design without weights (a self-weighting cluster sample:
// the benchmark, which names no weights); BM_PlainTally is the
// unweighted one-pass tally of the same survey, one thread; BM_DesignGaps computes every
// design-based gap of the report (mean, top box: Taylor SE, t test, deff) from the PSU tally.
// Reports respondent-items/s as items_per_second. Figures: docs/design.md.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <utility>
#include <vector>

#include <cxgap/core/tally.hpp>
#include <cxgap/design/design.hpp>
#include <cxgap/design/psu_tally.hpp>
#include <cxgap/report/design_report.hpp>

#include "bench_survey.hpp"

namespace {

constexpr std::size_t items = 20;
constexpr std::size_t strata = 8;
constexpr std::size_t psus = 2000;

// The design: PSU p = row / (n / psus) in stratum p % strata, without fpc.
const cxgap::survey_design& shared_design(std::size_t n) {
  static std::map<std::size_t, std::unique_ptr<cxgap::survey_design>> cache;
  auto& slot = cache[n];
  if (!slot) {
    cxgap::design_spec spec;
    spec.strata = spec.clusters = true;
    cxgap::design_builder b(spec);
    for (std::size_t p = 0; p < psus; ++p)
      b.add(1.0, "h" + std::to_string(p % strata), "p" + std::to_string(p), "");
    slot = std::make_unique<cxgap::survey_design>(b.finish());
    slot->rows = static_cast<std::int64_t>(n);
    std::vector<std::uint32_t> units(n);
    const std::size_t per = (n + psus - 1) / psus;
    for (std::size_t r = 0; r < n; ++r) units[r] = static_cast<std::uint32_t>(r / per);
    slot->row_unit = cxgap::row_units(std::move(units));
  }
  return *slot;
}

void BM_PlainTally(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const cxgap::survey& s = cxgap::bench::shared_panel(n, items, true);
  for (auto _ : state) {
    cxgap::tally t(s.codebook(), s.group_labels(), false);  // unweighted: counts only
    t.accumulate(s, s.group_codes(), 0, n);
    benchmark::DoNotOptimize(t);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n * items));
}

void BM_DesignTally(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const cxgap::survey& s = cxgap::bench::shared_panel(n, items, true);
  const cxgap::survey_design& d = shared_design(n);
  for (auto _ : state) {
    cxgap::psu_tally t = cxgap::make_psu_tally(s, d);
    benchmark::DoNotOptimize(t);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n * items));
}

void BM_DesignTallyUnweighted(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const cxgap::survey& s = cxgap::bench::shared_panel(n, items, false);
  const cxgap::survey_design& d = shared_design(n);
  for (auto _ : state) {
    cxgap::psu_tally t = cxgap::make_psu_tally(s, d);
    benchmark::DoNotOptimize(t);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n * items));
}

// The same panel with design weights: the PSU's 1/π (a base weight per stratum times a factor
// per PSU) times a non-response adjustment per audience, so each PSU has three distinct
// (group, weight) pairs, as a two-stage sample weighted by audience has.
const cxgap::survey& design_weighted_panel(std::size_t n) {
  static std::map<std::size_t, std::unique_ptr<cxgap::survey>> cache;
  auto& slot = cache[n];
  if (!slot) {
    slot = std::make_unique<cxgap::survey>(cxgap::bench::shared_panel(n, items, true));
    const std::size_t per = (n + psus - 1) / psus;
    const double audience[] = {1.25, 1.125, 1.0};
    for (std::size_t r = 0; r < n; ++r) {
      const std::size_t p = r / per;
      const double psu_weight = (40.0 + 10.0 * static_cast<double>(p % strata)) *
                                (1.0 + static_cast<double>(p % 7) / 8.0);
      slot->set_weight(r, psu_weight * audience[slot->group_codes()[r] % 3]);
    }
  }
  return *slot;
}

void BM_DesignTallyDesignWeights(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const cxgap::survey& s = design_weighted_panel(n);
  const cxgap::survey_design& d = shared_design(n);
  for (auto _ : state) {
    cxgap::psu_tally t = cxgap::make_psu_tally(s, d);
    benchmark::DoNotOptimize(t);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n * items));
}

// The design-weighted pass into a tally allocated once and cleared per pass (as a streamed
// file reuses one tally for every chunk): the pass without the first-touch page faults of a
// fresh 13 MB per-PSU tally.
void BM_DesignTallyDesignWeightsReused(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const cxgap::survey& s = design_weighted_panel(n);
  const cxgap::survey_design& d = shared_design(n);
  cxgap::psu_tally t = cxgap::make_psu_tally(s, d);
  for (auto _ : state) {
    t.clear();
    t.accumulate(s, s.group_codes(), d.row_unit, 0, n);
    benchmark::DoNotOptimize(t);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n * items));
}

void BM_DesignGaps(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const cxgap::survey& s = cxgap::bench::shared_panel(n, items, true);
  const cxgap::survey_design& d = shared_design(n);
  const cxgap::psu_tally t = cxgap::make_psu_tally(s, d);
  for (auto _ : state) {
    cxgap::gap_report r = cxgap::design_compare(t, d, "executive", "customer");
    benchmark::DoNotOptimize(r);
  }
}

void sizes(benchmark::internal::Benchmark* b) {
  b->ArgNames({"n"});
  for (int n : {100'000, 10'000'000}) b->Args({n});
}
BENCHMARK(BM_PlainTally)->Apply(sizes)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DesignTally)->Apply(sizes)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DesignTallyUnweighted)->Apply(sizes)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DesignTallyDesignWeights)->Apply(sizes)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DesignTallyDesignWeightsReused)->Apply(sizes)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DesignGaps)->Apply(sizes)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
