#include "stripe_proxy/token_crypto.h"

#include <array>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

#include <openssl/evp.h>
#include <openssl/rand.h>

namespace stripe_proxy {
namespace {

std::string to_hex(const unsigned char* data, std::size_t size) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out.push_back(digits[data[i] >> 4]);
    out.push_back(digits[data[i] & 0x0f]);
  }
  return out;
}

}  // namespace

std::string sha256_hex(std::string_view text) {
  // Fetched once: EVP_sha256() makes OpenSSL 3 look the algorithm up per call,
  // and every authenticated request hashes its token.
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (!sha256 || EVP_Digest(text.data(), text.size(), digest.data(), &size, sha256, nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  return to_hex(digest.data(), size);
}

std::string random_hex(std::size_t bytes) {
  std::vector<unsigned char> buffer(bytes);
  if (RAND_bytes(buffer.data(), static_cast<int>(buffer.size())) != 1) {
    throw std::runtime_error("no randomness available");
  }
  return to_hex(buffer.data(), buffer.size());
}

std::string new_request_id() {
  // Request ids need to be unique, not unpredictable: a per-thread generator
  // seeded once from the CSPRNG costs far less than RAND_bytes per request.
  thread_local std::mt19937_64 generator = [] {
    std::array<unsigned char, 8> seed{};
    if (RAND_bytes(seed.data(), static_cast<int>(seed.size())) != 1) throw std::runtime_error("no randomness available");
    std::uint64_t value = 0;
    for (const auto byte : seed) value = (value << 8) | byte;
    return std::mt19937_64(value);
  }();
  static constexpr char digits[] = "0123456789abcdef";
  const std::uint64_t value = generator();
  std::string id = "req_";
  id.reserve(20);
  for (int shift = 60; shift >= 0; shift -= 4) id.push_back(digits[(value >> shift) & 0x0f]);
  return id;
}

std::string generate_proxy_token() { return "spx_" + random_hex(32); }

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    difference = static_cast<unsigned char>(difference | (a[i] ^ b[i]));
  }
  return difference == 0;
}

}  // namespace stripe_proxy
