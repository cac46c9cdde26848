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
  for (std::size_t shift = 0; i < id.size(); ++i, shift += 8) {
    tail |= static_cast<std::uint64_t>(static_cast<unsigned char>(id[i])) << shift;
  }
  h = (h ^ tail) * kMultiplier;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h == 0 ? 1 : h;
}

bool IdSet::contains(std::string_view id) const {
  if (slots_.empty()) return false;
  const std::uint64_t h = hash(id);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = static_cast<std::size_t>(h) & mask;; i = (i + 1) & mask) {
    if (slots_[i] == h) return true;
    if (slots_[i] == 0) return false;
  }
}

bool IdSet::insert(std::string_view id) {
  if ((size_ + 1) * 4 > slots_.size() * 3) grow();
  const std::uint64_t h = hash(id);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = static_cast<std::size_t>(h) & mask;; i = (i + 1) & mask) {
    if (slots_[i] == h) return false;
    if (slots_[i] == 0) {
      slots_[i] = h;
      ++size_;
      return true;
    }
  }
}

void IdSet::grow() {
  std::vector<std::uint64_t> old;
  old.swap(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
  const std::size_t mask = slots_.size() - 1;
  for (const std::uint64_t h : old) {
    if (h == 0) continue;
    std::size_t i = static_cast<std::size_t>(h) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = h;
  }
}

}  // namespace stripe_report
