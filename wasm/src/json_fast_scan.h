// Non-resumable JSON primitives for bytes that lie wholly inside one chunk:
// the fast paths of JsonScanner and of the handlers it offers an object body
// to (JsonEvents::object_body). Each accepts exactly what JsonScanner accepts
// and answers nullptr ("not here") on anything else, including the end of the
// chunk and bytes JsonScanner would reject: the caller then takes the
// resumable path, which gives the precise error. So a fast path can only ever
// be faster, never more lenient.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace stripe_report::json_fast {

using Byte = unsigned char;

// Byte classes inside a string. `plain` bytes are copied as they are; the
// inner loops only stop for the others.
enum StringClass : std::uint8_t {
  plain, quote, backslash, control, lead2, lead3, lead4, invalid_byte
};

constexpr std::array<std::uint8_t, 256> make_string_classes() {
  std::array<std::uint8_t, 256> classes{};
  for (int c = 0; c < 256; ++c) {
    std::uint8_t k = plain;
    if (c < 0x20) k = control;
    else if (c == '"') k = quote;
    else if (c == '\\') k = backslash;
    else if (c < 0x80) k = plain;
    else if (c >= 0xC2 && c <= 0xDF) k = lead2;
    else if (c >= 0xE0 && c <= 0xEF) k = lead3;
    else if (c >= 0xF0 && c <= 0xF4) k = lead4;
    else k = invalid_byte;  // continuation bytes out of place, C0, C1, F5..FF
    classes[static_cast<std::size_t>(c)] = k;
  }
  return classes;
}
inline constexpr auto kStringClasses = make_string_classes();

constexpr bool is_digit(Byte c) { return c >= '0' && c <= '9'; }

// The first byte at or after p that is not plain: '"', '\\', < 0x20 or
// >= 0x80. Most strings in Stripe objects are ids, codes and descriptions of
// 3-50 ASCII bytes: 16 bytes a step with SIMD (wasm simd128 or SSE2), then 8
// a step (SWAR), then bytes.
inline const Byte* skip_plain(const Byte* p, const Byte* end) {
#if defined(__wasm_simd128__)
  const v128_t quote = wasm_i8x16_splat('"');
  const v128_t backslash = wasm_i8x16_splat('\\');
  const v128_t space = wasm_i8x16_splat(0x20);
  while (end - p >= 16) {
    const v128_t v = wasm_v128_load(p);
    // Signed: bytes >= 0x80 are negative, so `< 0x20` takes them too.
    const v128_t special = wasm_v128_or(wasm_v128_or(wasm_i8x16_eq(v, quote),
                                                     wasm_i8x16_eq(v, backslash)),
                                        wasm_i8x16_lt(v, space));
    if (const std::uint32_t mask = wasm_i8x16_bitmask(special)) return p + __builtin_ctz(mask);
    p += 16;
  }
#elif defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(0x20);
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote),
                                                      _mm_cmpeq_epi8(v, backslash)),
                                         _mm_cmplt_epi8(v, space));
    if (const int mask = _mm_movemask_epi8(special)) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  while (end - p >= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, 8);
    const std::uint64_t quote_bits = word ^ (kOnes * '"');
    const std::uint64_t backslash_bits = word ^ (kOnes * '\\');
    const std::uint64_t special = ((quote_bits - kOnes) & ~quote_bits) |
                                  ((backslash_bits - kOnes) & ~backslash_bits) |
                                  (word - kOnes * 0x20) | word;
    if ((special & kHigh) != 0) {
      // The lowest flagged byte is a true hit (the tricks only misflag bytes
      // above a real one), so on little-endian it is the first special byte.
      if constexpr (std::endian::native == std::endian::little) {
        return p + (__builtin_ctzll(special & kHigh) >> 3);
      }
      break;
    }
    p += 8;
  }
  while (p != end && kStringClasses[*p] == plain) ++p;
  return p;
}

// Whitespace; nullptr at the end of the chunk (what follows is not here).
inline const Byte* skip_whitespace(const Byte* p, const Byte* end, std::uint64_t& newlines) {
  for (; p != end; ++p) {
    const Byte c = *p;
    if (c > ' ') return p;
    if (c == '\n') ++newlines;
    else if (c != ' ' && c != '\t' && c != '\r') return p;  // a control byte: the caller rejects it
  }
  return nullptr;
}

