#pragma once
// Near-duplicates: which indexed story an article is a copy of.
//
// An article's fingerprint is a MinHash signature of the set of its word shingles (pairs of
// consecutive words, function words left out so that "some" -> "a few" changes nothing).
// The fraction of equal signature entries of two articles estimates the Jaccard similarity
// of their shingle sets. Candidates come from locality-sensitive hashing: the signature is
// cut into bands of two entries, and two articles that agree on a whole band are candidates;
// at similarity s that happens in at least one of the 24 bands with probability
// 1 - (1 - s^2)^24 (0.997 at s = 0.47, a fifth of the words rewritten; 0.0001 at s = 0.002,
// two unrelated articles). The index keeps each article's band keys as terms, so the
// candidates of a new article are found by looking them up, in every shard, in this run and
// in earlier ones.
//
// The signature is computed by one-permutation hashing with optimal densification
// (Shrivastava 2017): each shingle is hashed once and lands in one of the bins; empty bins
// borrow from a non-empty bin picked by a fixed probe sequence. Linear in the text.

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace newsindex::detail {

inline constexpr std::size_t signature_size = 64;  // bins of the MinHash signature
inline constexpr std::size_t band_rows = 2;         // signature entries per LSH band
// 24 bands use 48 of the 64 entries (32 bands: recall on the evaluation set +0.1 point for
// a third more lookup terms; 16: -0.7 point).
inline constexpr std::size_t band_count = 24;
static_assert(band_count * band_rows <= signature_size);

struct Fingerprint {
    /// Hash of the text's words in order, lower-cased: equal for exact duplicates (the same
    /// cleaned text, whatever its spacing). 0 for a text without words.
    std::uint64_t exact = 0;
    /// 16 bits of each bin's minimum: two different minima agree by chance once in 65,536.
    std::array<std::uint16_t, signature_size> signature{};
    /// Shingles seen; 0 means no signature (too few words to tell copies apart).
    std::size_t shingles = 0;

    [[nodiscard]] bool has_signature() const noexcept { return shingles > 0; }
};

/// The fingerprint of an article: shingles of its title and cleaned text, the exact hash
/// of the text alone (a copy under another headline is still the same text). Pure and
/// thread-safe.
[[nodiscard]] Fingerprint fingerprint(std::string_view title, std::string_view text);

/// Estimated Jaccard similarity of the two shingle sets: the share of equal signature
/// entries. 0 when either has no signature.
[[nodiscard]] double similarity(const Fingerprint& a, const Fingerprint& b) noexcept;

/// The LSH band keys: band b's key is a hash of its entries and of b. Empty without a
/// signature.
[[nodiscard]] std::vector<std::uint64_t> band_keys(const Fingerprint& f);

/// The fingerprint as stored in a value slot, and back (nullopt if malformed).
[[nodiscard]] std::string encode_fingerprint(const Fingerprint& f);
[[nodiscard]] std::optional<Fingerprint> decode_fingerprint(std::string_view bytes);

/// An indexed article as the clustering sees it.
struct StoryMember {
    std::string id;      ///< empty if not known (read from an index: passed over by docid)
    std::string story;   ///< the story (cluster) id it belongs to
    std::string source;  ///< where it came from, for reports; may be empty if not known
    Fingerprint fingerprint;
};

/// What the clustering decided for one article.
struct StoryDecision {
    enum class Kind { new_story, near_duplicate, exact_duplicate };
    Kind kind = Kind::new_story;
    std::string story;      ///< the story joined, or the article's own id
    std::size_t of = 0;     ///< when a duplicate: the candidate it follows (an index)
    double similarity = 0;  ///< estimated, to that candidate
};

/// Articles at least this similar (estimated Jaccard of shingle sets) are one story...
inline constexpr double story_threshold = 0.30;
/// ...if they also share this many shingles (estimated): two notices of a dozen words from
/// one template ("Qtly div 24 cts vs 24 cts prior, pay May 8") share a third of their
/// shingles and are still different news. Shorter copies are found only when exact.
inline constexpr double story_min_shared_shingles = 10;

/// The story of an article with fingerprint `f` and id `id`, given the indexed articles that
/// share its exact hash or a band (candidates; members with the same id, an older version of
/// the article, are passed over). An exact duplicate joins its original's story; otherwise
/// the most similar candidate at or above story_threshold is followed; otherwise the article
/// starts a story under its own id.
[[nodiscard]] StoryDecision decide_story(const std::string& id, const Fingerprint& f,
                                         const std::vector<StoryMember>& candidates);

/// Recently added articles, looked up by exact hash and band key: what the index cannot
/// answer yet because it has not been committed. Entries are forgotten oldest first.
class RecentStories {
  public:
    void add(StoryMember member);
    /// Members sharing the exact hash or a band key with f, each once.
    void candidates(const Fingerprint& f, std::vector<StoryMember>& out) const;
    /// Forgets the oldest entries until `count` are left.
    void keep_newest(std::size_t count);
    [[nodiscard]] std::size_t size() const noexcept { return m_members.size(); }
    /// Entries added so far, forgotten ones included: a position in the sequence of adds.
    [[nodiscard]] std::uint64_t added() const noexcept { return m_first + m_members.size(); }

  private:
    std::deque<StoryMember> m_members;  // m_members[i] was added as number m_first + i
    std::uint64_t m_first = 0;
    // Key (exact hash or band key) -> numbers of the members with it; numbers below m_first
    // are forgotten members, dropped when the key is next touched.
    std::unordered_map<std::uint64_t, std::vector<std::uint64_t>> m_by_key;
};

}  // namespace newsindex::detail
