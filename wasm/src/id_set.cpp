#include "stripe_report/id_set.h"

#include <cstring>

namespace stripe_report {

std::uint64_t IdSet::hash(std::string_view id) {
  // 8 bytes per step (a multiply-xorshift mix), then a murmur-style finalizer
  // so the low bits (the slot index) depend on every byte. Ids are ~30 bytes,
  // so this is 4 steps instead of 30 for a byte-wise hash.
  constexpr std::uint64_t kMultiplier = 0x9E3779B97F4A7C15ULL;
  std::uint64_t h = 0xcbf29ce484222325ULL ^ (id.size() * kMultiplier);
  std::size_t i = 0;
  for (; i + 8 <= id.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, id.data() + i, 8);
    h = (h ^ word) * kMultiplier;
    h ^= h >> 29;
  }
  std::uint64_t tail = 0;
  if (i < id.size() && id.size() >= 8) {
    std::memcpy(&tail, id.data() + id.size() - 8, 8);  // the last 8 bytes, overlapping
  } else {
    for (std::size_t shift = 0; i < id.size(); ++i, shift += 8) {
      tail |= static_cast<std::uint64_t>(static_cast<unsigned char>(id[i])) << shift;
    }
  }
  h = (h ^ tail) * kMultiplier;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h == 0 ? 1 : h;
}

std::size_t IdSet::memory_bytes() const {
  std::size_t bytes = 0;
  for (const Part& part : parts_) bytes += part.slots.capacity() * sizeof(std::uint64_t);
  return bytes;
}

bool IdSet::contains(std::string_view id) const {
  const std::uint64_t h = hash(id);
  const Part& part = parts_[h >> 56];
  if (part.slots.empty()) return false;
  const std::size_t mask = part.slots.size() - 1;
  for (std::size_t i = static_cast<std::size_t>(h) & mask;; i = (i + 1) & mask) {
    if (part.slots[i] == h) return true;
    if (part.slots[i] == 0) return false;
  }
}

bool IdSet::insert(std::string_view id) {
  const std::uint64_t h = hash(id);
  Part& part = parts_[h >> 56];
  if ((part.size + 1) * 4 > part.slots.size() * 3) grow(part);
  const std::size_t mask = part.slots.size() - 1;
  for (std::size_t i = static_cast<std::size_t>(h) & mask;; i = (i + 1) & mask) {
    if (part.slots[i] == h) return false;
    if (part.slots[i] == 0) {
      part.slots[i] = h;
      ++part.size;
      ++size_;
      return true;
    }
  }
}

void IdSet::grow(Part& part) {
  std::vector<std::uint64_t> old;
  old.swap(part.slots);
  part.slots.assign(old.empty() ? 64 : old.size() * 2, 0);
  const std::size_t mask = part.slots.size() - 1;
  for (const std::uint64_t h : old) {
    if (h == 0) continue;
    std::size_t i = static_cast<std::size_t>(h) & mask;
    while (part.slots[i] != 0) i = (i + 1) & mask;
    part.slots[i] = h;
  }
}

}  // namespace stripe_report
