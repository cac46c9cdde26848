#include "stripe_report/id_set.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <new>

namespace stripe_report {
namespace {

constexpr std::size_t kMaxRecordBytes = std::size_t{1} << 24;  // offsets are 24 bits
constexpr std::size_t kBlockBytes = 4096;

std::uint32_t hash_bits(std::uint64_t h) { return static_cast<std::uint32_t>(h >> 48) & 0xFF; }
std::size_t record_offset(std::uint32_t slot) { return (slot >> 8) - 1; }

// Bits 0..n-1 (n <= 64).
std::uint64_t low_bits(std::size_t n) {
  return n >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
}

// Bit i set when a[i] != b[i], for the first n <= 64 bytes. Eight bytes per
// step: each differing byte gets its top bit set (adding 0x7F to the low
// seven bits carries into bit 7 unless they are all zero), and a multiply
// gathers the eight top bits into one byte. A byte-wise loop was 240 of the
// ~650 instructions per insert.
std::uint64_t differing_words(const char* a, const char* b) {
  constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
  std::uint64_t x, y;
  std::memcpy(&x, a, 8);
  std::memcpy(&y, b, 8);
  x ^= y;
  const std::uint64_t high = (((x & kLow7) + kLow7) | x) & ~kLow7;
  return ((high >> 7) * 0x0102040810204080ULL) >> 56;
}

std::uint64_t differing_bytes(const char* a, const char* b, std::size_t n) {
  std::uint64_t bits = 0;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) bits |= differing_words(a + i, b + i) << i;
  if (i < n && n >= 8) {  // the last 8 bytes, overlapping
    return bits | differing_words(a + n - 8, b + n - 8) << (n - 8);
  }
  for (; i < n; ++i) bits |= std::uint64_t{a[i] != b[i]} << i;
  return bits;
}

// Reads a LEB128 length; `at` moves past it.
std::size_t read_length(const unsigned char*& at) {
  std::size_t value = 0;
  for (int shift = 0;; shift += 7) {
    const unsigned char byte = *at++;
    value |= static_cast<std::size_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return value;
  }
}

}  // namespace

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
  return h;
}

std::size_t IdSet::memory_bytes() const {
  std::size_t bytes =
      reference_.capacity() + templates_.capacity() * sizeof(Template) + memory_bytes_;
  for (const Part& part : parts_) {
    bytes += part.slots.capacity() * sizeof(std::uint32_t) +
             part.blocks.capacity() * sizeof(part.blocks[0]);
  }
  return bytes;
}

// Where a record's bytes come from: a template (id length and which bytes
// differ from the reference), and the differing bytes that follow.
struct IdSet::RecordView {
  std::size_t length;
  std::uint64_t small_mask;      // templated records (ids of <= 64 bytes)
  const unsigned char* mask;     // explicit records: one bit per byte
  const unsigned char* literal;  // the bytes that differ, in order
  bool differs(std::size_t i) const {
    return mask == nullptr ? (small_mask >> i) & 1U : (mask[i / 8] >> (i % 8)) & 1U;
  }
};

IdSet::RecordView IdSet::view(const Part& part, std::uint32_t slot) const {
  const unsigned char* at = record_at(part, record_offset(slot));
  const unsigned char tag = *at++;
  if (tag != kExplicitRecord) {
    const Template& t = templates_[tag];
    return {.length = t.length, .small_mask = t.mask, .mask = nullptr, .literal = at};
  }
  const std::size_t length = read_length(at);
  return {.length = length, .small_mask = 0, .mask = at, .literal = at + (length + 7) / 8};
}

