#include "stripe_proxy/http_wire.h"

#include <algorithm>

namespace stripe_proxy {
namespace {

void append_version(std::string& out, unsigned version) {
  out += "HTTP/";
  out += static_cast<char>('0' + version / 10 % 10);
  out += '.';
  out += static_cast<char>('0' + version % 10);
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += ": ";
  out += value;
  out += "\r\n";
}

template <bool isRequest>
void append_fields_and_body(std::string& out, const http::message<isRequest, http::string_body>& message) {
  for (const auto& field : message) append_field(out, field.name_string(), field.value());
  out += "\r\n";
  out += message.body();
}

template <bool isRequest>
std::size_t size_hint(const http::message<isRequest, http::string_body>& message) {
  std::size_t size = 64 + message.body().size();
  for (const auto& field : message) size += field.name_string().size() + field.value().size() + 4;
  return size;
}

bool splits_request(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

void append_status_line(std::string& out, const string_response& response) {
  append_version(out, response.version());
  const auto status = response.result_int();
  out += ' ';
  out += static_cast<char>('0' + status / 100 % 10);
  out += static_cast<char>('0' + status / 10 % 10);
  out += static_cast<char>('0' + status % 10);
  out += ' ';
  const auto reason = response.reason();
  out += reason.empty() ? http::obsolete_reason(response.result()) : reason;
  out += "\r\n";
}

}  // namespace

std::string to_wire(const string_response& response) {
  std::string out;
  out.reserve(size_hint(response));
  append_status_line(out, response);
  append_fields_and_body(out, response);
  return out;
}

std::string to_wire(const string_response& response, std::string_view request_id, bool keep_alive, bool with_body) {
  std::string out;
  out.reserve(size_hint(response) + request_id.size() + 40);
  append_status_line(out, response);
  for (const auto& field : response) {
    if (field.name() != http::field::connection) append_field(out, field.name_string(), field.value());
  }
  // What message::keep_alive(bool) would leave: HTTP/1.1 persists unless
  // told to close, HTTP/1.0 closes unless told to keep alive.
  if (response.version() >= 11 && !keep_alive) append_field(out, "Connection", "close");
  if (response.version() < 11 && keep_alive) append_field(out, "Connection", "keep-alive");
  append_field(out, "X-Request-Id", request_id);
  out += "\r\n";
  if (with_body) out += response.body();
  return out;
}

std::string to_wire(const string_request& request) {
  std::string out;
  out.reserve(size_hint(request));
  out += request.method_string();
  out += ' ';
  out += request.target();
  out += ' ';
  append_version(out, request.version());
  out += "\r\n";
  append_fields_and_body(out, request);
  return out;
}

std::string upstream_fixed_headers(const Upstream& upstream, std::string_view secret_key,
                                   std::string_view stripe_version) {
  const bool default_port = upstream.port == (upstream.tls ? "443" : "80");
  std::string out = "Host: " + upstream.host;
  if (!default_port) out += ":" + upstream.port;
  out += "\r\nAuthorization: Bearer ";
  out += secret_key;
  out += "\r\nStripe-Version: ";
  out += stripe_version;
  out += "\r\nUser-Agent: stripe-proxy/0.1\r\nAccept: application/json\r\n";
  return out;
}

std::string upstream_request_bytes(http::verb method, std::string_view target, std::string_view fixed_headers,
                                   std::string_view idempotency_key, std::string_view body) {
  if (target.empty() || splits_request(target) || target.find(' ') != std::string_view::npos ||
      splits_request(idempotency_key)) {
    return {};
  }
  const auto method_name = http::to_string(method);
  std::string out;
  out.reserve(method_name.size() + target.size() + fixed_headers.size() + idempotency_key.size() + body.size() + 128);
  out.append(method_name.data(), method_name.size());
  out += ' ';
  out += target;
  out += " HTTP/1.1\r\n";
  out += fixed_headers;
  if (method == http::verb::post) {
    out += "Content-Type: application/x-www-form-urlencoded\r\nIdempotency-Key: ";
    out += idempotency_key;
    out += "\r\n";
  }
  if (method == http::verb::post || !body.empty()) {
    out += "Content-Length: ";
    out += std::to_string(body.size());
    out += "\r\n";
  }
  out += "\r\n";
  out += body;
  return out;
}

}  // namespace stripe_proxy
