// A set of object ids in bounded memory: it stores a 64-bit hash per id (8
// bytes, open addressing, load <= 0.75), so 2M ids take 32 MB whatever the id
// lengths. Two different ids collide with probability ~n^2/2^65 (about 1e-7
// for 2M ids); the report accepts that to stay within the wasm heap budget.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace stripe_report {

class IdSet {
 public:
  // Inserts the id; false when it was already present.
  bool insert(std::string_view id);
  bool contains(std::string_view id) const;
  std::size_t size() const { return size_; }
  std::size_t memory_bytes() const { return slots_.size() * sizeof(std::uint64_t); }

  // 64-bit hash of an id (never 0: 0 marks an empty slot).
  static std::uint64_t hash(std::string_view id);

 private:
  void grow();
  std::vector<std::uint64_t> slots_;
  std::size_t size_ = 0;
};

}  // namespace stripe_report
