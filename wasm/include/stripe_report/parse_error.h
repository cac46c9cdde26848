// A structured input error: which rule broke, where, and on what object.
#pragma once

#include <cstdint>
#include <string>

namespace stripe_report {

struct ParseError {
  std::string code;             // stable machine code, e.g. "invalid_json", "unknown_currency"
  std::string message;          // for people: names the field and object id where known
  std::uint64_t byte_offset = 0;  // offset into the whole stream (all chunks together)
  std::uint64_t line = 0;       // 1-based line for CSV/NDJSON, 0 when not meaningful
  std::string object_id;        // id of the offending object, when known
  std::string field;            // offending field / column, when known
};

}  // namespace stripe_report
