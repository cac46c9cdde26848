// Static serving of the built web pages: a target maps to a file under the
// root or to nothing (no "..", no encoded separators, no hidden files, no
// symlinks out of the root). MIME types and security headers live here too.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace stripe_proxy {

// The file for a request path ("/" and "/dir/" mean index.html), or nullopt.
std::optional<std::filesystem::path> resolve_static_path(const std::filesystem::path& root, std::string_view target);

// "application/wasm" for .wasm, "text/javascript; charset=utf-8" for .mjs/.js, ...
std::string_view mime_type_for(const std::filesystem::path& file);

// Allows js.stripe.com scripts and frames and nothing else external.
std::string_view content_security_policy();

// Hashed or versioned assets could be immutable; ours are not, so revalidate.
std::string_view cache_control_for(const std::filesystem::path& file);

}  // namespace stripe_proxy
