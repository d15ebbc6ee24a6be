// Text as every reader stores it: valid UTF-8 in Unicode Normalization Form C.
//
// Codes and names are compared byte by byte, so "Sở" typed as S + ơ + U+0309 (NFD, as some
// Windows and macOS tools write Vietnamese) must become the precomposed "Sở" before it is
// stored or looked up. The tables come from Python's unicodedata (scripts/gen_unicode_nfc.py).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cchc {

/// Byte offset of the first byte that does not start a well-formed UTF-8 sequence (overlong
/// forms, surrogates and code points past U+10FFFF are ill-formed); npos when `text` is valid.
std::size_t invalid_utf8_at(std::string_view text) noexcept;

/// Whether valid UTF-8 `text` is in NFC (ASCII and most NFC text: one pass, no allocation).
bool is_nfc(std::string_view text);

/// The NFC form of valid UTF-8 `text` (an ill-formed byte becomes U+FFFD).
std::string to_nfc(std::string_view text);

/// Replaces `text` by its NFC form; does not allocate when it already is NFC (the usual case).
void normalize_nfc(std::string& text);

/// The problem with stored text, empty when it is valid UTF-8 in NFC: the one check every
/// reader's output passes (check_tables), so a forged snapshot cannot bring in other text.
std::string text_problem(std::string_view text);

}  // namespace cchc
