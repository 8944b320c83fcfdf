#include "text_util.hpp"

namespace newsindex::detail {

namespace {
constexpr std::string_view no_break_space = "\xC2\xA0";

// Typographic characters news pages use where plain text would use ASCII.
struct Fold {
    std::string_view from;
    char to;
};
constexpr Fold typographic_folds[] = {
    {"\xE2\x80\x98", '\''}, {"\xE2\x80\x99", '\''}, {"\xE2\x80\x9C", '"'},
    {"\xE2\x80\x9D", '"'},  {"\xE2\x80\x93", '-'},  {"\xE2\x80\x94", '-'},
    {"\xC2\xA0", ' '},      {"\xE2\x80\x89", ' '},  {"\xE2\x80\xAF", ' '},
};
}  // namespace

std::string_view trim(std::string_view s) noexcept {
    for (;;) {
        if (!s.empty() && is_ascii_space(s.front())) {
            s.remove_prefix(1);
        } else if (s.starts_with(no_break_space)) {
            s.remove_prefix(no_break_space.size());
        } else {
            break;
        }
    }
    for (;;) {
        if (!s.empty() && is_ascii_space(s.back())) {
            s.remove_suffix(1);
        } else if (s.ends_with(no_break_space)) {
            s.remove_suffix(no_break_space.size());
        } else {
            break;
        }
    }
    return s;
}

std::string ascii_lowercase(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

std::string fold_for_matching(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool pending_space = false;
    for (std::size_t i = 0; i < s.size();) {
        char c = s[i];
        std::size_t width = 1;
        if (static_cast<unsigned char>(c) >= 0x80) {
            for (const Fold& f : typographic_folds) {
                if (s.compare(i, f.from.size(), f.from) == 0) {
                    c = f.to;
                    width = f.from.size();
                    break;
                }
            }
        }
        i += width;
        if (is_ascii_space(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) {
            out += ' ';
            pending_space = false;
        }
        out += ascii_lower(c);
    }
    return out;
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t nl = text.find('\n', start);
        std::size_t stop = nl == std::string_view::npos ? text.size() : nl;
        std::string_view line = text.substr(start, stop - start);
        if (line.ends_with('\r')) line.remove_suffix(1);
        if (nl == std::string_view::npos) {
            if (!line.empty()) lines.push_back(line);
            break;
        }
        lines.push_back(line);
        start = nl + 1;
    }
    return lines;
}

std::size_t count_words(std::string_view s) noexcept {
    std::size_t words = 0;
    bool in_word = false;
    for (char c : s) {
        if (is_ascii_space(c)) {
            in_word = false;
        } else if (!in_word) {
            in_word = true;
            ++words;
        }
    }
    return words;
}

bool is_valid_utf8(std::string_view s) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const auto* end = p + s.size();
    while (p < end) {
        unsigned char c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        std::size_t n;
        char32_t cp;
        if ((c & 0xE0) == 0xC0) {
            n = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (static_cast<std::size_t>(end - p) <= n) return false;
        for (std::size_t k = 1; k <= n; ++k) {
            if ((p[k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (p[k] & 0x3F);
        }
        static constexpr char32_t min_for_length[] = {0, 0x80, 0x800, 0x10000};
        if (cp < min_for_length[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        p += n + 1;
    }
    return true;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::uint64_t stable_hash(std::string_view s) noexcept {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    // FNV-1a's low bits mix poorly; a murmur-style finaliser spreads them for shard choice.
    return mix_bits(h);
}

std::string to_hex(std::uint64_t v) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = digits[v & 0xF];
        v >>= 4;
    }
    return out;
}

std::vector<std::string_view> split_on(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    for_each_field(s, sep, [&](std::string_view part) { parts.push_back(part); });
    return parts;
}

}  // namespace newsindex::detail
