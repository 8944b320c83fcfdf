#include "near_duplicates.hpp"

#include "text_util.hpp"

#include <algorithm>
#include <limits>
#include <unordered_set>

namespace newsindex::detail {

namespace {

// Words that carry no story of their own: rewriting them ("some" -> "a few", "the" -> "a")
// must not make a copy look new, and shingles of them alone would make every article look
// a little like every other.
const std::unordered_set<std::string_view>& function_words() {
    static const std::unordered_set<std::string_view> words = {
        "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "before",
        "being", "between", "both", "but", "by", "can", "could", "did", "do", "does", "during", "each", "few",
        "for", "from", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i",
        "if", "in", "into", "is", "it", "its", "may", "might", "more", "most", "much", "must", "my", "no",
        "nor", "not", "now", "of", "off", "on", "once", "one", "only", "or", "other", "our", "out", "over",
        "own", "same", "several", "she", "should", "so", "some", "such", "than", "that", "the", "their",
        "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until",
        "up", "upon", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom",
        "why", "will", "with", "would", "yet", "you", "your",
    };
    return words;
}


constexpr std::uint64_t fnv_offset = 0xcbf29ce484222325ULL;
constexpr std::uint64_t fnv_prime = 0x100000001b3ULL;
constexpr unsigned bin_shift = 58;  // the top 6 bits of a shingle's hash pick its bin
static_assert(signature_size == std::size_t{1} << (64 - bin_shift));
constexpr std::uint64_t empty_bin = std::numeric_limits<std::uint64_t>::max();

bool is_word_byte(char c) noexcept { return is_ascii_alnum(c) || static_cast<unsigned char>(c) >= 0x80; }

}  // namespace

Fingerprint fingerprint(std::string_view title, std::string_view text) {
    Fingerprint f;
    std::array<std::uint64_t, signature_size> minima;
    minima.fill(empty_bin);
    std::uint64_t exact = fnv_offset;
    std::uint64_t previous = 0;  // hash of the previous content word, 0 before the first
    std::string word;
    bool any_word = false;
    const auto& skip = function_words();
    // The title's words, then the text's; only the text's count for the exact hash.
    const std::string joined = std::string(title) + "\n" + std::string(text);
    const std::size_t text_starts = title.size() + 1;
    text = joined;
    for (std::size_t i = 0; i < text.size();) {
        if (!is_word_byte(text[i])) {
            ++i;
            continue;
        }
        word.clear();
        // A word: letters, digits and non-ASCII bytes, with inner apostrophes, dots and
        // commas ("Da'esh", "U.S.", "1,000", "3.5") kept, lower-cased.
        while (i < text.size()) {
            const char c = text[i];
            if (is_word_byte(c)) {
                word += ascii_lower(c);
                ++i;
            } else if ((c == '\'' || c == '.' || c == ',') && i + 1 < text.size() && is_word_byte(text[i + 1])) {
                word += c;
                ++i;
            } else {
                break;
            }
        }
        if (i > text_starts) {
            any_word = true;
            for (const char c : word) exact = (exact ^ static_cast<unsigned char>(c)) * fnv_prime;
            exact = (exact ^ ' ') * fnv_prime;
        }
        if (skip.contains(word)) continue;
        const std::uint64_t current = mix_bits(stable_hash(word) | 1);
        if (previous != 0) {
            const std::uint64_t shingle = mix_bits(previous * 31 + current);
            const std::size_t bin = shingle >> bin_shift;
            const std::uint64_t value = shingle & ((std::uint64_t{1} << bin_shift) - 1);
            minima[bin] = std::min(minima[bin], value);
            ++f.shingles;
        }
        previous = current;
    }
    f.exact = any_word ? mix_bits(exact) | 1 : 0;
    if (f.shingles == 0) return f;
    // Optimal densification: an empty bin takes the minimum of the first non-empty bin on
    // its own probe sequence, the same sequence in every article.
    for (std::size_t bin = 0; bin < signature_size; ++bin) {
        std::uint64_t value = minima[bin];
        for (std::uint64_t attempt = 1; value == empty_bin; ++attempt) {
            value = minima[mix_bits((bin << 32) + attempt) >> bin_shift];
        }
        f.signature[bin] = static_cast<std::uint16_t>(mix_bits(value + bin));
    }
    return f;
}

double similarity(const Fingerprint& a, const Fingerprint& b) noexcept {
    if (!a.has_signature() || !b.has_signature()) return 0;
    std::size_t equal = 0;
    for (std::size_t i = 0; i < signature_size; ++i) equal += a.signature[i] == b.signature[i] ? 1 : 0;
    return static_cast<double>(equal) / static_cast<double>(signature_size);
}

std::vector<std::uint64_t> band_keys(const Fingerprint& f) {
    std::vector<std::uint64_t> keys;
    if (!f.has_signature()) return keys;
    keys.reserve(band_count);
    for (std::size_t band = 0; band < band_count; ++band) {
        std::uint64_t key = mix_bits(band + 1);
        for (std::size_t row = 0; row < band_rows; ++row) key = mix_bits(key ^ f.signature[band * band_rows + row]);
        keys.push_back(key);
    }
    return keys;
}

std::string encode_fingerprint(const Fingerprint& f) {
    // exact (8 bytes), shingle count (4), then the signature (2 bytes an entry), little-endian.
    std::string out;
    out.reserve(12 + 2 * signature_size);
    for (int i = 0; i < 8; ++i) out += static_cast<char>((f.exact >> (8 * i)) & 0xff);
    const auto shingles = static_cast<std::uint32_t>(std::min<std::size_t>(f.shingles, 0xffffffffU));
    for (int i = 0; i < 4; ++i) out += static_cast<char>((shingles >> (8 * i)) & 0xff);
    for (const std::uint16_t v : f.signature) {
        out += static_cast<char>(v & 0xff);
        out += static_cast<char>(v >> 8);
    }
    return out;
}

std::optional<Fingerprint> decode_fingerprint(std::string_view bytes) {
    if (bytes.size() != 12 + 2 * signature_size) return std::nullopt;
    auto byte = [&](std::size_t i) { return static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[i])); };
    Fingerprint f;
    for (std::size_t i = 0; i < 8; ++i) f.exact |= byte(i) << (8 * i);
    std::uint64_t shingles = 0;
    for (std::size_t i = 0; i < 4; ++i) shingles |= byte(8 + i) << (8 * i);
    f.shingles = static_cast<std::size_t>(shingles);
    for (std::size_t i = 0; i < signature_size; ++i) {
        f.signature[i] = static_cast<std::uint16_t>(byte(12 + 2 * i) | (byte(13 + 2 * i) << 8));
    }
    return f;
}

