// Proxy tokens: random, shown once, stored only as SHA-256 hex in the config.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace stripe_proxy {

std::string sha256_hex(std::string_view text);
// The same into a caller's buffer, without allocating (the per-request check).
void sha256_hex_into(std::string_view text, std::span<char, 64> out);

// "spx_" + 32 random bytes as 64 hex digits, from OpenSSL's CSPRNG.
std::string generate_proxy_token();

// n random bytes as hex (request ids, derived keys' salt).
std::string random_hex(std::size_t bytes);

// "req_" + 16 hex digits for access-log request ids: unique, not secret (cheap PRNG).
std::string new_request_id();

// Compares two equal-length strings without an early exit.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace stripe_proxy
