#include "snippet.hpp"

#include "text_util.hpp"

#include <xapian/unicode.h>

#include <algorithm>
#include <array>

namespace newsindex::detail {

namespace {

constexpr unsigned right_single_quote = 0x2019;
// How far before its first match a passage starts when its sentence began long before.
constexpr std::size_t passage_lead = 30;

// The code point at text[i] and its length in bytes; a byte that starts no valid UTF-8
// sequence is one non-word character.
std::pair<unsigned, std::size_t> decode(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned c = byte(i);
    if (c < 0x80) return {c, 1};
    std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (len == 0 || i + len > text.size()) return {0xFFFD, 1};
    unsigned cp = c & (0x7F >> len);
    for (std::size_t k = 1; k < len; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return {0xFFFD, 1};
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    return {cp, len};
}

// The code point at text[i] and its length, decoding only beyond ASCII.
std::pair<unsigned, std::size_t> next_char(std::string_view text, std::size_t i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) return {c, 1};
    return decode(text, i);
}

// What a byte is to the scan for words: most news text is ASCII, read a byte at a time
// through this table; only bytes of multi-byte UTF-8 sequences are decoded.
enum class ByteClass : unsigned char { ascii_other, ascii_word, multibyte };
constexpr std::array<ByteClass, 256> byte_classes = [] {
    std::array<ByteClass, 256> classes{};
    for (std::size_t b = 0; b < classes.size(); ++b) {
        const char c = static_cast<char>(b);
        classes[b] = b >= 0x80 ? ByteClass::multibyte : is_ascii_alnum(c) ? ByteClass::ascii_word : ByteClass::ascii_other;
    }
    return classes;
}();

ByteClass byte_class(char c) { return byte_classes[static_cast<unsigned char>(c)]; }

bool is_word_char(unsigned cp) {
    if (cp < 0x80) return is_ascii_alnum(static_cast<char>(cp));
    return Xapian::Unicode::is_wordchar(cp);
}

void append_lower(std::string& out, unsigned cp) {
    if (cp < 0x80) {
        out += ascii_lower(static_cast<char>(cp));
    } else if (cp == right_single_quote) {
        out += '\'';  // as Xapian's term generator reads it
    } else {
        Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(cp));
    }
}

// The first character of a lower-case word, as UTF-8.
std::string first_letter(std::string_view word) {
    if (word.empty()) return {};
    return std::string(word.substr(0, decode(word, 0).second));
}

bool is_sentence_end(std::string_view text, std::size_t i) {
    const char c = text[i];
    return c == '\n' || ((c == '.' || c == '!' || c == '?') && i + 1 < text.size() && (text[i + 1] == ' ' || text[i + 1] == '\n'));
}

}  // namespace

SnippetMaker::SnippetMaker(std::vector<std::pair<std::string, double>> stems, Xapian::Stem stemmer)
    : m_stems(std::move(stems)), m_stemmer(std::move(stemmer)) {
    for (const auto& [stem, weight] : m_stems) {
        if (stem.empty()) continue;
        const auto first = static_cast<unsigned char>(stem.front());
        if (first < 0x80) {
            std::size_t& shortest = m_ascii_shortest[first];
            shortest = shortest == 0 ? stem.size() : std::min(shortest, stem.size());
            continue;
        }
        const std::string head = first_letter(stem);
        const auto known = std::find_if(m_heads.begin(), m_heads.end(), [&](const Head& h) { return h.letter == head; });
        if (known == m_heads.end()) {
            m_heads.push_back(Head{head, stem.size()});
        } else {
            known->shortest = std::min(known->shortest, stem.size());
        }
    }
}

std::vector<std::string> SnippetMaker::stems_of(const Xapian::Query& query) {
    std::vector<std::string> stems;
    for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) {
        const std::string& term = *t;
        if (term.size() < 2 || term[0] != 'Z') continue;
        std::size_t at = 1;
        while (at < term.size() && term[at] >= 'A' && term[at] <= 'Z') ++at;  // a field prefix
        if (at < term.size()) stems.push_back(term.substr(at));
    }
    std::sort(stems.begin(), stems.end());
    stems.erase(std::unique(stems.begin(), stems.end()), stems.end());
    return stems;
}

