// Philox4x64-10, a counter-based random number generator: the output block is a keyed
// bijection of a 256-bit counter, so any draw can be computed from (key, counter) alone, in any
// order, on any thread. The bootstrap keys it with (seed, item) and counts (resample, block), so
// resample b of item i is the same stream whatever the thread count or the machine.
//
// Reference: Salmon JK, Moraes MA, Dror RO, Shaw DE (2011), "Parallel random numbers: as easy as
// 1, 2, 3", Proc. SC'11, doi:10.1145/2063384.2063405 (Random123). Constants and round function
// as in Random123's philox.h; checked against its known-answer vector and against
// numpy.random.Philox (tests/reference/bootstrap_philox.py). Only 64-bit integer arithmetic: the
// bits are identical on every platform.
#ifndef CXGAP_STATS_DETAIL_PHILOX_HPP
#define CXGAP_STATS_DETAIL_PHILOX_HPP

#include <array>
#include <cstdint>

namespace cxgap::detail {

/// High and low 64-bit halves of the 128-bit product a·b, from 32-bit pieces (portable C++).
struct mul_hi_lo {
  std::uint64_t hi = 0;
  std::uint64_t lo = 0;
};

constexpr mul_hi_lo mul_128(std::uint64_t a, std::uint64_t b) noexcept {
  const std::uint64_t mask = 0xFFFFFFFFu;
  const std::uint64_t a_lo = a & mask, a_hi = a >> 32;
  const std::uint64_t b_lo = b & mask, b_hi = b >> 32;
  const std::uint64_t ll = a_lo * b_lo;
  const std::uint64_t lh = a_lo * b_hi;
  const std::uint64_t hl = a_hi * b_lo;
  const std::uint64_t hh = a_hi * b_hi;
  const std::uint64_t mid = (ll >> 32) + (lh & mask) + (hl & mask);
  mul_hi_lo r;
  r.lo = (mid << 32) | (ll & mask);
  r.hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
  return r;
}

using philox_counter = std::array<std::uint64_t, 4>;
using philox_key = std::array<std::uint64_t, 2>;

/// Philox4x64 with 10 rounds: the 4 × 64-bit output block for a counter and a key.
constexpr philox_counter philox4x64_10(philox_counter x, philox_key k) noexcept {
  constexpr std::uint64_t m0 = 0xD2E7470EE14C6C93u;
  constexpr std::uint64_t m1 = 0xCA5A826395121157u;
  constexpr std::uint64_t w0 = 0x9E3779B97F4A7C15u;  // golden ratio
  constexpr std::uint64_t w1 = 0xBB67AE8584CAA73Bu;  // sqrt(3) − 1
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k[0] += w0;
      k[1] += w1;
    }
    const mul_hi_lo p0 = mul_128(m0, x[0]);
    const mul_hi_lo p1 = mul_128(m1, x[2]);
    x = philox_counter{p1.hi ^ x[1] ^ k[0], p1.lo, p0.hi ^ x[3] ^ k[1], p0.lo};
  }
  return x;
}

/// The stream of one bootstrap resample: key (seed, item), counter (resample, block, 0, 0).
/// Draws are consumed four per block in order; the stream is long enough for 2^64 blocks.
class philox_stream {
 public:
  constexpr philox_stream(std::uint64_t seed, std::uint64_t item, std::uint64_t resample) noexcept
      : key_{seed, item}, resample_(resample) {}

  /// Next 64 random bits.
  std::uint64_t next_u64() noexcept {
    if (used_ == 4) {
      block_out_ = philox4x64_10(philox_counter{resample_, block_, 0, 0}, key_);
      ++block_;
      used_ = 0;
    }
    return block_out_[used_++];
  }

  /// Uniform double in [0, 1): the top 53 bits times 2⁻⁵³ (exact, no rounding).
  double next_double() noexcept {
    return static_cast<double>(next_u64() >> 11) * 0x1.0p-53;
  }

 private:
  philox_key key_;
  std::uint64_t resample_;
  std::uint64_t block_ = 0;
  philox_counter block_out_{};
  unsigned used_ = 4;
};

}  // namespace cxgap::detail

#endif  // CXGAP_STATS_DETAIL_PHILOX_HPP
