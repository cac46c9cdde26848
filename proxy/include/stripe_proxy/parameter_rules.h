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

}  // namespace stripe_proxy::rules
