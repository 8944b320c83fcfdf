#pragma once
// Turning the bytes of a textual input into UTF-8 with '\n' line ends.

#include <string>
#include <string_view>

namespace newsindex::detail {

struct DecodedText {
    std::string text;          ///< UTF-8, line ends normalised to '\n', no BOM
    std::string_view encoding; ///< "utf-8", "utf-16le", "utf-16be" or "windows-1252"
};

/// Detects the encoding (BOM, then UTF-8 validity, else Windows-1252, which is a superset of
/// the printable Latin-1 range) and converts. A declared charset (from HTTP or a meta tag),
/// if given and known, wins over detection; unknown names fall back to detection.
[[nodiscard]] DecodedText decode_to_utf8(std::string_view bytes, std::string_view declared_charset = {});

/// True if the bytes look like a binary file rather than text in any encoding we read:
/// NUL bytes (outside UTF-16) or many control characters. Looks at the first 8 KiB only.
[[nodiscard]] bool looks_binary(std::string_view bytes) noexcept;

/// '\r\n' and lone '\r' become '\n'; NUL bytes are dropped.
void normalise_line_ends(std::string& text);

}  // namespace newsindex::detail