bool IdSet::record_equals(const Part& part, std::uint32_t slot, std::string_view id) const {
  const RecordView record = view(part, slot);
  if (record.length != id.size()) return false;
  const unsigned char* literal = record.literal;
  if (record.mask == nullptr) {
    // The differing bytes, then the rest against the reference.
    for (std::uint64_t m = record.small_mask; m != 0; m &= m - 1) {
      if (static_cast<unsigned char>(id[std::countr_zero(m)]) != *literal++) return false;
    }
    // Bytes outside the template are the reference's (the template lies within it).
    const std::size_t shared = std::min(id.size(), reference_.size());
    return (differing_bytes(id.data(), reference_.data(), shared) & ~record.small_mask) == 0;
  }
  for (std::size_t i = 0; i < id.size(); ++i) {
    const auto expected =
        record.differs(i) ? *literal++ : static_cast<unsigned char>(reference_[i]);
    if (static_cast<unsigned char>(id[i]) != expected) return false;
  }
  return true;
}

// Only growing decodes (to hash again): the reference's bytes, then the
// differing ones over them.
void IdSet::decode_record(const Part& part, std::uint32_t slot, std::string& out) const {
  const RecordView record = view(part, slot);
  out.resize(record.length);
  const unsigned char* literal = record.literal;
  if (record.mask == nullptr) {
    const std::size_t shared = std::min(record.length, reference_.size());
    std::memcpy(out.data(), reference_.data(), shared);
    for (std::uint64_t m = record.small_mask; m != 0; m &= m - 1) {
      out[static_cast<std::size_t>(std::countr_zero(m))] = static_cast<char>(*literal++);
    }
    return;
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = record.differs(i) ? static_cast<char>(*literal++) : reference_[i];
  }
}

// A template whose bytes cover every byte where the id differs from the
// reference, or kExplicitRecord. A new template also takes the last one's
// bytes, so ids that match the reference by chance in one place (1 in 62 per
// random character) reuse it instead of filling the 255 entries.
unsigned char IdSet::pick_template(std::size_t length, std::uint64_t differs) {
  const auto covers = [&](const Template& t) {
    return t.length == length && (differs & ~t.mask) == 0;
  };
  if (last_template_ < templates_.size() && covers(templates_[last_template_])) {
    return last_template_;
  }
  for (std::size_t i = 0; i < templates_.size(); ++i) {
    if (covers(templates_[i])) return last_template_ = static_cast<unsigned char>(i);
  }
  if (templates_.size() == kExplicitRecord) return kExplicitRecord;
  std::uint64_t mask = differs;
  if (last_template_ < templates_.size() && templates_[last_template_].length == length) {
    mask |= templates_[last_template_].mask;
  }
  templates_.push_back({.length = length, .mask = mask});
  return last_template_ = static_cast<unsigned char>(templates_.size() - 1);
}

// Room for a record of `bytes` in the part's blocks; returns its offset.
// Records live in fixed 4 KiB blocks that never move: a growing buffer per
// part left its old copies behind as holes in the wasm heap (2M Stripe-shaped
// ids peaked at 69 MiB that way), and uniform blocks leave none. A record
// longer than a block (an id of over ~4000 bytes) gets a block of its own.
std::size_t IdSet::allocate_record(Part& part, std::size_t bytes) {
  if (part.blocks.empty() || part.block_used + bytes > kBlockBytes) {
    const std::size_t offset = part.blocks.size() * kBlockBytes;
    if (offset + kBlockBytes >= kMaxRecordBytes) throw std::bad_alloc();
    part.blocks.emplace_back(new unsigned char[std::max(bytes, kBlockBytes)]);
    part.block_used = 0;
    memory_bytes_ += std::max(bytes, kBlockBytes);
  }
  const std::size_t offset = (part.blocks.size() - 1) * kBlockBytes + part.block_used;
  part.block_used += bytes;  // past kBlockBytes for an oversized record: its block is full
  return offset;
}

unsigned char* IdSet::record_at(const Part& part, std::size_t offset) {
  return part.blocks[offset / kBlockBytes].get() + offset % kBlockBytes;
}

