// Putting untrusted text into error messages safely: messages end up in JSON
// (CLI, wasm results), so they must stay valid UTF-8 and short.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace stripe_report {

// Printable ASCII kept, every other byte written as \xNN; at most `max_bytes`
// input bytes shown, then "...". For names and strings from binary data.
inline std::string printable_ascii(std::string_view text, std::size_t max_bytes = 64) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < text.size() && i < max_bytes; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x20 && byte < 0x7f && byte != '\\') {
      out += static_cast<char>(byte);
    } else {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    }
  }
  if (text.size() > max_bytes) out += "...";
  return out;
}

// A prefix of valid UTF-8 text, cut at a code point boundary (never inside a
// multi-byte sequence), with "..." when shortened.
inline std::string utf8_prefix(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

}  // namespace stripe_report
