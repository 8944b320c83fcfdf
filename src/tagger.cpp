#include "tagger.hpp"

#include "text_util.hpp"

#include <newsindex/error.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <set>

extern "C" {
extern const char newsindex_ner_model[];
extern const char newsindex_ner_model_end[];
extern const char newsindex_ner_lexicon[];
extern const char newsindex_ner_lexicon_end[];
}

namespace newsindex::detail {

namespace {

static_assert(std::endian::native == std::endian::little, "the model format is little-endian");

// ------------------------------------------------------------------ characters and tokens

// Width of the UTF-8 sequence that starts with byte c (1 for a stray continuation byte).
std::size_t utf8_width(unsigned char c) noexcept {
    if (c < 0xC0) return 1;
    if (c < 0xE0) return 2;
    if (c < 0xF0) return 3;
    return 4;
}

std::size_t space_width(std::string_view s, std::size_t i) noexcept {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) return is_ascii_space(s[i]) ? 1 : 0;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) return 2;  // no-break space
    if (c == 0xE2 && i + 2 < s.size()) {
        const auto b1 = static_cast<unsigned char>(s[i + 1]);
        const auto b2 = static_cast<unsigned char>(s[i + 2]);
        if (b1 == 0x80 && (b2 <= 0x8B || b2 == 0xAF || b2 == 0xA8 || b2 == 0xA9))
            return 3;                            // U+2000..200B, 202F, 2028/9
        if (b1 == 0x81 && b2 == 0x9F) return 3;  // U+205F
    }
    if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        static_cast<unsigned char>(s[i + 2]) == 0x80)
        return 3;  // ideographic space
    return 0;
}

// Punctuation that is always a token of its own, at the edges of a word: its byte width, or 0.
// ASCII: brackets, double quote, comma, semicolon, colon, ! ?, backquote, *, #, $, %, |.
// UTF-8: curly quotes, dashes, ellipsis, guillemets, bullets.
std::size_t edge_punct_width(std::string_view s, std::size_t i) noexcept {
    const char c = s[i];
    switch (c) {
        case '(':
        case ')':
        case '[':
        case ']':
        case '{':
        case '}':
        case '"':
        case ',':
        case ';':
        case ':':
        case '!':
        case '?':
        case '`':
        case '*':
        case '#':
        case '$':
        case '%':
        case '|':
        case '<':
        case '>':
        case '=':
        case '+':
        case '~':
        case '^':
        case '\\':
            return 1;
        default:
            break;
    }
    const auto u = static_cast<unsigned char>(c);
    if (u == 0xE2 && i + 2 < s.size()) {
        const auto b1 = static_cast<unsigned char>(s[i + 1]);
        const auto b2 = static_cast<unsigned char>(s[i + 2]);
        // U+2010..2027: dashes, quotes, bullets, ellipsis; U+2039/203A guillemets.
        if (b1 == 0x80 && b2 >= 0x90 && b2 <= 0xA7) return 3;
        if (b1 == 0x80 && (b2 == 0xB9 || b2 == 0xBA)) return 3;
        if (b1 == 0x82 && b2 == 0xAC) return 3;  // euro sign
    }
    if (u == 0xC2 && i + 1 < s.size()) {
        const auto b1 = static_cast<unsigned char>(s[i + 1]);
        if (b1 == 0xAB || b1 == 0xBB || b1 == 0xA3 || b1 == 0xA9 || b1 == 0xAE || b1 == 0xB0 || b1 == 0xB7 ||
            b1 == 0xBF || b1 == 0xA1)
            return 2;  // « » £ © ® ° · ¿ ¡
    }
    return 0;
}

// The apostrophes: ' and ’ (U+2019) and ‘ (U+2018). Returns the width or 0.
std::size_t apostrophe_at(std::string_view s, std::size_t i) noexcept {
    if (s[i] == '\'') return 1;
    if (i + 2 < s.size() + 0 && s.compare(i, 3, "\xE2\x80\x99") == 0) return 3;
    if (i + 2 < s.size() + 0 && s.compare(i, 3, "\xE2\x80\x98") == 0) return 3;
    return 0;
}

bool is_word_byte(char c) noexcept {
    const auto u = static_cast<unsigned char>(c);
    return is_ascii_alnum(c) || u >= 0x80;
}

// Abbreviations that keep their full stop ("Mr." is one token in the corpus).
bool is_abbreviation(std::string_view core) {
    if (core.empty()) return false;
    // Initials and dotted forms: "J", "U.S", "U.N", "a.m".
    if (core.size() == 1 && is_ascii_alpha(core[0])) return true;
    if (core.find('.') != std::string_view::npos) {
        for (char c : core) {
            if (!is_ascii_alnum(c) && c != '.' && c != '-') return false;
        }
        return true;
    }
    static constexpr std::string_view list[] = {
        "mr",   "mrs",  "ms",   "dr",   "prof", "rev", "rep", "sen", "gen",    "gov",  "lt",  "col", "maj",
        "capt", "sgt",  "adm",  "cmdr", "brig", "cpl", "pvt", "st",  "mt",     "jr",   "sr",  "inc", "corp",
        "co",   "ltd",  "bros", "no",   "vs",   "etc", "jan", "feb", "mar",    "apr",  "jun", "jul", "aug",
        "sep",  "sept", "oct",  "nov",  "dec",  "ft",  "gov", "hon", "messrs", "mmes", "est", "fig", "approx",
        "dept", "univ", "assn", "ave",  "blvd", "rd",  "sq",  "u.s", "op",     "vol"};
    std::string lower;
    for (char c : core) lower += ascii_lower(c);
    return std::find(std::begin(list), std::end(list), lower) != std::end(list);
}

// Splits off contractions and the possessive at the end of a word: returns the length of the
// stem, or the whole length if nothing splits.
std::size_t clitic_split(std::string_view w) {
    auto ends_with_apos = [&](std::string_view tail) -> std::size_t {
        // tail without the apostrophe, e.g. "s" for "'s"; compares case-insensitively
        for (std::size_t apos : {std::size_t{1}, std::size_t{3}}) {
            if (w.size() <= tail.size() + apos) continue;
            const std::size_t at = w.size() - tail.size() - apos;
            if (apostrophe_at(w, at) != apos) continue;
            bool same = true;
            for (std::size_t k = 0; k < tail.size(); ++k) same = same && ascii_lower(w[at + apos + k]) == tail[k];
            if (same) return at;
        }
        return std::string_view::npos;
    };
    if (std::size_t at = ends_with_apos("t"); at != std::string_view::npos && at > 1 && ascii_lower(w[at - 1]) == 'n') {
        return at - 1;  // "don't" -> "do" "n't"
    }
    for (std::string_view tail : {"s", "re", "ve", "ll", "d", "m"}) {
        if (std::size_t at = ends_with_apos(tail); at != std::string_view::npos && at > 0 && is_word_byte(w[at - 1])) {
            return at;
        }
    }
    return w.size();
}

