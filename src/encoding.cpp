#include "encoding.hpp"

#include "text_util.hpp"

#include <algorithm>
#include <array>
#include <cerrno>

#include <iconv.h>

namespace newsindex::detail {

namespace {

// Windows-1252 code points for bytes 0x80..0x9F (0 = undefined, mapped to U+FFFD).
constexpr std::array<char16_t, 32> cp1252_high = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

std::string from_windows_1252(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 8);
    for (char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        if (b < 0x80) {
            out += c;
        } else if (b < 0xA0) {
            const char16_t cp = cp1252_high[b - 0x80];
            append_utf8(out, cp == 0 ? 0xFFFD : cp);
        } else {
            append_utf8(out, b);
        }
    }
    return out;
}

std::string from_utf16(std::string_view bytes, bool little_endian) {
    std::string out;
    out.reserve(bytes.size());
    const std::size_t units = bytes.size() / 2;
    auto unit = [&](std::size_t i) -> char16_t {
        const auto a = static_cast<unsigned char>(bytes[2 * i]);
        const auto b = static_cast<unsigned char>(bytes[2 * i + 1]);
        return static_cast<char16_t>(little_endian ? (b << 8 | a) : (a << 8 | b));
    };
    for (std::size_t i = 0; i < units; ++i) {
        char32_t cp = unit(i);
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < units) {
            const char16_t low = unit(i + 1);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                ++i;
            }
        }
        append_utf8(out, cp);  // lone surrogates become U+FFFD
    }
    return out;
}

// Keeps the valid parts of mostly-UTF-8 text and replaces each bad byte with U+FFFD.
std::string repair_utf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    std::size_t i = 0;
    while (i < bytes.size()) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        std::size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (n != 0 && i + n <= bytes.size() && is_valid_utf8(bytes.substr(i, n))) {
            out.append(bytes.substr(i, n));
            i += n;
        } else {
            append_utf8(out, 0xFFFD);
            ++i;
        }
    }
    return out;
}

std::size_t count_invalid_utf8_sequences(std::string_view bytes, std::size_t stop_after) {
    std::size_t bad = 0;
    std::size_t i = 0;
    while (i < bytes.size() && bad < stop_after) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        std::size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (n != 0 && i + n <= bytes.size() && (n == 1 || is_valid_utf8(bytes.substr(i, n)))) {
            i += n;
        } else {
            ++bad;
            ++i;
        }
    }
    return bad;
}

// Multi-byte UTF-8 dominating a text with a handful of bad bytes is damaged UTF-8, not
// Windows-1252 (where valid multi-byte sequences are rare by chance).
bool has_few_utf8_errors(std::string_view bytes) {
    const std::size_t bad = count_invalid_utf8_sequences(bytes, 64);
    return bad < 64 && bad * 2000 < bytes.size();
}

// Converts with glibc's iconv, for the legacy encodings news pages still declare
// (windows-1251, koi8-r, gb2312, shift_jis, euc-kr, iso-8859-x...). Bytes that are invalid in
// the encoding become U+FFFD. Returns false if iconv does not know the encoding.
bool convert_with_iconv(std::string_view bytes, const std::string& charset, std::string& out) {
    // Decoders of supersets read every page of their subset, and pages mislabel the subset.
    std::string name = charset;
    if (name == "gb2312" || name == "gbk" || name == "x-gbk") name = "gb18030";
    if (name == "shift-jis" || name == "sjis" || name == "x-sjis") name = "shift_jis";
    if (name == "ks_c_5601-1987" || name == "euc-kr") name = "cp949";
    iconv_t cd = iconv_open("UTF-8", name.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1)) return false;
    out.clear();
    out.reserve(bytes.size() * 2);
    char buffer[16384];
    char* in = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    while (in_left > 0) {
        char* dst = buffer;
        std::size_t dst_left = sizeof buffer;
        const std::size_t rc = iconv(cd, &in, &in_left, &dst, &dst_left);
        out.append(buffer, static_cast<std::size_t>(dst - buffer));
        if (rc == static_cast<std::size_t>(-1)) {
            if (errno == E2BIG) continue;
            // EILSEQ or EINVAL (a sequence cut short at the end): mark it and go on.
            append_utf8(out, 0xFFFD);
            ++in;
            --in_left;
        }
    }
    iconv_close(cd);
    return true;
}

bool is_latin1_label(const std::string& charset) {
    return charset == "iso-8859-1" || charset == "latin1" || charset == "latin-1" || charset == "windows-1252" ||
           charset == "cp1252" || charset == "us-ascii" || charset == "ascii" || charset == "iso8859-1";
}

}  // namespace

