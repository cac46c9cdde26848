// Last line of defence: whatever leaves the proxy (responses, log lines,
// error messages) passes through redact() so the secret key never does.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace stripe_proxy {

class Redactor {
 public:
  Redactor() = default;
  // Secrets shorter than 8 characters are ignored (they would match too much).
  explicit Redactor(std::vector<std::string> secrets);

  // Replaces every occurrence of a secret with "[redacted]", JSON-escaped
  // forms too ("sk\u005ftest_..." reads as the key once parsed).
  std::string redact(std::string_view text) const;
  // The same, in place: no copy when there is nothing to redact (the usual case).
  void redact_in_place(std::string& text) const;
  bool contains_secret(std::string_view text) const;

 private:
  std::vector<std::string> secrets_;
};

}  // namespace stripe_proxy
