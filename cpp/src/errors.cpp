#include "cchc/errors.hpp"

namespace cchc {

std::string Problem::to_string() const {
    std::string out = severity == Severity::error ? "error" : "warning";
    out += " at ";
    out += path.empty() ? "/" : path;
    if (!code.empty()) out += " [" + code + "]";
    out += ": ";
    out += message;
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
