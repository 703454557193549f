// The per-response hot path of a tally pass, compiled in src/tally*.cpp (docs/tally.md).
//
// Two kernels work on plain spans so that other passes (per-PSU tallies) can call them:
//  - count_codes: per (cell, slot) counts of one item column; a SIMD path (AVX-512BW or AVX2,
//    chosen at run time) and a scalar path. Counts are integers: every path gives the same.
//  - weigh_rows: per (item, cell, slot) the count, Σw and Σw² over a block of rows, every
//    accumulator summed in row order, so every path gives bit-identical sums.
#ifndef CXGAP_CORE_DETAIL_TALLY_KERNEL_HPP
#define CXGAP_CORE_DETAIL_TALLY_KERNEL_HPP

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cxgap::detail {

/// The implementations of the tally kernels. `automatic` is the best one the CPU supports.
enum class tally_kernel : int { automatic = 0, scalar = 1, avx2 = 2, avx512 = 3 };

/// "scalar", "avx2", "avx512" ("automatic" for automatic).
const char* tally_kernel_name(tally_kernel k) noexcept;
/// Whether this build and this CPU can run kernel `k` (scalar and automatic: always).
bool tally_kernel_available(tally_kernel k) noexcept;
/// The kernel tally passes use now: the best available one, unless the environment variable
/// CXGAP_TALLY_KERNEL (scalar|avx2|avx512, read once) or set_tally_kernel chose another.
tally_kernel active_tally_kernel() noexcept;
/// Name of the active kernel.
const char* tally_kernel_name() noexcept;
/// Makes `k` the active kernel (for tests and benchmarks; not meant to race with a running
/// tally pass). Returns false, and changes nothing, if `k` is not available here.
bool set_tally_kernel(tally_kernel k) noexcept;

/// Adds to out[g·(slots+1) + b] the number of rows r < n with cells[r] == g and codes[r] == b,
/// for every cell g < n_cells and slot b < slots; out[g·(slots+1) + slots] counts the other
/// rows of cell g (missing responses, and any byte >= slots). Rows with cells[r] >= n_cells
/// are in no group and are not counted. `out` has n_cells·(slots+1) entries. `k` chooses the
/// implementation (automatic: the active one; an unavailable one falls back to scalar).
void count_codes(const std::uint8_t* cells, const std::uint8_t* codes, std::size_t n,
                 std::size_t n_cells, std::size_t slots, std::int64_t* out,
                 tally_kernel k = tally_kernel::automatic) noexcept;

/// Size of the accumulator array of weigh_rows: 4 doubles per (item, cell 0..n_cells, slot),
/// with a common stride of max(slots)+1 slots per cell (cell n_cells collects rows in no group).
std::size_t weigh_rows_size(std::size_t n_items, std::size_t n_cells, std::size_t stride) noexcept;

/// Weighted block pass over rows [0, n) of n_items columns: for each row r and item i, adds
/// {1, w[r], w2[r], 0} to acc[4·((i·(n_cells+1) + c)·stride + b)], where c = min(cells[r],
/// n_cells) and b = min(codes[i][r], slots[i]) (slot slots[i]: missing or invalid bytes).
/// w2[r] must be w[r]·w[r], computed by the caller (so no kernel can fuse it into an FMA).
/// Each accumulator is a plain running sum over its rows in row order (whatever the loop order
/// across items), so the result is bit-identical on every path. The count lane is exact
/// below 2^53 rows.
void weigh_rows(const std::uint8_t* cells, const double* w, const double* w2, std::size_t n,
                std::size_t n_cells, const std::uint8_t* const* codes,
                const std::size_t* slots, std::size_t n_items, std::size_t stride, double* acc,
                tally_kernel k = tally_kernel::automatic) noexcept;

/// Whether every cell's rows among [0, n) carry one weight, tested a slice of rows at a time
/// so that the reads of the weights can be spread between other work on the same rows (the
/// per-PSU pass counts an item between two slices). Weights are compared bit for bit; a cell's
/// weight is that of its first row among the first 64 rows, else of its first row. Rows with
/// cells[r] >= n_cells are ignored. Branch-free (SIMD up to 16 cells) until a slice shows a
/// difference, which is then looked at row by row.
class cell_weight_check {
 public:
  /// Starts on rows [0, n): nothing checked yet. n_cells <= 256.
  void start(const std::uint8_t* cells, const double* w, std::size_t n,
             std::size_t n_cells) noexcept;
  /// Checks rows [from, to) (to <= n); false, from then on, once a cell has shown two weights.
  bool check(std::size_t from, std::size_t to) noexcept;
  /// Cell c's weight (0 when it has no row), once every row checked true.
  double weight(std::size_t c) const noexcept;

 private:
  const std::uint8_t* cells_ = nullptr;
  const double* w_ = nullptr;
  std::size_t n_cells_ = 0;
  bool same_ = true;
  std::uint64_t ref_[256];
  std::uint64_t mask_[256];
};

/// The distinct (cell, weight) pairs ("keys") of a run of rows, numbered in order of first
/// appearance, and each row's key. Survey weights usually take few values (design weights per
/// stratum or PSU, post-stratification and raking cells), and then a weighted pass reduces to
/// integer counts per (key, slot): Σw = Σ_k w_k·n_k, Σw² = Σ_k w_k²·n_k (docs/tally.md,
/// "Weight keys"). Not thread-safe; reuse one per thread (it keeps its buffers).
class weight_keys {
 public:
  /// Most keys assign() ever accepts.
  static constexpr std::size_t max_keys = 4096;

  /// Numbers the keys of rows [0, n) (cell cells[r], weight w[r], compared bit for bit); rows
  /// with cells[r] >= n_cells get none. Returns false, leaving the keys unusable, if there are
  /// more than min(limit, max_keys) keys.
  bool assign(const std::uint8_t* cells, const double* w, std::size_t n, std::size_t n_cells,
              std::size_t limit);

  /// The common special case, without numbering: if every cell's rows among [0, n) carry one
  /// weight, makes the cells the keys (key k = cell k, n_cells keys, weight 0 for a cell with no
  /// rows; `cells` must outlive the keys) and returns true; otherwise false, keys unusable.
  /// w == nullptr stands for unit weights: every cell's weight is 1, nothing is read.
  bool assign_cells(const std::uint8_t* cells, const double* w, std::size_t n,
                    std::size_t n_cells);

  /// Keys of the last successful assign().
  std::size_t size() const noexcept { return weight_.size(); }
  /// Weight and cell of key k.
  double weight(std::size_t k) const noexcept { return weight_[k]; }
  std::uint8_t cell(std::size_t k) const noexcept {
    return cell_keys_ != nullptr ? static_cast<std::uint8_t>(k) : cell_[k];
  }

  /// Adds to out[k·(slots+1) + b] the rows of key k whose code is b, for b < slots, and to
  /// out[k·(slots+1) + slots] its other rows (missing responses, bytes >= slots), over the
  /// rows of the last assign() (`codes` has one byte per row). Up to 254 keys this is
  /// count_codes over key bytes (kernel `kernel`); beyond, a scalar histogram of 16-bit keys.
  /// Integer counts: every kernel gives the same.
  void count(const std::uint8_t* codes, std::size_t slots, std::int64_t* out,
             tally_kernel kernel = tally_kernel::automatic);

 private:
  std::size_t n_ = 0;
  const std::uint8_t* cell_keys_ = nullptr;  // the rows' cells, when they are the keys
  std::vector<std::uint16_t> key_;      // per row; 0xFFFF: no key
  std::vector<std::uint8_t> key_byte_;  // per row when size() <= 254; 0xFF: no key
  std::vector<double> weight_;
  std::vector<std::uint8_t> cell_;
  std::vector<std::uint64_t> table_bits_;  // open-addressing table: (cell, weight bits)
  std::vector<std::uint16_t> table_key_;   // key of the entry, 0xFFFF: empty
  std::vector<std::uint32_t> table_used_;  // entries to clear before the next assign()
  std::vector<std::uint16_t> histogram_;   // the 16-bit kernel's sub-histograms
};

/// Weighted block pass by weight keys: the same result layout and contract as weigh_rows for
/// the rows of keys' last assign() (with `cells` < n_cells), except that each accumulator is
/// Σ_k over keys in key order of {n_k, w_k·n_k, w_k²·n_k} rather than a running sum in row
/// order — the same on every kernel path, and no less accurate. When n_items > 0 and
/// cell_weight is not null, also adds each cell's Σw (over its rows) to cell_weight[cell].
void weigh_keys(weight_keys& keys, const std::uint8_t* const* codes, const std::size_t* slots,
                std::size_t n_items, std::size_t n_cells, std::size_t stride, double* acc,
                double* cell_weight = nullptr, tally_kernel k = tally_kernel::automatic);

}  // namespace cxgap::detail

#endif  // CXGAP_CORE_DETAIL_TALLY_KERNEL_HPP
