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
  for (const auto& secret : secrets_) {
    for (auto at = out.find(secret); at != std::string::npos; at = out.find(secret, at)) {
      out.replace(at, secret.size(), "[redacted]");
    }
  }
  return out;
}

bool Redactor::contains_secret(std::string_view text) const {
  return std::any_of(secrets_.begin(), secrets_.end(),
                     [&](const std::string& secret) { return text.find(secret) != std::string_view::npos; });
}

}  // namespace stripe_proxy
