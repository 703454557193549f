// The tally pass: one byte per response, 20 items, 3 groups. Reports respondent-items/s.
#include <benchmark/benchmark.h>

#include <cxgap/core/tally.hpp>

#include "bench_survey.hpp"

namespace {

constexpr std::size_t items = 20;

void BM_TallyUnweighted(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const cxgap::survey s = cxgap::bench::make_panel(n, items, false);
  for (auto _ : state) {
    cxgap::tally t = cxgap::make_tally(s);
    benchmark::DoNotOptimize(t);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n * items));
  state.counters["respondent_items/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * n * items), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TallyUnweighted)->RangeMultiplier(10)->Range(100, 10'000'000)->Unit(benchmark::kMillisecond);

void BM_TallyWeighted(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const cxgap::survey s = cxgap::bench::make_panel(n, items, true);
  for (auto _ : state) {
    cxgap::tally t = cxgap::make_tally(s);
    benchmark::DoNotOptimize(t);
  }
  state.counters["respondent_items/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * n * items), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TallyWeighted)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond);

}  // namespace
