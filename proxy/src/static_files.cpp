#include "stripe_proxy/static_files.h"

#include <algorithm>
#include <array>
#include <utility>

#include "stripe_wire/form.h"

namespace stripe_proxy {
namespace fs = std::filesystem;

std::optional<fs::path> resolve_static_path(const fs::path& root, std::string_view target) {
  const auto path = stripe_wire::split_target(target).path;
  if (path.empty() || path.front() != '/' || path.size() > 1024) return std::nullopt;
  // No escapes at all: percent-encoding is where traversal tricks hide.
  if (path.find_first_of("%\\") != std::string_view::npos || path.find('\0') != std::string_view::npos) return std::nullopt;
  fs::path relative;
  std::size_t start = 1;
  while (start <= path.size()) {
    const auto end = std::min(path.find('/', start), path.size());
    const auto segment = path.substr(start, end - start);
    if (!segment.empty()) {
      if (segment == "." || segment == ".." || segment.front() == '.') return std::nullopt;
      relative /= std::string(segment);
    }
    start = end + 1;
  }
  std::error_code error;
  const auto canonical_root = fs::canonical(root, error);
  if (error) return std::nullopt;
  auto candidate = canonical_root / relative;
  if (path.back() == '/' || fs::is_directory(candidate, error)) candidate /= "index.html";
  const auto resolved = fs::canonical(candidate, error);
  if (error || !fs::is_regular_file(resolved, error)) return std::nullopt;
  // Symlinks must not lead out of the root.
  const auto [root_end, unused] = std::mismatch(canonical_root.begin(), canonical_root.end(), resolved.begin(), resolved.end());
  (void)unused;
  if (root_end != canonical_root.end()) return std::nullopt;
  return resolved;
}

std::optional<std::string> directory_redirect(const fs::path& root, std::string_view target) {
  const auto path = stripe_wire::split_target(target).path;
  if (path.empty() || path.back() == '/' || path.ends_with("/index.html")) return std::nullopt;
  const auto file = resolve_static_path(root, path);
  if (!file || file->filename() != "index.html") return std::nullopt;
  // The path with its empty segments dropped: "//checkout" would otherwise
  // become "//checkout/", which a browser reads as the host "checkout" (an
  // open redirect). The result starts with one '/' and never with two.
  std::string location;
  for (std::size_t start = 0; start < path.size();) {
    const auto end = std::min(path.find('/', start), path.size());
    if (end > start) location.append("/").append(path.substr(start, end - start));
    start = end + 1;
  }
  return location + "/";
}

std::string_view mime_type_for(const fs::path& file) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 14> types{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".wasm", "application/wasm"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
      {".woff2", "font/woff2"},
      {".csv", "text/csv; charset=utf-8"},
      {".ndjson", "application/x-ndjson"},
  }};
  const auto extension = file.extension().string();
  for (const auto& [suffix, type] : types) {
    if (extension == suffix) return type;
  }
  return "application/octet-stream";
}

std::string_view content_security_policy() {
  static const std::string policy = page_security_headers("/", Config{}).content_security_policy;
  return policy;
}

bool is_embeddable_path(std::string_view request_path) {
  const auto path = stripe_wire::split_target(request_path).path;
  return path == "/checkout" || path.starts_with("/checkout/");
}

// What Stripe documents for Stripe.js, 3-D Secure included
// (https://docs.stripe.com/security/guide#content-security-policy): scripts from
// js.stripe.com and *.js.stripe.com, its frames (card fields, 3-D Secure) from
// those and hooks.stripe.com, its API calls to api.stripe.com. Nothing else
// external; maps.googleapis.com is only for the Address Element, which the pages
// do not use.
constexpr std::string_view stripe_script_sources = "https://js.stripe.com https://*.js.stripe.com";
constexpr std::string_view stripe_frame_sources = "https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com";
constexpr std::string_view stripe_connect_sources = "https://api.stripe.com";

PageSecurityHeaders page_security_headers(std::string_view request_target, const Config& config) {
  std::string connect_src = "'self' " + std::string(stripe_connect_sources);
  // Config validation already limits this to demo mode; checked again because it widens the CSP.
  if (config.mode == "demo" && !config.stripe_js_api.empty() && is_plain_origin(config.stripe_js_api)) {
    connect_src += " " + config.stripe_js_api;
  }
  std::string frame_src(stripe_frame_sources);
  std::string frame_ancestors = "'none'";
  PageSecurityHeaders headers;
  if (is_embeddable_path(request_target)) {
    // The storefront example (/checkout/embed-example.html) frames the checkout from its own origin.
    frame_src = "'self' " + frame_src;
    frame_ancestors = "'self'";
    for (const auto& origin : config.allowed_origins) {
      if (is_plain_origin(origin)) frame_ancestors += " " + origin;
    }
  } else {
    headers.x_frame_options = "DENY";
  }
  headers.content_security_policy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' " +
                                    std::string(stripe_script_sources) + "; frame-src " + frame_src +
                                    "; connect-src " + connect_src +
                                    "; img-src 'self' data:; style-src 'self'; object-src 'none'; base-uri 'none'; "
                                    "frame-ancestors " + frame_ancestors + "; form-action 'self'";
  return headers;
}

std::string_view cache_control_for(const fs::path& file) {
  return file.extension() == ".html" ? "no-cache" : "public, max-age=300, must-revalidate";
}

}  // namespace stripe_proxy
