// A set of object ids, exact: two different ids never count as one, whatever
// their hashes (issue #10: the old set kept only a 64-bit hash per id, and
// `txn_3Pq1RsTuVwXyZaBcDeFgHiJk` / `txn_bgbnzKDtSpzyZaBcDeFgHiJk` collided,
// so a sale vanished). Memory stays within the wasm budget for 2M ids.
//
// Layout: 256 parts chosen by the hash's top byte, each growing on its own
// (growing never needs an old and a new full-size table at once). A part is
// an open-addressing table of 4-byte slots (load <= 0.75) over id records
// kept in 4 KiB blocks. A slot holds its record's offset (24 bits) and 8 more hash bits, so
// a probe decodes a record only when those bits match, and then compares the
// whole id.
//
// A record is the id written as its difference to the set's first id (the
// reference): a template number (the id's length and which of its bytes may
// differ from the reference; up to 255 templates per set, for ids of up to 64
// bytes), then those bytes. Ids of one account share most bytes (`txn_` and
// the account's 10 characters in the middle of every Stripe id), so a 28-30
// byte id takes 6-14 bytes. Other ids (longer, or once the templates run out)
// are written in full: 255, varint length, a bit per byte, the differing
// bytes. Measured totals are in tests/native/core/unit-id_set.cpp.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace stripe_report {

class IdSet {
 public:
  // Inserts the id; false when it was already present. Throws std::bad_alloc
  // when a part's records would pass 16 MiB (about 1.5M ids per part, 380M
  // per set: far beyond the wasm heap, and the reporter turns it into an
  // out_of_memory error).
  bool insert(std::string_view id);
  bool contains(std::string_view id) const;
  std::size_t size() const { return size_; }
  std::size_t memory_bytes() const;

  // 64-bit hash of an id: where it goes, never whether it is there.
  static std::uint64_t hash(std::string_view id);

 private:
  struct Part {
    std::vector<std::uint32_t> slots;  // 0 = empty, else (record offset + 1) << 8 | hash bits
    std::vector<std::unique_ptr<unsigned char[]>> blocks;  // records, 4 KiB each
    std::size_t block_used = 0;                           // bytes used in the last block
    std::size_t size = 0;
  };
  struct Probe {
    std::size_t slot;  // where the id is, or the empty slot where it would go
    bool found;
  };
  struct Template {
    std::size_t length;
    std::uint64_t mask;  // bit i: byte i differs from the reference (or is past its end)
  };
  struct RecordView;
  static constexpr unsigned char kExplicitRecord = 255;  // a record's first byte: no template

  Probe find(const Part& part, std::string_view id, std::uint64_t h) const;
  RecordView view(const Part& part, std::uint32_t slot) const;
  bool record_equals(const Part& part, std::uint32_t slot, std::string_view id) const;
  void decode_record(const Part& part, std::uint32_t slot, std::string& out) const;
  unsigned char pick_template(std::size_t length, std::uint64_t differs);
  std::size_t allocate_record(Part& part, std::size_t bytes);
  static unsigned char* record_at(const Part& part, std::size_t offset);
  std::uint32_t append_record(Part& part, std::string_view id, std::uint64_t h);
  std::size_t append_explicit_record(Part& part, std::string_view id);
  void grow(Part& part);

  std::array<Part, 256> parts_;
  std::string reference_;  // the first id inserted
  std::vector<Template> templates_;  // at most 255
  unsigned char last_template_ = 0;
  std::size_t memory_bytes_ = 0;  // of the record blocks
  std::size_t size_ = 0;
};

}  // namespace stripe_report
