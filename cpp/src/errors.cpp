#include "cchc/errors.hpp"

namespace cchc {

std::string escape_control(std::string_view text, bool keep_newline) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && !(keep_newline && c == '\n')) || u == 0x7F) {
            static constexpr char hex[] = "0123456789abcdef";
            out += "\\u00";
            out += hex[u >> 4];
            out += hex[u & 0xF];
        } else {
            out += c;
        }
    }
    return out;
}

Error::Error(const std::string& message) : std::runtime_error(escape_control(message, true)) {}

std::string Problem::to_string() const {
    std::string out = severity == Severity::error ? "error" : "warning";
    out += " at ";
    out += escape_control(path.empty() ? "/" : path);
    if (!code.empty()) out += " [" + escape_control(code) + "]";
    out += ": ";
    out += escape_control(message);
    return out;
}

namespace {
std::string summarise(const std::string& source, const std::vector<Problem>& problems) {
    std::size_t errors = 0;
    for (const auto& p : problems) errors += p.severity == Severity::error;
    std::string out = (source.empty() ? std::string("model") : source) + ": " + std::to_string(errors) + " error" +
                      (errors == 1 ? "" : "s");
    constexpr std::size_t kShown = 20;
    std::size_t shown = 0;
    for (const auto& p : problems) {
        if (p.severity != Severity::error) continue;
        if (shown++ == kShown) {
            out += "\n  ... and " + std::to_string(errors - kShown) + " more";
            break;
        }
        out += "\n  " + p.to_string();
    }
    return out;
}
}  // namespace

ValidationError::ValidationError(std::string source, std::vector<Problem> problems)
    : Error(summarise(source, problems)), source_(std::move(source)), problems_(std::move(problems)) {}

std::string json_pointer_escape(const std::string& token) {
    std::string out;
    out.reserve(token.size());
    for (char c : token) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

}  // namespace cchc
