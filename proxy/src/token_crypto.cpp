#include "stripe_proxy/token_crypto.h"

#include <array>
#include <cstdint>
#include <memory>
#include <random>
#include <stdexcept>
#include <vector>

#include <openssl/evp.h>
#include <openssl/rand.h>

namespace stripe_proxy {
namespace {

constexpr char hex_digits[] = "0123456789abcdef";

void write_hex(const unsigned char* data, std::size_t size, char* out) {
  for (std::size_t i = 0; i < size; ++i) {
    out[2 * i] = hex_digits[data[i] >> 4];
    out[2 * i + 1] = hex_digits[data[i] & 0x0f];
  }
}

std::string to_hex(const unsigned char* data, std::size_t size) {
  std::string out(size * 2, '\0');
  write_hex(data, size, out.data());
  return out;
}

}  // namespace

void sha256_hex_into(std::string_view text, std::span<char, 64> out) {
  // Fetched once, and one context per thread reused: EVP_sha256() and
  // EVP_Digest() look the algorithm up and allocate a context on every call,
  // and every authenticated request hashes its token.
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  thread_local const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (!sha256 || !context || EVP_DigestInit_ex2(context.get(), sha256, nullptr) != 1 ||
      EVP_DigestUpdate(context.get(), text.data(), text.size()) != 1 ||
      EVP_DigestFinal_ex(context.get(), digest.data(), &size) != 1 || size != 32) {
    throw std::runtime_error("SHA-256 failed");
  }
  write_hex(digest.data(), size, out.data());
}

std::string sha256_hex(std::string_view text) {
  std::string out(64, '\0');
  sha256_hex_into(text, std::span<char, 64>(out.data(), 64));
  return out;
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
  const std::uint64_t value = generator();
  std::array<unsigned char, 8> bytes{};
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<unsigned char>(value >> (56 - 8 * i));
  std::string id = "req_";
  id.resize(4 + 2 * bytes.size());
  write_hex(bytes.data(), bytes.size(), id.data() + 4);
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