// Appends the id's record; returns its slot value.
std::uint32_t IdSet::append_record(Part& part, std::string_view id, std::uint64_t h) {
  unsigned char tag = kExplicitRecord;
  if (id.size() <= 64) {
    const std::size_t shared = std::min(id.size(), reference_.size());
    const std::uint64_t past_reference = low_bits(id.size()) & ~low_bits(shared);
    tag = pick_template(id.size(),
                        past_reference | differing_bytes(id.data(), reference_.data(), shared));
  }
  std::size_t offset;
  if (tag != kExplicitRecord) {
    const std::uint64_t mask = templates_[tag].mask;
    offset = allocate_record(part, 1 + static_cast<std::size_t>(std::popcount(mask)));
    unsigned char* out = record_at(part, offset);
    *out++ = tag;
    for (std::uint64_t m = mask; m != 0; m &= m - 1) {
      *out++ = static_cast<unsigned char>(id[static_cast<std::size_t>(std::countr_zero(m))]);
    }
  } else {
    offset = append_explicit_record(part, id);
  }
  return static_cast<std::uint32_t>((offset + 1) << 8) | hash_bits(h);
}

// 255, varint length, a bit per byte (1: differs from the reference), then
// the differing bytes.
std::size_t IdSet::append_explicit_record(Part& part, std::string_view id) {
  const auto differs = [&](std::size_t i) {
    return i >= reference_.size() || id[i] != reference_[i];
  };
  std::size_t literals = 0;
  for (std::size_t i = 0; i < id.size(); ++i) literals += differs(i);
  std::size_t varint = 1;
  for (std::size_t length = id.size(); length > 0x7F; length >>= 7) ++varint;
  const std::size_t mask_bytes = (id.size() + 7) / 8;
  const std::size_t offset = allocate_record(part, 1 + varint + mask_bytes + literals);
  unsigned char* out = record_at(part, offset);
  *out++ = kExplicitRecord;
  for (std::size_t length = id.size();; length >>= 7) {
    *out++ = static_cast<unsigned char>((length & 0x7F) | (length > 0x7F ? 0x80 : 0));
    if (length <= 0x7F) break;
  }
  unsigned char* mask = out;
  unsigned char* literal = std::fill_n(mask, mask_bytes, 0);
  for (std::size_t i = 0; i < id.size(); ++i) {
    if (!differs(i)) continue;
    mask[i / 8] |= static_cast<unsigned char>(1U << (i % 8));
    *literal++ = static_cast<unsigned char>(id[i]);
  }
  return offset;
}

IdSet::Probe IdSet::find(const Part& part, std::string_view id, std::uint64_t h) const {
  const std::size_t mask = part.slots.size() - 1;
  const std::uint32_t bits = hash_bits(h);
  for (std::size_t i = static_cast<std::size_t>(h) & mask;; i = (i + 1) & mask) {
    const std::uint32_t slot = part.slots[i];
    if (slot == 0) return {.slot = i, .found = false};
    if ((slot & 0xFF) == bits && record_equals(part, slot, id)) return {.slot = i, .found = true};
  }
}

bool IdSet::contains(std::string_view id) const {
  const std::uint64_t h = hash(id);
  const Part& part = parts_[h >> 56];
  return !part.slots.empty() && find(part, id, h).found;
}

bool IdSet::insert(std::string_view id) {
  if (size_ == 0 && reference_.empty()) reference_.assign(id);
  const std::uint64_t h = hash(id);
  Part& part = parts_[h >> 56];
  if ((part.size + 1) * 4 > part.slots.size() * 3) grow(part);
  const Probe probe = find(part, id, h);
  if (probe.found) return false;
  part.slots[probe.slot] = append_record(part, id, h);
  ++part.size;
  ++size_;
  return true;
}

// Doubles the part's table. Slots keep no hash, so each id is decoded and
// hashed again: one decode per id per doubling, about one per insert overall.
void IdSet::grow(Part& part) {
  std::vector<std::uint32_t> old;
  old.swap(part.slots);
  part.slots.assign(old.empty() ? 64 : old.size() * 2, 0);
  const std::size_t mask = part.slots.size() - 1;
  std::string id;
  for (const std::uint32_t slot : old) {
    if (slot == 0) continue;
    decode_record(part, slot, id);
    std::size_t i = static_cast<std::size_t>(hash(id)) & mask;
    while (part.slots[i] != 0) i = (i + 1) & mask;
    part.slots[i] = slot;
  }
}

}  // namespace stripe_report
