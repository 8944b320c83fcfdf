#pragma once
// Turning the bytes of a textual input into UTF-8 with '\n' line ends.

#include <string>
#include <string_view>

namespace newsindex::detail {

struct DecodedText {
    std::string text;          ///< UTF-8, line ends normalised to '\n', no BOM
    std::string_view encoding; ///< "utf-8", "utf-16le", "utf-16be", "windows-1252" or "declared"
};

/// Detects the encoding and converts: a BOM first; then a declared UTF-16; then UTF-16 by its
/// zero bytes; then valid UTF-8 (which wins over any other declaration); then a declared
/// charset iconv knows (windows-1251, gb2312, shift_jis, koi8-r, ...); else Windows-1252, a
/// superset of printable Latin-1. Unknown declared names fall back to detection.
[[nodiscard]] DecodedText decode_to_utf8(std::string_view bytes, std::string_view declared_charset = {});

/// As decode_to_utf8, for a page: without a declared charset or a BOM, the charset of a
/// <meta charset> or <meta http-equiv="Content-Type"> in the page's head is the declaration.
[[nodiscard]] DecodedText decode_html_to_utf8(std::string_view bytes, std::string_view declared_charset = {});

/// The charset a page's <meta> tags declare (lower case), or empty.
[[nodiscard]] std::string sniff_meta_charset(std::string_view html);

/// True if the bytes look like a binary file rather than text in any encoding we read:
/// NUL bytes (outside UTF-16) or many control characters. Looks at the first 8 KiB only.
[[nodiscard]] bool looks_binary(std::string_view bytes) noexcept;

/// "utf-16le" or "utf-16be" if the bytes look like UTF-16 text without a byte-order mark
/// (zeros in every other byte, on one side), else empty.
[[nodiscard]] std::string_view utf16_without_bom(std::string_view bytes) noexcept;

/// '\r\n' and lone '\r' become '\n'; NUL bytes are dropped.
void normalise_line_ends(std::string& text);

}  // namespace newsindex::detail