// Tokenizes one white-space-free chunk [begin, end) of text.
void tokenize_chunk(std::string_view text, std::size_t begin, std::size_t end, std::vector<Token>& out) {
    std::vector<Token> trailing;
    // Leading punctuation.
    while (begin < end) {
        std::size_t w = edge_punct_width(text, begin);
        if (w == 0 && text[begin] == '-') w = (begin + 1 < end && text[begin + 1] == '-') ? 2 : 1;
        if (w == 0 && text[begin] == '.' && begin + 1 < end && text[begin + 1] == '.') {
            w = 1;
            while (begin + w < end && text[begin + w] == '.') ++w;
        }
        if (w == 0) {
            const std::size_t a = apostrophe_at(text, begin);
            // A leading apostrophe is a quote, unless it starts a clitic chunk ("'s") or a
            // year ("'90s").
            if (a != 0) {
                const std::size_t next = begin + a;
                const bool clitic = next < end && clitic_split(text.substr(begin, end - begin)) == 0;
                const bool year = next < end && is_ascii_digit(text[next]);
                if (!clitic && !year) w = a;
            }
        }
        if (w == 0) break;
        // Runs of the same dash character ("--") stay one token.
        out.push_back({begin, begin + w});
        begin += w;
    }
    // Trailing punctuation.
    while (end > begin) {
        std::size_t w = 0;
        const std::size_t last = end - 1;
        // Find the start of the last UTF-8 character.
        std::size_t start = last;
        while (start > begin && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
        if (edge_punct_width(text, start) == end - start) {
            w = end - start;
        } else if (text[last] == '-') {
            w = 1;
        } else if (text[last] == '.') {
            std::size_t dots = 1;
            while (end - dots > begin && text[end - dots - 1] == '.') ++dots;
            if (dots > 1) {
                w = dots;
            } else {
                const std::string_view core = text.substr(begin, last - begin);
                if (!is_abbreviation(core)) w = 1;
            }
        } else if (apostrophe_at(text, start) == end - start) {
            // A closing quote or the plural possessive ("soldiers'").
            w = end - start;
        }
        if (w == 0) break;
        trailing.push_back({end - w, end});
        end -= w;
        if (text[end] == '.') break;  // "Inc.)" -> after keeping "Inc." nothing more to strip
    }
    // Inside: dashes, ellipses and "--" separate words ("Hama--Homs", "people…who").
    std::size_t piece = begin;
    std::size_t i = begin;
    auto flush = [&](std::size_t until) {
        if (until <= piece) return;
        const std::string_view w = text.substr(piece, until - piece);
        const std::size_t stem = clitic_split(w);
        out.push_back({piece, piece + stem});
        if (stem < w.size()) out.push_back({piece + stem, until});
    };
    while (i < end) {
        std::size_t sep = 0;
        const auto u = static_cast<unsigned char>(text[i]);
        if (u == 0xE2 && i + 2 < end + 0 && static_cast<unsigned char>(text[i + 1]) == 0x80) {
            const auto b2 = static_cast<unsigned char>(text[i + 2]);
            if (b2 == 0x93 || b2 == 0x94 || b2 == 0xA6) sep = 3;  // en dash, em dash, ellipsis
        } else if (text[i] == '-' && i + 1 < end && text[i + 1] == '-') {
            sep = 2;
            while (i + sep < end && text[i + sep] == '-') ++sep;
        } else if (text[i] == '.' && i + 2 < end && text[i + 1] == '.' && text[i + 2] == '.') {
            sep = 3;
        } else if ((text[i] == '"' || text[i] == '(' || text[i] == ')' || text[i] == ';') && i > begin) {
            sep = 1;
        } else if (text[i] == ',' && i > begin && i + 1 < end &&
                   !(is_ascii_digit(text[i - 1]) && is_ascii_digit(text[i + 1]))) {
            sep = 1;
        } else if (u >= 0x80) {
            // Curly quotes inside a chunk ("said“We") separate too; ’ between letters stays.
            if (u == 0xE2 && i + 2 < end && static_cast<unsigned char>(text[i + 1]) == 0x80) {
                const auto b2 = static_cast<unsigned char>(text[i + 2]);
                if (b2 == 0x9C || b2 == 0x9D) sep = 3;
            }
        }
        if (sep == 0) {
            i += utf8_width(u);
            continue;
        }
        flush(i);
        out.push_back({i, i + sep});
        i += sep;
        piece = i;
    }
    flush(std::min(i, end));
    for (auto it = trailing.rbegin(); it != trailing.rend(); ++it) out.push_back(*it);
}

// ------------------------------------------------------------------ word forms

// Lower case for ASCII and the Latin-1 letters (the 2-byte sequences C3 80..C3 9E).
std::string lower_form(std::string_view w) {
    std::string out(w);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const auto c = static_cast<unsigned char>(out[i]);
        if (c < 0x80) {
            out[i] = ascii_lower(out[i]);
        } else if (c == 0xC3 && i + 1 < out.size()) {
            const auto b = static_cast<unsigned char>(out[i + 1]);
            if (b >= 0x80 && b <= 0x9E && b != 0x97) out[i + 1] = static_cast<char>(b + 0x20);
            ++i;
        }
    }
    return out;
}

std::string upper_form(std::string_view w) {
    std::string out(w);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const auto c = static_cast<unsigned char>(out[i]);
        if (c < 0x80) {
            if (is_ascii_lower(out[i])) out[i] = static_cast<char>(out[i] - 'a' + 'A');
        } else if (c == 0xC3 && i + 1 < out.size()) {
            const auto b = static_cast<unsigned char>(out[i + 1]);
            if (b >= 0xA0 && b <= 0xBE && b != 0xB7) out[i + 1] = static_cast<char>(b - 0x20);
            ++i;
        }
    }
    return out;
}

// 'X' upper, 'x' lower, 'd' digit, other ASCII as is, other letters 'u'.
char shape_char(std::string_view w, std::size_t& i) {
    const auto c = static_cast<unsigned char>(w[i]);
    if (c < 0x80) {
        ++i;
        if (is_ascii_upper(w[i - 1])) return 'X';
        if (is_ascii_lower(w[i - 1])) return 'x';
        if (is_ascii_digit(w[i - 1])) return 'd';
        return w[i - 1];
    }
    const std::size_t width = utf8_width(c);
    char out = 'u';
    if (c == 0xC3 && i + 1 < w.size()) {
        const auto b = static_cast<unsigned char>(w[i + 1]);
        out = (b >= 0x80 && b <= 0x9E && b != 0x97) ? 'X' : 'x';
    }
    i += width;
    return out;
}

// Full shape with runs cut at four ("Xxxx", "dddd"), and short shape with runs of one.
void shapes(std::string_view w, std::string& full, std::string& brief) {
    full.clear();
    brief.clear();
    std::size_t run = 0;
    char prev = 0;
    for (std::size_t i = 0; i < w.size();) {
        const char s = shape_char(w, i);
        run = s == prev ? run + 1 : 1;
        if (run <= 4) full += s;
        if (run == 1) brief += s;
        prev = s;
    }
}

bool starts_upper(std::string_view w) {
    if (w.empty()) return false;
    std::size_t i = 0;
    return shape_char(w, i) == 'X';
}

bool has_lower_letter(std::string_view w) {
    for (std::size_t i = 0; i < w.size();) {
        if (shape_char(w, i) == 'x') return true;
    }
    return false;
}

bool has_upper_letter(std::string_view w) {
    for (std::size_t i = 0; i < w.size();) {
        if (shape_char(w, i) == 'X') return true;
    }
    return false;
}

// ------------------------------------------------------------------ hashing

