// A zero-filled array of numbers for large per-unit tallies (design/psu_tally.hpp). A design of
// 2,000 PSUs × 3 groups × 20 items holds 13 MB of sums; std::vector would write the zeros
// itself after the system has already handed out zeroed pages, and fault them in 4 KiB at a
// time. Large arrays are mapped directly (already zero) and, on Linux, advised onto 2 MiB
// pages, so a fresh tally costs a few faults instead of thousands (docs/design.md,
// "Performance"); a freed mapping of up to 32 MiB is kept by its thread (64 MiB in all) for the
// next array of the same mapped size, which clears it with memset (src/zeroed_memory.cpp).
// Small arrays come from calloc.
#ifndef CXGAP_CORE_DETAIL_ZEROED_ARRAY_HPP
#define CXGAP_CORE_DETAIL_ZEROED_ARRAY_HPP

#include <cstddef>
#include <cstring>
#include <type_traits>
#include <utility>

namespace cxgap::detail {

/// `bytes` zero bytes (never nullptr; bytes == 0 gives a valid pointer), aligned as malloc
/// aligns, and to 2 MiB from 2 MiB up.
/// Throws std::bad_alloc. Release with free_zeroed(p, bytes). Compiled in src/zeroed_memory.cpp.
void* allocate_zeroed(std::size_t bytes);
/// Releases memory from allocate_zeroed(bytes), given the same byte count.
void free_zeroed(void* p, std::size_t bytes) noexcept;

/// A growable array of trivially copyable numbers whose new elements are zero.
template <class T>
class zeroed_array {
  static_assert(std::is_trivially_copyable_v<T>, "zeroed_array holds plain numbers");

 public:
  zeroed_array() = default;
  explicit zeroed_array(std::size_t n) : data_(allocate(n)), size_(n) {}
  zeroed_array(const zeroed_array& o) : data_(allocate(o.size_)), size_(o.size_) {
    if (size_ > 0) std::memcpy(data_, o.data_, size_ * sizeof(T));
  }
  zeroed_array(zeroed_array&& o) noexcept
      : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)) {}
  zeroed_array& operator=(zeroed_array o) noexcept {
    swap(o);
    return *this;
  }
  ~zeroed_array() { release(); }

  void swap(zeroed_array& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(size_, o.size_);
  }

  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  T* data() noexcept { return data_; }
  const T* data() const noexcept { return data_; }
  T& operator[](std::size_t i) noexcept { return data_[i]; }
  const T& operator[](std::size_t i) const noexcept { return data_[i]; }

  /// Grows to n elements, keeping the first size() and zeroing the rest; never shrinks.
  void grow(std::size_t n) {
    if (n <= size_) return;
    zeroed_array bigger(n);
    if (size_ > 0) std::memcpy(bigger.data_, data_, size_ * sizeof(T));
    swap(bigger);
  }
  /// Sets every element to zero.
  void zero() noexcept {
    if (size_ > 0) std::memset(static_cast<void*>(data_), 0, size_ * sizeof(T));
  }

 private:
  static T* allocate(std::size_t n) {
    return n == 0 ? nullptr : static_cast<T*>(allocate_zeroed(n * sizeof(T)));
  }
  void release() noexcept {
    if (data_ != nullptr) free_zeroed(data_, size_ * sizeof(T));
    data_ = nullptr;
    size_ = 0;
  }

  T* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace cxgap::detail

#endif  // CXGAP_CORE_DETAIL_ZEROED_ARRAY_HPP
