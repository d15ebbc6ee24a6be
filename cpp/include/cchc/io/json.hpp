// JSON format version 1 (docs/format.md): reading with full validation and
// deterministic writing (save -> load -> save gives identical bytes).
#pragma once

#include <string>
#include <string_view>

#include "cchc/model.hpp"

namespace cchc::io {

inline constexpr int kJsonFormatVersion = 1;

struct JsonReadOptions {
    bool strict = false;  // unknown fields are errors instead of warnings
};

/// Parses and validates a whole model. Reports every problem at once: throws
/// ValidationError (with `source` in its message) and builds nothing on error.
Shared<Model> read_json(std::string_view text, const std::string& source = "", const JsonReadOptions& options = {});

struct JsonWriteOptions {
    int indent = -1;  // -1: compact; >= 0: pretty with this many spaces
};

std::string write_json(const Model& model, const JsonWriteOptions& options = {});

}  // namespace cchc::io

#include <nlohmann/json_fwd.hpp>

namespace cchc::io {

/// "a string", "an integer", ...: a JSON value's type for error messages.
std::string json_type_name(const nlohmann::json& value);

}  // namespace cchc::io
