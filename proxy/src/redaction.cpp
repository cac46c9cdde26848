#include "stripe_proxy/redaction.h"

#include <algorithm>
#include <optional>

namespace stripe_proxy {
namespace {

constexpr std::string_view replacement = "[redacted]";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The character a JSON reader sees at text[at] (a plain byte, or an escape
// such as \u0073 or \/), and where the next one starts. Escapes of non-ASCII
// code points decode to '\0', which no secret contains (Stripe keys are ASCII).
std::optional<char> decode_json_char(std::string_view text, std::size_t& at) {
  if (at >= text.size()) return std::nullopt;
  if (text[at] != '\\') return text[at++];
  if (at + 1 >= text.size()) return std::nullopt;
  const char kind = text[at + 1];
  if (kind != 'u') {
    at += 2;
    switch (kind) {
      case '"': case '\\': case '/': return kind;
      case 'b': return '\b';
      case 'f': return '\f';
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      default: return std::nullopt;
    }
  }
  if (at + 6 > text.size()) return std::nullopt;
  int code = 0;
  for (std::size_t i = at + 2; i < at + 6; ++i) {
    const int digit = hex_value(text[i]);
    if (digit < 0) return std::nullopt;
    code = code * 16 + digit;
  }
  at += 6;
  return code < 0x80 ? static_cast<char>(code) : '\0';
}

// Length of the raw text at `start` that a JSON reader decodes to `secret`, or 0.
std::size_t escaped_match(std::string_view text, std::size_t start, std::string_view secret) {
  std::size_t at = start;
  for (char wanted : secret) {
    const auto got = decode_json_char(text, at);
    if (!got || *got != wanted) return 0;
  }
  return at - start;
}

// Occurrences written with JSON escapes ("sk\u005ftest_..."): an echoing or
// hostile upstream can send them, and the client's JSON parser turns them back
// into the key. Scans only from a backslash or the secret's first byte.
void redact_escaped(std::string& text, std::string_view secret) {
  for (std::size_t at = 0; at < text.size();) {
    if (text[at] != '\\' && text[at] != secret.front()) {
      ++at;
      continue;
    }
    if (const auto length = escaped_match(text, at, secret)) {
      text.replace(at, length, replacement);
      at += replacement.size();
    } else {
      ++at;
    }
  }
}

}  // namespace

Redactor::Redactor(std::vector<std::string> secrets) {
  for (auto& secret : secrets) {
    if (secret.size() >= 8) secrets_.push_back(std::move(secret));
  }
}

std::string Redactor::redact(std::string_view text) const {
  std::string out(text);
  redact_in_place(out);
  return out;
}

void Redactor::redact_in_place(std::string& text) const {
  for (const auto& secret : secrets_) {
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
      text.replace(at, secret.size(), replacement);
    }
  }
  // The usual text has no escapes at all: one memchr and done.
  if (text.find('\\') == std::string::npos) return;
  for (const auto& secret : secrets_) redact_escaped(text, secret);
}

bool Redactor::contains_secret(std::string_view text) const {
  return std::any_of(secrets_.begin(), secrets_.end(), [&](const std::string& secret) {
    if (text.find(secret) != std::string_view::npos) return true;
    for (std::size_t at = text.find('\\'); at != std::string_view::npos; at = text.find('\\', at + 1)) {
      // An escaped occurrence starts at most one plain prefix before a backslash.
      const auto from = at >= secret.size() ? at - secret.size() : 0;
      for (std::size_t start = from; start <= at; ++start) {
        if (escaped_match(text, start, secret)) return true;
      }
    }
    return false;
  });
}

}  // namespace stripe_proxy
