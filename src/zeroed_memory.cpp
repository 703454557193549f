// Zeroed memory for large tallies (core/detail/zeroed_array.hpp). From 2 MiB up the memory is
// an anonymous mapping, which the system hands out zeroed; on Linux the mapping is aligned to
// 2 MiB and advised (MADV_HUGEPAGE) onto transparent huge pages, so that first touches fault
// 2 MiB at a time — where the system does not offer them the advice is ignored and the pages
// are ordinary ones. Below 2 MiB, and on other systems, calloc.
#include "cxgap/core/detail/zeroed_array.hpp"

#include <cstdint>
#include <cstdlib>
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
#endif

}  // namespace

void* allocate_zeroed(std::size_t bytes) {
#if CXGAP_ZEROED_MMAP
  if (bytes >= huge_page) {
    const std::size_t length = mapped_bytes(bytes);
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
    munmap(p, mapped_bytes(bytes));
    return;
  }
#endif
  std::free(p);
}

}  // namespace cxgap::detail
