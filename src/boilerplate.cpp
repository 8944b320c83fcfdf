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

constexpr std::size_t max_prefix_words = 16;
constexpr std::size_t max_vocabulary_words = 12;
constexpr std::size_t max_contains_words = 40;
// A line longer than this is prose, whatever words it holds.
constexpr std::size_t max_furniture_bytes = 400;

bool is_trailing_noise(char c) {
    return c == '.' || c == ':' || c == '!' || c == '|' || c == '>' || c == ' ' || c == '-' ||
           c == '*' || c == '#';
}

// Drops leading and trailing dashes, bullets and arrows ("- Advertisement -", "Read more »")
// from a folded line.
std::string_view strip_trailing_noise(std::string_view folded) {
    while (!folded.empty() && (folded.front() == '-' || folded.front() == '*' || folded.front() == '|' ||
                               folded.front() == '>' || folded.front() == ' ')) {
        folded.remove_prefix(1);
    }
    if (folded.starts_with("\xE2\x80\xA2")) folded.remove_prefix(3);  // •
    for (;;) {
        if (!folded.empty() && is_trailing_noise(folded.back())) {
            folded.remove_suffix(1);
        } else if (folded.ends_with("\xC2\xBB") || folded.ends_with("\xE2\x80\xBA")) {  // » ›
            folded.remove_suffix(2);
        } else if (folded.ends_with("\xE2\x86\x92")) {  // →
            folded.remove_suffix(3);
        } else {
            break;
        }
    }
    return folded;
}

