// JSON format version 1 (docs/format.md): reading with full validation and
// deterministic writing (save -> load -> save gives identical bytes).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "cchc/model.hpp"

namespace cchc::io {

inline constexpr int kJsonFormatVersion = 1;

/// Deepest nesting of arrays and objects that any cchc JSON reader accepts (models,
/// scenarios, rule and scorecard packs; docs/format.md). A model needs 5 levels; the
/// limit keeps every recursive walk of a parsed value (copy, dump) far from the stack's end.
inline constexpr std::size_t kMaxJsonDepth = 256;

/// Largest indent (spaces per level) the JSON writers accept (docs/format.md). nlohmann's
/// serializer grows its indentation buffer (512 spaces) by doubling once per level, so
/// steps above 1024 would read past it; 64 is far inside that and more than anyone reads.
inline constexpr int kMaxJsonIndent = 64;

/// Throws std::invalid_argument (Python: ValueError) unless indent is -1 (compact) or
/// 0..kMaxJsonIndent. Every writer that takes an indent calls it first.
void check_json_indent(int indent);

struct JsonReadOptions {
    bool strict = false;  // unknown fields are errors instead of warnings
};

/// Parses and validates a whole model. Reports every problem at once: throws
/// ValidationError (with `source` in its message) and builds nothing on error.
/// The document is streamed (Boost.JSON's incremental parser; nlohmann's where it
/// stops, for the reference messages): each element of `procedures` and `people`
/// (volume rows, training records) is decoded and dropped in turn, so no DOM of
/// the large tables is ever built.
Shared<Model> read_json(std::string_view text, const std::string& source = "", const JsonReadOptions& options = {});

/// The same, reading the file in 1 MiB chunks (never whole); a name ending in
/// ".gz" is inflated in chunks (a bad gzip stream is a ValidationError). Peak
/// memory stays close to the model's own size. `source` names the file in
/// messages (default: `path`); a directory or an unreadable file throws Error
/// naming it. A pipe or character device (/dev/stdin) works: what was read is
/// kept for a second pass instead of seeking back.
Shared<Model> read_json_file(const std::string& path, const std::string& source = "",
                             const JsonReadOptions& options = {});

struct JsonWriteOptions {
    int indent = -1;  // -1: compact; >= 0: pretty with this many spaces
};

std::string write_json(const Model& model, const JsonWriteOptions& options = {});

/// The same bytes, handed to `sink` in pieces of about 1 MiB: people are
/// serialised one at a time, so memory stays small whatever the model's size.
void write_json(const Model& model, const JsonWriteOptions& options,
                const std::function<void(std::string_view)>& sink);

/// Streams write_json into `path` atomically (temporary file, fsync, rename); a path ending in
/// `.gz` is gzip-compressed on the way (level 6, time 0: deterministic bytes).
void save_json(const Model& model, const std::string& path, const JsonWriteOptions& options = {});

}  // namespace cchc::io

#include <nlohmann/json_fwd.hpp>

namespace cchc::io {

/// "a string", "an integer", ...: a JSON value's type for error messages.
std::string json_type_name(const nlohmann::json& value);

}  // namespace cchc::io
