// news-gen: a synthetic news archive of any size, with its ground truth, for benchmarks and
// scale tests. Output depends only on the count, the seed, the format and the data files:
// the generator has its own PRNG and integer-only sampling, so that neither the standard
// library's distributions nor libm can make two machines disagree.

#include "bench_args.hpp"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_set>
#include <utility>
#include <vector>

namespace fs = std::filesystem;

namespace {

constexpr int exit_failure = 1;
constexpr int exit_usage = 2;
constexpr double mega = 1e6;
constexpr std::size_t files_per_folder = 1000;      // text: DIR/0000/000123.txt
constexpr std::size_t records_per_file = 10000;     // jsonl and warc

constexpr const char* usage_text =
    "usage: news-gen --count N --out DIR [--seed S] [--format text|jsonl|warc] [--gzip]\n"
    "                [--truth FILE] [--from YEAR] [--to YEAR] [--gazetteer FILE] [--aliases FILE]\n"
    "                [--words-dir DIR] [--quiet]\n"
    "Writes N synthetic news articles to DIR (which must be empty or absent), the same bytes\n"
    "for the same N, seed, format and data files on any machine.\n"
    "  --count N        articles to write\n"
    "  --seed S         seed of the archive (default 1)\n"
    "  --format F       text: DIR/0000/000000.txt, 1000 files a folder (default);\n"
    "                   jsonl: DIR/news-00000.jsonl, 10,000 records a file;\n"
    "                   warc: DIR/news-00000.warc, 10,000 response records a file\n"
    "  --gzip           compress: .txt.gz, .jsonl.gz, .warc.gz (one gzip member per record)\n"
    "  --truth FILE     write the ground truth of each article to FILE (JSON Lines)\n"
    "  --from, --to     years of the publication dates (default 2000..2024)\n"
    "  --gazetteer FILE places (default: the source tree's data/gazetteer/places.tsv)\n"
    "  --aliases FILE   organisations (default: the source tree's data/ner/aliases.tsv)\n"
    "  --words-dir DIR  words.txt, first-names.txt, surnames.txt (default: bench/data)\n"
    "  --quiet          no summary on standard error\n";

using bench::UsageError;

enum class Format { text, jsonl, warc };

struct Options {
    std::size_t count = 0;
    std::uint64_t seed = 1;
    Format format = Format::text;
    bool gzip = false;
    fs::path out;
    std::optional<fs::path> truth;
    int from_year = 2000;
    int to_year = 2024;
    fs::path gazetteer = NEWSINDEX_SOURCE_DIR "/data/gazetteer/places.tsv";
    fs::path aliases = NEWSINDEX_SOURCE_DIR "/data/ner/aliases.tsv";
    fs::path words_dir = NEWSINDEX_SOURCE_DIR "/bench/data";
    bool quiet = false;
};

// ---------------------------------------------------------------------------------------
// Randomness: splitmix64 to seed and to hash, xoshiro256** to draw. Integer only.

constexpr std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

constexpr std::uint64_t mix(std::uint64_t a, std::uint64_t b) { return splitmix64(splitmix64(a) ^ b); }

class Rng {
  public:
    explicit Rng(std::uint64_t seed) {
        for (auto& s : m_s) {
            seed = splitmix64(seed);
            s = seed;
        }
    }
    std::uint64_t next() {
        const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const std::uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }
    // Uniform in [0, n): the modulo bias of a 64-bit draw is far below anything measured here.
    std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : next() % n; }
    std::int64_t between(std::int64_t lo, std::int64_t hi) {  // inclusive
        return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo + 1)));
    }
    bool percent(unsigned p) { return below(100) < p; }
    template <typename T>
    const T& pick(const std::vector<T>& v) {
        return v[below(v.size())];
    }

  private:
    static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t m_s[4];
};

// Weighted choice by cumulative integer weights.
class WeightedIndex {
  public:
    void add(std::uint64_t weight) { m_cumulative.push_back(total() + std::max<std::uint64_t>(weight, 1)); }
    [[nodiscard]] std::uint64_t total() const { return m_cumulative.empty() ? 0 : m_cumulative.back(); }
    [[nodiscard]] std::size_t size() const { return m_cumulative.size(); }
    std::size_t draw(Rng& rng) const {
        const std::uint64_t u = rng.below(total());
        return static_cast<std::size_t>(std::upper_bound(m_cumulative.begin(), m_cumulative.end(), u) -
                                        m_cumulative.begin());
    }

  private:
    std::vector<std::uint64_t> m_cumulative;
};

// A 1/r (Zipf, s = 1) rank in [0, 2^octaves - 1): an octave uniformly, then a rank inside it.
std::uint64_t zipf_rank(Rng& rng, unsigned octaves) {
    const unsigned o = static_cast<unsigned>(rng.below(octaves));
    return (std::uint64_t{1} << o) - 1 + rng.below(std::uint64_t{1} << o);
}

// 2^(k/16) in 16.16 fixed point, k = 0..15: lognormal lengths without exp().
constexpr std::uint32_t pow2_sixteenths[16] = {65536, 68438, 71468, 74632, 77936, 81386, 84990, 88752,
                                               92682, 96785, 101070, 105545, 110218, 115098, 120194, 125515};

// ---------------------------------------------------------------------------------------
// Days (proleptic Gregorian, days since 1970-01-01; H. Hinnant's algorithms).

struct Day {
    int year;
    unsigned month;
    unsigned day;
};

std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

Day civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return Day{static_cast<int>(yoe + era * 400 + (m <= 2)), m, d};
}

unsigned weekday_of(std::int64_t days) { return static_cast<unsigned>(((days % 7) + 7 + 3) % 7); }  // 0 = Monday

constexpr const char* month_names[12] = {"January", "February", "March",     "April",   "May",      "June",
                                         "July",    "August",   "September", "October", "November", "December"};
constexpr const char* month_wire[12] = {"Jan", "Feb", "March", "April", "May", "June",
                                        "July", "Aug", "Sept", "Oct", "Nov", "Dec"};
constexpr const char* weekday_names[7] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                          "Friday", "Saturday", "Sunday"};

std::string iso_day(std::int64_t days) {
    const Day d = civil_from_days(days);
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", d.year, d.month, d.day);
    return buffer;
}

// ---------------------------------------------------------------------------------------
// Data: words, names, places and organisations, read once.

std::vector<std::string> read_list(const fs::path& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::vector<std::string> out;
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (line.empty() || line.front() == '#') continue;
        out.push_back(line);
    }
    return out;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    for (std::size_t at = 0;;) {
        const std::size_t end = s.find(sep, at);
        out.push_back(s.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at));
        if (end == std::string_view::npos) return out;
        at = end + 1;
    }
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
}

