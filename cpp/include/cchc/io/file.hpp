// Whole-file reading and crash-safe writing.
#pragma once

#include <string>
#include <string_view>

namespace cchc::io {

/// Reads a file's bytes; throws cchc::Error naming the file when it cannot.
std::string read_file(const std::string& path);

/// Writes atomically: a temporary file in the same folder, fsync, rename over
/// the target, fsync of the folder. An interrupted save leaves the old file intact.
void write_file_atomic(const std::string& path, std::string_view bytes);

}  // namespace cchc::io
