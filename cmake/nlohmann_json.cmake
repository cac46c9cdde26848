# nlohmann/json from Debian (nlohmann-json3-dev). Emscripten's sysroot does not
# see /usr/include, and adding all of /usr/include would pull glibc headers into
# the wasm build, so we stage a directory that holds only nlohmann/.
find_path(NLOHMANN_JSON_HEADER_DIR nlohmann/json.hpp
  PATHS /usr/include NO_CMAKE_FIND_ROOT_PATH REQUIRED)
set(NLOHMANN_STAGED_DIR ${CMAKE_BINARY_DIR}/third_party/nlohmann_only)
file(COPY ${NLOHMANN_JSON_HEADER_DIR}/nlohmann DESTINATION ${NLOHMANN_STAGED_DIR})
add_library(nlohmann_json_only INTERFACE)
target_include_directories(nlohmann_json_only SYSTEM INTERFACE ${NLOHMANN_STAGED_DIR})