// Names the generator can write as they are: ASCII letters, spaces and hyphens, 1-3 words.
bool plain_name(std::string_view name) {
    if (name.empty() || name.size() > 30) return false;
    if (std::count(name.begin(), name.end(), ' ') > 2) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ' ' || c == '-';
    });
}

struct Place {
    std::string name;     // the gazetteer's canonical name
    std::string kind;     // country or city
    std::string country;  // ISO 3166-1 alpha-2
};

struct Organisation {
    std::string name;
    std::vector<std::string> aliases;  // the canonical name first
};

struct Data {
    std::vector<std::string> words;  // by rank
    WeightedIndex word_weights;
    std::vector<std::string> first_names;
    std::vector<std::string> surnames;
    std::vector<Place> places;
    WeightedIndex place_weights;
    std::vector<std::size_t> cities;  // indices into places, for datelines
    WeightedIndex city_weights;
    std::vector<std::size_t> country_of;  // place -> index of its country (or itself)
    std::vector<Organisation> organisations;
};

std::uint64_t isqrt(std::uint64_t n) {
    std::uint64_t r = 0;
    for (std::uint64_t bit = std::uint64_t{1} << 62; bit != 0; bit >>= 2) {
        if (n >= r + bit) {
            n -= r + bit;
            r = (r >> 1) + bit;
        } else {
            r >>= 1;
        }
    }
    return r;
}

Data load_data(const Options& options) {
    Data data;
    // Gazetteer: countries and big cities, and every name of a place (and every name flagged
    // as a common word or given name), so that no common word or person is a place by accident.
    std::unordered_set<std::string> place_names;
    struct City {
        std::string name, country;
        std::uint64_t population;
        bool capital;
    };
    std::vector<Place> countries;
    std::vector<City> cities;
    {
        std::ifstream in(options.gazetteer);
        if (!in) throw std::runtime_error("cannot read the gazetteer " + options.gazetteer.string());
        std::string line;
        while (std::getline(in, line)) {
            if (line.empty() || line.front() == '#') continue;
            const auto f = split(line, '\t');
            if ((f[0] == "W" || f[0] == "G") && f.size() >= 2) {
                for (std::string_view n : split(f[1], '|')) place_names.insert(lower(n));
                continue;
            }
            if (f[0] != "P" || f.size() < 9) continue;
            place_names.insert(lower(f[7]));
            if (f.size() > 8) {
                for (std::string_view n : split(f[8], '|')) place_names.insert(lower(n));
            }
            if (!plain_name(f[7])) continue;
            if (f[2] == "country") {
                countries.push_back(Place{std::string(f[7]), "country", std::string(f[3])});
            } else if (f[2] == "city") {
                std::uint64_t population = 0;
                std::from_chars(f[4].data(), f[4].data() + f[4].size(), population);
                const bool capital = f[6].find('C') != std::string_view::npos;
                if (population >= 500000 || capital) {
                    cities.push_back(City{std::string(f[7]), std::string(f[3]), population, capital});
                }
            }
        }
    }
    // A name that the gazetteer also flags as a word or a given name, or that two places share,
    // is left out: the truth should name what a careful reader finds.
    std::unordered_set<std::string> seen, ambiguous;
    for (const auto& c : countries) (seen.insert(lower(c.name)).second ? void() : void(ambiguous.insert(lower(c.name))));
    for (const auto& c : cities) (seen.insert(lower(c.name)).second ? void() : void(ambiguous.insert(lower(c.name))));
    std::vector<std::uint64_t> country_weight;
    for (const auto& c : countries) {
        if (ambiguous.count(lower(c.name))) continue;
        data.places.push_back(c);
        country_weight.push_back(40);
    }
    const std::size_t n_countries = data.places.size();
    auto find_country = [&](std::string_view code) -> std::optional<std::size_t> {
        for (std::size_t i = 0; i < n_countries; ++i) {
            if (data.places[i].country == code) return i;
        }
        return std::nullopt;
    };
    std::vector<std::uint64_t> city_weight;
    for (const auto& c : cities) {
        if (ambiguous.count(lower(c.name))) continue;
        const auto country = find_country(c.country);
        if (!country) continue;
        const std::uint64_t w = isqrt(c.population / 1000) + (c.capital ? 60 : 0);
        data.places.push_back(Place{c.name, "city", c.country});
        city_weight.push_back(w);
        country_weight[*country] += w / 4;  // countries with big cities are in the news more
    }
    if (n_countries == 0 || data.places.size() == n_countries) {
        throw std::runtime_error("no countries or cities in " + options.gazetteer.string());
    }
    for (std::size_t i = 0; i < data.places.size(); ++i) {
        const std::uint64_t w = i < n_countries ? country_weight[i] : city_weight[i - n_countries];
        data.place_weights.add(w);
        data.country_of.push_back(i < n_countries ? i : *find_country(data.places[i].country));
        if (i >= n_countries) {
            data.cities.push_back(i);
            data.city_weights.add(w);
        }
    }

    auto keep = [&](const std::vector<std::string>& list) {
        std::vector<std::string> out;
        for (const auto& w : list) {
            if (!place_names.count(lower(w))) out.push_back(w);
        }
        return out;
    };
    data.words = keep(read_list(options.words_dir / "words.txt"));
    data.first_names = keep(read_list(options.words_dir / "first-names.txt"));
    data.surnames = keep(read_list(options.words_dir / "surnames.txt"));
    if (data.words.size() < 100 || data.first_names.empty() || data.surnames.empty()) {
        throw std::runtime_error("too few words or names in " + options.words_dir.string());
    }
    // Zipf weights over the committed words: rank r weighs 1/(r + 3).
    for (std::size_t r = 0; r < data.words.size(); ++r) data.word_weights.add((std::uint64_t{1} << 36) / (r + 3));

    for (const auto& line : read_list(options.aliases)) {
        const auto f = split(line, '\t');
        if (f.size() < 2 || f[1] != "organization" || !plain_name(f[0])) continue;
        Organisation org{std::string(f[0]), {std::string(f[0])}};
        if (f.size() > 2 && !f[2].empty()) {
            for (std::string_view a : split(f[2], '|')) {
                if (plain_name(a) || a.find('.') != std::string_view::npos) org.aliases.emplace_back(a);
            }
        }
        data.organisations.push_back(std::move(org));
    }
    if (data.organisations.empty()) throw std::runtime_error("no organisations in " + options.aliases.string());
    return data;
}

// ---------------------------------------------------------------------------------------
// The archive's cast: people and companies that recur across articles, derived from the
// seed and an index, so that nothing about the archive is held in memory.

