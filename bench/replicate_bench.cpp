// Replicate-weight estimates from per-PSU totals (design/replicate.hpp): 20 items × 2 groups,
// each a domain mean gap A − B with its replicate variance and t test, for 2,000 PSUs in 8
// strata, with 80 Rao–Wu bootstrap replicates (and JKn: 2,000 replicates, for contrast).
// The per-PSU totals (Σw·score and Σw per item × group × PSU) are what one tally pass over the
// respondents yields; the benchmark times everything after that pass. Target: milliseconds.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include <cxgap/design/replicate.hpp>

namespace {

constexpr std::size_t items = 20, psus = 2000, strata = 8;

struct psu_totals {
  // [item][group] → per-PSU Σw·score and Σw.
  std::vector<std::vector<std::vector<double>>> numerator, denominator;
};

psu_totals make_totals() {
  std::mt19937_64 gen(20240601);
  std::uniform_real_distribution<double> weight(50, 150), score(1, 5);
  psu_totals t;
  t.numerator.assign(items, std::vector<std::vector<double>>(2, std::vector<double>(psus)));
  t.denominator = t.numerator;
  for (std::size_t i = 0; i < items; ++i)
    for (std::size_t g = 0; g < 2; ++g)
      for (std::size_t p = 0; p < psus; ++p) {
        const double w = weight(gen);
        t.denominator[i][g][p] = w;
        t.numerator[i][g][p] = w * score(gen);
      }
  return t;
}

std::vector<std::size_t> stratum_of_psu() {
  std::vector<std::size_t> s(psus);
  for (std::size_t p = 0; p < psus; ++p) s[p] = p % strata;
  return s;
}

void run(benchmark::State& state, const cxgap::replicate_design& d) {
  const psu_totals t = make_totals();
  for (auto _ : state) {
    double sum = 0;
    for (std::size_t i = 0; i < items; ++i) {
      const cxgap::replicate_gap g = cxgap::replicate_ratio_gap(
          d, t.numerator[i][0], t.denominator[i][0], t.numerator[i][1], t.denominator[i][1]);
      sum += g.test.p_value;
    }
    benchmark::DoNotOptimize(sum);
  }
  state.counters["replicates"] = static_cast<double>(d.replicate_count);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * items));
}

void BM_ReplicateGapsBootstrap80(benchmark::State& state) {
  run(state, cxgap::rao_wu_bootstrap_design(stratum_of_psu(), 80, 1));
}
BENCHMARK(BM_ReplicateGapsBootstrap80)->Unit(benchmark::kMillisecond);

void BM_ReplicateGapsJkn(benchmark::State& state) {
  run(state, cxgap::jkn_design(stratum_of_psu()));
}
BENCHMARK(BM_ReplicateGapsJkn)->Unit(benchmark::kMillisecond);

void BM_RaoWuBootstrapDesign80(benchmark::State& state) {
  const std::vector<std::size_t> s = stratum_of_psu();
  for (auto _ : state) benchmark::DoNotOptimize(cxgap::rao_wu_bootstrap_design(s, 80, 1));
}
BENCHMARK(BM_RaoWuBootstrapDesign80)->Unit(benchmark::kMillisecond);

}  // namespace