bool SnippetMaker::may_match(std::string_view text, std::size_t start, std::size_t end) const {
    // The English stemmer keeps a word's first letter (not always its second: "dying" ->
    // "die") and never makes it longer (both tested over a vocabulary in snippet_test.cpp),
    // so a word cannot stem to a wanted stem unless it begins like one and is as long.
    if (start == end) return false;
    const auto first = static_cast<unsigned char>(text[start]);
    if (first < 0x80) {
        const std::size_t shortest = m_ascii_shortest[static_cast<unsigned char>(ascii_lower(text[start]))];
        return shortest != 0 && end - start >= shortest;
    }
    if (m_heads.empty()) return false;
    std::string head;
    append_lower(head, decode(text, start).first);
    return std::any_of(m_heads.begin(), m_heads.end(),
                       [&](const Head& h) { return h.letter == head && end - start >= h.shortest; });
}

std::size_t SnippetMaker::stem_index(const std::string& word) const {
    // The hits of one search share most of their words: each is stemmed once.
    const auto known = m_seen.find(word);
    if (known != m_seen.end()) return known->second;
    const std::string stem = m_stemmer(word);
    std::size_t index = m_stems.size();
    for (std::size_t s = 0; s < m_stems.size(); ++s) {
        if (m_stems[s].first == stem) index = s;
    }
    if (m_seen.size() < 100000) m_seen.emplace(word, index);  // bounded on a huge article
    return index;
}

std::size_t SnippetMaker::find(std::string_view text, std::size_t from, std::size_t to, std::size_t stop_length,
                               std::vector<Match>& matches) const {
    if (m_stems.empty()) return text.size();
    std::string lower;
    std::vector<char> seen(m_stems.size());
    std::size_t i = from;
    while (i < to) {
        if (const ByteClass c = byte_class(text[i]); c == ByteClass::ascii_other) {
            ++i;
            continue;
        } else if (c == ByteClass::multibyte) {
            const auto [cp, len] = decode(text, i);
            if (!is_word_char(cp)) {
                i += len;
                continue;
            }
        }
        const std::size_t start = i;
        while (i < text.size()) {
            while (i < text.size() && byte_class(text[i]) == ByteClass::ascii_word) ++i;
            if (i == text.size()) break;
            const auto [cp, len] = next_char(text, i);
            // An apostrophe inside a word ("Putin's") belongs to it.
            const bool inner_apostrophe = (cp == '\'' || cp == right_single_quote) && i + len < text.size() &&
                                          is_word_char(next_char(text, i + len).first);
            if (!is_word_char(cp) && !inner_apostrophe) break;
            i += len;
        }
        if (!may_match(text, start, i)) continue;
        lower.clear();
        for (std::size_t k = start; k < i;) {
            if (const char c = text[k]; static_cast<unsigned char>(c) < 0x80) {  // most words: ASCII
                lower += ascii_lower(c);
                ++k;
                continue;
            }
            const auto [cp, len] = decode(text, k);
            append_lower(lower, cp);
            k += len;
        }
        const std::size_t s = stem_index(lower);
        if (s >= m_stems.size()) continue;
        matches.push_back(Match{start, i, s});
        // A passage that holds every stem wanted cannot be beaten (and the earliest wins a
        // tie): the rest of the text need not be read.
        std::fill(seen.begin(), seen.end(), 0);
        std::size_t different = 0;
        for (auto m = matches.rbegin(); m != matches.rend() && i - m->start + passage_lead <= stop_length; ++m) {
            if (!seen[m->stem]) {
                seen[m->stem] = 1;
                ++different;
            }
        }
        if (stop_length > 0 && different == m_stems.size()) return i;
    }
    return i;
}

