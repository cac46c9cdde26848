// Value checks for the parameters the gateway lets through. Each returns an
// empty string when the value is acceptable, else why it is not.
#pragma once

#include <string>
#include <string_view>

namespace stripe_proxy::rules {

std::string integer_in(std::string_view value, long long min, long long max);
std::string object_id(std::string_view value);
std::string currency(std::string_view value);
std::string expansion(std::string_view value);       // "data.balance_transaction"
std::string plain_text(std::string_view value, std::size_t max_size);  // no control characters
std::string email(std::string_view value);
std::string one_of(std::string_view value, std::initializer_list<std::string_view> allowed);
std::string lower_word(std::string_view value);      // [a-z_]{1,64}, e.g. a type filter
// An id in a path: a lower-case prefix, '_', then letters/digits/'_' ("ch_3Pq1"),
// so that words such as "search" in /v1/charges/search are never taken for ids.
std::string path_id(std::string_view value);

// True when a Content-Type header names exactly `media_type` (case-insensitive),
// optionally followed by parameters: "application/json; charset=utf-8" is
// application/json, "application/jsonx" is not.
bool media_type_is(std::string_view content_type, std::string_view media_type);

}  // namespace stripe_proxy::rules
