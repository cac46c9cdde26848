// A set of object ids in bounded memory: it stores a 64-bit hash per id (8
// bytes, open addressing, load <= 0.75) whatever the id lengths. Two different
// ids collide with probability ~n^2/2^65 (about 1e-7 for 2M ids); the report
// accepts that to stay within the wasm heap budget.
//
// The table is split into 256 parts by the hash's top byte, each growing on
// its own: growing never needs the old and the new full-size table at once
// (a single 32 MB table growing from 16 MB would peak at 48 MB plus the holes
// left by earlier sizes, more than the 64 MB wasm budget for 2M ids).
#pragma once

#include <array>
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
  std::size_t memory_bytes() const;

  // 64-bit hash of an id (never 0: 0 marks an empty slot).
  static std::uint64_t hash(std::string_view id);

 private:
  struct Part {
    std::vector<std::uint64_t> slots;  // size is 0 or a power of two
    std::size_t size = 0;
  };
  static void grow(Part& part);
  std::array<Part, 256> parts_;
  std::size_t size_ = 0;
};

}  // namespace stripe_report
