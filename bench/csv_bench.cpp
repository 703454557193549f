// CSV → tally, streaming (issue #6: ≥ 600 MB/s on one core, ≥ 1 GB/s on two, bounded memory).
// A seeded panel CSV like bench/compare/make_panel's (respondent, group, 20 Likert items, 2%
// missing; about 56 bytes per row) of 4e6 rows (≈ 220 MB) is written once into the temporary
// directory (CXGAP_BENCH_CSV overrides the path) and read by: csv_reader alone (every record,
// every field), and CSV → tally (ingest on one thread; ingest_parallel on 2). Reports MB/s of
// wall time as bytes_per_second and, as MB_per_cpu_s, MB per second of process CPU time (all
// threads): on a busy shared machine the second is the steadier measure of per-core speed.
// Figures and the machine: docs/io.md.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <cxgap/io/csv.hpp>
#include <cxgap/io/ingest.hpp>
#include <cxgap/io/parallel_ingest.hpp>

namespace {

constexpr std::uint64_t rows = 4'000'000;
constexpr int items = 20;

// The panel file, written on first use (SplitMix64 draws: the same bytes on every machine).
const std::string& panel_path() {
  static const std::string path = [] {
    const char* env = std::getenv("CXGAP_BENCH_CSV");
    const std::string p = env != nullptr
                              ? std::string(env)
                              : (std::filesystem::temp_directory_path() / "cxgap_csv_bench.csv").string();
    std::error_code ec;
    if (std::filesystem::file_size(p, ec) > 200'000'000 && !ec) return p;
    std::ofstream out(p, std::ios::binary);
    std::string header = "respondent,group";
    for (int i = 1; i <= items; ++i) header += (i < 10 ? ",q0" : ",q") + std::to_string(i);
    out << header << '\n';
    std::uint64_t state = 20261123;
    const auto draw = [&state] {
      std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      return z ^ (z >> 31);
    };
    const char* const groups[] = {"executive", "employee", "customer"};
    std::string line;
    for (std::uint64_t r = 1; r <= rows; ++r) {
      const std::uint64_t g = draw() % 100;
      line = std::to_string(r);
      line += ',';
      line += groups[g < 5 ? 0 : g < 20 ? 1 : 2];
      for (int i = 0; i < items; ++i) {
        const std::uint64_t u = draw() % 100;
        line += ',';
        if (u >= 2) line += static_cast<char>('1' + u % 5);
      }
      line += '\n';
      out << line;
    }
    return p;
  }();
  return path;
}

// Process CPU time in seconds (every thread).
double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

void report(benchmark::State& state, std::uint64_t bytes, double cpu) {
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.counters["MB_per_cpu_s"] = static_cast<double>(bytes) / cpu / 1e6;
}

cxgap::io::survey_spec panel_spec() {
  cxgap::io::survey_spec spec;
  spec.group = "group";
  for (int i = 1; i <= items; ++i)
    spec.items.push_back({(i < 10 ? "q0" : "q") + std::to_string(i), "", "", cxgap::scale::likert(1, 5)});
  return spec;
}

void BM_CsvReader(benchmark::State& state) {
  const std::string& path = panel_path();
  std::uint64_t bytes = 0;
  const double cpu = cpu_seconds();
  for (auto _ : state) {
    cxgap::io::csv_reader reader(path);
    std::vector<std::string_view> fields;
    std::size_t sum = 0;
    while (reader.next(fields)) sum += fields[2].size();
    benchmark::DoNotOptimize(sum);
    bytes += reader.bytes_total();
  }
  report(state, bytes, cpu_seconds() - cpu);
}
BENCHMARK(BM_CsvReader)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

// Arg: threads (1 = ingest on one csv_reader, as ingest_parallel does for one thread).
void BM_CsvIngest(benchmark::State& state) {
  const std::string& path = panel_path();
  const auto threads = static_cast<unsigned>(state.range(0));
  const cxgap::io::survey_spec spec = panel_spec();
  std::uint64_t bytes = 0;
  const double cpu = cpu_seconds();
  for (auto _ : state) {
    const cxgap::io::ingest_result r = cxgap::io::ingest_parallel(path, {}, spec, {}, threads);
    if (r.summary.rows_read != static_cast<std::int64_t>(rows)) state.SkipWithError("rows lost");
    bytes += std::filesystem::file_size(path);
  }
  report(state, bytes, cpu_seconds() - cpu);
}
BENCHMARK(BM_CsvIngest)->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)
    ->UseRealTime()->Iterations(3);

}  // namespace
