// Zeroed memory for large tallies (core/detail/zeroed_array.hpp). From 2 MiB up the memory is
// an anonymous mapping, which the system hands out zeroed; on Linux the mapping is aligned to
// 2 MiB and advised (MADV_HUGEPAGE) onto transparent huge pages, so that first touches fault
// 2 MiB at a time — where the system does not offer them the advice is ignored and the pages
// are ordinary ones. Below 2 MiB, and on other systems, calloc.
//
// A freed mapping of up to 32 MiB (glibc malloc's largest mmap threshold: below it, malloc too
// keeps freed memory for reuse) is kept by its thread, four of them and 64 MiB at most, for
// the next allocation of the same mapped size, which then clears it with memset: a tally made again and
// again (per request, per chunk, per benchmark iteration) would otherwise pay the system each
// time for new zeroed pages — faults, zeroing and unmapping cost about 5 times a memset of the
// same bytes — where malloc, which smaller tallies come from, reuses its freed memory too. The
// kept mappings are unmapped when the thread ends.
#include "cxgap/core/detail/zeroed_array.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#define CXGAP_ZEROED_MMAP 1
#else
#define CXGAP_ZEROED_MMAP 0
#endif

namespace cxgap::detail {

namespace {

constexpr std::size_t huge_page = std::size_t{1} << 21;

#if CXGAP_ZEROED_MMAP
std::size_t mapped_bytes(std::size_t bytes) noexcept {
  return (bytes + huge_page - 1) / huge_page * huge_page;
}

// Mappings freed on this thread and kept for reuse (see the file comment).
struct kept_mappings {
  static constexpr std::size_t slots = 4;
  static constexpr std::size_t max_length = std::size_t{32} << 20;
  static constexpr std::size_t max_total = std::size_t{64} << 20;
  void* p[slots] = {};
  std::size_t length[slots] = {};
  ~kept_mappings();
};

// Set once the thread's kept_mappings is gone (trivially destructible, so it outlives it):
// mappings freed later, by thread-exit or static destructors, are unmapped at once.
thread_local bool kept_closed = false;
thread_local kept_mappings kept;

kept_mappings::~kept_mappings() {
  kept_closed = true;
  for (std::size_t i = 0; i < slots; ++i)
    if (p[i] != nullptr) munmap(p[i], length[i]);
}

// A kept mapping of exactly `length` bytes, taken out of the cache; nullptr if there is none.
void* take_kept(std::size_t length) noexcept {
  if (kept_closed) return nullptr;
  for (std::size_t i = 0; i < kept_mappings::slots; ++i)
    if (kept.p[i] != nullptr && kept.length[i] == length) {
      void* p = kept.p[i];
      kept.p[i] = nullptr;
      return p;
    }
  return nullptr;
}

// Keeps a mapping for reuse if it is small enough, a slot is free and the kept total stays
// within max_total.
bool keep(void* p, std::size_t length) noexcept {
  if (kept_closed || length > kept_mappings::max_length) return false;
  std::size_t total = length;
  for (std::size_t i = 0; i < kept_mappings::slots; ++i)
    if (kept.p[i] != nullptr) total += kept.length[i];
  if (total > kept_mappings::max_total) return false;
  for (std::size_t i = 0; i < kept_mappings::slots; ++i)
    if (kept.p[i] == nullptr) {
      kept.p[i] = p;
      kept.length[i] = length;
      return true;
    }
  return false;
}
#endif

}  // namespace

void* allocate_zeroed(std::size_t bytes) {
#if CXGAP_ZEROED_MMAP
  if (bytes >= huge_page) {
    const std::size_t length = mapped_bytes(bytes);
    if (void* p = take_kept(length)) {
      std::memset(p, 0, bytes);
      return p;
    }
    // Map one huge page more than needed, then unmap the ends so that what stays is aligned.
    void* raw = mmap(nullptr, length + huge_page, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) throw std::bad_alloc();
    const auto begin = reinterpret_cast<std::uintptr_t>(raw);
    const std::uintptr_t aligned = (begin + huge_page - 1) / huge_page * huge_page;
    if (aligned > begin) munmap(raw, aligned - begin);
    const std::uintptr_t tail = aligned + length, end = begin + length + huge_page;
    if (end > tail) munmap(reinterpret_cast<void*>(tail), end - tail);
    void* p = reinterpret_cast<void*>(aligned);
#if defined(MADV_HUGEPAGE)
    madvise(p, length, MADV_HUGEPAGE);  // advice only: failure leaves ordinary pages
#endif
    return p;
  }
#endif
  void* p = std::calloc(bytes == 0 ? 1 : bytes, 1);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

void free_zeroed(void* p, std::size_t bytes) noexcept {
  if (p == nullptr) return;
#if CXGAP_ZEROED_MMAP
  if (bytes >= huge_page) {
    if (!keep(p, mapped_bytes(bytes))) munmap(p, mapped_bytes(bytes));
    return;
  }
#endif
  std::free(p);
}

}  // namespace cxgap::detail
