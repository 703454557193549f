// The per-PSU pass checks each long run's weights a slice between two items' counts: a run
// whose weights are constant within each group cell is counted by cells; a second weight in a
// cell, wherever it appears (first rows, a middle slice, the last row), sends the run to the
// numbered (cell, weight) keys or the row-by-row path — the sums are those of a brute-force
// pass in every case.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <cxgap/core/survey.hpp>
#include <cxgap/design/design.hpp>
#include <cxgap/design/psu_tally.hpp>

namespace {

struct ptw_row {
  int psu, group;
  int code[4];  // 1..5, or 0: missing
  double w;
};

TEST(DesignPsuTallyWeights, ASecondWeightAnywhereInACellGivesTheBruteForceSums) {
  constexpr int psus = 3, per_psu = 4000, items = 4;
  // The rows where PSU 1's cell 0 gets a second weight (-1: never; 4000: every row varies).
  for (int changed : {-1, 0, 100, 1999, 3999, 4000}) {
    std::mt19937 rng(23);
    std::vector<ptw_row> rows;
    for (int p = 0; p < psus; ++p)
      for (int i = 0; i < per_psu; ++i) {
        ptw_row x{p, static_cast<int>(rng() % 3), {}, 0.0};
        for (int& c : x.code) c = static_cast<int>(rng() % 6);
        x.w = 20.0 + 5.0 * p + 0.25 * x.group;
        if (p == 1 && x.group == 0 && (i == changed || changed == per_psu))
          x.w = changed == per_psu ? 1.0 + static_cast<double>(rng() % 500) / 8.0 : 99.5;
        rows.push_back(x);
      }
    cxgap::survey s;
    for (int i = 0; i < items; ++i) {
      const std::string name = "q" + std::to_string(i);
      s.add_item({name, name, cxgap::scale(1, 5)});
    }
    for (const char* g : {"a", "b", "c"}) s.add_group(g);
    for (const ptw_row& x : rows) {
      const std::size_t r = s.add_respondent(std::string(1, static_cast<char>('a' + x.group)));
      s.set_cluster(r, "psu" + std::to_string(x.psu));
      s.set_stratum(r, "all");
      s.set_weight(r, x.w);
      for (int i = 0; i < items; ++i)
        if (x.code[i] > 0) s.set_response(r, static_cast<std::size_t>(i), x.code[i]);
    }
    const cxgap::survey_design d = cxgap::make_design(s);
    const cxgap::psu_tally t = cxgap::make_psu_tally(s, d);
    ASSERT_EQ(t.unit_count(), static_cast<std::size_t>(psus));
    for (int u = 0; u < psus; ++u)
      for (int g = 0; g < 3; ++g)
        for (int i = 0; i < items; ++i)
          for (int k = 0; k < 6; ++k) {  // slots 0..4: answers 1..5; slot 5: missing
            std::int64_t n = 0;
            double sw = 0;
            for (const ptw_row& x : rows) {
              const int slot = x.code[i] == 0 ? 5 : x.code[i] - 1;
              if (x.psu != u || x.group != g || slot != k) continue;
              ++n;
              sw += x.w;
            }
            const auto ui = static_cast<std::size_t>(u), gi = static_cast<std::size_t>(g),
                       ii = static_cast<std::size_t>(i), ki = static_cast<std::size_t>(k);
            EXPECT_EQ(t.counts(ui, gi, ii)[ki], n)
                << "changed " << changed << ", unit " << u << ", group " << g << ", item " << i;
            EXPECT_NEAR(t.weight_sums(ui, gi, ii)[ki], sw, 1e-12 * sw)
                << "changed " << changed << ", unit " << u << ", group " << g << ", item " << i;
          }
  }
}

}  // namespace

namespace {

// The slice-at-a-time check agrees with checking every row at once, however the rows are split.
TEST(DesignPsuTallyWeights, CellWeightCheckGivesTheSameAnswerForAnySlicing) {
  std::mt19937 rng(29);
  for (std::size_t n : {std::size_t{1}, std::size_t{70}, std::size_t{4097}, std::size_t{9000}}) {
    for (int second : {-1, 0, 1, 2}) {  // where a cell gets a second weight (-1: nowhere)
      std::vector<std::uint8_t> cells(n);
      std::vector<double> w(n);
      for (std::size_t r = 0; r < n; ++r) {
        cells[r] = static_cast<std::uint8_t>(rng() % 5 == 0 ? 200 : rng() % 3);
        w[r] = cells[r] == 200 ? static_cast<double>(rng() % 9) : 2.0 + cells[r];
      }
      const std::size_t at = second < 0 ? n : second == 0 ? 0 : second == 1 ? n / 2 : n - 1;
      if (at < n) cells[at] = 1, w[at] = std::nextafter(3.0, 0.0);
      bool expected = true;
      for (std::size_t r = 0; r < n; ++r)
        if (cells[r] == 1 && r != at && at < n) expected = false;
      for (std::size_t slices : {std::size_t{1}, std::size_t{3}, std::size_t{20}}) {
        cxgap::detail::cell_weight_check check;
        check.start(cells.data(), w.data(), n, 3);
        bool same = true;
        for (std::size_t k = 0; k < slices; ++k)
          same = check.check(n * k / slices, n * (k + 1) / slices);
        ASSERT_EQ(same, expected) << "n " << n << ", second " << second << ", slices " << slices;
        if (!same) continue;
        for (std::size_t c = 0; c < 3; ++c) {
          double want = 0;  // the cell's weight, 0 without rows
          for (std::size_t r = 0; r < n; ++r)
            if (cells[r] == c) want = w[r];
          EXPECT_EQ(check.weight(c), want) << "n " << n << ", cell " << c;
        }
      }
    }
  }
}

}  // namespace