struct Title {
    const char* before;   // "Foreign Minister" (empty: none)
    const char* role;     // "foreign minister"
    bool national;        // "France's foreign minister"
};

constexpr Title titles[] = {
    {"President", "president", true},         {"Prime Minister", "prime minister", true},
    {"Foreign Minister", "foreign minister", true}, {"Defence Minister", "defence minister", true},
    {"Finance Minister", "finance minister", true}, {"Interior Minister", "interior minister", true},
    {"Gen.", "army chief", true},             {"Sen.", "senator", false},
    {"Gov.", "governor", false},              {"Mayor", "mayor", false},
    {"Ambassador", "ambassador", true},       {"", "spokesman", false},
    {"", "analyst", false},                   {"", "economist", false},
    {"", "official", true},                   {"", "lawyer", false},
};

struct Person {
    std::string first, last;
    const Title* title;
    std::size_t country;  // place index
    [[nodiscard]] std::string full() const { return first + " " + last; }
};

constexpr unsigned person_octaves = 22;   // up to 4 million people
constexpr unsigned company_octaves = 16;
constexpr const char* company_suffixes[] = {"Holdings", "Industries", "Group", "Motors", "Airlines", "Bank",
                                            "Energy", "Telecom"};

Person person(const Data& data, std::uint64_t seed, std::uint64_t k) {
    Rng rng(mix(seed, 0x5045525300000000ULL + k));
    Person p;
    p.first = rng.pick(data.first_names);
    p.last = rng.pick(data.surnames);
    p.title = &titles[rng.below(std::size(titles))];
    p.country = data.country_of[data.place_weights.draw(rng)];
    return p;
}

std::string company(const Data& data, std::uint64_t seed, std::uint64_t k) {
    Rng rng(mix(seed, 0x434F4D5000000000ULL + k));
    return rng.pick(data.surnames) + " " + company_suffixes[rng.below(std::size(company_suffixes))];
}

// Pseudo-words for the long tail of the vocabulary: the same rank, the same word, whatever
// the seed, as a language's rare words are the same in every archive.
void pseudo_word(std::uint64_t rank, std::string& out) {
    static constexpr const char* onsets[] = {"b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s",
                                             "t", "v", "w", "b", "d", "l", "m", "n", "r", "s", "t", "br", "st",
                                             "tr", "ch", "sh", "th", "pl", "gr"};
    static constexpr const char* vowels[] = {"a", "e", "i", "o", "u", "a", "e", "i", "o", "ea", "ou", "io"};
    static constexpr const char* codas[] = {"n", "r", "s", "l", "nt", "st", "m", "ck", "x", "d", "t", "ng"};
    std::uint64_t h = splitmix64(rank ^ 0x574F5244ULL);
    const unsigned syllables = 2 + static_cast<unsigned>(h % 2);
    h /= 2;
    for (unsigned i = 0; i < syllables; ++i) {
        out += onsets[h % std::size(onsets)];
        h /= std::size(onsets);
        out += vowels[h % std::size(vowels)];
        h /= std::size(vowels);
        if (i + 1 == syllables ? h % 3 != 0 : h % 5 == 0) out += codas[(h >> 3) % std::size(codas)];
        h = splitmix64(h + i);
    }
}

// ---------------------------------------------------------------------------------------
// One article and its truth.

struct TruthActor {
    std::string name;
    const char* kind;
};

struct Furniture {
    std::string line;
    const char* position;  // top, between, bottom
    bool site;             // the site's template, repeated across the archive
};

struct Article {
    std::size_t number = 0;
    std::string id;
    std::string title;
    std::vector<std::string> paragraphs;
    // Furniture by slot: slot 0 before the title, slot k + 1 after paragraph k.
    std::vector<std::pair<std::size_t, std::string>> furniture_at;
    std::vector<Furniture> furniture;
    std::int64_t published = 0;
    unsigned minute_of_day = 0;
    std::size_t site = 0;
    std::string url;
    std::size_t words = 0;
    std::vector<TruthActor> actors;
    std::vector<std::size_t> places;
    std::vector<std::int64_t> dates;
};

struct Site {
    const char* name;
    const char* host;
    const char* agency;
    const char* template_lines[3];
};

// Fictional sites (.example is reserved for examples, RFC 2606). Their template lines are
// furniture that no pattern knows: only their repetition across an archive gives them away.
constexpr Site sites[] = {
    {"The Daily Courier", "courier.example.com", "Reuters",
     {"The Courier Morning Briefing", "Courier readers also viewed", "Stories from our partners"}},
    {"Global Ledger", "ledger.example.org", "AFP",
     {"Ledger Insider picks for you", "From the Ledger archive", "Our reporters on the ground"}},
    {"Metro Herald", "metroherald.example.net", "AP",
     {"Metro Herald Weekend Edition", "Herald audio briefing available", "Reporting by the Herald newsroom"}},
    {"The World Desk", "worlddesk.example.com", "Reuters",
     {"World Desk essential reading", "Desk notes and analysis", "Editing by the foreign desk"}},
    {"Northern Tribune", "tribune.example.org", "AP",
     {"Tribune newsroom updates", "Tribune explainer series", "Newsroom standards and ethics"}},
    {"Capital Wire", "capitalwire.example.com", "AFP",
     {"Capital Wire premium coverage", "Wire editors recommend", "Correspondents around the globe"}},
};

constexpr const char* generic_furniture[] = {
    "Advertisement", "Share this article", "Click here to subscribe", "Story continues below advertisement",
    "Sign up for our newsletter", "Skip to main content", "Read more", "Share on Facebook", "Print this article",
    "Continue reading", "Related Coverage", "Most Read",
};

class Generator {
  public:
    Generator(const Data& data, const Options& options)
        : m_data(data), m_seed(options.seed),
          m_first_day(days_from_civil(options.from_year, 1, 1)),
          m_last_day(days_from_civil(options.to_year, 12, 31)) {}