std::size_t SnippetMaker::passage_start(std::string_view text, std::size_t anchor, std::size_t length) {
    // At the anchor's sentence if that leaves most of the passage for what follows it, else
    // a few words before the anchor.
    std::size_t sentence = anchor;
    while (sentence > 0 && anchor - sentence <= length / 3 && !is_sentence_end(text, sentence - 1)) --sentence;
    std::size_t start = sentence;
    if (anchor - sentence > length / 3) {
        start = anchor - std::min(anchor, passage_lead);
        while (start < anchor && text[start] != ' ' && text[start] != '\n') ++start;
    }
    while (start < text.size() && is_ascii_space(text[start])) ++start;
    return start;
}

Snippet SnippetMaker::make(std::string_view text, std::size_t length) const {
    std::vector<Match> matches;
    const std::size_t read = find(text, 0, text.size(), length, matches);

    // The best passage: the most weight of different stems, then the most matches, then the
    // earliest. Each match is tried as the first one the passage is about.
    constexpr std::size_t anchors_tried = 256;  // bounds the work on a huge article
    std::size_t start = 0;
    double best_weight = -1;
    std::size_t best_count = 0;
    std::vector<char> seen(m_stems.size());
    std::size_t first = 0;  // the first match at or after a passage's start
    for (std::size_t a = 0; a < matches.size() && a < anchors_tried; ++a) {
        const std::size_t from = passage_start(text, matches[a].start, length);
        while (first < matches.size() && matches[first].start < from) ++first;
        std::fill(seen.begin(), seen.end(), 0);
        double weight = 0;
        std::size_t count = 0;
        for (std::size_t b = first; b < matches.size() && matches[b].end <= from + length; ++b) {
            if (!seen[matches[b].stem]) {
                seen[matches[b].stem] = 1;
                weight += std::max(m_stems[matches[b].stem].second, 1e-9);
            }
            ++count;
        }
        if (weight > best_weight || (weight == best_weight && count > best_count)) {
            best_weight = weight;
            best_count = count;
            start = from;
        }
    }
    if (matches.empty()) {
        while (start < text.size() && is_ascii_space(text[start])) ++start;
    }

    // Where it ends: at a word boundary within length (never inside a UTF-8 sequence).
    std::size_t end = std::min(text.size(), start + length);
    if (end < text.size()) {
        std::size_t cut = end;
        while (cut > start && text[cut] != ' ' && text[cut] != '\n') --cut;
        if (cut > start) {
            end = cut;
        } else {
            while (end > start && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
        }
    }

    // The words of the passage beyond where the search for it stopped.
    if (read < end) find(text, read, end, 0, matches);

    Snippet out;
    out.text.reserve(end - start + 8);
    if (text.find_first_not_of(" \n\t\r") < start) out.text += "...";
    std::size_t next = 0;  // the first match not yet passed
    while (next < matches.size() && matches[next].start < start) ++next;
    for (std::size_t i = start; i < end;) {
        if (next < matches.size() && matches[next].start == i && matches[next].end <= end) {
            const std::size_t mark = out.text.size();
            out.text.append(text.substr(i, matches[next].end - i));
            out.highlights.emplace_back(mark, out.text.size());
            i = matches[next].end;
            ++next;
            continue;
        }
        if (is_ascii_space(text[i])) {
            if (!out.text.empty() && out.text.back() != ' ') out.text += ' ';
            ++i;
            continue;
        }
        // A run up to the next space or match, copied at once.
        const std::size_t stop = next < matches.size() && matches[next].start < end ? matches[next].start : end;
        std::size_t run = i + 1;
        while (run < stop && !is_ascii_space(text[run])) ++run;
        out.text.append(text.substr(i, run - i));
        i = run;
    }
    while (!out.text.empty() && out.text.back() == ' ') out.text.pop_back();
    if (end < text.size()) out.text += "...";
    return out;
}

}  // namespace newsindex::detail