constexpr std::uint64_t fnv(std::string_view s) noexcept {
    std::uint64_t h = 14695981039346656037ULL;
    for (char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    return h;
}

constexpr std::uint64_t mix(std::uint64_t x) noexcept {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

constexpr std::uint64_t combine(std::uint64_t a, std::uint64_t b) noexcept {
    return mix(a * 0x9E3779B97F4A7C15ULL + b + 0x632BE59BD9B4E019ULL);
}

// A small deterministic random number generator (splitmix64): the same on every platform,
// unlike std::shuffle and the standard distributions.
class Random {
  public:
    explicit Random(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next() noexcept {
        m_state += 0x9E3779B97F4A7C15ULL;
        return mix(m_state);
    }
    double unit() noexcept { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
    std::size_t below(std::size_t n) noexcept { return static_cast<std::size_t>(next() % n); }

  private:
    std::uint64_t m_state;
};

// ------------------------------------------------------------------ features

enum Template : std::uint64_t {
    t_bias = 1,
    t_word,
    t_lower,
    t_shape,
    t_brief,
    t_prefix1,
    t_prefix2,
    t_prefix3,
    t_suffix1,
    t_suffix2,
    t_suffix3,
    t_suffix4,
    t_prev_lower,
    t_next_lower,
    t_prev2_lower,
    t_next2_lower,
    t_prev_bigram,
    t_next_bigram,
    t_prev_brief,
    t_next_brief,
    t_brief_trigram,
    t_position,
    t_caps_lower,
    t_caps_brief,
    t_lex_prev,
    t_lex_here,
    t_lex_next,
    t_lex_next2,
    t_lex_prev2,
    t_place,
    t_cap_run,
    t_prev_word_brief,
    t_common,
    t_common_around,
};

constexpr std::size_t feature_count = 33;

struct TokenInfo {
    std::uint64_t word = 0, lower = 0, shape = 0, brief = 0;
    std::array<std::uint64_t, 3> prefix{};
    std::array<std::uint64_t, 4> suffix{};
    std::uint8_t lex = 0;
    std::uint8_t place = 0;  // 0 none, 1 first word of a place name, 2 later word
    bool cap = false;
    std::uint8_t run_position = 0;  // 0 not capitalised; 1 alone; 2 first; 3 inside; 4 last
    std::uint8_t run_length = 0;
    bool common = false;  // the word is common in lower case
};

// Affix of up to n characters (UTF-8 aware) of a lower-case word.
std::uint64_t prefix_hash(std::string_view w, std::size_t n) {
    std::size_t i = 0;
    for (std::size_t k = 0; k < n && i < w.size(); ++k) i += utf8_width(static_cast<unsigned char>(w[i]));
    return fnv(w.substr(0, std::min(i, w.size()))) + n;
}

std::uint64_t suffix_hash(std::string_view w, std::size_t n) {
    std::size_t i = w.size();
    for (std::size_t k = 0; k < n && i > 0; ++k) {
        --i;
        while (i > 0 && (static_cast<unsigned char>(w[i]) & 0xC0) == 0x80) --i;
    }
    return fnv(w.substr(i)) + 16 * n;
}

bool sentence_in_capitals(std::span<const std::string> words) {
    std::size_t caps = 0;
    for (const std::string& w : words) {
        if (has_lower_letter(w)) return false;
        if (has_upper_letter(w)) ++caps;
    }
    return caps >= 2;
}

// Marks the words of place names: the words joined by spaces go through the gazetteer, and
// its matches are mapped back to the words they cover.
void mark_places(const Gazetteer& places, std::span<const std::string> words, std::vector<TokenInfo>& info) {
    std::string joined;
    std::vector<std::size_t> starts;
    starts.reserve(words.size());
    for (const std::string& w : words) {
        if (!joined.empty()) joined += ' ';
        starts.push_back(joined.size());
        joined += w;
    }
    for (const PlaceMatch& m : places.find(joined)) {
        auto first = std::upper_bound(starts.begin(), starts.end(), m.start) - starts.begin() - 1;
        for (auto k = static_cast<std::size_t>(std::max<std::ptrdiff_t>(first, 0));
             k < words.size() && starts[k] < m.end; ++k) {
            info[k].place = k == static_cast<std::size_t>(first) ? 1 : 2;
        }
    }
}

// Words that may stand inside a capitalised name without breaking it ("Bank of England",
// "Abu Bakr al Baghdadi").
bool is_name_connector(std::string_view lower) {
    return lower == "of" || lower == "al" || lower == "de" || lower == "bin" || lower == "van" || lower == "von" ||
           lower == "la" || lower == "du" || lower == "da" || lower == "del" || lower == "der" || lower == "and" ||
           lower == "for" || lower == "the" || lower == "ibn" || lower == "el" || lower == "le" || lower == "'s";
}

class FeatureExtractor {
  public:
    FeatureExtractor(unsigned hash_bits, const Lexicon& lexicon, const CommonWords& common, const Gazetteer* places)
        : m_shift(64 - hash_bits), m_lexicon(lexicon), m_common(common), m_places(places) {}

    // feature_count feature ids per word, in out (resized).
    void extract(std::span<const std::string> words, std::vector<std::uint32_t>& out) {
        const std::size_t n = words.size();
        out.resize(n * feature_count);
        m_info.assign(n, TokenInfo{});
        m_lowers.resize(n);
        const bool caps = sentence_in_capitals(words);
        for (std::size_t i = 0; i < n; ++i) {
            const std::string& w = words[i];
            TokenInfo& t = m_info[i];
            m_lowers[i] = lower_form(w);
            const std::string& l = m_lowers[i];
            shapes(w, m_full, m_brief);
            t.word = fnv(w);
            t.lower = fnv(l);
            t.shape = fnv(m_full);
            t.brief = fnv(m_brief);
            for (std::size_t k = 0; k < 3; ++k) t.prefix[k] = prefix_hash(l, k + 1);
            for (std::size_t k = 0; k < 4; ++k) t.suffix[k] = suffix_hash(l, k + 1);
            t.lex = m_lexicon.classes(l);
            t.cap = starts_upper(w);
            t.common = !m_common.empty() && m_common.count(l) != 0;
        }
        if (m_places != nullptr) mark_places(*m_places, words, m_info);
        // Runs of capitalised words, connectors allowed inside.
        for (std::size_t i = 0; i < n;) {
            if (!m_info[i].cap) {
                ++i;
                continue;
            }
            std::size_t j = i + 1;
            for (;;) {
                if (j < n && m_info[j].cap) {
                    ++j;
                } else if (j + 1 < n && is_name_connector(m_lowers[j]) && m_info[j + 1].cap) {
                    j += 2;
                } else {
                    break;
                }
            }
            const auto len = static_cast<std::uint8_t>(std::min<std::size_t>(j - i, 4));
            for (std::size_t k = i; k < j; ++k) {
                m_info[k].run_length = len;
                m_info[k].run_position = j - i == 1 ? 1 : k == i ? 2 : k + 1 == j ? 4 : 3;
            }
            i = j;
        }

        static const std::uint64_t bos = fnv("<s>"), eos = fnv("</s>"), bos_shape = fnv("<S>"), eos_shape = fnv("</S>");
        for (std::size_t i = 0; i < n; ++i) {
            const TokenInfo& t = m_info[i];
            const std::uint64_t pl = i > 0 ? m_info[i - 1].lower : bos;
            const std::uint64_t nl = i + 1 < n ? m_info[i + 1].lower : eos;
            const std::uint64_t pl2 = i > 1 ? m_info[i - 2].lower : bos;
            const std::uint64_t nl2 = i + 2 < n ? m_info[i + 2].lower : eos;
            const std::uint64_t pb = i > 0 ? m_info[i - 1].brief : bos_shape;
            const std::uint64_t nb = i + 1 < n ? m_info[i + 1].brief : eos_shape;
            const std::uint64_t plex = i > 0 ? m_info[i - 1].lex : 8;
            const std::uint64_t plex2 = i > 1 ? m_info[i - 2].lex : 8;
            const std::uint64_t nlex = i + 1 < n ? m_info[i + 1].lex : 8;
            const std::uint64_t nlex2 = i + 2 < n ? m_info[i + 2].lex : 8;
            const std::uint64_t ncap = i + 1 < n && m_info[i + 1].cap;
            const std::uint64_t pplace = i > 0 ? m_info[i - 1].place : 3;
            const std::uint64_t nplace = i + 1 < n ? m_info[i + 1].place : 3;
            const std::uint64_t position = i == 0 ? 0 : i == 1 ? 1 : i + 1 == n ? 3 : 2;
            const std::uint64_t pword = i > 0 ? m_info[i - 1].word : bos;
            std::uint32_t* f = &out[i * feature_count];
            std::size_t k = 0;
            f[k++] = id(t_bias, 0);
            f[k++] = id(t_word, t.word);
            f[k++] = id(t_lower, t.lower);
            f[k++] = id(t_shape, t.shape);
            f[k++] = id(t_brief, t.brief);
            f[k++] = id(t_prefix1, t.prefix[0]);
            f[k++] = id(t_prefix2, t.prefix[1]);
            f[k++] = id(t_prefix3, t.prefix[2]);
            f[k++] = id(t_suffix1, t.suffix[0]);
            f[k++] = id(t_suffix2, t.suffix[1]);
            f[k++] = id(t_suffix3, t.suffix[2]);
            f[k++] = id(t_suffix4, t.suffix[3]);
            f[k++] = id(t_prev_lower, pl);
            f[k++] = id(t_next_lower, nl);
            f[k++] = id(t_prev2_lower, pl2);
            f[k++] = id(t_next2_lower, nl2);
            f[k++] = id(t_prev_bigram, combine(pl, t.lower));
            f[k++] = id(t_next_bigram, combine(t.lower, nl));
            f[k++] = id(t_prev_brief, combine(pb, t.brief));
            f[k++] = id(t_next_brief, combine(t.brief, nb));
            f[k++] = id(t_brief_trigram, combine(combine(pb, t.brief), nb));
            f[k++] = id(t_position, combine(position, t.brief));
            f[k++] = id(t_caps_lower, combine(caps, t.lower));
            f[k++] = id(t_caps_brief, combine(caps, combine(t.brief, position == 0)));
            f[k++] = id(t_lex_prev, combine(plex * 16 + plex2, t.brief));
            f[k++] = id(t_lex_here, combine(t.lex, t.brief));
            f[k++] = id(t_lex_next, combine(nlex * 4 + ncap * 2 + t.cap, 0));
            f[k++] = id(t_lex_next2, combine(nlex2 * 4 + ncap * 2 + t.cap, nlex));
            f[k++] = id(t_place, combine(t.place * 16 + pplace * 4 + nplace, t.cap));
            f[k++] = id(t_cap_run, combine(t.run_position * 8 + t.run_length, caps));
            f[k++] = id(t_prev_word_brief, combine(pword, t.brief));
            const std::uint64_t pcommon = i > 0 ? m_info[i - 1].common + 2 * m_info[i - 1].cap : 4;
            const std::uint64_t ncommon = i + 1 < n ? m_info[i + 1].common + 2 * m_info[i + 1].cap : 4;
            f[k++] = id(t_common, combine(t.common * 8 + t.cap * 4 + (position == 0) * 2 + caps, 0));
            f[k++] = id(t_common_around, combine(pcommon * 8 + ncommon, t.common * 2 + t.cap));
        }
    }

  private:
    [[nodiscard]] std::uint32_t id(Template tmpl, std::uint64_t value) const noexcept {
        return static_cast<std::uint32_t>(combine(tmpl, value) >> m_shift);
    }

    unsigned m_shift;
    const Lexicon& m_lexicon;
    const CommonWords& m_common;
    const Gazetteer* m_places;
    std::vector<TokenInfo> m_info;
    std::vector<std::string> m_lowers;
    std::string m_full, m_brief;
};

// ------------------------------------------------------------------ tags and Viterbi

enum Position : std::uint8_t { pos_o = 0, pos_b = 1, pos_i = 2, pos_l = 3, pos_u = 4 };

// Tag arithmetic of a scheme, with the transitions it allows precomputed.
class Tags {
  public:
    explicit Tags(const TagScheme& scheme) : m_count(scheme.tags()), m_bilou(scheme.bilou) {
        for (std::size_t from = 0; from <= m_count; ++from) {
            for (std::size_t to = 0; to < m_count; ++to) m_allowed[from * max_tags + to] = compute_allowed(from, to);
        }
    }
    [[nodiscard]] std::size_t count() const noexcept { return m_count; }
    [[nodiscard]] std::size_t start() const noexcept { return m_count; }
    [[nodiscard]] Position position(std::size_t tag) const noexcept {
        if (tag == 0) return pos_o;
        return m_bilou ? static_cast<Position>((tag - 1) % 4 + 1) : static_cast<Position>((tag - 1) % 2 + 1);
    }
    [[nodiscard]] std::size_t type(std::size_t tag) const noexcept { return (tag - 1) / (m_bilou ? 4 : 2); }
    [[nodiscard]] std::uint8_t make(std::size_t type, Position p) const noexcept {
        if (!m_bilou) p = (p == pos_b || p == pos_u) ? pos_b : pos_i;
        return static_cast<std::uint8_t>(1 + (m_bilou ? 4 : 2) * type + (p - 1));
    }
    [[nodiscard]] bool allowed(std::size_t from, std::size_t to) const noexcept {
        return m_allowed[from * max_tags + to];
    }
    [[nodiscard]] bool allowed_last(std::size_t tag) const noexcept {
        const Position p = position(tag);
        return !m_bilou || p == pos_o || p == pos_l || p == pos_u;
    }

  private:
    [[nodiscard]] bool compute_allowed(std::size_t from, std::size_t to) const noexcept {
        const Position f = from == m_count ? pos_o : position(from);
        const Position t = position(to);
        if (!m_bilou) return t != pos_i || ((f == pos_b || f == pos_i) && type(from) == type(to));
        if (f == pos_b || f == pos_i) return (t == pos_i || t == pos_l) && type(from) == type(to);
        return t == pos_o || t == pos_b || t == pos_u;
    }

    std::size_t m_count;
    bool m_bilou;
    std::array<bool, (max_tags + 1) * max_tags> m_allowed{};
};

// Best tag sequence given emission scores (n x tags) and transition scores ((tags + 1) x tags,
// the last row from the sentence start).
template <typename Score>
void viterbi(const Tags& tags, std::span<const Score> emission, std::size_t n, const Score* transition,
             std::vector<std::uint8_t>& best, std::vector<Score>& delta, std::vector<std::uint8_t>& back) {
    constexpr Score minus_inf = std::numeric_limits<Score>::lowest() / 4;
    const std::size_t m = tags.count();
    best.assign(n, 0);
    if (n == 0) return;
    delta.assign(n * m, minus_inf);
    back.assign(n * m, 0);
    for (std::size_t t = 0; t < m; ++t) {
        if (tags.allowed(tags.start(), t)) delta[t] = transition[tags.start() * m + t] + emission[t];
    }
    for (std::size_t i = 1; i < n; ++i) {
        const Score* prev = &delta[(i - 1) * m];
        for (std::size_t t = 0; t < m; ++t) {
            Score top = minus_inf;
            std::uint8_t arg = 0;
            for (std::size_t p = 0; p < m; ++p) {
                if (!tags.allowed(p, t) || prev[p] == minus_inf) continue;
                const Score v = prev[p] + transition[p * m + t];
                if (v > top) {
                    top = v;
                    arg = static_cast<std::uint8_t>(p);
                }
            }
            if (top == minus_inf) continue;
            delta[i * m + t] = top + emission[i * m + t];
            back[i * m + t] = arg;
        }
    }
    Score top = minus_inf;
    std::size_t arg = 0;
    for (std::size_t t = 0; t < m; ++t) {
        const Score s = delta[(n - 1) * m + t];
        if (tags.allowed_last(t) && s > top) {
            top = s;
            arg = t;
        }
    }
    for (std::size_t i = n; i-- > 0;) {
        best[i] = static_cast<std::uint8_t>(arg);
        arg = back[i * m + arg];
    }
}

// ------------------------------------------------------------------ model format

// Header, little-endian:
//   0  magic "NXNERT\0\3" (8 bytes)   8  format version (u32)     12 hash bits (u32)
//   16 types (u32)                     20 feature count (u32)       24 flags (u32: 1 places, 2 BILOU)
//   28 lexicon bytes (u32)             32 type names bytes (u32)    36 common words bytes (u32)
// then (tags + 1) x tags transition scores (i32), the type names ("per org geo ..."), the
// lexicon text, the common words (one per line), zero padding to a multiple of 16, and
// 2^bits x tags weights (i8).
constexpr char magic[8] = {'N', 'X', 'N', 'E', 'R', 'T', '\0', '\3'};
constexpr std::uint32_t format_version = 3;
constexpr std::size_t header_size = 40;

template <typename T>
T read_at(std::string_view bytes, std::size_t at) {
    T v;
    std::memcpy(&v, bytes.data() + at, sizeof v);
    return v;
}

template <typename T>
void write_at(std::string& bytes, std::size_t at, T v) {
    std::memcpy(bytes.data() + at, &v, sizeof v);
}

std::size_t padded(std::size_t n) { return (n + 15) / 16 * 16; }

}  // namespace

// ------------------------------------------------------------------ public: tokens

std::string_view entity_type_name(EntityType type) noexcept {
    switch (type) {
        case EntityType::person:
            return "PER";
        case EntityType::organization:
            return "ORG";
        case EntityType::location:
            return "LOC";
    }
    return "?";
}

std::string lower_case(std::string_view word) { return lower_form(word); }
std::string upper_case(std::string_view word) { return upper_form(word); }
bool starts_with_capital(std::string_view word) { return starts_upper(word); }
bool has_lower_case(std::string_view word) { return has_lower_letter(word); }

std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> out;
    out.reserve(text.size() / 5);
    std::size_t i = 0;
    while (i < text.size()) {
        if (const std::size_t w = space_width(text, i); w != 0) {
            i += w;
            continue;
        }
        std::size_t j = i;
        while (j < text.size() && space_width(text, j) == 0) j += utf8_width(static_cast<unsigned char>(text[j]));
        j = std::min(j, text.size());
        tokenize_chunk(text, i, j, out);
        i = j;
    }
    return out;
}

std::string normalize_token(std::string_view token) {
    std::string out;
    out.reserve(token.size());
    for (std::size_t i = 0; i < token.size(); ++i) {
        const auto c = static_cast<unsigned char>(token[i]);
        if (c == 0xE2 && i + 2 < token.size() && static_cast<unsigned char>(token[i + 1]) == 0x80) {
            const auto b2 = static_cast<unsigned char>(token[i + 2]);
            const char* repl = nullptr;
            switch (b2) {
                case 0x98:
                case 0x99:
                case 0x9A:
                case 0x9B:
                    repl = "'";
                    break;
                case 0x9C:
                case 0x9D:
                case 0x9E:
                case 0x9F:
                    repl = "\"";
                    break;
                case 0x90:
                case 0x91:
                case 0x92:
                case 0x93:
                    repl = "-";
                    break;
                case 0x94:
                case 0x95:
                    repl = "--";
                    break;
                case 0xA6:
                    repl = "...";
                    break;
                case 0xB2:
                    repl = "'";
                    break;
                default:
                    break;
            }
            if (repl != nullptr) {
                out += repl;
                i += 2;
                continue;
            }
        }
        if (c == 0xC2 && i + 1 < token.size()) {
            const auto b1 = static_cast<unsigned char>(token[i + 1]);
            if (b1 == 0xAB || b1 == 0xBB) {
                out += '"';
                ++i;
                continue;
            }
            if (b1 == 0xA0) {
                out += ' ';
                ++i;
                continue;
            }
        }
        if (c == '`') {
            out += '\'';
            continue;
        }
        out += static_cast<char>(c);
    }
    return out;
}

std::vector<TokenRange> split_sentences(std::string_view text, std::span<const Token> tokens) {
    std::vector<TokenRange> out;
    std::size_t first = 0;
    auto is_closer = [&](std::size_t k) {
        const std::string_view t = text.substr(tokens[k].start, tokens[k].end - tokens[k].start);
        return t == "\"" || t == ")" || t == "]" || t == "'" || t == "\xE2\x80\x9D" || t == "\xE2\x80\x99" ||
               t == "\xC2\xBB";
    };
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        bool end = false;
        if (k + 1 == tokens.size()) {
            end = true;
        } else {
            const std::string_view between = text.substr(tokens[k].end, tokens[k + 1].start - tokens[k].end);
            if (between.find('\n') != std::string_view::npos) {
                end = true;
            } else {
                const std::string_view t = text.substr(tokens[k].start, tokens[k].end - tokens[k].start);
                if (t == "." || t == "!" || t == "?" || t == "..." || t == "\xE2\x80\xA6") {
                    std::size_t next = k + 1;
                    // Closing quotes and brackets stay with the sentence they close.
                    while (next < tokens.size() && is_closer(next) &&
                           text.substr(tokens[next - 1].end, tokens[next].start - tokens[next - 1].end).find('\n') ==
                               std::string_view::npos) {
                        ++next;
                    }
                    if (next >= tokens.size()) {
                        k = tokens.size() - 1;
                        end = true;
                    } else {
                        const std::string_view n =
                            text.substr(tokens[next].start, tokens[next].end - tokens[next].start);
                        const auto c = static_cast<unsigned char>(n[0]);
                        const bool opener = starts_upper(n) || is_ascii_digit(n[0]) || n[0] == '"' || n[0] == '(' ||
                                            n[0] == '\'' || c >= 0xC3 || c == 0xE2;
                        if (opener) {
                            k = next - 1;
                            end = true;
                        }
                    }
                }
            }
        }
        if (end) {
            out.push_back({first, k + 1});
            first = k + 1;
        }
    }
    return out;
}

// ------------------------------------------------------------------ lexicon

Lexicon Lexicon::parse(std::string_view tsv) {
    Lexicon lex;
    std::size_t line_number = 0;
    for (std::string_view line : split_lines(tsv)) {
        ++line_number;
        line = trim(line);
        if (line.empty() || line.front() == '#') continue;
        const std::size_t tab = line.find('\t');
        if (tab == std::string_view::npos) {
            throw Error("NER lexicon, line " + std::to_string(line_number) + ": want 'class<TAB>entry'");
        }
        const std::string_view cls = line.substr(0, tab);
        const std::string entry = lower_form(trim(line.substr(tab + 1)));
        std::uint8_t bit = 0;
        if (cls == "title")
            bit = title;
        else if (cls == "title_modifier")
            bit = title_modifier;
        else if (cls == "org_suffix")
            bit = org_suffix;
        else
            throw Error("NER lexicon, line " + std::to_string(line_number) + ": unknown class '" + std::string(cls) +
                        "'");
        lex.words[entry] |= bit;
    }
    return lex;
}

const Lexicon& Lexicon::builtin() {
    static const Lexicon lexicon = parse(std::string_view(
        newsindex_ner_lexicon, static_cast<std::size_t>(newsindex_ner_lexicon_end - newsindex_ner_lexicon)));
    return lexicon;
}

std::uint8_t Lexicon::classes(std::string_view lower) const {
    if (words.empty()) return 0;
    const auto it = words.find(std::string(lower));
    return it == words.end() ? 0 : it->second;
}

// ------------------------------------------------------------------ model

const TaggerModel& TaggerModel::builtin() {
    static const TaggerModel model(
        View{},
        std::string_view(newsindex_ner_model, static_cast<std::size_t>(newsindex_ner_model_end - newsindex_ner_model)));
    return model;
}

TaggerModel::TaggerModel(std::string bytes) : m_owned(std::move(bytes)), m_bytes(m_owned) { parse(); }

TaggerModel::TaggerModel(View, std::string_view bytes) : m_bytes(bytes) { parse(); }

TaggerModel::TaggerModel(TaggerModel&& other) noexcept { *this = std::move(other); }

TaggerModel& TaggerModel::operator=(TaggerModel&& other) noexcept {
    if (this == &other) return *this;
    const bool owned = other.m_bytes.data() == other.m_owned.data();
    const std::ptrdiff_t weights_at = other.m_weights - reinterpret_cast<const std::int8_t*>(other.m_bytes.data());
    m_owned = std::move(other.m_owned);
    m_bytes = owned ? std::string_view(m_owned) : other.m_bytes;
    m_hash_bits = other.m_hash_bits;
    m_place_features = other.m_place_features;
    m_scheme = other.m_scheme;
    m_tags = other.m_tags;
    const std::ptrdiff_t names_at = other.m_type_names.data() - other.m_bytes.data();
    m_type_names = m_bytes.substr(static_cast<std::size_t>(names_at), other.m_type_names.size());
    m_lexicon = std::move(other.m_lexicon);
    m_common = std::move(other.m_common);
    m_transitions = std::move(other.m_transitions);
    m_weights = reinterpret_cast<const std::int8_t*>(m_bytes.data()) + weights_at;
    other.m_bytes = {};
    other.m_weights = nullptr;
    return *this;
}

void TaggerModel::parse() {
    if (m_bytes.size() < header_size || std::memcmp(m_bytes.data(), magic, sizeof magic) != 0) {
        throw Error("NER model: not a newsindex tagger model");
    }
    if (read_at<std::uint32_t>(m_bytes, 8) != format_version) throw Error("NER model: unsupported format version");
    m_hash_bits = read_at<std::uint32_t>(m_bytes, 12);
    m_scheme.types = read_at<std::uint32_t>(m_bytes, 16);
    const auto flags = read_at<std::uint32_t>(m_bytes, 24);
    m_place_features = (flags & 1U) != 0;
    m_scheme.bilou = (flags & 2U) != 0;
    m_tags = m_scheme.tags();
    if (m_scheme.types < entity_type_count || m_tags > max_tags ||
        read_at<std::uint32_t>(m_bytes, 20) != feature_count || m_hash_bits < 8 || m_hash_bits > 26) {
        throw Error("NER model: made for another tag or feature set");
    }
    const auto lexicon_size = read_at<std::uint32_t>(m_bytes, 28);
    const auto names_size = read_at<std::uint32_t>(m_bytes, 32);
    const auto common_size = read_at<std::uint32_t>(m_bytes, 36);
    std::size_t at = header_size;
    const std::size_t transitions = (m_tags + 1) * m_tags;
    const std::size_t weights_at = padded(at + 4 * transitions + names_size + lexicon_size + common_size);
    const std::size_t weights_size = (std::size_t{1} << m_hash_bits) * m_tags;
    if (m_bytes.size() != weights_at + weights_size) throw Error("NER model: truncated or padded");
    m_transitions.resize(transitions);
    for (std::size_t k = 0; k < transitions; ++k, at += 4) m_transitions[k] = read_at<std::int32_t>(m_bytes, at);
    m_type_names = m_bytes.substr(at, names_size);
    at += names_size;
    m_lexicon = Lexicon::parse(m_bytes.substr(at, lexicon_size));
    at += lexicon_size;
    m_common.clear();
    for (std::string_view word : split_lines(m_bytes.substr(at, common_size))) {
        if (!word.empty()) m_common.emplace(word);
    }
    m_weights = reinterpret_cast<const std::int8_t*>(m_bytes.data() + weights_at);
}

// ------------------------------------------------------------------ tagging

Tagger::Tagger() : m_model(&TaggerModel::builtin()), m_places(nullptr) {}

Tagger::Tagger(const TaggerModel& model, const Gazetteer* places) : m_model(&model), m_places(places) {}

std::vector<EntitySpan> Tagger::tag_sentence(std::span<const std::string> words) const {
    const std::size_t n = words.size();
    if (n == 0) return {};
    thread_local std::vector<std::uint32_t> features;
    thread_local std::vector<std::int32_t> emission, delta;
    thread_local std::vector<std::uint8_t> best, back;
    FeatureExtractor extractor(m_model->hash_bits(), m_model->lexicon(), m_model->common_words(),
                               m_model->place_features() ? m_places : nullptr);
    extractor.extract(words, features);
    const std::size_t m = m_model->scheme().tags();
    emission.assign(n * m, 0);
    for (std::size_t i = 0; i < n; ++i) {
        std::int32_t* e = &emission[i * m];
        const std::uint32_t* f = &features[i * feature_count];
        for (std::size_t k = 0; k < feature_count; ++k) {
            const std::int8_t* row = m_model->row(f[k]);
            for (std::size_t t = 0; t < m; ++t) e[t] += row[t];
        }
    }
    const Tags tags(m_model->scheme());
    viterbi<std::int32_t>(tags, emission, n, m_model->transitions(), best, delta, back);
    std::vector<EntitySpan> spans = spans_from_tags(best, m_model->scheme());
    std::erase_if(spans, [](const EntitySpan& e) { return static_cast<std::size_t>(e.type) >= entity_type_count; });
    return spans;
}

namespace {

TaggedText tokens_of(std::string_view text) {
    TaggedText out;
    out.tokens = tokenize(text);
    out.words.reserve(out.tokens.size());
    for (const Token& t : out.tokens) out.words.push_back(normalize_token(text.substr(t.start, t.end - t.start)));
    out.sentences = split_sentences(text, out.tokens);
    return out;
}

}  // namespace

TaggedText Tagger::tag(std::string_view text) const { return tag_article(std::string_view(), text)[1]; }

std::array<TaggedText, 2> Tagger::tag_article(std::string_view title, std::string_view text) const {
    std::array<TaggedText, 2> out{tokens_of(title), tokens_of(text)};
    std::vector<std::vector<std::string>> sentences;
    std::vector<std::vector<EntitySpan>> entities;
    for (TaggedText& part : out) {
        for (const TokenRange& r : part.sentences) {
            std::vector<std::string> words(
                std::make_move_iterator(part.words.begin() + static_cast<std::ptrdiff_t>(r.first)),
                std::make_move_iterator(part.words.begin() + static_cast<std::ptrdiff_t>(r.last)));
            part.all_caps_sentence.push_back(sentence_in_capitals(words));
            entities.push_back(tag_sentence(words));
            sentences.push_back(std::move(words));
        }
    }
    harmonize_document(sentences, entities);
    std::size_t s = 0;
    for (TaggedText& part : out) {
        for (const TokenRange& r : part.sentences) {
            for (std::size_t k = r.first; k < r.last; ++k) part.words[k] = std::move(sentences[s][k - r.first]);
            for (const EntitySpan& e : entities[s])
                part.entities.push_back({e.first + r.first, e.last + r.first, e.type});
            ++s;
        }
    }
    return out;
}

// ------------------------------------------------------------------ document consistency

void harmonize_document(std::span<const std::vector<std::string>> sentences,
                        std::span<std::vector<EntitySpan>> entities) {
    // Votes per name (lower case words joined by spaces).
    auto key_of = [&](std::size_t s, std::size_t first, std::size_t last) {
        std::string key;
        for (std::size_t k = first; k < last; ++k) {
            if (k > first) key += ' ';
            key += lower_form(sentences[s][k]);
        }
        return key;
    };
    std::map<std::string, std::array<unsigned, entity_type_count>> votes;
    for (std::size_t s = 0; s < sentences.size(); ++s) {
        for (const EntitySpan& e : entities[s]) ++votes[key_of(s, e.first, e.last)][static_cast<std::size_t>(e.type)];
    }
    auto majority = [](const std::array<unsigned, entity_type_count>& v) -> int {
        std::size_t best = 0;
        for (std::size_t t = 1; t < v.size(); ++t) {
            if (v[t] > v[best]) best = t;
        }
        for (std::size_t t = 0; t < v.size(); ++t) {
            if (t != best && v[t] == v[best]) return -1;  // a tie: no majority
        }
        return static_cast<int>(best);
    };
    // 1. One name, one type.
    for (std::size_t s = 0; s < sentences.size(); ++s) {
        for (EntitySpan& e : entities[s]) {
            const int m = majority(votes[key_of(s, e.first, e.last)]);
            if (m >= 0) e.type = static_cast<EntityType>(m);
        }
    }
    // 2. Untagged occurrences of a tagged name, and surnames of tagged people. Only
    // capitalised words qualify (or words of a line in capitals), so that "Bush" the person
    // does not make every "bush" one.
    std::map<std::string, EntityType> names;  // key -> type
    std::size_t longest = 1;
    for (const auto& [key, v] : votes) {
        const int m = majority(v);
        if (m < 0) continue;
        const auto words = static_cast<std::size_t>(std::count(key.begin(), key.end(), ' ')) + 1;
        if (words > 8) continue;  // long runs repeat rarely, and would cost time
        names.emplace(key, static_cast<EntityType>(m));
        longest = std::max(longest, words);
    }
    std::set<std::string> surnames;
    for (std::size_t s = 0; s < sentences.size(); ++s) {
        for (const EntitySpan& e : entities[s]) {
            if (e.type != EntityType::person || e.last - e.first < 2) continue;
            const std::string& last = sentences[s][e.last - 1];
            if (!has_upper_letter(last) || last.size() < 3) continue;  // "al-Assad" has one
            std::string key = lower_form(last);
            if (Lexicon::builtin().classes(key) != 0) continue;
            // "al-Assad" is also "Assad".
            for (std::string_view particle : {"al-", "el-"}) {
                if (key.starts_with(particle) && key.size() > particle.size() + 2)
                    surnames.insert(key.substr(particle.size()));
            }
            surnames.insert(key);
        }
    }
    // A surname of a person of the article is that person, whatever type one occurrence got
    // ("Critics of Assad's government").
    for (const std::string& key : surnames) names.insert_or_assign(key, EntityType::person);
    for (std::size_t s = 0; s < sentences.size(); ++s) {
        for (EntitySpan& e : entities[s]) {
            if (e.last - e.first == 1 && e.type != EntityType::person &&
                surnames.count(lower_form(sentences[s][e.first])) != 0) {
                e.type = EntityType::person;
            }
        }
    }
    if (names.empty()) return;
    for (std::size_t s = 0; s < sentences.size(); ++s) {
        const std::vector<std::string>& words = sentences[s];
        std::vector<bool> taken(words.size(), false);
        for (const EntitySpan& e : entities[s]) {
            for (std::size_t k = e.first; k < e.last; ++k) taken[k] = true;
        }
        bool added = false;
        for (std::size_t i = 0; i < words.size(); ++i) {
            if (taken[i] || !starts_upper(words[i])) continue;
            for (std::size_t n = std::min(longest, words.size() - i); n >= 1; --n) {
                bool free = true;
                for (std::size_t k = i; k < i + n && free; ++k) free = !taken[k];
                if (!free || !starts_upper(words[i + n - 1])) continue;
                const auto it = names.find(key_of(s, i, i + n));
                if (it == names.end()) continue;
                entities[s].push_back({i, i + n, it->second});
                for (std::size_t k = i; k < i + n; ++k) taken[k] = true;
                added = true;
                i += n - 1;
                break;
            }
        }
        if (added) {
            std::sort(entities[s].begin(), entities[s].end(),
                      [](const EntitySpan& a, const EntitySpan& b) { return a.first < b.first; });
        }
    }
}

// ------------------------------------------------------------------ training

std::vector<EntitySpan> spans_from_tags(std::span<const std::uint8_t> tags, const TagScheme& scheme) {
    const Tags t(scheme);
    std::vector<EntitySpan> out;
    std::size_t i = 0;
    while (i < tags.size()) {
        if (tags[i] == 0 || tags[i] >= t.count()) {
            ++i;
            continue;
        }
        const std::size_t type = t.type(tags[i]);
        const Position p = t.position(tags[i]);
        std::size_t j = i + 1;
        if (p == pos_b || p == pos_i) {
            while (j < tags.size() && tags[j] != 0 && tags[j] < t.count() && t.type(tags[j]) == type &&
                   (t.position(tags[j]) == pos_i || t.position(tags[j]) == pos_l)) {
                ++j;
                if (t.position(tags[j - 1]) == pos_l) break;
            }
        }
        out.push_back({i, j, static_cast<EntityType>(type)});
        i = j;
    }
    return out;
}

TypeMap::TypeMap(std::string_view spec) : names(spec) {
    type_of_class.fill(-1);
    std::size_t type = 0;
    std::size_t i = 0;
    while (i < spec.size()) {
        while (i < spec.size() && spec[i] == ' ') ++i;
        if (i >= spec.size()) break;
        std::size_t j = spec.find(' ', i);
        if (j == std::string_view::npos) j = spec.size();
        std::string_view group = spec.substr(i, j - i);
        while (!group.empty()) {
            const std::size_t bar = group.find('|');
            const std::string_view name = group.substr(0, bar);
            const auto it = std::find(gmb_classes.begin(), gmb_classes.end(), name);
            if (it == gmb_classes.end()) throw Error("NER types: unknown class '" + std::string(name) + "'");
            type_of_class[static_cast<std::size_t>(it - gmb_classes.begin()) + 1] = static_cast<int>(type);
            group = bar == std::string_view::npos ? std::string_view() : group.substr(bar + 1);
        }
        ++type;
        i = j;
    }
    types = static_cast<std::uint32_t>(type);
    if (types < entity_type_count || types > 8 || type_of_class[1] != 0 || type_of_class[2] != 1 ||
        type_of_class[3] != 2) {
        throw Error("NER types: want 3 to 8 types, the first three 'per org geo'");
    }
}

std::vector<std::uint8_t> encode_tags(const LabeledSentence& sentence, const TagScheme& scheme, const TypeMap& types) {
    const Tags t(scheme);
    const std::size_t n = sentence.labels.size();
    std::vector<std::uint8_t> out(n, 0);
    auto type_at = [&](std::size_t k) { return types.type_of_class[sentence.labels[k] & 0x7F]; };
    for (std::size_t k = 0; k < n; ++k) {
        const int type = type_at(k);
        if (type < 0) continue;
        // A name begins at B-, or at an I- that does not continue a name of its class.
        const bool begins = (sentence.labels[k] & 0x80) != 0 || k == 0 ||
                            (sentence.labels[k - 1] & 0x7F) != (sentence.labels[k] & 0x7F);
        const bool continues = k + 1 < n && (sentence.labels[k + 1] & 0x80) == 0 &&
                               (sentence.labels[k + 1] & 0x7F) == (sentence.labels[k] & 0x7F);
        const Position p = begins ? (continues ? pos_b : pos_u) : (continues ? pos_i : pos_l);
        out[k] = t.make(static_cast<std::size_t>(type), p);
    }
    return out;
}

std::vector<LabeledSentence> read_gmb_csv(std::string_view csv) {
    std::vector<LabeledSentence> out;
    // Latin-1 -> UTF-8 while parsing fields.
    auto field = [&](std::size_t& i, std::size_t line_end) {
        std::string value;
        if (i < line_end && csv[i] == '"') {
            ++i;
            while (i < line_end) {
                if (csv[i] == '"') {
                    if (i + 1 < line_end && csv[i + 1] == '"') {
                        value += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                value += csv[i++];
            }
        } else {
            while (i < line_end && csv[i] != ',') value += csv[i++];
        }
        if (i < line_end && csv[i] == ',') ++i;
        std::string utf8;
        for (char c : value) {
            const auto u = static_cast<unsigned char>(c);
            if (u < 0x80) {
                utf8 += c;
            } else {
                append_utf8(utf8, u);
            }
        }
        return utf8;
    };
    std::size_t pos = 0;
    std::size_t line_number = 0;
    while (pos < csv.size()) {
        std::size_t line_end = csv.find('\n', pos);
        if (line_end == std::string_view::npos) line_end = csv.size();
        std::size_t end = line_end;
        if (end > pos && csv[end - 1] == '\r') --end;
        ++line_number;
        if (line_number > 1 && end > pos) {
            std::size_t i = pos;
            const std::string sentence = field(i, end);
            const std::string word = field(i, end);
            (void)field(i, end);  // part of speech
            const std::string tag = field(i, end);
            std::uint8_t label = 0;
            if (tag.size() > 2 && (tag[0] == 'B' || tag[0] == 'I') && tag[1] == '-') {
                const auto it = std::find(gmb_classes.begin(), gmb_classes.end(), std::string_view(tag).substr(2));
                if (it == gmb_classes.end())
                    throw Error("GMB CSV, line " + std::to_string(line_number) + ": unknown tag " + tag);
                label = static_cast<std::uint8_t>((it - gmb_classes.begin()) + 1 + (tag[0] == 'B' ? 0x80 : 0));
            } else if (tag != "O") {
                throw Error("GMB CSV, line " + std::to_string(line_number) + ": want 'Sentence #,Word,POS,Tag'");
            }
            if (word.empty()) throw Error("GMB CSV, line " + std::to_string(line_number) + ": empty word");
            if (!sentence.empty() || out.empty()) out.emplace_back();
            out.back().words.push_back(word);
            out.back().labels.push_back(label);
        }
        pos = line_end + 1;
    }
    return out;
}

namespace {

// Headline Title Case: small words stay lower case except at the start.
std::string title_case(std::string_view w, bool first) {
    static constexpr std::string_view small[] = {"a",   "an", "the", "of", "in", "on", "at",  "to",   "for",
                                                 "and", "or", "but", "by", "as", "'s", "n't", "with", "from"};
    if (!first && std::find(std::begin(small), std::end(small), w) != std::end(small)) return std::string(w);
    if (w.empty() || !has_lower_letter(w.substr(0, utf8_width(static_cast<unsigned char>(w[0])))))
        return std::string(w);
    const std::size_t width = utf8_width(static_cast<unsigned char>(w[0]));
    return upper_form(w.substr(0, width)) + std::string(w.substr(width));
}

}  // namespace

std::string train_tagger(std::span<const LabeledSentence> sentences, const TrainingOptions& options,
                         const Gazetteer& places) {
    if (options.hash_bits < 8 || options.hash_bits > 26) throw Error("train_tagger: hash_bits must be 8..26");
    const Lexicon lexicon = Lexicon::parse(options.lexicon);
    const TypeMap types(options.types);
    const TagScheme scheme{types.types, options.bilou};
    const Tags tags(scheme);
    const std::size_t m = scheme.tags();
    Random random(options.seed);

    // The training set: every sentence, plus copies in capitals and in Title Case.
    struct Example {
        const LabeledSentence* sentence;
        int variant;  // 0 as is, 1 capitals, 2 Title Case
    };
    std::vector<Example> examples;
    for (const LabeledSentence& s : sentences) examples.push_back({&s, 0});
    for (const LabeledSentence& s : sentences) {
        const double r = random.unit();
        if (r < options.caps_share) {
            examples.push_back({&s, 1});
        } else if (r < options.caps_share + options.title_case_share) {
            examples.push_back({&s, 2});
        }
    }

    // Common words: seen often in lower case (as written) in the training sentences.
    CommonWords common;
    std::string common_text;
    if (options.common_min_count > 0) {
        std::map<std::string, unsigned> counts;
        for (const LabeledSentence& s : sentences) {
            for (const std::string& w : s.words) {
                if (has_lower_letter(w) && !has_upper_letter(w)) ++counts[w];
            }
        }
        for (const auto& [word, count] : counts) {  // sorted: the same bytes every time
            if (count < options.common_min_count) continue;
            common.insert(word);
            common_text += word;
            common_text += '\n';
        }
    }

    // Features and gold tags of every example, computed once.
    FeatureExtractor extractor(options.hash_bits, lexicon, common, options.place_features ? &places : nullptr);
    std::vector<std::vector<std::uint32_t>> features(examples.size());
    std::vector<std::vector<std::uint8_t>> gold_tags(examples.size());
    std::vector<std::string> words;
    for (std::size_t k = 0; k < examples.size(); ++k) {
        const LabeledSentence& s = *examples[k].sentence;
        words.clear();
        for (std::size_t i = 0; i < s.words.size(); ++i) {
            switch (examples[k].variant) {
                case 1:
                    words.push_back(upper_form(s.words[i]));
                    break;
                case 2:
                    words.push_back(title_case(s.words[i], i == 0));
                    break;
                default:
                    words.push_back(s.words[i]);
                    break;
            }
        }
        extractor.extract(words, features[k]);
        gold_tags[k] = encode_tags(s, scheme, types);
    }
    std::vector<std::size_t> index(examples.size());
    for (std::size_t k = 0; k < index.size(); ++k) index[k] = k;

    // Perceptron weights and the sums for averaging (Daumé's trick: avg = w - u / c).
    const std::size_t rows = std::size_t{1} << options.hash_bits;
    std::vector<std::int32_t> w(rows * m, 0);
    std::vector<std::int64_t> u(rows * m, 0);
    std::vector<std::int32_t> tw((m + 1) * m, 0);
    std::vector<std::int64_t> tu((m + 1) * m, 0);
    std::int64_t c = 1;

    std::vector<std::int32_t> emission, delta;
    std::vector<std::uint8_t> best, back;
    for (unsigned epoch = 1; epoch <= options.epochs; ++epoch) {
        for (std::size_t k = index.size(); k > 1; --k) std::swap(index[k - 1], index[random.below(k)]);
        std::size_t mistakes = 0;
        for (const std::size_t s : index) {
            const std::vector<std::uint8_t>& gold = gold_tags[s];
            const std::size_t n = gold.size();
            if (n == 0) continue;
            const std::vector<std::uint32_t>& f = features[s];
            emission.assign(n * m, 0);
            for (std::size_t i = 0; i < n; ++i) {
                for (std::size_t q = 0; q < feature_count; ++q) {
                    const std::int32_t* row = &w[static_cast<std::size_t>(f[i * feature_count + q]) * m];
                    for (std::size_t t = 0; t < m; ++t) emission[i * m + t] += row[t];
                }
            }
            viterbi<std::int32_t>(tags, emission, n, tw.data(), best, delta, back);
            if (best != gold) {
                ++mistakes;
                for (std::size_t i = 0; i < n; ++i) {
                    const std::size_t pg = i == 0 ? tags.start() : gold[i - 1];
                    const std::size_t pp = i == 0 ? tags.start() : best[i - 1];
                    if (gold[i] != best[i]) {
                        for (std::size_t q = 0; q < feature_count; ++q) {
                            const std::size_t row = static_cast<std::size_t>(f[i * feature_count + q]) * m;
                            w[row + gold[i]] += 1;
                            u[row + gold[i]] += c;
                            w[row + best[i]] -= 1;
                            u[row + best[i]] -= c;
                        }
                    }
                    if (gold[i] != best[i] || pg != pp) {
                        tw[pg * m + gold[i]] += 1;
                        tu[pg * m + gold[i]] += c;
                        tw[pp * m + best[i]] -= 1;
                        tu[pp * m + best[i]] -= c;
                    }
                }
            }
            ++c;
        }
        if (options.progress) options.progress(epoch, mistakes);
    }

    // Averaged weights, quantised to 8 bits: the unit is chosen so that the largest 0.01% of
    // weights saturate; transitions keep the same unit in 32 bits.
    std::vector<double> avg(w.size());
    std::vector<double> magnitudes;
    magnitudes.reserve(w.size() / 4);
    for (std::size_t k = 0; k < w.size(); ++k) {
        avg[k] = static_cast<double>(w[k]) - static_cast<double>(u[k]) / static_cast<double>(c);
        if (avg[k] != 0.0) magnitudes.push_back(std::fabs(avg[k]));
    }
    double unit = 1.0;
    if (!magnitudes.empty()) {
        const std::size_t at = magnitudes.size() - magnitudes.size() / 10000 - 1;
        std::nth_element(magnitudes.begin(), magnitudes.begin() + static_cast<std::ptrdiff_t>(at), magnitudes.end());
        unit = std::max(magnitudes[at] / 127.0, 1e-9);
    }

    const std::size_t names_at = header_size + 4 * tw.size();
    const std::size_t lexicon_at = names_at + types.names.size();
    const std::size_t common_at = lexicon_at + options.lexicon.size();
    const std::size_t weights_at = padded(common_at + common_text.size());
    std::string bytes(weights_at + w.size(), '\0');
    std::memcpy(bytes.data(), magic, sizeof magic);
    write_at<std::uint32_t>(bytes, 8, format_version);
    write_at<std::uint32_t>(bytes, 12, options.hash_bits);
    write_at<std::uint32_t>(bytes, 16, scheme.types);
    write_at<std::uint32_t>(bytes, 20, static_cast<std::uint32_t>(feature_count));
    write_at<std::uint32_t>(bytes, 24, (options.place_features ? 1U : 0U) | (options.bilou ? 2U : 0U));
    write_at<std::uint32_t>(bytes, 28, static_cast<std::uint32_t>(options.lexicon.size()));
    write_at<std::uint32_t>(bytes, 32, static_cast<std::uint32_t>(types.names.size()));
    write_at<std::uint32_t>(bytes, 36, static_cast<std::uint32_t>(common_text.size()));
    for (std::size_t k = 0; k < tw.size(); ++k) {
        const double a = static_cast<double>(tw[k]) - static_cast<double>(tu[k]) / static_cast<double>(c);
        write_at<std::int32_t>(bytes, header_size + 4 * k, static_cast<std::int32_t>(std::lround(a / unit)));
    }
    std::memcpy(bytes.data() + names_at, types.names.data(), types.names.size());
    std::memcpy(bytes.data() + lexicon_at, options.lexicon.data(), options.lexicon.size());
    std::memcpy(bytes.data() + common_at, common_text.data(), common_text.size());
    auto* q = reinterpret_cast<std::int8_t*>(bytes.data() + weights_at);
    for (std::size_t k = 0; k < avg.size(); ++k) {
        q[k] = static_cast<std::int8_t>(std::clamp<long>(std::lround(avg[k] / unit), -127, 127));
    }
    return bytes;
}

// ------------------------------------------------------------------ evaluation

double SpanScores::precision(std::size_t type) const {
    return tp[type] + fp[type] == 0 ? 0.0 : static_cast<double>(tp[type]) / static_cast<double>(tp[type] + fp[type]);
}
double SpanScores::recall(std::size_t type) const {
    return tp[type] + fn[type] == 0 ? 0.0 : static_cast<double>(tp[type]) / static_cast<double>(tp[type] + fn[type]);
}
double SpanScores::f1(std::size_t type) const {
    const double p = precision(type), r = recall(type);
    return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}
double SpanScores::overall_precision() const {
    std::size_t a = 0, b = 0;
    for (std::size_t t = 0; t < entity_type_count; ++t) {
        a += tp[t];
        b += tp[t] + fp[t];
    }
    return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b);
}
double SpanScores::overall_recall() const {
    std::size_t a = 0, b = 0;
    for (std::size_t t = 0; t < entity_type_count; ++t) {
        a += tp[t];
        b += tp[t] + fn[t];
    }
    return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b);
}
double SpanScores::overall_f1() const {
    const double p = overall_precision(), r = overall_recall();
    return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}

SpanScores evaluate_tagger(const Tagger& tagger, std::span<const LabeledSentence> sentences,
                           std::size_t document_size) {
    SpanScores scores;
    const TypeMap gmb("per org geo");
    const TagScheme reference{gmb.types, true};
    const std::size_t step = document_size == 0 ? 1 : document_size;
    for (std::size_t begin = 0; begin < sentences.size(); begin += step) {
        const std::size_t end = std::min(sentences.size(), begin + step);
        std::vector<std::vector<std::string>> words;
        std::vector<std::vector<EntitySpan>> predicted;
        for (std::size_t s = begin; s < end; ++s) {
            words.push_back(sentences[s].words);
            predicted.push_back(tagger.tag_sentence(sentences[s].words));
        }
        if (document_size > 0) harmonize_document(words, predicted);
        for (std::size_t s = begin; s < end; ++s) {
            std::vector<EntitySpan> gold = spans_from_tags(encode_tags(sentences[s], reference, gmb), reference);
            const std::vector<EntitySpan>& pred = predicted[s - begin];
            for (const EntitySpan& g : gold) {
                const auto t = static_cast<std::size_t>(g.type);
                if (std::find(pred.begin(), pred.end(), g) != pred.end()) {
                    ++scores.tp[t];
                } else {
                    ++scores.fn[t];
                }
            }
            for (const EntitySpan& p : pred) {
                if (std::find(gold.begin(), gold.end(), p) == gold.end()) ++scores.fp[static_cast<std::size_t>(p.type)];
            }
        }
    }
    return scores;
}

}  // namespace newsindex::detail