    void make(std::size_t number, Article& a) {
        Rng rng(mix(m_seed, number));
        m_rng = &rng;
        m_article = &a;
        reset(a, number);
        a.published = rng.between(m_first_day, m_last_day);
        a.minute_of_day = static_cast<unsigned>(rng.below(24 * 60));
        a.site = static_cast<std::size_t>(rng.below(std::size(sites)));
        m_people.clear();
        m_orgs.clear();

        // Length in words: lognormal (median 350, sigma about 0.9 octaves, 40..3000), and
        // a few briefs.
        std::size_t target;
        if (rng.percent(4)) {
            target = static_cast<std::size_t>(rng.between(15, 60));
        } else {
            std::int64_t z = 0;  // sixteenths of an octave: an Irwin-Hall sum as a normal
            for (int i = 0; i < 4; ++i) z += rng.between(-12, 12);
            const std::int64_t shifted = z + 16 * 8;  // keep it positive: 350 / 2^8 * 2^(z/16 + 8)
            const std::uint64_t scaled = (std::uint64_t{350} << (shifted / 16)) * pow2_sixteenths[shifted % 16];
            target = std::clamp<std::size_t>(static_cast<std::size_t>((scaled >> 16) >> 8), 12, 3000);
        }

        // The cast of this article.
        const std::size_t n_people = target < 80 ? 1 : 1 + rng.below(4);
        while (m_people.size() < n_people) {
            Person p = person(m_data, m_seed, zipf_rank(rng, person_octaves));
            const bool clash = std::any_of(m_people.begin(), m_people.end(),
                                           [&](const Cast& c) { return c.person.last == p.last; });
            if (!clash) m_people.push_back(Cast{std::move(p), false});
            else if (rng.percent(30)) break;
        }
        const std::size_t n_orgs = rng.below(3);
        for (std::size_t i = 0; i < n_orgs; ++i) {
            if (rng.percent(70)) {
                const auto& org = m_data.organisations[zipf_rank(rng, 7) % m_data.organisations.size()];
                m_orgs.push_back(OrgCast{org.name, &org.aliases, false});
            } else {
                m_orgs.push_back(OrgCast{company(m_data, m_seed, zipf_rank(rng, company_octaves)), nullptr, false});
            }
        }
        const std::size_t home = m_data.cities[m_data.city_weights.draw(rng)];
        m_places.assign(1, home);
        m_places.push_back(m_data.country_of[home]);
        for (std::size_t n = rng.below(3); n > 0; --n) m_places.push_back(m_data.place_weights.draw(rng));

        // Publication date: how the text gives it away (see make_dateline()).
        const unsigned style = static_cast<unsigned>(rng.below(100));
        m_dateline_style = style < 50 ? DatelineStyle::yearless : style < 86 ? DatelineStyle::full
                           : style < 94 ? DatelineStyle::place_only : DatelineStyle::none;
        m_states_published = false;
        m_absolute_pending = false;
        if (m_dateline_style == DatelineStyle::yearless) m_absolute_pending = rng.percent(97);
        if (m_dateline_style == DatelineStyle::place_only || m_dateline_style == DatelineStyle::none) {
            m_states_published = rng.percent(70);
        }

        make_title(a);
        make_body(a, target, home);
        make_furniture(a);
        make_url(a);

        for (const Cast& c : m_people) {
            if (c.introduced) a.actors.push_back(TruthActor{c.person.full(), "person"});
        }
        for (const OrgCast& o : m_orgs) {
            if (o.mentioned) a.actors.push_back(TruthActor{o.name, "organization"});
        }
        std::sort(a.dates.begin(), a.dates.end());
        a.dates.erase(std::unique(a.dates.begin(), a.dates.end()), a.dates.end());
    }

  private:
    enum class DatelineStyle { yearless, full, place_only, none };
    struct Cast {
        Person person;
        bool introduced;
    };
    struct OrgCast {
        std::string name;
        const std::vector<std::string>* aliases;
        bool mentioned;
    };

    static void reset(Article& a, std::size_t number) {
        a.number = number;
        char id[32];
        std::snprintf(id, sizeof id, "ng-%09zu", number);
        a.id = id;
        a.title.clear();
        a.paragraphs.clear();
        a.furniture_at.clear();
        a.furniture.clear();
        a.url.clear();
        a.words = 0;
        a.actors.clear();
        a.places.clear();
        a.dates.clear();
    }

    void mention_place(std::size_t place, std::string& out) {
        out += m_data.places[place].name;
        if (std::find(m_article->places.begin(), m_article->places.end(), place) == m_article->places.end()) {
            m_article->places.push_back(place);
        }
    }

    // A word of the Zipf vocabulary: a committed word, or a pseudo-word of the long tail.
    void word(std::string& out) {
        if (m_rng->percent(5)) {
            pseudo_word(zipf_rank(*m_rng, 24), out);
        } else {
            out += m_data.words[m_data.word_weights.draw(*m_rng)];
        }
        ++m_article->words;
    }

    void words(std::string& out, std::size_t n, bool commas = true) {
        for (std::size_t i = 0; i < n; ++i) {
            if (i > 0) out += (commas && i + 1 < n && m_rng->percent(6)) ? ", " : " ";
            if (i > 0 && m_rng->percent(2)) {
                out += std::to_string(m_rng->between(2, 999));
                out += ' ';
            }
            word(out);
        }
    }

    static void capitalise(std::string& s, std::size_t at) {
        if (at < s.size() && s[at] >= 'a' && s[at] <= 'z') s[at] = static_cast<char>(s[at] - 'a' + 'A');
    }

    // A person named as news does: title and full name the first time, the surname after.
    void name_person(Cast& c, std::string& out) {
        const Person& p = c.person;
        if (!c.introduced) {
            c.introduced = true;
            if (p.title->before[0] != '\0' && m_rng->percent(70)) {
                out += p.title->before;
                out += ' ';
                out += p.full();
            } else {
                out += p.full();
                out += ", ";
                if (p.title->national) {
                    mention_place(p.country, out);
                    out += "'s ";
                } else {
                    out += "a ";
                }
                out += p.title->role;
                out += ',';
            }
        } else if (p.title->before[0] != '\0' && m_rng->percent(20)) {
            out += p.title->before;
            out += ' ';
            out += p.last;
        } else {
            out += p.last;
        }
        m_article->words += 2;
    }

    void name_org(OrgCast& o, std::string& out) {
        if (o.aliases && o.mentioned && o.aliases->size() > 1 && m_rng->percent(60)) {
            out += (*o.aliases)[1 + m_rng->below(o.aliases->size() - 1)];
        } else {
            out += o.name;
        }
        o.mentioned = true;
        m_article->words += 2;
    }

