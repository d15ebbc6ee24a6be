// Error types of the core. Every error says what, where (file, JSON pointer,
// code) and, where it can, how to fix it. Bindings map them onto the Python
// hierarchy cchc.Error > ValidationError, ReferenceError, SnapshotError, ScenarioError.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cchc {

enum class Severity : unsigned char { error, warning };

/// One problem found in input: a JSON pointer to the place, the entity's code
/// when known, and a message a user can act on.
struct Problem {
    Severity severity = Severity::error;
    std::string path;     // RFC 6901 JSON pointer, e.g. "/agencies/3/parent"
    std::string code;     // code/id of the entity concerned, "" when not known
    std::string message;

    [[nodiscard]] std::string to_string() const;
};

/// Control characters of `text` (but '\n' when keep_newline) as \u00XX: messages quote
/// input, and what() is a C string that a NUL would cut short.
std::string escape_control(std::string_view text, bool keep_newline = false);

class Error : public std::runtime_error {
  public:
    /// The message as given, its control characters but newlines escaped (escape_control).
    explicit Error(const std::string& message);
    explicit Error(const char* message) : Error(std::string(message)) {}
};

/// Raised when input fails validation; carries every problem found.
class ValidationError : public Error {
  public:
    ValidationError(std::string source, std::vector<Problem> problems);
    [[nodiscard]] const std::vector<Problem>& problems() const noexcept { return problems_; }
    [[nodiscard]] const std::string& source() const noexcept { return source_; }

  private:
    std::string source_;
    std::vector<Problem> problems_;
};

/// An unknown code was asked for (agency, procedure, person, ...).
class ReferenceError : public Error {
  public:
    using Error::Error;
};

class SnapshotError : public Error {
  public:
    using Error::Error;
};

class ScenarioError : public Error {
  public:
    using Error::Error;
};

/// Appends "~" / "/" escaped per RFC 6901.
std::string json_pointer_escape(const std::string& token);

}  // namespace cchc
