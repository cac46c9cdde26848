// Counts live heap bytes allocated through operator new in this test
// executable, so tests can show that streaming does not grow memory with the
// input. glibc's malloc_usable_size keeps new and delete symmetric.
#include "heap_counter.h"

#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<std::size_t> live_bytes{0};
std::atomic<std::size_t> peak_bytes{0};
}  // namespace

namespace heap_counter {
std::size_t live() { return live_bytes.load(); }
std::size_t peak() { return peak_bytes.load(); }
void reset_peak() { peak_bytes.store(live_bytes.load()); }
}  // namespace heap_counter

void* operator new(std::size_t size) {
  void* p = std::malloc(size == 0 ? 1 : size);
  if (!p) throw std::bad_alloc();
  const std::size_t now = live_bytes.fetch_add(malloc_usable_size(p)) + malloc_usable_size(p);
  std::size_t peak = peak_bytes.load();
  while (now > peak && !peak_bytes.compare_exchange_weak(peak, now)) {
  }
  return p;
}

void operator delete(void* p) noexcept {
  if (!p) return;
  live_bytes.fetch_sub(malloc_usable_size(p));
  std::free(p);
}

void operator delete(void* p, std::size_t) noexcept { operator delete(p); }
