#pragma once
// Small string helpers shared by the stages. Internal to libnewsindex.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newsindex::detail {

[[nodiscard]] constexpr bool is_ascii_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
[[nodiscard]] constexpr bool is_ascii_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }
[[nodiscard]] constexpr bool is_ascii_lower(char c) noexcept { return c >= 'a' && c <= 'z'; }
[[nodiscard]] constexpr bool is_ascii_alpha(char c) noexcept {
    return is_ascii_upper(c) || is_ascii_lower(c);
}
[[nodiscard]] constexpr bool is_ascii_digit(char c) noexcept { return c >= '0' && c <= '9'; }
[[nodiscard]] constexpr bool is_ascii_alnum(char c) noexcept {
    return is_ascii_alpha(c) || is_ascii_digit(c);
}
[[nodiscard]] constexpr char ascii_lower(char c) noexcept {
    return is_ascii_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

/// Removes leading and trailing white space, including the UTF-8 no-break space.
[[nodiscard]] std::string_view trim(std::string_view s) noexcept;

[[nodiscard]] std::string ascii_lowercase(std::string_view s);

/// Lower-cases ASCII, folds typographic quotes, dashes and no-break spaces to ASCII and
/// collapses runs of white space to one space. Used to compare lines and names
/// independently of how a page typeset them.
[[nodiscard]] std::string fold_for_matching(std::string_view s);

/// Splits on '\n' (a trailing '\r' is dropped from each line).
[[nodiscard]] std::vector<std::string_view> split_lines(std::string_view text);

/// The fields of s between separators ("a\tb\t" -> "a", "b", ""): as many as separators + 1.
[[nodiscard]] std::vector<std::string_view> split_on(std::string_view s, char sep);

/// Calls each_field with each field split_on would return, without a vector (hot loops).
template <typename EachField>
void for_each_field(std::string_view s, char sep, EachField&& each_field) {
    for (std::size_t start = 0;;) {
        const std::size_t at = s.find(sep, start);
        each_field(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
        if (at == std::string_view::npos) return;
        start = at + 1;
    }
}

/// Number of white-space separated words.
[[nodiscard]] std::size_t count_words(std::string_view s) noexcept;

/// True if s is valid UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
[[nodiscard]] bool is_valid_utf8(std::string_view s) noexcept;

/// Appends the UTF-8 encoding of a code point (invalid ones become U+FFFD).
void append_utf8(std::string& out, char32_t cp);

/// MurmurHash3's 64-bit finaliser: every input bit reaches every output bit.
[[nodiscard]] constexpr std::uint64_t mix_bits(std::uint64_t x) noexcept {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

/// A 64-bit hash that never changes between versions or machines (FNV-1a with a final mix);
/// ids and shard choices depend on it.
[[nodiscard]] std::uint64_t stable_hash(std::string_view s) noexcept;

/// Lower-case hexadecimal of a 64-bit value, 16 digits.
[[nodiscard]] std::string to_hex(std::uint64_t v);

}  // namespace newsindex::detail