StoryDecision decide_story(const std::string& id, const Fingerprint& f, const std::vector<StoryMember>& candidates) {
    StoryDecision decision;
    decision.story = id;
    const StoryMember* best = nullptr;
    std::size_t best_index = 0;
    double best_similarity = -1;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const StoryMember& c = candidates[i];
        if (!c.id.empty() && c.id == id) continue;
        if (f.exact != 0 && c.fingerprint.exact == f.exact) {
            decision.kind = StoryDecision::Kind::exact_duplicate;
            decision.story = c.story;
            decision.of = i;
            decision.similarity = 1;
            return decision;
        }
        const double s = similarity(f, c.fingerprint);
        // Ties go to the earlier candidate: the same input order gives the same stories.
        if (s > best_similarity) {
            best_similarity = s;
            best = &c;
            best_index = i;
        }
    }
    // Shared shingles, from the Jaccard estimate s = shared / (a + b - shared).
    const double shared = best != nullptr ? best_similarity / (1 + best_similarity) *
                                                static_cast<double>(f.shingles + best->fingerprint.shingles)
                                          : 0;
    if (best != nullptr && best_similarity >= story_threshold && shared >= story_min_shared_shingles) {
        decision.kind = StoryDecision::Kind::near_duplicate;
        decision.story = best->story;
        decision.of = best_index;
        decision.similarity = best_similarity;
    }
    return decision;
}

namespace {

std::vector<std::uint64_t> lookup_keys(const Fingerprint& f) {
    std::vector<std::uint64_t> keys = band_keys(f);
    if (f.exact != 0) keys.push_back(f.exact);
    return keys;
}

}  // namespace

void RecentStories::add(StoryMember member) {
    const std::uint64_t number = added();
    for (const std::uint64_t key : lookup_keys(member.fingerprint)) m_by_key[key].push_back(number);
    m_members.push_back(std::move(member));
}

void RecentStories::candidates(const Fingerprint& f, std::vector<StoryMember>& out) const {
    std::vector<std::uint64_t> found;
    for (const std::uint64_t key : lookup_keys(f)) {
        const auto it = m_by_key.find(key);
        if (it == m_by_key.end()) continue;
        for (const std::uint64_t number : it->second) {
            if (number >= m_first) found.push_back(number);
        }
    }
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    for (const std::uint64_t number : found) out.push_back(m_members[number - m_first]);
}

void RecentStories::keep_newest(std::size_t count) {
    while (m_members.size() > count) {
        for (const std::uint64_t key : lookup_keys(m_members.front().fingerprint)) {
            auto it = m_by_key.find(key);
            if (it == m_by_key.end()) continue;
            std::erase_if(it->second, [&](std::uint64_t n) { return n <= m_first; });
            if (it->second.empty()) m_by_key.erase(it);
        }
        m_members.pop_front();
        ++m_first;
    }
}

}  // namespace newsindex::detail
