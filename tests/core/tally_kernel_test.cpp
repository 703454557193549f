// Every tally kernel available on this machine (scalar, AVX2, AVX-512) against the scalar one
// and against brute force: counts equal, weighted sums equal to the last bit.
#include "cxgap/core/detail/tally_kernel.hpp"

#include <cstring>
#include <random>
#include <vector>

#include <gtest/gtest.h>

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

}  // namespace
