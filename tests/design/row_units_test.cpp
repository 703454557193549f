// A design's row units keep the runs of consecutive rows in one unit, found once when the units
// are set; the PSU tally pass over a design reads those runs instead of finding them again. A
// pass over any row range by the stored runs must give exactly the sums of a pass that finds
// the runs itself.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <cxgap/core/survey.hpp>
#include <cxgap/design/design.hpp>
#include <cxgap/design/psu_tally.hpp>
#include <cxgap/design/row_units.hpp>

namespace {

TEST(DesignRowUnits, RunsAreFoundOnceWhenTheUnitsAreSet) {
  const cxgap::row_units none;
  EXPECT_EQ(none.size(), 0u);
  EXPECT_EQ(none.run_count(), 0u);
  EXPECT_EQ(none.run_starts(), std::vector<std::size_t>{0});

  const cxgap::row_units small({3, 3, 3, 1, 1, 3, 2});
  EXPECT_EQ(small.run_starts(), (std::vector<std::size_t>{0, 3, 5, 6, 7}));
  EXPECT_EQ(small.run_units(), (std::vector<std::uint32_t>{3, 1, 3, 2}));
  EXPECT_EQ(small[5], 3u);

  // Any other units: the runs of detail::unit_runs (checked against a plain scan in
  // design_test.cpp), read once.
  std::mt19937 rng(5);
  std::vector<std::uint32_t> u;
  for (std::uint32_t unit = 0; u.size() < 5000; ++unit)
    u.insert(u.end(), 1 + rng() % 300, unit % 7);
  std::vector<std::size_t> starts;
  std::vector<std::uint32_t> units;
  cxgap::detail::unit_runs(u.data(), u.size(), starts, units);
  const cxgap::row_units ru(u);
  EXPECT_EQ(ru.run_starts(), starts);
  EXPECT_EQ(ru.run_units(), units);
  EXPECT_EQ(ru.units(), u);
}

// A weighted clustered survey: PSUs of 300–700 rows (sorted; long enough for the per-cell
// counts), then 200 rows in random PSUs (unsorted: short runs), three groups, two items.
cxgap::survey ru_survey() {
  std::mt19937 rng(11);
  cxgap::survey s;
  s.add_item({"q1", "q1", cxgap::scale(1, 5)});
  s.add_item({"q2", "q2", cxgap::scale(0, 10)});
  for (const char* g : {"a", "b", "c"}) s.add_group(g);
  const auto add = [&](int psu) {
    const int g = static_cast<int>(rng() % 3);
    const std::size_t r = s.add_respondent(std::string(1, static_cast<char>('a' + g)));
    s.set_stratum(r, "h" + std::to_string(psu % 2));
    s.set_cluster(r, "p" + std::to_string(psu));
    // Design weights (one per PSU × group) in PSUs 0–3, a weight per row in PSU 4.
    s.set_weight(r, psu == 4 ? 1.0 + static_cast<double>(rng() % 40) / 8.0
                             : 10.0 + 2.0 * psu + 0.5 * g);
    if (rng() % 10) s.set_response(r, 0, 1 + static_cast<int>(rng() % 5));
    if (rng() % 10) s.set_response(r, 1, static_cast<int>(rng() % 11));
  };
  for (int psu = 0; psu < 6; ++psu)
    for (int j = 0, len = 300 + static_cast<int>(rng() % 400); j < len; ++j) add(psu);
  for (int j = 0; j < 200; ++j) add(static_cast<int>(rng() % 6));
  return s;
}

TEST(DesignRowUnits, StoredRunsGiveTheSumsOfRunsFoundInThePass) {
  const cxgap::survey s = ru_survey();
  const cxgap::survey_design d = cxgap::make_design(s);
  ASSERT_EQ(d.row_unit.size(), s.size());
  ASSERT_GT(d.row_unit.run_count(), 6u);
  const std::size_t n = s.size();
  // Whole rows; ranges that start and end inside runs, on run edges, inside the unsorted tail;
  // one row; no rows.
  const std::size_t edge = d.row_unit.run_starts()[2];
  const std::vector<std::pair<std::size_t, std::size_t>> ranges = {
      {0, n}, {1, n - 1}, {edge, n}, {edge - 1, edge + 1}, {137, 2211}, {n - 150, n - 3},
      {500, 501}, {42, 42}};
  for (const auto& [first, last] : ranges) {
    cxgap::psu_tally stored(s.codebook(), s.group_labels(), {}, d.unit_count(), false);
    cxgap::psu_tally found = stored;
    stored.accumulate(s, s.group_codes(), d.row_unit, first, last);
    found.accumulate(s, s.group_codes(), d.row_unit.data(), first, last);
    std::int64_t rows = 0;
    for (std::size_t u = 0; u < d.unit_count(); ++u)
      for (std::size_t g = 0; g < 3; ++g)
        for (std::size_t i = 0; i < 2; ++i) {
          const std::size_t slots = i == 0 ? 6 : 12;
          for (std::size_t k = 0; k < slots; ++k) {
            EXPECT_EQ(stored.counts(u, g, i)[k], found.counts(u, g, i)[k])
                << "rows " << first << ".." << last << ", unit " << u;
            // The same runs in the same order: the same sums, bit for bit.
            EXPECT_EQ(stored.weight_sums(u, g, i)[k], found.weight_sums(u, g, i)[k])
                << "rows " << first << ".." << last << ", unit " << u;
            if (i == 0) rows += stored.counts(u, g, i)[k];
          }
        }
    EXPECT_EQ(rows, static_cast<std::int64_t>(last - first)) << first << ".." << last;
  }
  cxgap::psu_tally t(s.codebook(), s.group_labels(), {}, d.unit_count(), false);
  EXPECT_THROW(t.accumulate(s, s.group_codes(), cxgap::row_units({0, 0, 1}), 0, 4),
               cxgap::out_of_range);  // rows past the units
  cxgap::psu_tally narrow(s.codebook(), s.group_labels(), {}, 2, false);
  EXPECT_THROW(narrow.accumulate(s, s.group_codes(), d.row_unit, 0, n),
               cxgap::out_of_range);  // units past the tally's
}

}  // namespace
