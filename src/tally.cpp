// The tally kernels' scalar paths, the run-time choice of kernel, and the multi-threaded
// tally pass. The SIMD kernels are in src/tally_avx512.cpp and src/tally_avx2.cpp.
#include "cxgap/core/detail/tally_kernel.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <thread>
#include <vector>

#include "cxgap/core/tally.hpp"
#include "tally_isa.hpp"

namespace cxgap::detail {
namespace {

// ---- scalar kernels -------------------------------------------------------------------------

// A histogram of (cell, slot) pairs. Likert data have few categories, so consecutive rows
// often increment the same counter and a single histogram serialises on store-to-load
// forwarding; four interleaved 32-bit sub-histograms, flushed every 2^30 rows, break that.
void count_codes_scalar(const std::uint8_t* cells, const std::uint8_t* codes, std::size_t n,
                        std::size_t n_cells, std::size_t slots, std::int64_t* out) {
  const std::size_t width = slots + 1;             // categories, then missing
  const std::size_t size = (n_cells + 1) * width;  // the last cell collects rows in no group
  std::vector<std::uint32_t> sub(4 * size);
  const auto index = [&](std::size_t r) {
    return std::min<std::size_t>(cells[r], n_cells) * width +
           std::min<std::size_t>(codes[r], slots);
  };
  constexpr std::size_t block = std::size_t{1} << 30;  // < 2^32 per sub-histogram
  for (std::size_t start = 0; start < n; start += block) {
    const std::size_t end = std::min(n, start + block);
    std::size_t r = start;
    for (; r + 4 <= end; r += 4) {
      ++sub[index(r)];
      ++sub[size + index(r + 1)];
      ++sub[2 * size + index(r + 2)];
      ++sub[3 * size + index(r + 3)];
    }
    for (; r < end; ++r) ++sub[index(r)];
    for (std::size_t i = 0; i < n_cells * width; ++i) {
      out[i] += std::int64_t{sub[i]} + sub[size + i] + sub[2 * size + i] + sub[3 * size + i];
    }
    std::fill(sub.begin(), sub.end(), 0);
  }
}

// The reference order of the weighted sums: one running sum per accumulator, rows in order.
// Loops as weigh_rows_avx2 (steps of rows, item by item within a step).
void weigh_rows_scalar(const std::uint8_t* cells, const double* w, const double* w2,
                       std::size_t n, std::size_t n_cells, const std::uint8_t* const* codes,
                       const std::size_t* slots, std::size_t n_items, std::size_t stride,
                       double* acc) {
  const std::size_t item_step = 4 * (n_cells + 1) * stride;
  std::vector<std::size_t> cell_at(isa::weigh_step);  // offset of the row's cell
  for (std::size_t first = 0; first < n; first += isa::weigh_step) {
    const std::size_t m = std::min(isa::weigh_step, n - first);
    for (std::size_t j = 0; j < m; ++j)
      cell_at[j] = 4 * std::min<std::size_t>(cells[first + j], n_cells) * stride;
    for (std::size_t i = 0; i < n_items; ++i) {
      const std::uint8_t* column = codes[i] + first;
      double* base = acc + i * item_step;
      for (std::size_t j = 0; j < m; ++j) {
        double* p = base + cell_at[j] + 4 * std::min<std::size_t>(column[j], slots[i]);
        p[0] += 1.0;
        p[1] += w[first + j];
        p[2] += w2[first + j];
      }
    }
  }
}

// ---- run-time choice ------------------------------------------------------------------------

tally_kernel best_kernel() noexcept {
#if CXGAP_TALLY_X86
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512vl"))
    return tally_kernel::avx512;
  if (__builtin_cpu_supports("avx2")) return tally_kernel::avx2;
#endif
  return tally_kernel::scalar;
}

// The environment variable is read once, at the first tally pass.
tally_kernel initial_kernel() noexcept {
  const char* env = std::getenv("CXGAP_TALLY_KERNEL");
  if (env != nullptr) {
    for (tally_kernel k : {tally_kernel::scalar, tally_kernel::avx2, tally_kernel::avx512})
      if (std::strcmp(env, tally_kernel_name(k)) == 0 && tally_kernel_available(k)) return k;
  }
  return best_kernel();
}

std::atomic<int>& active() noexcept {
  static std::atomic<int> k{static_cast<int>(initial_kernel())};
  return k;
}

tally_kernel resolve(tally_kernel k) noexcept {
  if (k == tally_kernel::automatic) return active_tally_kernel();
  return tally_kernel_available(k) ? k : tally_kernel::scalar;
}

}  // namespace

const char* tally_kernel_name(tally_kernel k) noexcept {
  switch (k) {
    case tally_kernel::scalar: return "scalar";
    case tally_kernel::avx2: return "avx2";
    case tally_kernel::avx512: return "avx512";
    case tally_kernel::automatic: break;
  }
  return "automatic";
}

bool tally_kernel_available(tally_kernel k) noexcept {
  switch (k) {
    case tally_kernel::automatic:
    case tally_kernel::scalar: return true;
    case tally_kernel::avx2: return best_kernel() != tally_kernel::scalar;
    case tally_kernel::avx512: return best_kernel() == tally_kernel::avx512;
  }
  return false;
}

tally_kernel active_tally_kernel() noexcept {
  return static_cast<tally_kernel>(active().load(std::memory_order_relaxed));
}
const char* tally_kernel_name() noexcept { return tally_kernel_name(active_tally_kernel()); }

bool set_tally_kernel(tally_kernel k) noexcept {
  if (!tally_kernel_available(k)) return false;
  active().store(static_cast<int>(k == tally_kernel::automatic ? best_kernel() : k),
                 std::memory_order_relaxed);
  return true;
}

void count_codes(const std::uint8_t* cells, const std::uint8_t* codes, std::size_t n,
                 std::size_t n_cells, std::size_t slots, std::int64_t* out,
                 tally_kernel k) noexcept {
  const bool automatic = k == tally_kernel::automatic;
  k = resolve(k);
#if CXGAP_TALLY_X86
  // The SIMD kernels make one pass per group, each costing about slots + 4 vector operations
  // per vector of rows; with many groups × categories the scalar histogram (about 2 cycles a
  // row whatever the shape) is faster, so automatic picks it (crossover measured near 400).
  const bool simd_pays = !automatic || n_cells * (slots + 4) <= 384;
  if (slots >= 1 && slots <= isa::max_simd_slots && simd_pays) {
    if (k == tally_kernel::avx512)
      return isa::count_codes_avx512(cells, codes, n, n_cells, slots, out);
    if (k == tally_kernel::avx2)
      return isa::count_codes_avx2(cells, codes, n, n_cells, slots, out);
  }
#else
  (void)automatic;
#endif
  count_codes_scalar(cells, codes, n, n_cells, slots, out);
}

std::size_t weigh_rows_size(std::size_t n_items, std::size_t n_cells,
                            std::size_t stride) noexcept {
  return 4 * n_items * (n_cells + 1) * stride;
}

void weigh_rows(const std::uint8_t* cells, const double* w, const double* w2, std::size_t n,
                std::size_t n_cells, const std::uint8_t* const* codes, const std::size_t* slots,
                std::size_t n_items, std::size_t stride, double* acc, tally_kernel k) noexcept {
  k = resolve(k);
#if CXGAP_TALLY_X86
  if (k == tally_kernel::avx512 || k == tally_kernel::avx2)
    return isa::weigh_rows_avx2(cells, w, w2, n, n_cells, codes, slots, n_items, stride, acc);
#endif
  weigh_rows_scalar(cells, w, w2, n, n_cells, codes, slots, n_items, stride, acc);
}

// ---- weight keys ----------------------------------------------------------------------------

namespace {

constexpr std::uint16_t no_key = 0xFFFF;
constexpr std::size_t table_size = 2 * weight_keys::max_keys;  // at most half full

std::uint64_t bits_of(double x) noexcept {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

std::size_t table_slot(std::uint64_t bits, std::uint8_t cell) noexcept {
  const std::uint64_t x = (bits ^ (std::uint64_t{cell} << 56)) * 0x9E3779B97F4A7C15ull;
  return static_cast<std::size_t>(x >> 51) & (table_size - 1);  // 13 bits
}

}  // namespace

namespace {

// The OR, over rows in a cell, of each weight's bits XOR its cell's reference bits.
std::uint64_t weight_differences(const std::uint8_t* cells, const double* w, std::size_t n,
                                 std::size_t n_cells, const std::uint64_t* ref,
                                 const std::uint64_t* mask) noexcept {
#if CXGAP_TALLY_X86
  if (n_cells <= 16 && active_tally_kernel() == tally_kernel::avx512)
    return isa::weight_differences_avx512(cells, w, n, n_cells, ref);
#endif
  std::uint64_t d0 = 0, d1 = 0;
  std::size_t r = 0;
  for (; r + 2 <= n; r += 2) {
    d0 |= (bits_of(w[r]) ^ ref[cells[r]]) & mask[cells[r]];
    d1 |= (bits_of(w[r + 1]) ^ ref[cells[r + 1]]) & mask[cells[r + 1]];
  }
  for (; r < n; ++r) d0 |= (bits_of(w[r]) ^ ref[cells[r]]) & mask[cells[r]];
  return d0 | d1;
}

// Whether all rows of each cell (< n_cells) carry one weight — a self-weighting PSU, design
// weights by stratum or PSU × audience — and if so that weight per cell (0 for cells without
// rows).
bool one_weight_per_cell(const std::uint8_t* cells, const double* w, std::size_t n,
                         std::size_t n_cells, double* weight) {
  cell_weight_check check;
  check.start(cells, w, n, n_cells);
  if (!check.check(0, n)) return false;
  for (std::size_t c = 0; c < n_cells; ++c) weight[c] = check.weight(c);
  return true;
}

}  // namespace

// A signalling NaN: never a weight (weights are finite; survey::set_weight checks).
constexpr std::uint64_t unseen_weight = 0x7FF4'0000'DEAD'BEEFull;

// Each cell's reference weight is taken from its first row among the first 64 rows; rows are
// then compared with it, branch-free (SIMD for up to 16 cells), 4,096 at a time. A step that
// shows any difference is looked at row by row, which either finds a cell's first row (its
// weight was not known yet) or a second weight in a cell (then the answer is no, at once).
void cell_weight_check::start(const std::uint8_t* cells, const double* w, std::size_t n,
                              std::size_t n_cells) noexcept {
  cells_ = cells;
  w_ = w;
  n_cells_ = n_cells;
  same_ = true;
  for (std::size_t c = 0; c < 256; ++c) {
    ref_[c] = unseen_weight;
    mask_[c] = c < n_cells ? ~std::uint64_t{0} : 0;
  }
  for (std::size_t r = std::min<std::size_t>(n, 64); r-- > 0;)  // backwards: the first row wins
    if (cells[r] < n_cells) ref_[cells[r]] = bits_of(w[r]);
}

bool cell_weight_check::check(std::size_t from, std::size_t to) noexcept {
  constexpr std::size_t step = 4096;
  for (std::size_t start = from; same_ && start < to; start += step) {
    const std::size_t end = std::min(to, start + step);
    if (weight_differences(cells_ + start, w_ + start, end - start, n_cells_, ref_, mask_) == 0)
      continue;
    for (std::size_t r = start; r < end; ++r) {
      const std::size_t c = cells_[r];
      if (c >= n_cells_) continue;
      const std::uint64_t b = bits_of(w_[r]);
      if (ref_[c] == unseen_weight) {
        ref_[c] = b;
      } else if (ref_[c] != b) {
        same_ = false;
        break;
      }
    }
  }
  return same_;
}

double cell_weight_check::weight(std::size_t c) const noexcept {
  if (ref_[c] == unseen_weight) return 0.0;  // no row in this cell
  double x;
  std::memcpy(&x, &ref_[c], sizeof x);
  return x;
}

bool weight_keys::assign_cells(const std::uint8_t* cells, const double* w, std::size_t n,
                               std::size_t n_cells) {
  if (n_cells > 254) return false;
  if (w == nullptr) {
    weight_.assign(n_cells, 1.0);
  } else {
    weight_.resize(n_cells);
    if (!one_weight_per_cell(cells, w, n, n_cells, weight_.data())) return false;
  }
  n_ = n;
  cell_keys_ = cells;
  return true;
}

bool weight_keys::assign(const std::uint8_t* cells, const double* w, std::size_t n,
                         std::size_t n_cells, std::size_t limit) {
  limit = std::min(limit, max_keys);
  n_ = n;
  cell_keys_ = nullptr;
  if (table_key_.empty()) {
    table_key_.assign(table_size, no_key);
    table_bits_.assign(table_size, 0);
  }
  for (std::uint32_t e : table_used_) table_key_[e] = no_key;
  table_used_.clear();
  weight_.clear();
  cell_.clear();
  key_.resize(n);
  key_byte_.resize(n);  // usable when there turn out to be at most 254 keys
  // Rows of a cell usually repeat its last weight (weights constant within a PSU or a
  // weighting cell): check the cell's last key first, and hash only when it differs.
  std::uint64_t last_bits[256];
  std::uint16_t last_key[256];
  std::fill(last_key, last_key + 256, no_key);
  for (std::size_t r = 0; r < n; ++r) {
    const std::size_t c = cells[r];
    if (c >= n_cells) {
      key_[r] = no_key;
      key_byte_[r] = 0xFF;
      continue;
    }
    const std::uint64_t b = bits_of(w[r]);
    if (last_key[c] == no_key || last_bits[c] != b) {
      std::size_t e = table_slot(b, static_cast<std::uint8_t>(c));
      for (;;) {
        const std::uint16_t k = table_key_[e];
        if (k == no_key) {
          if (weight_.size() >= limit) return false;
          last_key[c] = static_cast<std::uint16_t>(weight_.size());
          table_key_[e] = last_key[c];
          table_bits_[e] = b;
          table_used_.push_back(static_cast<std::uint32_t>(e));
          weight_.push_back(w[r]);
          cell_.push_back(static_cast<std::uint8_t>(c));
          break;
        }
        if (table_bits_[e] == b && cell_[k] == c) {
          last_key[c] = k;
          break;
        }
        e = (e + 1) & (table_size - 1);
      }
      last_bits[c] = b;
    }
    key_[r] = last_key[c];
    key_byte_[r] = static_cast<std::uint8_t>(last_key[c]);
  }
  return true;
}

void weight_keys::count(const std::uint8_t* codes, std::size_t slots, std::int64_t* out,
                        tally_kernel kernel) {
  const std::size_t n_keys = size();
  if (cell_keys_ != nullptr) return count_codes(cell_keys_, codes, n_, n_keys, slots, out, kernel);
  if (n_keys <= 254) return count_codes(key_byte_.data(), codes, n_, n_keys, slots, out, kernel);
  // Many keys: consecutive rows rarely share a counter, but four interleaved 16-bit
  // sub-histograms still cost nothing and keep the common case free of store-to-load
  // dependencies; each gets at most 2^14 rows per 2^16-row step, so none overflows.
  const std::size_t width = slots + 1;
  const std::size_t size = (n_keys + 1) * width;  // the last key collects rows in no group
  histogram_.assign(4 * size, 0);
  std::uint16_t* h0 = histogram_.data();
  std::uint16_t* h1 = h0 + size;
  std::uint16_t* h2 = h1 + size;
  std::uint16_t* h3 = h2 + size;
  const std::uint16_t* key = key_.data();
  const auto index = [&](std::size_t r) {
    return std::min<std::size_t>(key[r], n_keys) * width + std::min<std::size_t>(codes[r], slots);
  };
  constexpr std::size_t step = std::size_t{1} << 16;
  for (std::size_t start = 0; start < n_; start += step) {
    const std::size_t end = std::min(n_, start + step);
    std::size_t r = start;
    for (; r + 4 <= end; r += 4) {
      ++h0[index(r)];
      ++h1[index(r + 1)];
      ++h2[index(r + 2)];
      ++h3[index(r + 3)];
    }
    for (; r < end; ++r) ++h0[index(r)];
    for (std::size_t i = 0; i < n_keys * width; ++i) {
      out[i] += std::int64_t{h0[i]} + h1[i] + h2[i] + h3[i];
      h0[i] = h1[i] = h2[i] = h3[i] = 0;
    }
  }
}

void weigh_keys(weight_keys& keys, const std::uint8_t* const* codes, const std::size_t* slots,
                std::size_t n_items, std::size_t n_cells, std::size_t stride, double* acc,
                double* cell_weight, tally_kernel k) {
  const std::size_t n_keys = keys.size();
  std::vector<std::int64_t> counts;
  for (std::size_t i = 0; i < n_items; ++i) {
    const std::size_t width = slots[i] + 1;
    counts.assign(n_keys * width, 0);
    keys.count(codes[i], slots[i], counts.data(), k);
    double* base = acc + 4 * i * (n_cells + 1) * stride;
    for (std::size_t key = 0; key < n_keys; ++key) {
      const double w = keys.weight(key);
      const double w2 = w * w;
      double* a = base + 4 * keys.cell(key) * stride;
      const std::int64_t* c = counts.data() + key * width;
      if (i == 0 && cell_weight != nullptr) {  // every row has one slot in the first item
        std::int64_t rows = 0;
        for (std::size_t b = 0; b < width; ++b) rows += c[b];
        cell_weight[keys.cell(key)] += w * static_cast<double>(rows);
      }
      for (std::size_t b = 0; b < width; ++b) {
        if (c[b] == 0) continue;
        const auto m = static_cast<double>(c[b]);
        a[4 * b] += m;
        a[4 * b + 1] += w * m;
        a[4 * b + 2] += w2 * m;
      }
    }
  }
}

}  // namespace cxgap::detail

namespace cxgap {

// Blocks [0, m) of the range are split into one contiguous run per thread. Unweighted, each
// thread adds its blocks into one tally (integer counts: any order gives the same result).
// Weighted, each thread keeps one tally per block and the blocks are folded in block order
// afterwards, exactly as the one-thread pass folds them, so the sums do not depend on the
// number of threads.
void tally::accumulate_parallel(const survey& s, const std::uint8_t* cells, std::size_t first,
                                std::size_t last, unsigned threads) {
  const std::size_t block = detail::tally_block_rows(counts_.size());
  const std::size_t m = (last - first + block - 1) / block;
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t n_threads = std::min<std::size_t>(threads, m);
  std::vector<std::vector<tally>> parts(n_threads);
  std::vector<std::exception_ptr> errors(n_threads);
  const auto work = [&](std::size_t t) {
    try {
      detail::tally_scratch scratch;
      tally part(codebook_, groups_, weighted_);
      for (std::size_t j = t * m / n_threads; j < (t + 1) * m / n_threads; ++j) {
        const std::size_t b = first + j * block;
        part.clear();
        part.add_block(s, cells, b, std::min(last, b + block), scratch);
        if (weighted_ || parts[t].empty())
          parts[t].push_back(part);
        else
          parts[t].front().fold(part);
      }
    } catch (...) {
      errors[t] = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < n_threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
  for (const auto& thread_parts : parts)
    for (const tally& p : thread_parts) fold(p);
}

}  // namespace cxgap
