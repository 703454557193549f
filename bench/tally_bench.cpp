// The tally pass (issue #6 configuration): 20 Likert items, 3 groups, 1e7 respondents in
// memory, one byte per response; unweighted and weighted (Σw, Σw² per category); 1 and 2
// threads; each kernel (scalar, avx2, avx512, automatic). Reports respondent-items/s as
// items_per_second. Targets: unweighted ≥ 1e10 on one core, two threads ≥ 1.7× one, weighted
// ≥ 3e9 (docs/tally.md has the measured figures).
#include <benchmark/benchmark.h>

#include <cxgap/core/detail/tally_kernel.hpp>
#include <cxgap/core/tally.hpp>

#include <map>
#include <memory>
#include <utility>

#include "bench_survey.hpp"

namespace {

constexpr std::size_t items = 20;
using cxgap::detail::tally_kernel;

// Args: respondents, threads, kernel (tally_kernel as int), weighted (0/1).
void BM_Tally(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto threads = static_cast<unsigned>(state.range(1));
  const auto kernel = static_cast<tally_kernel>(state.range(2));
  const bool weighted = state.range(3) != 0;
  if (!cxgap::detail::tally_kernel_available(kernel)) {
    state.SkipWithError("kernel not available on this CPU");
    return;
  }
  const cxgap::survey& s = cxgap::bench::shared_panel(n, items, weighted);
  const tally_kernel before = cxgap::detail::active_tally_kernel();
  cxgap::detail::set_tally_kernel(kernel);
  state.SetLabel(cxgap::detail::tally_kernel_name());
  for (auto _ : state) {
    cxgap::tally t = cxgap::make_tally(s, threads);
    benchmark::DoNotOptimize(t);
  }
  cxgap::detail::set_tally_kernel(before);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n * items));
}

// Weighted one-thread passes by weight model (arg "model"): 0 = weights drawn per row from 100
// values (300 (group, weight) pairs per block: the 16-bit key histogram), 1 = raking-cell
// weights, a function of the group and one of 12 demographic cells (36 pairs: SIMD counts per
// pair), 2 = continuous weights (every row its own: the row-order accumulation).
const cxgap::survey& weight_model_panel(std::size_t n, int model) {
  static std::map<std::pair<std::size_t, int>, std::unique_ptr<cxgap::survey>> cache;
  auto& slot = cache[{n, model}];
  if (!slot) {
    slot = std::make_unique<cxgap::survey>(cxgap::bench::shared_panel(n, items, true));
    std::uint64_t x = 12345;
    for (std::size_t r = 0; r < n && model != 0; ++r) {
      x = x * 6364136223846793005ull + 1442695040888963407ull;
      const double u = static_cast<double>(x >> 11) * 0x1p-53;
      const double w = model == 1 ? (1.0 + static_cast<double>(slot->group_codes()[r])) *
                                        (0.6 + 0.1 * static_cast<double>((x >> 7) % 12))
                                  : 0.5 + 2.0 * u;
      slot->set_weight(r, w);
    }
  }
  return *slot;
}

void BM_WeightedTallyByModel(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const int model = static_cast<int>(state.range(1));
  const cxgap::survey& s = weight_model_panel(n, model);
  for (auto _ : state) {
    cxgap::tally t = cxgap::make_tally(s, 1);
    benchmark::DoNotOptimize(t);
  }
  state.SetLabel(model == 0 ? "100 weights" : model == 1 ? "raking cells" : "continuous");
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n * items));
}
BENCHMARK(BM_WeightedTallyByModel)
    ->ArgNames({"n", "model"})
    ->Args({10'000'000, 0})
    ->Args({10'000'000, 1})
    ->Args({10'000'000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void issue_configuration(benchmark::internal::Benchmark* b) {
  b->ArgNames({"n", "threads", "kernel", "weighted"});
  for (int weighted : {0, 1})
    for (int kernel : {1, 2, 3, 0})  // scalar, avx2, avx512, automatic
      for (int threads : {1, 2}) b->Args({10'000'000, threads, kernel, weighted});
}
BENCHMARK(BM_Tally)->Apply(issue_configuration)->Unit(benchmark::kMillisecond)->UseRealTime();

// The automatic kernel over respondent counts, one thread (small panels stay in cache).
void respondent_range(benchmark::internal::Benchmark* b) {
  b->ArgNames({"n", "threads", "kernel", "weighted"});
  for (int weighted : {0, 1})
    for (int n : {1'000, 100'000, 1'000'000}) b->Args({n, 1, 0, weighted});
}
BENCHMARK(BM_Tally)->Apply(respondent_range)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