std::string sniff_meta_charset(std::string_view html) {
    // The HTML standard's prescan looks at the first 1024 bytes; pages with long heads put the
    // meta later, so look a little further.
    const std::string head = ascii_lowercase(html.substr(0, 4096));
    std::size_t at = 0;
    while ((at = head.find("<meta", at)) != std::string::npos) {
        const std::size_t end = head.find('>', at);
        if (end == std::string::npos) break;
        const std::string_view tag = std::string_view(head).substr(at, end - at);
        at = end;
        const std::size_t cs = tag.find("charset");
        if (cs == std::string_view::npos) continue;
        std::size_t i = cs + 7;
        while (i < tag.size() && (tag[i] == ' ' || tag[i] == '=' || tag[i] == '"' || tag[i] == '\'')) ++i;
        std::size_t j = i;
        while (j < tag.size() && (is_ascii_alnum(tag[j]) || tag[j] == '-' || tag[j] == '_' || tag[j] == ':' || tag[j] == '.')) ++j;
        if (j > i) return std::string(tag.substr(i, j - i));
    }
    return {};
}

DecodedText decode_html_to_utf8(std::string_view bytes, std::string_view declared_charset) {
    if (trim(declared_charset).empty() && !bytes.starts_with("\xEF\xBB\xBF") && !bytes.starts_with("\xFF\xFE") &&
        !bytes.starts_with("\xFE\xFF")) {
        const std::string meta = sniff_meta_charset(bytes);
        return decode_to_utf8(bytes, meta);
    }
    return decode_to_utf8(bytes, declared_charset);
}

void normalise_line_ends(std::string& text) {
    std::size_t w = 0;
    for (std::size_t r = 0; r < text.size(); ++r) {
        const char c = text[r];
        if (c == '\r') {
            text[w++] = '\n';
            if (r + 1 < text.size() && text[r + 1] == '\n') ++r;
        } else if (c != '\0') {
            text[w++] = c;
        }
    }
    text.resize(w);
}

std::string_view utf16_without_bom(std::string_view bytes) noexcept {
    // ASCII-range text in UTF-16 has a zero in every other byte, always on the same side.
    bytes = bytes.substr(0, 8192);
    const std::size_t pairs = bytes.size() / 2;
    if (pairs < 8) return {};
    std::size_t zero_even = 0, zero_odd = 0;
    for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
        zero_even += bytes[i] == '\0' ? 1 : 0;
        zero_odd += bytes[i + 1] == '\0' ? 1 : 0;
    }
    if (zero_odd * 10 >= pairs * 4 && zero_even * 20 < pairs) return "utf-16le";
    if (zero_even * 10 >= pairs * 4 && zero_odd * 20 < pairs) return "utf-16be";
    return {};
}

bool looks_binary(std::string_view bytes) noexcept {
    bytes = bytes.substr(0, 8192);
    if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) return false;
    if (!utf16_without_bom(bytes).empty()) return false;
    std::size_t control = 0;
    for (char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        if (b == 0) return true;
        if (b < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\x1B') ++control;
    }
    return control * 100 > bytes.size();  // text has almost none; binaries have many
}

DecodedText decode_to_utf8(std::string_view bytes, std::string_view declared_charset) {
    DecodedText out;
    const std::string charset = ascii_lowercase(trim(declared_charset));
    if (bytes.starts_with("\xEF\xBB\xBF")) {
        bytes.remove_prefix(3);
        out.encoding = "utf-8";
        out.text = is_valid_utf8(bytes) ? std::string(bytes) : repair_utf8(bytes);
    } else if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
        const bool little = bytes[0] == '\xFF';
        out.encoding = little ? "utf-16le" : "utf-16be";
        out.text = from_utf16(bytes.substr(2), little);
    } else if (charset == "utf-16le" || charset == "utf-16be") {
        out.encoding = charset == "utf-16le" ? "utf-16le" : "utf-16be";
        out.text = from_utf16(bytes, charset == "utf-16le");
    } else if (const std::string_view utf16 = utf16_without_bom(bytes); !utf16.empty()) {
        out.encoding = utf16;
        out.text = from_utf16(bytes, utf16 == "utf-16le");
    } else if (is_latin1_label(charset) && !is_valid_utf8(bytes)) {
        out.encoding = "windows-1252";
        out.text = from_windows_1252(bytes);
    } else if (is_valid_utf8(bytes)) {
        // Legacy encodings almost never form valid UTF-8 by chance, while pages mislabelled
        // as Latin-1 or anything else but really UTF-8 are common: valid UTF-8 wins.
        out.encoding = "utf-8";
        out.text = std::string(bytes);
    } else if (!charset.empty() && charset != "utf-8" && charset != "utf8" && !is_latin1_label(charset) &&
               convert_with_iconv(bytes, charset, out.text)) {
        out.encoding = "declared";
    } else if (has_few_utf8_errors(bytes)) {
        // A few stray bytes in a long UTF-8 text: repair rather than reinterpret it all.
        out.encoding = "utf-8";
        out.text = repair_utf8(bytes);
    } else {
        out.encoding = "windows-1252";
        out.text = from_windows_1252(bytes);
    }
    normalise_line_ends(out.text);
    return out;
}

}  // namespace newsindex::detail