std::string fold_line(std::string_view line) {
    return std::string(strip_trailing_noise(fold_for_matching(trim(line))));
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

// The words (letters and apostrophes) of a folded line; digits make it "not furniture".
bool furniture_words(std::string_view folded, std::vector<std::string>& words) {
    words.clear();
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

namespace {

// "Home | News | Sport | Weather": three or more short items between bars or bullets.
bool looks_like_navigation(std::string_view folded) {
    std::size_t items = 1;
    std::size_t words_in_item = 0;
    bool in_word = false;
    for (std::size_t i = 0; i < folded.size(); ++i) {
        const char c = folded[i];
        const bool bar = c == '|' || folded.compare(i, 3, "\xE2\x80\xA2") == 0 || folded.compare(i, 2, "\xC2\xB7") == 0;
        if (bar) {
            if (words_in_item == 0 || words_in_item > 3) return false;
            ++items;
            words_in_item = 0;
            in_word = false;
        } else if (c == ' ') {
            in_word = false;
        } else if (!in_word && (static_cast<unsigned char>(c) & 0xC0) != 0x80) {
            in_word = true;
            ++words_in_item;
        }
    }
    return items >= 3 && words_in_item >= 1 && words_in_item <= 3;
}

}  // namespace

bool BoilerplateFilter::furniture_by_words(std::string_view folded) const {
    if (looks_like_navigation(folded)) return true;
    thread_local std::vector<std::string> words;
    if (!furniture_words(folded, words) || words.empty() || words.size() > max_vocabulary_words) return false;
    const bool imperative = m_imperatives.contains(words.front());
    // "Follow @AJEnglish": a call to a social account.
    if (imperative && words.size() <= 6 && folded.find(" @") != std::string_view::npos) return true;
    std::size_t content = 0;
    std::size_t furniture = 0;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const bool counts_as_furniture = m_furniture_words.contains(words[i]) || (i == 0 && imperative);
        if (!counts_as_furniture && m_stop_words.contains(words[i])) continue;
        ++content;
        furniture += counts_as_furniture ? 1 : 0;
    }
    if (content == 0) return false;
    if (imperative) return furniture * 10 >= content * 6;
    return content >= 2 && furniture == content;
}

bool BoilerplateFilter::furniture_by_pattern(std::string_view whole, std::size_t words) const {
    const std::string_view stripped = strip_trailing_noise(whole);
    if (m_lines.find(stripped) != m_lines.end()) return true;
    if (words <= max_prefix_words) {
        for (const std::string& prefix : m_prefixes) {
            if (whole.starts_with(prefix)) {
                // The prefix must end at a word boundary: "sharehold..." is not "share",
                // but "ap photo/evan vucci" is "ap photo" and "copyright 2021" "copyright 20".
                if (whole.size() == prefix.size()) return true;
                const char next = whole[prefix.size()];
                const char last = prefix.back();
                if (!is_ascii_alnum(next) || !is_ascii_alnum(last) || (is_ascii_digit(last) && is_ascii_digit(next))) {
                    return true;
                }
            }
        }
    }
    for (const std::string& needle : m_contains) {
        if (stripped.find(needle) != std::string_view::npos) return true;
    }
    return false;
}

bool BoilerplateFilter::contains_marker(std::string_view line) const {
    for (const std::string& needle : m_contains) {
        const auto hit = std::search(line.begin(), line.end(), needle.begin(), needle.end(),
                                     [](char a, char b) { return ascii_lower(a) == b; });
        if (hit != line.end()) return true;
    }
    return false;
}

BoilerplateReason BoilerplateFilter::judge(std::string_view line) const {
    line = trim(line);
    if (line.empty() || line.size() > max_furniture_bytes) return BoilerplateReason::none;
    // Most lines of an article are prose: counting words is cheaper than folding them, and
    // a line too long for a whole-line, prefix or vocabulary match is only searched for the
    // copyright markers, in place.
    const std::size_t words = count_words(line);
    if (words > max_contains_words) return BoilerplateReason::none;
    if (words > max_prefix_words && words > max_vocabulary_words) {
        return contains_marker(line) ? BoilerplateReason::pattern : BoilerplateReason::none;
    }
    thread_local std::string whole;
    whole = fold_for_matching(line);
    if (furniture_by_pattern(whole, words)) return BoilerplateReason::pattern;
    if (words <= max_vocabulary_words && furniture_by_words(whole)) return BoilerplateReason::vocabulary;
    return BoilerplateReason::none;
}

bool BoilerplateFilter::matches_pattern(std::string_view line) const {
    return judge(line) == BoilerplateReason::pattern;
}

bool BoilerplateFilter::made_of_furniture_words(std::string_view line) const {
    line = trim(line);
    if (line.empty() || line.size() > max_furniture_bytes) return false;
    return furniture_by_words(fold_for_matching(line));
}

std::vector<BoilerplateReason> BoilerplateFilter::classify(const std::vector<std::string_view>& lines,
                                                          const RepeatedLines* repeated) const {
    std::vector<BoilerplateReason> verdicts(lines.size(), BoilerplateReason::none);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        verdicts[i] = judge(lines[i]);
        if (verdicts[i] == BoilerplateReason::none && repeated != nullptr && repeated->contains(lines[i])) {
            verdicts[i] = BoilerplateReason::repeated;
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

namespace {

constexpr std::size_t max_repeated_words = 12;
constexpr std::size_t neighbour_sample = 64;
constexpr std::size_t min_repeated_documents = 5;

// The survey keys lines by their folded form without digits-free check: a line with digits
// ("Record April 15", "Copyright 2021 ...") is dates or figures, left to the other evidence.
bool surveyable(std::string_view line) {
    if (line.empty() || line.size() > max_furniture_bytes) return false;
    // One pass that stops at the first digit or the thirteenth word: prose ends it early.
    std::size_t words = 0;
    bool in_word = false;
    for (char c : line) {
        if (is_ascii_digit(c)) return false;
        if (is_ascii_space(c)) {
            in_word = false;
        } else if (!in_word) {
            in_word = true;
            if (++words > max_repeated_words) return false;
        }
    }
    return true;
}

std::string first_word(std::string_view line) {
    line = trim(line);
    std::string word = fold_for_matching(line.substr(0, line.find(' ')));
    return word;
}

// Share of distinct values in a sample: near 1 when a line keeps varied company.
double variety(std::vector<std::string> sample) {
    if (sample.empty()) return 0;
    const std::size_t n = sample.size();
    std::sort(sample.begin(), sample.end());
    return static_cast<double>(std::unique(sample.begin(), sample.end()) - sample.begin()) / static_cast<double>(n);
}

}  // namespace

void RepeatedLines::survey(const std::vector<std::string_view>& lines) {
    ++m_documents;
    // Neighbours are the nearest non-blank lines.
    thread_local std::vector<std::size_t> content;
    content.clear();
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (!trim(lines[i]).empty()) content.push_back(i);
    }
    for (std::size_t k = 0; k < content.size(); ++k) {
        const std::string_view line = trim(lines[content[k]]);
        if (!surveyable(line)) continue;
        Occurrences& o = m_survey[fold_line(line)];
        if (o.last_document == m_documents) continue;  // once per article
        o.last_document = m_documents;
        ++o.documents;
        if (o.before.size() < neighbour_sample) {
            o.before.push_back(k > 0 ? first_word(lines[content[k - 1]]) : std::string("<top>"));
            o.after.push_back(k + 1 < content.size() ? first_word(lines[content[k + 1]]) : std::string("<end>"));
        }
    }
}

void RepeatedLines::finish() {
    const std::size_t needed = std::max(min_repeated_documents, (m_documents + 99) / 100);
    for (auto& [line, o] : m_survey) {
        if (o.documents < needed) continue;
        // Table labels keep the same company ("Year" before "Shr ..."); furniture does not.
        if (variety(std::move(o.before)) < 0.4 || variety(std::move(o.after)) < 0.4) continue;
        m_furniture.insert(line);
    }
    m_survey.clear();
}

bool RepeatedLines::contains(std::string_view line) const {
    if (m_furniture.empty()) return false;
    line = trim(line);
    if (!surveyable(line)) return false;
    return m_furniture.contains(fold_line(line));
}

}  // namespace newsindex::detail
