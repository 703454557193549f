// Every tally kernel available on this machine (scalar, AVX2, AVX-512) against the scalar one
// and against brute force: counts equal, weighted sums equal to the last bit.
#include "cxgap/core/detail/tally_kernel.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "cxgap/core/detail/zeroed_array.hpp"
#include "cxgap/core/tally.hpp"

namespace {

using cxgap::detail::tally_kernel;

std::vector<tally_kernel> available_kernels() {
  std::vector<tally_kernel> out;
  for (tally_kernel k : {tally_kernel::scalar, tally_kernel::avx2, tally_kernel::avx512})
    if (cxgap::detail::tally_kernel_available(k)) out.push_back(k);
  return out;
}

// Makes a kernel active for one scope, then restores the one that was.
class kernel_scope {
 public:
  explicit kernel_scope(tally_kernel k) : saved_(cxgap::detail::active_tally_kernel()) {
    EXPECT_TRUE(cxgap::detail::set_tally_kernel(k));
  }
  ~kernel_scope() { cxgap::detail::set_tally_kernel(saved_); }
  kernel_scope(const kernel_scope&) = delete;
  kernel_scope& operator=(const kernel_scope&) = delete;

 private:
  tally_kernel saved_;
};

// Random columns: cells mostly in [0, n_cells), some in no group (n_cells..0xFF); codes in
// [0, slots) or missing with probability p_missing.
struct columns {
  std::vector<std::uint8_t> cells, codes;
  std::vector<double> w, w2;
};

columns random_columns(std::size_t n, std::size_t n_cells, std::size_t slots, double p_missing,
                       std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  columns c;
  for (std::size_t r = 0; r < n; ++r) {
    const bool in_group = u(rng) < 0.9;
    c.cells.push_back(static_cast<std::uint8_t>(
        in_group ? rng() % n_cells : n_cells + rng() % (256 - n_cells)));
    c.codes.push_back(u(rng) < p_missing ? cxgap::missing_byte
                                         : static_cast<std::uint8_t>(rng() % slots));
    c.w.push_back(0.01 + 5 * u(rng));  // arbitrary doubles: sums round at every step
    c.w2.push_back(c.w.back() * c.w.back());
  }
  return c;
}

std::vector<std::int64_t> brute_counts(const columns& c, std::size_t n_cells, std::size_t slots) {
  std::vector<std::int64_t> out(n_cells * (slots + 1), 0);
  for (std::size_t r = 0; r < c.cells.size(); ++r)
    if (c.cells[r] < n_cells)
      ++out[c.cells[r] * (slots + 1) + (c.codes[r] < slots ? c.codes[r] : slots)];
  return out;
}

struct shape {
  std::size_t n, n_cells, slots;
  double p_missing;
};

// Lengths around the vector widths (32, 64), the 15-vector split of the 4-bit counters and
// the 255-vector flush of the 8-bit counters;
// 1, 3, 17 and 254 cells; scales of 1 to 20 slots (wider than the SIMD kernels take: they
// must fall back); all-missing columns.
const shape shapes[] = {
    {0, 3, 5, 0.05},      {1, 3, 5, 0.05},        {31, 3, 5, 0.05},     {33, 1, 1, 0.0},
    {63, 3, 5, 0.05},     {64, 3, 6, 0.05},       {65, 3, 11, 0.1},     {255 * 32 + 7, 3, 5, 0.05},
    {255 * 64, 2, 16, 0.0}, {255 * 64 + 1, 17, 5, 0.2}, {40'001, 3, 5, 1.0}, {40'003, 254, 5, 0.05},
    {9'999, 254, 11, 0.3}, {5'000, 7, 20, 0.05},  {100'003, 3, 5, 0.05}, {70'000, 1, 2, 0.5},
    // Around the 15-vector split of the 4-bit counters; odd and even category counts.
    {15 * 64 - 1, 3, 7, 0.05}, {15 * 64 + 1, 3, 3, 0.05}, {15 * 32 + 1, 2, 15, 0.05},
    {30 * 64 + 5, 5, 4, 0.05},
};

TEST(TallyKernel, ScalarAndAutomaticAreAlwaysAvailable) {
  EXPECT_TRUE(cxgap::detail::tally_kernel_available(tally_kernel::scalar));
  EXPECT_TRUE(cxgap::detail::tally_kernel_available(tally_kernel::automatic));
  const std::string active = cxgap::detail::tally_kernel_name();
  EXPECT_TRUE(active == "scalar" || active == "avx2" || active == "avx512") << active;
  // Which kernels this machine runs, for the test log.
  for (tally_kernel k : available_kernels())
    std::printf("tally kernel available: %s\n", cxgap::detail::tally_kernel_name(k));
}

TEST(TallyKernel, UnavailableKernelIsRefused) {
  const tally_kernel before = cxgap::detail::active_tally_kernel();
  for (tally_kernel k : {tally_kernel::avx2, tally_kernel::avx512})
    if (!cxgap::detail::tally_kernel_available(k)) {
      EXPECT_FALSE(cxgap::detail::set_tally_kernel(k));
      EXPECT_EQ(cxgap::detail::active_tally_kernel(), before);
    }
}

TEST(TallyKernel, EveryKernelCountsLikeBruteForce) {
  std::uint64_t seed = 100;
  for (const shape& sh : shapes) {
    const columns c = random_columns(sh.n, sh.n_cells, sh.slots, sh.p_missing, ++seed);
    const auto expected = brute_counts(c, sh.n_cells, sh.slots);
    for (tally_kernel k : available_kernels()) {
      std::vector<std::int64_t> out(expected.size(), 0);
      cxgap::detail::count_codes(c.cells.data(), c.codes.data(), sh.n, sh.n_cells, sh.slots,
                                 out.data(), k);
      EXPECT_EQ(out, expected) << cxgap::detail::tally_kernel_name(k) << " n=" << sh.n
                               << " cells=" << sh.n_cells << " slots=" << sh.slots;
    }
  }
}

TEST(TallyKernel, EveryKernelWeighsBitIdenticallyToScalar) {
  std::uint64_t seed = 200;
  for (const shape& sh : shapes) {
    // Two items: the shape's scale and a 1..5 one, so the common stride is exercised.
    const columns a = random_columns(sh.n, sh.n_cells, sh.slots, sh.p_missing, ++seed);
    const columns b = random_columns(sh.n, sh.n_cells, 5, 0.1, ++seed);
    const std::uint8_t* codes[] = {a.codes.data(), b.codes.data()};
    const std::size_t slots[] = {sh.slots, 5};
    const std::size_t stride = std::max<std::size_t>(sh.slots, 5) + 1;
    const std::size_t size = cxgap::detail::weigh_rows_size(2, sh.n_cells, stride);
    std::vector<double> reference(size, 0.0);
    cxgap::detail::weigh_rows(a.cells.data(), a.w.data(), a.w2.data(), sh.n, sh.n_cells, codes,
                              slots, 2, stride, reference.data(), tally_kernel::scalar);
    // The count lane agrees with brute force (an independent check of the layout).
    const auto expected = brute_counts(a, sh.n_cells, sh.slots);
    for (std::size_t g = 0; g < sh.n_cells; ++g)
      for (std::size_t s = 0; s <= sh.slots; ++s)
        ASSERT_EQ(reference[4 * (g * stride + s)],
                  static_cast<double>(expected[g * (sh.slots + 1) + s]));
    for (tally_kernel k : available_kernels()) {
      std::vector<double> out(size, 0.0);
      cxgap::detail::weigh_rows(a.cells.data(), a.w.data(), a.w2.data(), sh.n, sh.n_cells,
                                codes, slots, 2, stride, out.data(), k);
      EXPECT_EQ(std::memcmp(out.data(), reference.data(), size * sizeof(double)), 0)
          << cxgap::detail::tally_kernel_name(k) << " n=" << sh.n;
    }
  }
}

// A survey of n rows, n_groups labels, items on 1..5, 0..10 and a 2-point scale; a share of
// rows in no group; arbitrary weights when weighted.
cxgap::survey random_survey(std::size_t n, std::size_t n_groups, bool weighted,
                            double p_missing, std::uint64_t seed) {
  cxgap::survey s;
  s.add_item({"q1", "", cxgap::scale::likert(1, 5).with_dont_know({9})});
  s.add_item({"nps", "", cxgap::scale::nps()});
  s.add_item({"yes_no", "", cxgap::scale::likert(0, 1)});
  for (std::size_t g = 0; g < n_groups; ++g) s.add_group("g" + std::to_string(g));
  s.resize(n);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (std::size_t r = 0; r < n; ++r) {
    s.group_codes()[r] =
        u(rng) < 0.1 ? cxgap::no_group : static_cast<std::uint8_t>(rng() % n_groups);
    for (std::size_t i = 0; i < s.item_count(); ++i) {
      const auto slots = static_cast<std::uint64_t>(s.codebook()[i].scale.slots());
      s.responses(i)[r] =
          u(rng) < p_missing ? cxgap::missing_byte : static_cast<std::uint8_t>(rng() % slots);
    }
    if (weighted) s.set_weight(r, 0.01 + 4 * u(rng));
  }
  s.validate();
  return s;
}

TEST(TallyKernel, EveryKernelGivesTheScalarTallyBitForBit) {
  struct tally_case {
    std::size_t n, groups;
    double p_missing;
  };
  const tally_case cases[] = {{1, 3, 0.05},  {2, 1, 0.0},    {77, 3, 0.05},  {1000, 3, 1.0},
                              {5'003, 254, 0.1}, {150'001, 3, 0.05}, {20'000, 40, 0.2}};
  std::uint64_t seed = 300;
  for (const tally_case& tc : cases) {
    for (bool weighted : {false, true}) {
      const auto s = random_survey(tc.n, tc.groups, weighted, tc.p_missing, ++seed);
      cxgap::tally reference;
      {
        kernel_scope scalar(tally_kernel::scalar);
        reference = cxgap::make_tally(s);
      }
      std::int64_t in_groups = 0;
      for (std::size_t g = 0; g < tc.groups; ++g) in_groups += reference.respondents(g);
      EXPECT_LE(in_groups, static_cast<std::int64_t>(tc.n));
      for (tally_kernel k : available_kernels()) {
        kernel_scope scope(k);
        EXPECT_TRUE(cxgap::make_tally(s) == reference)
            << cxgap::detail::tally_kernel_name(k) << " n=" << tc.n << " groups=" << tc.groups
            << " weighted=" << weighted;
        EXPECT_TRUE(cxgap::make_tally(s, 2) == reference)
            << cxgap::detail::tally_kernel_name(k) << " two threads, n=" << tc.n;
      }
    }
  }
}

TEST(TallyKernel, AllMissingColumnCountsOnlyMissing) {
  const auto s = random_survey(3000, 3, true, 1.0, 400);
  for (tally_kernel k : available_kernels()) {
    kernel_scope scope(k);
    const auto t = cxgap::make_tally(s);
    for (std::size_t g = 0; g < 3; ++g)
      for (std::size_t i = 0; i < s.item_count(); ++i) {
        EXPECT_EQ(t.counts(i, g).total(), 0);
        EXPECT_EQ(t.dont_know(i, g), 0);
        EXPECT_EQ(t.missing(i, g), t.respondents(g));
      }
  }
}

// Rows whose weights take `values` distinct values (so n_cells × values keys at most).
columns keyed_columns(std::size_t n, std::size_t n_cells, std::size_t slots, std::size_t values,
                      std::uint64_t seed) {
  columns c = random_columns(n, n_cells, slots, 0.05, seed);
  std::mt19937_64 rng(seed + 1);
  for (std::size_t r = 0; r < n; ++r) {
    c.w[r] = 0.5 + static_cast<double>(rng() % values) / 7.0;  // not exactly representable
    c.w2[r] = c.w[r] * c.w[r];
  }
  return c;
}

// The 8-bit (count_codes) and 16-bit key paths, key numbering in order of first appearance,
// rows in no group, and the refusal beyond the limit.
TEST(TallyKernel, WeightKeysCountLikeBruteForce) {
  struct key_case {
    std::size_t n, n_cells, slots, values;
  };
  const key_case cases[] = {{1, 3, 5, 1},     {100, 3, 5, 4},    {5'000, 3, 5, 80},
                            {70'001, 3, 11, 100}, {200'000, 2, 5, 1'000}, {3'000, 40, 16, 3}};
  std::uint64_t seed = 500;
  cxgap::detail::weight_keys keys;
  for (const key_case& kc : cases) {
    const columns c = keyed_columns(kc.n, kc.n_cells, kc.slots, kc.values, ++seed);
    ASSERT_TRUE(keys.assign(c.cells.data(), c.w.data(), kc.n, kc.n_cells, 4096)) << kc.n;
    // Keys in order of first appearance, each with its cell, weight and rows.
    std::vector<std::int64_t> brute(keys.size() * (kc.slots + 1), 0);
    std::size_t next = 0;
    for (std::size_t r = 0; r < kc.n; ++r) {
      if (c.cells[r] >= kc.n_cells) continue;
      std::size_t k = 0;
      while (k < next && !(keys.cell(k) == c.cells[r] && keys.weight(k) == c.w[r])) ++k;
      if (k == next) {
        ASSERT_LT(next, keys.size());
        ASSERT_EQ(keys.cell(k), c.cells[r]);
        ASSERT_EQ(keys.weight(k), c.w[r]);
        ++next;
      }
      ++brute[k * (kc.slots + 1) + std::min<std::size_t>(c.codes[r], kc.slots)];
    }
    ASSERT_EQ(next, keys.size());
    for (tally_kernel kernel : available_kernels()) {
      std::vector<std::int64_t> out(brute.size(), 0);
      keys.count(c.codes.data(), kc.slots, out.data(), kernel);
      EXPECT_EQ(out, brute) << cxgap::detail::tally_kernel_name(kernel) << " n=" << kc.n
                            << " keys=" << keys.size();
    }
  }
  // Beyond the limit: refused; a later assign works again.
  const columns c = keyed_columns(10'000, 3, 5, 50, 600);
  EXPECT_FALSE(keys.assign(c.cells.data(), c.w.data(), c.cells.size(), 3, 20));
  EXPECT_TRUE(keys.assign(c.cells.data(), c.w.data(), c.cells.size(), 3, 150));
  EXPECT_LE(keys.size(), 150u);
}

// weigh_keys against weigh_rows on the same rows: counts equal, sums equal up to the rounding
// of their summation orders; and every kernel gives weigh_keys bit for bit.
TEST(TallyKernel, WeighKeysAgreesWithRowOrderSums) {
  const std::size_t n = 65'536, n_cells = 3;
  for (std::size_t values : {5u, 90u}) {  // byte keys (15), 16-bit keys (270)
    const columns a = keyed_columns(n, n_cells, 5, values, 700 + values);
    const columns b = random_columns(n, n_cells, 11, 0.1, 800 + values);
    const std::uint8_t* codes[] = {a.codes.data(), b.codes.data()};
    const std::size_t slots[] = {5, 11};
    const std::size_t stride = 12;
    const std::size_t size = cxgap::detail::weigh_rows_size(2, n_cells, stride);
    std::vector<double> rows(size, 0.0), keyed(size, 0.0);
    cxgap::detail::weigh_rows(a.cells.data(), a.w.data(), a.w2.data(), n, n_cells, codes, slots,
                              2, stride, rows.data(), tally_kernel::scalar);
    cxgap::detail::weight_keys keys;
    ASSERT_TRUE(keys.assign(a.cells.data(), a.w.data(), n, n_cells, 4096));
    EXPECT_EQ(keys.size() > 254, values == 90u);
    cxgap::detail::weigh_keys(keys, codes, slots, 2, n_cells, stride, keyed.data(), nullptr,
                              tally_kernel::scalar);
    for (std::size_t i = 0; i < size; i += 4) {
      if ((i / 4 / stride) % (n_cells + 1) == n_cells) continue;  // rows in no group: unused
      EXPECT_EQ(keyed[i], rows[i]) << i;  // counts
      EXPECT_NEAR(keyed[i + 1], rows[i + 1], 1e-12 * std::abs(rows[i + 1])) << i;
      EXPECT_NEAR(keyed[i + 2], rows[i + 2], 1e-12 * std::abs(rows[i + 2])) << i;
    }
    for (tally_kernel k : available_kernels()) {
      std::vector<double> out(size, 0.0);
      cxgap::detail::weigh_keys(keys, codes, slots, 2, n_cells, stride, out.data(), nullptr, k);
      EXPECT_EQ(std::memcmp(out.data(), keyed.data(), size * sizeof(double)), 0)
          << cxgap::detail::tally_kernel_name(k);
    }
  }
}

// Whole tallies whose blocks take each weighted path — few keys, many keys, too many keys
// (row order) — and a mix of them across blocks: every kernel and thread count gives the
// scalar one-thread tally bit for bit, and the sums agree with brute force.
TEST(TallyKernel, WeightedTallyPathsAgreeAcrossKernelsThreadsAndBruteForce) {
  const std::size_t n = cxgap::detail::tally_block_rows(1) * 3 + 5;
  for (std::size_t values : {4u, 300u, 0u, 1u}) {  // 0: continuous; 1: mixed by block
    cxgap::survey s;
    s.add_item({"q1", "", cxgap::scale::likert(1, 5).with_dont_know({9})});
    s.add_item({"nps", "", cxgap::scale::nps()});
    for (const char* g : {"a", "b", "c"}) s.add_group(g);
    s.resize(n);
    std::mt19937_64 rng(900 + values);
    std::uniform_real_distribution<double> u(0.1, 3.0);
    for (std::size_t r = 0; r < n; ++r) {
      s.group_codes()[r] = rng() % 10 == 0 ? cxgap::no_group : static_cast<std::uint8_t>(rng() % 3);
      s.responses(0)[r] = rng() % 9 == 0 ? cxgap::missing_byte : static_cast<std::uint8_t>(rng() % 6);
      s.responses(1)[r] = static_cast<std::uint8_t>(rng() % 11);
      const bool continuous = values == 0 || (values == 1 && (r >> 16) % 2 == 1);
      s.set_weight(r, continuous ? u(rng) : 0.5 + static_cast<double>(rng() % std::max<std::size_t>(values, 3)) / 3.0);
    }
    cxgap::tally reference;
    {
      kernel_scope scalar(tally_kernel::scalar);
      reference = cxgap::make_tally(s);
    }
    for (tally_kernel k : available_kernels()) {
      kernel_scope scope(k);
      EXPECT_TRUE(cxgap::make_tally(s) == reference) << cxgap::detail::tally_kernel_name(k);
      EXPECT_TRUE(cxgap::make_tally(s, 2) == reference) << cxgap::detail::tally_kernel_name(k);
    }
    for (std::size_t i = 0; i < 2; ++i)
      for (std::size_t g = 0; g < 3; ++g) {
        const std::size_t width = static_cast<std::size_t>(s.codebook()[i].scale.slots()) + 1;
        std::vector<double> w(width, 0.0), w2(width, 0.0);
        std::vector<std::int64_t> c(width, 0);
        double total = 0;
        for (std::size_t r = 0; r < n; ++r) {
          if (s.group_codes()[r] != g) continue;
          const std::size_t b = std::min<std::size_t>(s.responses(i)[r], width - 1);
          const double x = s.weights()[r];
          w[b] += x;
          w2[b] += x * x;
          ++c[b];
          total += x;
        }
        for (std::size_t b = 0; b < width; ++b) {
          const auto& sc = s.codebook()[i].scale;
          const auto size = static_cast<std::size_t>(sc.size());
          const std::int64_t counted = b < size                ? reference.counts(i, g)[b]
                                       : b + 1 < width         ? reference.dont_know_counts(i, g)[b - size]
                                                               : reference.missing(i, g);
          EXPECT_EQ(counted, c[b]);
          EXPECT_NEAR(reference.weight_sums(i, g)[b], w[b], 1e-12 * w[b]);
          EXPECT_NEAR(reference.weight_square_sums(i, g)[b], w2[b], 1e-12 * w2[b]);
        }
        EXPECT_NEAR(reference.respondent_weight(g), total, 1e-12 * total);
      }
  }
}

}  // namespace

// One weight per cell (the design-weight case): a cell first seen late in the rows, a second
// weight in a cell anywhere (first, middle or last row), rows in no cell with any weight, cells
// without rows (weight 0), and every length around the 256-row steps.
TEST(TallyKernel, OneWeightPerCellIsFoundExactly) {
  std::mt19937 rng(5);
  for (std::size_t n : {std::size_t{1}, std::size_t{63}, std::size_t{64}, std::size_t{257},
                        std::size_t{1000}, std::size_t{5000}}) {
    for (int variant = 0; variant < 5; ++variant) {
      const std::size_t n_cells = 4;  // cell 3 never has rows; byte 7 is no cell
      std::vector<std::uint8_t> cells(n);
      std::vector<double> w(n);
      const double cell_weight[] = {1.5, 2.25, 40.0, 9.0};
      for (std::size_t r = 0; r < n; ++r) {
        cells[r] = static_cast<std::uint8_t>(rng() % 4 == 0 ? 7 : rng() % 3);
        w[r] = cells[r] == 7 ? 0.5 + static_cast<double>(rng() % 100) : cell_weight[cells[r]];
      }
      if (variant == 1 && n > 1) {  // cell 2 appears only in the last row
        for (std::size_t r = 0; r < n; ++r)
          if (cells[r] == 2) cells[r] = 0, w[r] = cell_weight[0];
        cells[n - 1] = 2, w[n - 1] = cell_weight[2];
      }
      bool one = true;
      if (variant >= 2) {  // a second weight in cell 0 at the first, a middle or the last row
        const std::size_t r = variant == 2 ? 0 : variant == 3 ? n / 2 : n - 1;
        if (std::count(cells.begin(), cells.end(), std::uint8_t{0}) > 1 || cells[r] != 0) {
          cells[r] = 0;
          w[r] = std::nextafter(cell_weight[0], 10.0);
          one = std::count(cells.begin(), cells.end(), std::uint8_t{0}) == 1;
        }
      }
      cxgap::detail::weight_keys keys;
      ASSERT_EQ(keys.assign_cells(cells.data(), w.data(), n, n_cells), one)
          << "n " << n << ", variant " << variant;
      if (!one) continue;
      ASSERT_EQ(keys.size(), n_cells);
      for (std::size_t c = 0; c < n_cells; ++c) {
        double expected = 0;  // the cell's weight, or 0 without rows
        for (std::size_t r = 0; r < n; ++r)
          if (cells[r] == c) expected = w[r];
        EXPECT_EQ(keys.weight(c), expected) << "n " << n << ", variant " << variant << ", cell " << c;
      }
    }
  }
}

// The storage of per-unit tallies: zero when new, contents kept when grown, deep copies; below
// and above the 2 MiB at which it maps memory directly.
TEST(ZeroedArray, StartsZeroGrowsKeepingValuesAndCopiesDeeply) {
  using cxgap::detail::zeroed_array;
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{1000},
                        std::size_t{(1 << 21) / 8}, std::size_t{(3 << 20) / 8 + 5}}) {
    zeroed_array<double> a(n);
    ASSERT_EQ(a.size(), n);
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(a[i], 0.0) << "n " << n << ", i " << i;
    for (std::size_t i = 0; i < n; ++i) a[i] = static_cast<double>(i) + 0.5;
    zeroed_array<double> b = a;  // a deep copy
    const std::size_t grown = 2 * n + 3 + (n > 0 ? (1 << 20) : 0);
    a.grow(grown);
    ASSERT_EQ(a.size(), grown);
    for (std::size_t i = 0; i < grown; ++i)
      ASSERT_EQ(a[i], i < n ? static_cast<double>(i) + 0.5 : 0.0) << "n " << n << ", i " << i;
    a.grow(1);  // never shrinks
    EXPECT_EQ(a.size(), grown);
    for (std::size_t i = 0; i < n; ++i) b[i] = -1.0;  // the copy does not share a's memory
    EXPECT_EQ(n > 0 ? a[n - 1] : 0.0, n > 0 ? static_cast<double>(n - 1) + 0.5 : 0.0);
    zeroed_array<double> c = std::move(a);
    EXPECT_EQ(c.size(), grown);
    EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty
    c.zero();
    for (std::size_t i = 0; i < grown; ++i) ASSERT_EQ(c[i], 0.0);
  }
}

// A large array freed on a thread leaves its mapping for the next one of the same mapped size,
// which must start zero however the freed one was written (the whole of it, or less).
TEST(ZeroedArray, ReusedMemoryStartsZero) {
  using cxgap::detail::zeroed_array;
  const std::size_t n = (5 << 20) / 8 + 3;  // three 2 MiB pages
  for (int round = 0; round < 3; ++round) {
    {
      zeroed_array<double> a(n);
      for (std::size_t i = 0; i < n; ++i) a[i] = 1.0 + static_cast<double>(i);
      zeroed_array<std::int64_t> b(n - 1000);
      for (std::size_t i = 0; i < b.size(); ++i) b[i] = -1;
    }
    // The same mapped size: round 0 as large as before, then smaller, then larger again.
    const std::size_t m = round == 1 ? n - 70'000 : n;
    zeroed_array<double> c(m);
    zeroed_array<std::int64_t> d(m);
    for (std::size_t i = 0; i < m; ++i) {
      ASSERT_EQ(c[i], 0.0) << "round " << round << ", i " << i;
      ASSERT_EQ(d[i], 0) << "round " << round << ", i " << i;
    }
  }
}