    // A date as a news sentence gives it, its day in the truth. Yearless and weekday forms
    // stay within the weeks before publication, where the year and week are plain.
    void date_phrase(std::string& out) {
        const std::int64_t p = m_article->published;
        char buffer[64];
        std::int64_t day;
        unsigned form = static_cast<unsigned>(m_rng->below(100));
        if (m_absolute_pending) form = 90;
        if (form < 35) {
            day = p - m_rng->between(1, 40);
            const Day d = civil_from_days(day);
            std::snprintf(buffer, sizeof buffer, "on %s %u", month_names[d.month - 1], d.day);
        } else if (form < 60) {
            day = p - m_rng->between(1, 6);
            std::snprintf(buffer, sizeof buffer, "on %s", weekday_names[weekday_of(day)]);
        } else if (form < 75) {
            day = p - m_rng->between(1, 6);
            std::snprintf(buffer, sizeof buffer, "last %s", weekday_names[weekday_of(day)]);
        } else {
            // An explicit date, always in the past: a future one would move the lower bound
            // that a yearless dateline is resolved from.
            day = p - m_rng->between(1, 300);
            const Day d = civil_from_days(day);
            if (form < 88) {
                std::snprintf(buffer, sizeof buffer, "on %s", iso_day(day).c_str());
            } else {
                std::snprintf(buffer, sizeof buffer, "on %s %u, %d", month_names[d.month - 1], d.day, d.year);
            }
            m_absolute_pending = false;
        }
        out += buffer;
        m_article->dates.push_back(day);
        m_article->words += 2;
    }

    void make_title(Article& a) {
        std::string& t = a.title;
        const unsigned form = static_cast<unsigned>(m_rng->below(4));
        if (form == 0 && !m_people.empty()) {
            t += m_people[0].person.last;
            t += " says ";
            words(t, 3 + m_rng->below(5), false);
            m_article->words += 1;
        } else if (form == 1) {
            mention_place(m_places[m_rng->below(m_places.size())], t);
            t += ' ';
            words(t, 3 + m_rng->below(6), false);
        } else {
            words(t, 4 + m_rng->below(6), false);
            if (form == 2) {
                t += " in ";
                mention_place(m_places[m_rng->below(m_places.size())], t);
            }
        }
        capitalise(t, 0);
    }

    void make_dateline(std::string& out, std::size_t home) {
        const Day d = civil_from_days(m_article->published);
        const std::string city = upper(m_data.places[home].name);
        const char* agency = sites[m_article->site].agency;
        char buffer[128];
        switch (m_dateline_style) {
            case DatelineStyle::yearless:
                std::snprintf(buffer, sizeof buffer, "%s, %s %u (%s) - ", city.c_str(), month_wire[d.month - 1], d.day,
                              agency);
                break;
            case DatelineStyle::full:
                std::snprintf(buffer, sizeof buffer, "%s, %s %u, %d - ", city.c_str(), month_names[d.month - 1], d.day,
                              d.year);
                break;
            case DatelineStyle::place_only:
                std::snprintf(buffer, sizeof buffer, "%s (%s) - ", city.c_str(), agency);
                break;
            case DatelineStyle::none:
                return;
        }
        out += buffer;
        if (m_dateline_style != DatelineStyle::place_only) m_article->dates.push_back(m_article->published);
        if (std::find(m_article->places.begin(), m_article->places.end(), home) == m_article->places.end()) {
            m_article->places.push_back(home);
        }
    }

    void sentence(std::string& out, bool lead) {
        const std::size_t start = out.size();
        const std::size_t n = 6 + m_rng->below(20);
        unsigned frame = static_cast<unsigned>(m_rng->below(100));
        // The lead names who and where; later sentences quote people and add detail.
        if (lead) frame = m_people.empty() ? 20 : 10;
        if (m_absolute_pending && !lead) frame = 90;
        if (m_states_published && !lead) frame = 95;
        if (frame < 14 && !m_people.empty()) {  // X said ...
            name_person(m_people[m_rng->below(m_people.size())], out);
            out += m_rng->percent(50) ? " said " : " told reporters ";
            words(out, n);
            if (lead) {
                out += " in ";
                mention_place(m_places[m_rng->below(m_places.size())], out);
            }
            out += '.';
        } else if (frame < 30) {  // ... in PLACE.
            words(out, n);
            out += m_rng->percent(50) ? " in " : " near ";
            mention_place(m_places[m_rng->below(m_places.size())], out);
            out += '.';
        } else if (frame < 46 && !m_people.empty()) {  // "...," said X.
            out += '"';
            const std::size_t quote = out.size();
            words(out, n);
            capitalise(out, quote);
            out += ",\" ";
            Cast& c = m_people[m_rng->below(m_people.size())];
            if (c.introduced && m_rng->percent(60)) {
                name_person(c, out);
                out += " said.";
            } else {
                out += "said ";
                name_person(c, out);
                if (out.back() == ',') out.pop_back();
                out += '.';
            }
        } else if (frame < 58 && !m_orgs.empty()) {  // the ORG ...
            out += "The ";
            name_org(m_orgs[m_rng->below(m_orgs.size())], out);
            out += ' ';
            words(out, n);
            out += '.';
        } else if (frame < 68) {  // ... on DATE.
            words(out, n);
            out += ' ';
            date_phrase(out);
            out += '.';
        } else if (frame == 95) {  // the publication day, stated outright
            words(out, n);
            const Day d = civil_from_days(m_article->published);
            char buffer[64];
            std::snprintf(buffer, sizeof buffer, " on %s %u, %d.", month_names[d.month - 1], d.day, d.year);
            out += buffer;
            m_article->dates.push_back(m_article->published);
            m_states_published = false;
        } else if (frame == 90) {
            words(out, n);
            out += ' ';
            date_phrase(out);
            out += '.';
        } else {
            words(out, n);
            out += m_rng->percent(3) ? '?' : '.';
        }
        capitalise(out, start);
    }

    void make_body(Article& a, std::size_t target, std::size_t home) {
        std::size_t sentences = 0;
        while (a.words < target || a.paragraphs.empty() || m_absolute_pending || m_states_published) {
            std::string& p = a.paragraphs.emplace_back();
            if (a.paragraphs.size() == 1) make_dateline(p, home);
            const unsigned r = static_cast<unsigned>(m_rng->below(100));
            const std::size_t n = r < 35 ? 1 : r < 80 ? 2 : 3;
            for (std::size_t i = 0; i < n && (a.words < target || i == 0); ++i) {
                if (i > 0) p += ' ';
                sentence(p, sentences++ == 0);
            }
        }
    }