inline int hex_digit(Byte c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Four hex digits at p into `unit`; nullptr if they are not all here and hex.
inline const Byte* read_hex4(const Byte* p, const Byte* end, std::uint32_t& unit) {
  if (end - p < 4) return nullptr;
  unit = 0;
  for (int i = 0; i < 4; ++i) {
    const int digit = hex_digit(p[i]);
    if (digit < 0) return nullptr;
    unit = unit * 16 + static_cast<std::uint32_t>(digit);
  }
  return p + 4;
}

// An escape after its backslash: \" \\ \/ \b \f \n \r \t, or \uXXXX with
// surrogates paired (a high one followed by \u and a low one).
inline const Byte* skip_escape(const Byte* p, const Byte* end) {
  if (p == end) return nullptr;
  switch (*p) {
    case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
      return p + 1;
    case 'u': break;
    default: return nullptr;
  }
  std::uint32_t unit = 0;
  p = read_hex4(p + 1, end, unit);
  if (p == nullptr || (unit >= 0xDC00 && unit <= 0xDFFF)) return nullptr;
  if (unit < 0xD800 || unit > 0xDBFF) return p;
  if (end - p < 2 || p[0] != '\\' || p[1] != 'u') return nullptr;
  p = read_hex4(p + 2, end, unit);
  return p != nullptr && unit >= 0xDC00 && unit <= 0xDFFF ? p : nullptr;
}

// One UTF-8 sequence of 2-4 bytes starting with its lead byte: no overlong
// forms, no UTF-16 surrogates, nothing above U+10FFFF.
inline const Byte* skip_utf8(const Byte* p, const Byte* end) {
  const Byte lead = *p;
  int continuation = 0;
  Byte low = 0x80;
  Byte high = 0xBF;
  switch (kStringClasses[lead]) {
    case lead2: continuation = 1; break;
    case lead3:
      continuation = 2;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
      break;
    case lead4:
      continuation = 3;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
      break;
    default: return nullptr;
  }
  if (end - p <= continuation) return nullptr;
  ++p;
  for (int i = 0; i < continuation; ++i, ++p) {
    if (*p < low || *p > high) return nullptr;
    low = 0x80;
    high = 0xBF;
  }
  return p;
}

// A string's contents after its opening quote; returns the byte after the
// closing quote.
inline const Byte* skip_string(const Byte* p, const Byte* end) {
  for (;;) {
    p = skip_plain(p, end);
    if (p == end) return nullptr;
    switch (kStringClasses[*p]) {
      case quote: return p + 1;
      case backslash: p = skip_escape(p + 1, end); break;
      case lead2: case lead3: case lead4: p = skip_utf8(p, end); break;
      default: return nullptr;  // a control byte or invalid UTF-8
    }
    if (p == nullptr) return nullptr;
  }
}

// A number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? followed by a byte
// that is in this chunk (else the number might go on in the next one).
inline const Byte* skip_number(const Byte* p, const Byte* end) {
  if (p != end && *p == '-') ++p;
  if (p == end || !is_digit(*p)) return nullptr;
  if (*p == '0') {
    ++p;
  } else {
    while (p != end && is_digit(*p)) ++p;
  }
  if (p != end && *p == '.') {
    ++p;
    if (p == end || !is_digit(*p)) return nullptr;
    while (p != end && is_digit(*p)) ++p;
  }
  if (p != end && (*p == 'e' || *p == 'E')) {
    ++p;
    if (p != end && (*p == '+' || *p == '-')) ++p;
    if (p == end || !is_digit(*p)) return nullptr;
    while (p != end && is_digit(*p)) ++p;
  }
  return p == end ? nullptr : p;
}

template <std::size_t N>
inline const Byte* skip_literal(const Byte* p, const Byte* end, const char (&literal)[N]) {
  if (static_cast<std::size_t>(end - p) < N - 1) return nullptr;
  for (std::size_t i = 0; i + 1 < N; ++i) {
    if (p[i] != static_cast<Byte>(literal[i])) return nullptr;
  }
  return p + (N - 1);
}

// Any value starting at p (no leading whitespace); `depth_left` more
// containers may open. Returns the byte after the value.
inline const Byte* skip_value(const Byte* p, const Byte* end, std::size_t depth_left,
                              std::uint64_t& newlines) {
  switch (*p) {
    case '"': return skip_string(p + 1, end);
    case 't': return skip_literal(p, end, "true");
    case 'f': return skip_literal(p, end, "false");
    case 'n': return skip_literal(p, end, "null");
    case '{':
    case '[': break;
    default: return skip_number(p, end);
  }
  if (depth_left == 0) return nullptr;
  const bool object = *p == '{';
  const Byte close = object ? '}' : ']';
  p = skip_whitespace(p + 1, end, newlines);
  if (p == nullptr) return nullptr;
  if (*p == close) return p + 1;
  for (;;) {
    if (object) {
      if (*p != '"') return nullptr;
      p = skip_string(p + 1, end);
      if (p == nullptr) return nullptr;
      p = skip_whitespace(p, end, newlines);
      if (p == nullptr || *p != ':') return nullptr;
      p = skip_whitespace(p + 1, end, newlines);
      if (p == nullptr) return nullptr;
    }
    p = skip_value(p, end, depth_left - 1, newlines);
    if (p == nullptr) return nullptr;
    p = skip_whitespace(p, end, newlines);
    if (p == nullptr) return nullptr;
    if (*p == close) return p + 1;
    if (*p != ',') return nullptr;
    p = skip_whitespace(p + 1, end, newlines);
    if (p == nullptr) return nullptr;
  }
}

}  // namespace stripe_report::json_fast
