// Static serving of the built web pages: a target maps to a file under the
// root or to nothing (no "..", no encoded separators, no hidden files, no
// symlinks out of the root). MIME types and security headers live here too.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "stripe_proxy/config.h"

namespace stripe_proxy {

// The file for a request path ("/" and "/dir/" mean index.html), or nullopt.
std::optional<std::filesystem::path> resolve_static_path(const std::filesystem::path& root, std::string_view target);

// "/checkout" names a directory with an index.html: its pages load their
// files by relative URLs, which only work from "/checkout/", so the browser is
// sent there (the path plus '/'; the query is dropped; repeated slashes are
// collapsed, so the location never starts with "//"). nullopt otherwise.
std::optional<std::string> directory_redirect(const std::filesystem::path& root, std::string_view target);

// "application/wasm" for .wasm, "text/javascript; charset=utf-8" for .mjs/.js, ...
std::string_view mime_type_for(const std::filesystem::path& file);

// Allows what Stripe.js needs (scripts and frames from js.stripe.com, 3-D Secure
// frames from hooks.stripe.com, calls to api.stripe.com) and nothing else
// external; no framing at all. What every page but the checkout gets outside demo mode.
std::string_view content_security_policy();

// True for the checkout page's files (/checkout and below): the one page a
// storefront may embed in an iframe.
bool is_embeddable_path(std::string_view request_path);

struct PageSecurityHeaders {
  std::string content_security_policy;
  std::string x_frame_options;  // empty: not sent (the CSP's frame-ancestors decides)
};

// The headers of a static file: the checkout may be framed by its own origin
// and the configured allowed_origins, everything else by nobody (plus
// X-Frame-Options: DENY for old browsers); the checkout may also frame itself
// (frame-src 'self', the storefront example). In demo mode the configured
// stripe_js_api (the loopback simulator) is added to connect-src.
PageSecurityHeaders page_security_headers(std::string_view request_target, const Config& config);

// Hashed or versioned assets could be immutable; ours are not, so revalidate.
std::string_view cache_control_for(const std::filesystem::path& file);

}  // namespace stripe_proxy
