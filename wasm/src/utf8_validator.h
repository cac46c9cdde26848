// Streaming UTF-8 validation, one byte at a time, so that a multi-byte
// sequence may be split across chunks. Rejects overlong forms, surrogates and
// code points above U+10FFFF (RFC 3629). Internal to the core.
#pragma once

#include <cstdint>

namespace stripe_report {

class Utf8Validator {
 public:
  // False when `byte` cannot come next in valid UTF-8.
  bool accept(unsigned char byte) {
    if (remaining_ == 0) {
      if (byte < 0x80) return true;
      if (byte >= 0xC2 && byte <= 0xDF) return expect(1, 0x80, 0xBF);
      if (byte == 0xE0) return expect(2, 0xA0, 0xBF);  // no overlong 3-byte forms
      if (byte == 0xED) return expect(2, 0x80, 0x9F);  // no UTF-16 surrogates
      if (byte >= 0xE1 && byte <= 0xEF) return expect(2, 0x80, 0xBF);
      if (byte == 0xF0) return expect(3, 0x90, 0xBF);  // no overlong 4-byte forms
      if (byte >= 0xF1 && byte <= 0xF3) return expect(3, 0x80, 0xBF);
      if (byte == 0xF4) return expect(3, 0x80, 0x8F);  // nothing above U+10FFFF
      return false;
    }
    if (byte < low_ || byte > high_) return false;
    --remaining_;
    low_ = 0x80;
    high_ = 0xBF;
    return true;
  }

  // True between code points (false in the middle of a sequence).
  bool complete() const { return remaining_ == 0; }

 private:
  bool expect(std::uint8_t continuation_bytes, unsigned char low, unsigned char high) {
    remaining_ = continuation_bytes;
    low_ = low;
    high_ = high;
    return true;
  }

  std::uint8_t remaining_ = 0;
  unsigned char low_ = 0x80;   // allowed range of the next continuation byte
  unsigned char high_ = 0xBF;
};

}  // namespace stripe_report