    // 0-4 lines of web furniture: generic lines at the top, between paragraphs or at the
    // bottom; a share of them the site's own template lines (never at the top, where they
    // would stand between title and dateline for a reader that does not know them).
    void make_furniture(Article& a) {
        const unsigned r = static_cast<unsigned>(m_rng->below(100));
        const std::size_t n = r < 30 ? 0 : r < 60 ? 1 : r < 80 ? 2 : r < 92 ? 3 : 4;
        for (std::size_t i = 0; i < n; ++i) {
            Furniture f;
            const unsigned kind = static_cast<unsigned>(m_rng->below(100));
            if (kind < 30) {
                f.line = sites[a.site].template_lines[m_rng->below(3)];
                f.site = true;
            } else if (kind < 42) {
                f.line = "(c) " + std::to_string(civil_from_days(a.published).year) + " " + sites[a.site].agency;
                f.site = false;
            } else if (kind < 52) {
                f.line = "Related: ";
                const std::size_t body_words = a.words;  // the truth counts the article's own words
                words(f.line, 4 + m_rng->below(5), false);
                a.words = body_words;
                capitalise(f.line, 9);
                f.site = false;
            } else {
                f.line = generic_furniture[m_rng->below(std::size(generic_furniture))];
                f.site = false;
            }
            std::size_t slot;
            const unsigned where = static_cast<unsigned>(m_rng->below(100));
            if (where < 25 && !f.site && f.line.find(':') == std::string::npos) {
                slot = 0;
                f.position = "top";
            } else if (where < 60 && a.paragraphs.size() > 1) {
                slot = 1 + m_rng->below(a.paragraphs.size() - 1);
                f.position = "between";
            } else {
                slot = a.paragraphs.size();
                f.position = "bottom";
            }
            a.furniture_at.emplace_back(slot, f.line);
            a.furniture.push_back(std::move(f));
        }
        std::stable_sort(a.furniture_at.begin(), a.furniture_at.end(),
                         [](const auto& x, const auto& y) { return x.first < y.first; });
    }

    void make_url(Article& a) {
        const Day d = civil_from_days(a.published);
        char head[128];
        std::snprintf(head, sizeof head, "https://%s/%04d/%02u/%02u/", sites[a.site].host, d.year, d.month, d.day);
        a.url = head;
        std::size_t words_in_slug = 0;
        bool dash = false;
        for (const char c : a.title) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                a.url += c;
                dash = false;
            } else if (c >= 'A' && c <= 'Z') {
                a.url += static_cast<char>(c - 'A' + 'a');
                dash = false;
            } else if (!dash) {
                if (++words_in_slug == 8) break;
                a.url += '-';
                dash = true;
            }
        }
        if (!dash) a.url += '-';
        a.url += a.id;
    }

    const Data& m_data;
    std::uint64_t m_seed;
    std::int64_t m_first_day, m_last_day;
    Rng* m_rng = nullptr;
    Article* m_article = nullptr;
    std::vector<Cast> m_people;
    std::vector<OrgCast> m_orgs;
    std::vector<std::size_t> m_places;
    DatelineStyle m_dateline_style = DatelineStyle::none;
    bool m_absolute_pending = false;
    bool m_states_published = false;
};

// ---------------------------------------------------------------------------------------
// Rendering.

void render_text(const Article& a, std::string& out) {
    auto it = a.furniture_at.begin();
    auto furniture_until = [&](std::size_t slot) {
        for (; it != a.furniture_at.end() && it->first <= slot; ++it) {
            out += it->second;
            out += "\n\n";
        }
    };
    furniture_until(0);
    out += a.title;
    out += "\n\n";
    for (std::size_t i = 0; i < a.paragraphs.size(); ++i) {
        out += a.paragraphs[i];
        out += i + 1 < a.paragraphs.size() || it != a.furniture_at.end() ? "\n\n" : "\n";
        furniture_until(i + 1);
    }
    if (!out.empty() && out.back() == '\n' && out.size() >= 2 && out[out.size() - 2] == '\n') out.pop_back();
}

void json_escaped(std::string_view s, std::string& out) {
    out += '"';
    for (const char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buffer[8];
                    std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(c));
                    out += buffer;
                } else {
                    out += c;
                }
        }
    }
    out += '"';
}

void render_jsonl(const Article& a, std::string& body, std::string& out) {
    body.clear();
    render_text(a, body);
    // The title is a field of its own: the text starts at the first paragraph (or the
    // furniture above it) as a scraper's body field would.
    const std::size_t title_at = body.find(a.title);
    if (title_at != std::string::npos) body.erase(title_at, a.title.size() + 2);
    out += "{\"id\": ";
    json_escaped(a.id, out);
    out += ", \"title\": ";
    json_escaped(a.title, out);
    out += ", \"text\": ";
    json_escaped(body, out);
    out += ", \"published\": \"";
    out += iso_day(a.published);
    out += "\", \"url\": ";
    json_escaped(a.url, out);
    out += "}\n";
}

void html_escaped(std::string_view s, std::string& out) {
    for (const char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
}

void render_html(const Article& a, std::string& out) {
    const Site& site = sites[a.site];
    char time[32];
    std::snprintf(time, sizeof time, "T%02u:%02u:00Z", a.minute_of_day / 60, a.minute_of_day % 60);
    out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>";
    html_escaped(a.title, out);
    out += " | ";
    out += site.name;
    out += "</title>\n<link rel=\"canonical\" href=\"";
    out += a.url;
    out += "\">\n<meta property=\"article:published_time\" content=\"";
    out += iso_day(a.published);
    out += time;
    out += "\">\n</head>\n<body>\n<header><a href=\"/\">";
    out += site.name;
    out += "</a>\n<nav><ul><li><a href=\"/world\">World</a></li><li><a href=\"/business\">Business</a></li>"
           "<li><a href=\"/politics\">Politics</a></li><li><a href=\"/opinion\">Opinion</a></li></ul></nav>\n"
           "</header>\n<main>\n<article>\n<h1>";
    html_escaped(a.title, out);
    out += "</h1>\n";
    auto it = a.furniture_at.begin();
    auto furniture_until = [&](std::size_t slot) {
        for (; it != a.furniture_at.end() && it->first <= slot; ++it) {
            out += "<p class=\"furniture\">";
            html_escaped(it->second, out);
            out += "</p>\n";
        }
    };
    furniture_until(0);
    for (std::size_t i = 0; i < a.paragraphs.size(); ++i) {
        out += "<p>";
        html_escaped(a.paragraphs[i], out);
        out += "</p>\n";
        furniture_until(i + 1);
    }
    out += "</article>\n</main>\n<footer><p>&copy; ";
    out += std::to_string(civil_from_days(a.published).year);
    out += ' ';
    out += site.name;
    out += ". All rights reserved.</p></footer>\n</body>\n</html>\n";
}

std::string uuid_of(std::uint64_t a, std::uint64_t b) {
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%08x-%04x-4%03x-8%03x-%012llx", static_cast<unsigned>(a >> 32),
                  static_cast<unsigned>((a >> 16) & 0xFFFF), static_cast<unsigned>(a & 0xFFF),
                  static_cast<unsigned>(b >> 52), static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFULL));
    return buffer;
}

