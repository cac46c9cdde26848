#include "stripe_proxy/redaction.h"

#include <algorithm>

namespace stripe_proxy {

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
      text.replace(at, secret.size(), "[redacted]");
    }
  }
}

bool Redactor::contains_secret(std::string_view text) const {
  return std::any_of(secrets_.begin(), secrets_.end(),
                     [&](const std::string& secret) { return text.find(secret) != std::string_view::npos; });
}

}  // namespace stripe_proxy
