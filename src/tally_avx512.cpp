// The AVX-512BW count kernel: per group, 64 rows at a time, two categories per byte lane.
//
// For group g, a compare of 64 cell bytes gives the group's row mask. A byte shuffle (vpshufb)
// of the 64 code bytes through a 16-entry table then turns, in the group's rows only, code 2p
// into 1 and code 2p+1 into 16, and every other byte into 0: adding that to a byte vector
// counts two categories at once, one per 4-bit half of each lane. A half overflows after 15
// additions, so every 15 vectors the halves are split into 8-bit lane counters; those overflow
// after 255 additions, so every 17 × 15 vectors they are summed into 64-bit totals with vpsadbw
// (sum of absolute differences against zero). The missing slot is not looked up: it is the
// group's row count minus its counted categories.
// Cost per 64 rows and group: a compare, a saturating add and (slots + 1) / 2 shuffles and
// adds, so the kernel pays off for few groups × categories (Likert); tally.cpp uses the
// scalar kernel beyond that. Rows after the last full vector are counted one by one.
#include "tally_isa.hpp"

#if CXGAP_TALLY_X86

#include <immintrin.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

namespace cxgap::detail::isa {
namespace {

#define CXGAP_AVX512 __attribute__((target("avx512f,avx512bw,avx512vl")))

// Sum of the 64 unsigned bytes of v. (Not _mm512_reduce_add_epi64: GCC 12 warns inside it.)
CXGAP_AVX512 std::int64_t byte_sum(__m512i v) noexcept {
  alignas(64) std::int64_t lanes[8];
  _mm512_store_si512(lanes, _mm512_sad_epu8(v, _mm512_setzero_si512()));
  std::int64_t sum = 0;
  for (std::int64_t x : lanes) sum += x;
  return sum;
}

// Counts of slots 0..S-1 and of all rows of group g among rows [0, n); adds them to out[0..S].
template <std::size_t S>
CXGAP_AVX512 void count_group(const std::uint8_t* cells, const std::uint8_t* codes,
                              std::size_t n, std::uint8_t g, std::int64_t* out) noexcept {
  constexpr std::size_t P = (S + 1) / 2;  // pairs of categories
  __m512i table[P];  // code 2p -> 1, code 2p+1 -> 16, any other code -> 0 (in each 16-byte lane)
  for (std::size_t p = 0; p < P; ++p) {
    alignas(64) std::uint8_t t[64] = {};
    for (std::size_t lane = 0; lane < 64; lane += 16) {
      t[lane + 2 * p] = 1;
      if (2 * p + 1 < S) t[lane + 2 * p + 1] = 16;
    }
    table[p] = _mm512_load_si512(t);
  }
  const __m512i group = _mm512_set1_epi8(static_cast<char>(g));
  // vpshufb reads the low 4 bits of a byte, or gives 0 when bit 7 is set: adding 0x70 with
  // saturation keeps the low 4 bits of codes 0..15 and sets bit 7 of every byte from 16 up
  // (0xFF = missing included), so such bytes count in no category.
  const __m512i bias = _mm512_set1_epi8(0x70);
  const __m512i low4 = _mm512_set1_epi8(0x0F);
  const __m512i minus_one = _mm512_set1_epi8(-1);  // acc - (-1) under a mask: +1
  std::int64_t total[2 * P + 1] = {};  // categories 0..2P-1, then every row of the group
  const std::size_t full = n - n % 64;
  std::size_t r = 0;
  while (r < full) {
    __m512i lo[P], hi[P];  // 8-bit lane counters of codes 2p and 2p+1
    for (std::size_t p = 0; p < P; ++p) lo[p] = hi[p] = _mm512_setzero_si512();
    __m512i rows = _mm512_setzero_si512();
    for (int round = 0; round < 17 && r < full; ++round) {
      __m512i halves[P];  // two 4-bit counters per lane
      for (std::size_t p = 0; p < P; ++p) halves[p] = _mm512_setzero_si512();
      for (int k = 0; k < 15 && r < full; ++k, r += 64) {
        const __m512i c = _mm512_loadu_si512(cells + r);
        const __m512i v = _mm512_adds_epu8(_mm512_loadu_si512(codes + r), bias);
        const __mmask64 in_group = _mm512_cmpeq_epi8_mask(c, group);
        rows = _mm512_mask_sub_epi8(rows, in_group, rows, minus_one);
        for (std::size_t p = 0; p < P; ++p)
          halves[p] = _mm512_add_epi8(halves[p], _mm512_maskz_shuffle_epi8(in_group, table[p], v));
      }
      for (std::size_t p = 0; p < P; ++p) {
        lo[p] = _mm512_add_epi8(lo[p], _mm512_and_si512(halves[p], low4));
        hi[p] = _mm512_add_epi8(hi[p], _mm512_and_si512(_mm512_srli_epi16(halves[p], 4), low4));
      }
    }
    for (std::size_t p = 0; p < P; ++p) {
      total[2 * p] += byte_sum(lo[p]);
      total[2 * p + 1] += byte_sum(hi[p]);
    }
    total[2 * P] += byte_sum(rows);
  }
  for (; r < n; ++r) {
    if (cells[r] != g) continue;
    ++total[2 * P];
    if (codes[r] < S) ++total[codes[r]];
  }
  std::int64_t counted = 0;
  for (std::size_t b = 0; b < S; ++b) {
    out[b] += total[b];
    counted += total[b];
  }
  out[S] += total[2 * P] - counted;  // missing (and any byte that is not a slot)
}

using group_fn = void (*)(const std::uint8_t*, const std::uint8_t*, std::size_t, std::uint8_t,
                          std::int64_t*) noexcept;

// count_group<1> ... count_group<max_simd_slots>, indexed by slots - 1.
template <std::size_t... I>
constexpr auto make_table(std::index_sequence<I...>) {
  return std::array<group_fn, sizeof...(I)>{&count_group<I + 1>...};
}
constexpr auto table = make_table(std::make_index_sequence<max_simd_slots>{});

}  // namespace

// One pass over the column per group: the block being tallied is small enough to stay in
// the L2 cache, so the passes after the first read it from there, not from memory.
void count_codes_avx512(const std::uint8_t* cells, const std::uint8_t* codes, std::size_t n,
                        std::size_t n_cells, std::size_t slots, std::int64_t* out) noexcept {
  const group_fn f = table[slots - 1];
  for (std::size_t g = 0; g < n_cells; ++g)
    f(cells, codes, n, static_cast<std::uint8_t>(g), out + g * (slots + 1));
}

// Eight cell bytes widened to 64-bit lanes. (The maskz form: GCC 12 warns of an uninitialised
// vector inside the plain _mm512_cvtepu8_epi64.) Forced inline: the weight check below
// widens twice per 16 rows, and GCC 12 left it a call.
CXGAP_AVX512 inline __attribute__((always_inline)) __m512i widen8(
    const std::uint8_t* p) noexcept {
  std::int64_t x;
  std::memcpy(&x, p, sizeof x);
  return _mm512_maskz_cvtepu8_epi64(0xFF, _mm_cvtsi64_si128(x));
}

// Eight rows at a time: their cells widened to 64-bit lanes pick each row's reference weight
// from the two registers holding ref[0..15] (vpermt2q), rows outside every cell are masked.
CXGAP_AVX512 std::uint64_t weight_differences_avx512(const std::uint8_t* cells, const double* w,
                                                     std::size_t n, std::size_t n_cells,
                                                     const std::uint64_t* ref) noexcept {
  const __m512i lo = _mm512_loadu_si512(ref), hi = _mm512_loadu_si512(ref + 8);
  const __m512i limit = _mm512_set1_epi64(static_cast<long long>(n_cells));
  __m512i d0 = _mm512_setzero_si512(), d1 = _mm512_setzero_si512();
  std::size_t r = 0;
  for (; r + 16 <= n; r += 16) {
    const __m512i c0 = widen8(cells + r), c1 = widen8(cells + r + 8);
    const __m512i x0 = _mm512_xor_si512(_mm512_castpd_si512(_mm512_loadu_pd(w + r)),
                                        _mm512_permutex2var_epi64(lo, c0, hi));
    const __m512i x1 = _mm512_xor_si512(_mm512_castpd_si512(_mm512_loadu_pd(w + r + 8)),
                                        _mm512_permutex2var_epi64(lo, c1, hi));
    d0 = _mm512_mask_or_epi64(d0, _mm512_cmplt_epu64_mask(c0, limit), d0, x0);
    d1 = _mm512_mask_or_epi64(d1, _mm512_cmplt_epu64_mask(c1, limit), d1, x1);
  }
  alignas(64) std::uint64_t lanes[8];
  _mm512_store_si512(lanes, _mm512_or_si512(d0, d1));
  std::uint64_t differ = 0;
  for (std::uint64_t x : lanes) differ |= x;
  for (; r < n; ++r) {
    if (cells[r] >= n_cells) continue;
    std::uint64_t b;
    std::memcpy(&b, w + r, sizeof b);
    differ |= b ^ ref[cells[r]];
  }
  return differ;
}

}  // namespace cxgap::detail::isa

#endif  // CXGAP_TALLY_X86