void render_warc(const Article& a, std::uint64_t seed, std::string& html, std::string& out) {
    html.clear();
    render_html(a, html);
    std::string http = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " +
                       std::to_string(html.size()) + "\r\n\r\n";
    // Fetched hours to days after publication, as a crawler would.
    const std::uint64_t h = mix(seed ^ 0x57415243ULL, a.number);
    const std::int64_t crawl_minutes = a.minute_of_day + 60 + static_cast<std::int64_t>(h % (3 * 24 * 60));
    const std::int64_t crawl_day = a.published + crawl_minutes / (24 * 60);
    const auto minute = static_cast<unsigned>(crawl_minutes % (24 * 60));
    char date[40];
    std::snprintf(date, sizeof date, "%sT%02u:%02u:%02uZ", iso_day(crawl_day).c_str(), minute / 60, minute % 60,
                  static_cast<unsigned>((h >> 20) % 60));
    out += "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:";
    out += uuid_of(h, splitmix64(h));
    out += ">\r\nWARC-Date: ";
    out += date;
    out += "\r\nWARC-Target-URI: ";
    out += a.url;
    out += "\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: ";
    out += std::to_string(http.size() + html.size());
    out += "\r\n\r\n";
    out += http;
    out += html;
    out += "\r\n\r\n";
}

void render_truth(const Article& a, const Data& data, std::string_view file, std::size_t record, std::string& out) {
    out += "{\"id\": ";
    json_escaped(a.id, out);
    out += ", \"file\": ";
    json_escaped(file, out);
    if (record != 0) {
        out += ", \"record\": ";
        out += std::to_string(record);
    }
    out += ", \"published\": \"";
    out += iso_day(a.published);
    out += "\", \"url\": ";
    json_escaped(a.url, out);
    out += ", \"title\": ";
    json_escaped(a.title, out);
    out += ", \"words\": ";
    out += std::to_string(a.words);
    out += ", \"actors\": [";
    for (std::size_t i = 0; i < a.actors.size(); ++i) {
        out += i ? ", {\"name\": " : "{\"name\": ";
        json_escaped(a.actors[i].name, out);
        out += ", \"kind\": \"";
        out += a.actors[i].kind;
        out += "\"}";
    }
    out += "], \"places\": [";
    for (std::size_t i = 0; i < a.places.size(); ++i) {
        const Place& p = data.places[a.places[i]];
        out += i ? ", {\"name\": " : "{\"name\": ";
        json_escaped(p.name, out);
        out += ", \"kind\": \"";
        out += p.kind;
        out += "\", \"country\": \"";
        out += p.country;
        out += "\"}";
    }
    out += "], \"dates\": [";
    for (std::size_t i = 0; i < a.dates.size(); ++i) {
        out += i ? ", \"" : "\"";
        out += iso_day(a.dates[i]);
        out += '"';
    }
    out += "], \"boilerplate\": [";
    for (std::size_t i = 0; i < a.furniture.size(); ++i) {
        out += i ? ", {\"line\": " : "{\"line\": ";
        json_escaped(a.furniture[i].line, out);
        out += ", \"position\": \"";
        out += a.furniture[i].position;
        out += a.furniture[i].site ? "\", \"template\": true}" : "\", \"template\": false}";
    }
    out += "]}\n";
}

// ---------------------------------------------------------------------------------------
// Output files.

class File {
  public:
    File() = default;
    explicit File(const fs::path& path) : m_path(path), m_file(std::fopen(path.c_str(), "wb")) {
        if (!m_file) throw std::system_error(errno, std::generic_category(), "cannot create " + path.string());
    }
    File(const File&) = delete;
    File& operator=(const File&) = delete;
    File(File&& other) noexcept { *this = std::move(other); }
    File& operator=(File&& other) noexcept {
        if (this != &other) {
            if (m_file) std::fclose(m_file);
            m_file = std::exchange(other.m_file, nullptr);
            m_path = std::move(other.m_path);
        }
        return *this;
    }
    ~File() {
        if (m_file) std::fclose(m_file);
    }
    void write(std::string_view bytes) {
        if (std::fwrite(bytes.data(), 1, bytes.size(), m_file) != bytes.size()) {
            throw std::system_error(errno, std::generic_category(), "cannot write " + m_path.string());
        }
    }
    void close() {
        if (m_file && std::fclose(std::exchange(m_file, nullptr)) != 0) {
            throw std::system_error(errno, std::generic_category(), "cannot write " + m_path.string());
        }
    }
    [[nodiscard]] bool is_open() const { return m_file != nullptr; }

  private:
    fs::path m_path;
    std::FILE* m_file = nullptr;
};

// gzip members with a fixed header (no name, mtime 0, OS Unix), so that the bytes depend
// on the input and the zlib version only.
class Gzip {
  public:
    Gzip() {
        if (deflateInit2(&m_z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
            throw std::runtime_error("zlib: deflateInit2 failed");
        }
        set_header();
    }
    Gzip(const Gzip&) = delete;
    Gzip& operator=(const Gzip&) = delete;
    ~Gzip() { deflateEnd(&m_z); }

    // Compresses input into out; finish ends the member (and starts a new one next time).
    void add(std::string_view input, std::string& out, bool finish) {
        m_z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
        m_z.avail_in = static_cast<uInt>(input.size());
        const int flush = finish ? Z_FINISH : Z_NO_FLUSH;
        char buffer[65536];
        int rc;
        do {
            m_z.next_out = reinterpret_cast<Bytef*>(buffer);
            m_z.avail_out = sizeof buffer;
            rc = deflate(&m_z, flush);
            if (rc == Z_STREAM_ERROR) throw std::runtime_error("zlib: deflate failed");
            out.append(buffer, sizeof buffer - m_z.avail_out);
        } while (m_z.avail_out == 0 || (finish && rc != Z_STREAM_END));
        if (finish) {
            deflateReset(&m_z);
            set_header();
        }
    }

  private:
    void set_header() {
        m_header = gz_header{};
        m_header.os = 3;
        deflateSetHeader(&m_z, &m_header);
    }
    z_stream m_z{};
    gz_header m_header{};
};

class Writer {
  public:
    Writer(const Options& options, const Data& data) : m_options(options), m_data(data) {
        if (options.truth) m_truth = File(*options.truth);
    }

