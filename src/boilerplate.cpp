#include "boilerplate.hpp"

#include "text_util.hpp"

#include <newsindex/error.hpp>

#include <algorithm>

extern "C" {
extern const char newsindex_boilerplate_patterns[];
extern const char newsindex_boilerplate_patterns_end[];
extern const char newsindex_boilerplate_vocabulary[];
extern const char newsindex_boilerplate_vocabulary_end[];
}

namespace newsindex::detail {

namespace {

constexpr std::size_t max_prefix_words = 12;
constexpr std::size_t max_vocabulary_words = 12;
constexpr std::size_t max_contains_words = 40;
// A line longer than this is prose, whatever words it holds.
constexpr std::size_t max_furniture_bytes = 400;

bool is_trailing_noise(char c) {
    return c == '.' || c == ':' || c == '!' || c == '|' || c == '>' || c == ' ' || c == '-' ||
           c == '*' || c == '#';
}

// Folds a line and drops trailing punctuation and arrows ("Read more »").
std::string fold_line(std::string_view line) {
    std::string folded = fold_for_matching(trim(line));
    for (;;) {
        if (!folded.empty() && is_trailing_noise(folded.back())) {
            folded.pop_back();
        } else if (folded.ends_with("\xC2\xBB") || folded.ends_with("\xE2\x80\xBA")) {  // » ›
            folded.resize(folded.size() - 2);
        } else if (folded.ends_with("\xE2\x86\x92")) {  // →
            folded.resize(folded.size() - 3);
        } else {
            break;
        }
    }
    return folded;
}

bool ends_sentence(std::string_view line) {
    line = trim(line);
    if (line.empty()) return false;
    const char last = line.back();
    if (last == '.' || last == '?' || last == '!' || last == '"' || last == ')') return true;
    return line.ends_with("\xE2\x80\x9D");  // closing curly quote
}

bool starts_upper(std::string_view word) {
    return !word.empty() && (is_ascii_upper(word.front()) || static_cast<unsigned char>(word.front()) >= 0xC0);
}

// "Mitt Romney: Obama has been a 'foreign policy disaster'": a related-story teaser is a
// short name or kicker in title case, a colon, and a headline without a closing full stop.
bool looks_like_teaser(std::string_view line) {
    line = trim(line);
    const std::size_t colon = line.find(": ");
    if (colon == std::string_view::npos || colon == 0) return false;
    const std::string_view head = line.substr(0, colon);
    const std::string_view tail = trim(line.substr(colon + 2));
    const std::size_t head_words = count_words(head);
    const std::size_t tail_words = count_words(tail);
    if (head_words == 0 || head_words > 4 || tail_words < 3 || tail_words > 20) return false;
    if (line.back() == '.' || !starts_upper(tail)) return false;
    std::size_t start = 0;
    while (start < head.size()) {
        std::size_t end = head.find(' ', start);
        if (end == std::string_view::npos) end = head.size();
        if (!starts_upper(head.substr(start, end - start))) return false;
        start = end + 1;
    }
    return true;
}

// Splits "KIND<TAB>TEXT" lines, skipping comments and blank lines.
template <typename Handler>
void for_each_entry(std::string_view data, std::string_view what, Handler&& handle) {
    std::size_t line_number = 0;
    for (std::string_view raw : split_lines(data)) {
        ++line_number;
        const std::string_view line = trim(raw);
        if (line.empty() || line.front() == '#') continue;
        const std::size_t tab = line.find('\t');
        const std::string where = std::string(what) + ", line " + std::to_string(line_number) + ": ";
        if (tab == std::string_view::npos) throw Error(where + "no tab between kind and text");
        const std::string_view kind = line.substr(0, tab);
        const std::string_view text = trim(line.substr(tab + 1));
        if (text.empty()) throw Error(where + "empty text");
        if (!handle(kind, text)) throw Error(where + "unknown kind '" + std::string(kind) + "'");
    }
}

// Lower-case words of letters and apostrophes; digits make the whole line "not furniture".
bool furniture_words(std::string_view line, std::vector<std::string>& words) {
    words.clear();
    const std::string folded = fold_for_matching(line);
    std::string word;
    for (char c : folded) {
        if (is_ascii_digit(c)) return false;
        if (is_ascii_alpha(c) || (c == '\'' && !word.empty())) {
            word += c;
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return true;
}

std::string_view embedded(const char* begin, const char* end) {
    return std::string_view(begin, static_cast<std::size_t>(end - begin));
}

}  // namespace

BoilerplateFilter::BoilerplateFilter()
    : BoilerplateFilter(embedded(newsindex_boilerplate_patterns, newsindex_boilerplate_patterns_end),
                        embedded(newsindex_boilerplate_vocabulary, newsindex_boilerplate_vocabulary_end)) {}

BoilerplateFilter::BoilerplateFilter(std::string_view patterns, std::string_view vocabulary) {
    load_patterns(patterns);
    load_vocabulary(vocabulary);
}

void BoilerplateFilter::load_patterns(std::string_view patterns) {
    for_each_entry(patterns, "boilerplate patterns", [&](std::string_view kind, std::string_view text) {
        if (kind == "line") {
            m_lines.insert(fold_line(text));
        } else if (kind == "prefix") {
            // A prefix keeps its punctuation: "more:" must not match "More strikes followed".
            m_prefixes.push_back(fold_for_matching(text));
        } else if (kind == "contains") {
            m_contains.push_back(fold_line(text));
        } else {
            return false;
        }
        return true;
    });
}

void BoilerplateFilter::load_vocabulary(std::string_view vocabulary) {
    for_each_entry(vocabulary, "boilerplate vocabulary", [&](std::string_view kind, std::string_view text) {
        const std::string word = fold_for_matching(text);
        if (kind == "word") {
            m_furniture_words.insert(word);
        } else if (kind == "imperative") {
            m_imperatives.insert(word);
        } else if (kind == "stop") {
            m_stop_words.insert(word);
        } else {
            return false;
        }
        return true;
    });
}

bool BoilerplateFilter::made_of_furniture_words(std::string_view line) const {
    line = trim(line);
    if (line.empty() || line.size() > max_furniture_bytes) return false;
    thread_local std::vector<std::string> words;
    if (!furniture_words(line, words) || words.empty() || words.size() > max_vocabulary_words) return false;
    const bool imperative = m_imperatives.contains(words.front());
    std::size_t content = 0;
    std::size_t furniture = 0;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const bool counts_as_furniture =
            m_furniture_words.contains(words[i]) || (i == 0 && imperative);
        if (!counts_as_furniture && m_stop_words.contains(words[i])) continue;
        ++content;
        furniture += counts_as_furniture ? 1 : 0;
    }
    if (content == 0) return false;
    if (imperative) return furniture * 10 >= content * 6;
    return content >= 2 && furniture == content;
}

bool BoilerplateFilter::matches_pattern(std::string_view line) const {
    line = trim(line);
    if (line.empty() || line.size() > max_furniture_bytes) return false;
    const std::string folded = fold_line(line);
    if (m_lines.contains(folded)) return true;
    const std::size_t words = count_words(folded);
    if (words <= max_prefix_words) {
        const std::string whole = fold_for_matching(line);
        for (const std::string& prefix : m_prefixes) {
            if (whole.starts_with(prefix)) {
                // The prefix must end at a word boundary: "sharehold..." is not "share".
                if (whole.size() == prefix.size()) return true;
                const char next = whole[prefix.size()];
                const char last = prefix.back();
                if (next == ' ' || next == ':' || !is_ascii_alnum(last)) return true;
            }
        }
    }
    if (words <= max_contains_words) {
        for (const std::string& needle : m_contains) {
            if (folded.find(needle) != std::string::npos) return true;
        }
    }
    return false;
}

std::vector<BoilerplateReason> BoilerplateFilter::classify(const std::vector<std::string_view>& lines) const {
    std::vector<BoilerplateReason> verdicts(lines.size(), BoilerplateReason::none);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (matches_pattern(lines[i])) {
            verdicts[i] = BoilerplateReason::pattern;
        } else if (made_of_furniture_words(lines[i])) {
            verdicts[i] = BoilerplateReason::vocabulary;
        }
    }
    // Teasers for related stories follow the last paragraph of prose: walk back from the end
    // over furniture, and judge the non-prose lines there by their shape.
    std::size_t last_prose = lines.size();
    for (std::size_t i = lines.size(); i-- > 0;) {
        if (verdicts[i] != BoilerplateReason::none || trim(lines[i]).empty()) continue;
        if (ends_sentence(lines[i]) && count_words(lines[i]) >= 8) {
            last_prose = i;
            break;
        }
    }
    if (last_prose < lines.size()) {
        for (std::size_t i = last_prose + 1; i < lines.size(); ++i) {
            if (verdicts[i] == BoilerplateReason::none && looks_like_teaser(lines[i])) {
                verdicts[i] = BoilerplateReason::shape;
            }
        }
    }
    return verdicts;
}

}  // namespace newsindex::detail
