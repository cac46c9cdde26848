// A position in a short text being parsed left to right: the shared base of
// the date parser (calendar.cpp) and the POSIX TZ rule parser.
#pragma once

#include <cstddef>
#include <string_view>

namespace stripe_report {

class TextCursor {
 public:
  explicit TextCursor(std::string_view text) : text_(text) {}
  bool at_end() const { return pos_ == text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  // Consumes `c` if it is next.
  bool take(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  void advance() { ++pos_; }
  std::size_t position() const { return pos_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace stripe_report