    void write(const Article& a) {
        m_page.clear();
        std::string file;
        std::size_t record = 0;
        switch (m_options.format) {
            case Format::text: {
                char name[64];
                std::snprintf(name, sizeof name, "%04zu/%06zu.txt%s", a.number / files_per_folder, a.number,
                              m_options.gzip ? ".gz" : "");
                file = name;
                if (a.number % files_per_folder == 0) {
                    fs::create_directories(m_options.out / file.substr(0, file.find('/')));
                }
                render_text(a, m_page);
                File out(m_options.out / file);
                emit(out, m_page, true);
                out.close();
                break;
            }
            case Format::jsonl:
            case Format::warc: {
                const bool warc = m_options.format == Format::warc;
                char name[64];
                std::snprintf(name, sizeof name, "news-%05zu.%s%s", a.number / records_per_file,
                              warc ? "warc" : "jsonl", m_options.gzip ? ".gz" : "");
                file = name;
                record = a.number % records_per_file + 1;
                if (record == 1) {
                    finish_container();
                    m_container = File(m_options.out / file);
                    if (warc) warcinfo(file);
                }
                if (warc) {
                    render_warc(a, m_options.seed, m_scratch, m_page);
                } else {
                    render_jsonl(a, m_scratch, m_page);
                }
                // WARC: a member per record, as crawlers write them; JSON Lines: one stream.
                emit(m_container, m_page, warc);
                break;
            }
        }
        if (m_truth.is_open()) {
            m_line.clear();
            render_truth(a, m_data, file, record, m_line);
            m_truth.write(m_line);
        }
    }

    void finish() {
        finish_container();
        if (m_truth.is_open()) m_truth.close();
    }

    [[nodiscard]] std::uintmax_t bytes() const { return m_bytes; }
    [[nodiscard]] std::uintmax_t uncompressed_bytes() const { return m_raw_bytes; }

  private:
    void emit(File& out, std::string_view bytes, bool end_member) {
        m_raw_bytes += bytes.size();
        if (!m_options.gzip) {
            out.write(bytes);
            m_bytes += bytes.size();
            return;
        }
        m_compressed.clear();
        m_gzip.add(bytes, m_compressed, end_member);
        out.write(m_compressed);
        m_bytes += m_compressed.size();
    }

    void finish_container() {
        if (!m_container.is_open()) return;
        if (m_options.gzip && m_options.format == Format::jsonl) emit(m_container, {}, true);
        m_container.close();
    }

    void warcinfo(const std::string& file) {
        const std::string fields = "software: news-gen (newsindex)\r\nformat: WARC File Format 1.0\r\n"
                                   "description: synthetic news archive, seed " +
                                   std::to_string(m_options.seed) + "\r\n";
        const std::uint64_t h = mix(m_options.seed ^ 0x494E464FULL, m_data.places.size() + file.size());
        std::string record = "WARC/1.0\r\nWARC-Type: warcinfo\r\nWARC-Record-ID: <urn:uuid:" +
                             uuid_of(h, splitmix64(h)) + ">\r\nWARC-Filename: " + file +
                             "\r\nContent-Type: application/warc-fields\r\nContent-Length: " +
                             std::to_string(fields.size()) + "\r\n\r\n" + fields + "\r\n\r\n";
        emit(m_container, record, true);
    }

    const Options& m_options;
    const Data& m_data;
    File m_truth;
    File m_container;
    Gzip m_gzip;
    std::string m_page, m_scratch, m_line, m_compressed;
    std::uintmax_t m_bytes = 0, m_raw_bytes = 0;
};

// ---------------------------------------------------------------------------------------

using bench::parse_count;

Options parse_options(int argc, char** argv) {
    Options options;
    bool have_count = false, have_out = false;
    bench::ArgWalker args(argc, argv);
    while (args.next()) {
        const std::string_view arg = args.arg();
        const auto take_value = [&] { return args.take_value(); };
        if (arg == "--count") {
            options.count = parse_count(arg, take_value());
            have_count = true;
        } else if (arg == "--seed") {
            options.seed = parse_count(arg, take_value());
        } else if (arg == "--format") {
            const std::string_view f = take_value();
            if (f == "text") options.format = Format::text;
            else if (f == "jsonl") options.format = Format::jsonl;
            else if (f == "warc") options.format = Format::warc;
            else throw UsageError("--format must be text, jsonl or warc");
        } else if (arg == "--gzip" && !args.has_inline_value()) {
            options.gzip = true;
        } else if (arg == "--out") {
            options.out = fs::path(take_value());
            have_out = true;
        } else if (arg == "--truth") {
            options.truth = fs::path(take_value());
        } else if (arg == "--from" || arg == "--to") {
            const std::uint64_t year = parse_count(arg, take_value());
            if (year < 1900 || year > 2200) throw UsageError(std::string(arg) + " must be a year from 1900 to 2200");
            (arg == "--from" ? options.from_year : options.to_year) = static_cast<int>(year);
        } else if (arg == "--gazetteer") {
            options.gazetteer = fs::path(take_value());
        } else if (arg == "--aliases") {
            options.aliases = fs::path(take_value());
        } else if (arg == "--words-dir") {
            options.words_dir = fs::path(take_value());
        } else if ((arg == "--quiet" || arg == "-q") && !args.has_inline_value()) {
            options.quiet = true;
        } else {
            throw UsageError("unknown argument " + std::string(args.whole()));
        }
    }
    if (!have_count) throw UsageError("--count is required");
    if (!have_out) throw UsageError("--out is required");
    if (options.from_year > options.to_year) throw UsageError("--from is after --to");
    return options;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    try {
        options = parse_options(argc, argv);
    } catch (const UsageError& e) {
        std::fprintf(stderr, "news-gen: %s\n%s", e.what(), usage_text);
        return exit_usage;
    }
    try {
        std::error_code ec;
        if (fs::exists(options.out, ec) && !fs::is_empty(options.out, ec)) {
            throw std::runtime_error(options.out.string() + " is not empty");
        }
        fs::create_directories(options.out);
        const auto start = std::chrono::steady_clock::now();
        const Data data = load_data(options);
        Generator generator(data, options);
        Writer writer(options, data);
        Article article;
        for (std::size_t i = 0; i < options.count; ++i) {
            generator.make(i, article);
            writer.write(article);
        }
        writer.finish();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!options.quiet) {
            std::fprintf(stderr, "news-gen: %zu articles, %.1f MB (%.1f MB uncompressed) in %.2f s: %.1f MB/s, %.0f articles/s\n",
                         options.count, static_cast<double>(writer.bytes()) / mega,
                         static_cast<double>(writer.uncompressed_bytes()) / mega, seconds,
                         static_cast<double>(writer.uncompressed_bytes()) / mega / seconds,
                         static_cast<double>(options.count) / seconds);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "news-gen: %s\n", e.what());
        return exit_failure;
    }
    return 0;
}
