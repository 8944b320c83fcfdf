#include "places.hpp"

#include "dates.hpp"
#include "text_util.hpp"

#include <newsindex/error.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

extern "C" {
extern const char newsindex_gazetteer_places[];
extern const char newsindex_gazetteer_places_end[];
}

namespace newsindex::detail {

namespace {

// ------------------------------------------------------------------------------- folding

// Base letters of U+00C0..U+024F and U+1E00..U+1EFF (from Unicode's decompositions; '.' for
// none). The case of the base letter is the case of the letter.
constexpr std::string_view latin_00c0 =
    "AAAAAAACEEEEIIIIDNOOOOO.OUUUUYTsaaaaaaaceeeeiiiidnooooo.ouuuuytyAaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGg"
    "HhHhIiIiIiIiIi..JjKkkLlLlLlLlLlNnNnNnn..OoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs........"
    "..........f.............Oo.............Uu............................AaIiOoUuUuUuUuUu.AaAa....GgKkOo"
    "Oo..j...Gg..NnAa....AaAaEeEeIiIiOoOoRrRrUuUuSsTt..Hh......AaEeOoOoOoOoYy............................";
constexpr std::string_view latin_1e00 =
    "AaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMmMmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRrSsSs"
    "SsSsSsTtTtTtTtUuUuUuUuUuVvVvWwWwWwWwWwXxXxYyZzZzZzhtwy.s....AaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEeEeEeEeEe"
    "IiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYy......";
static_assert(latin_00c0.size() == 0x250 - 0xC0);
static_assert(latin_1e00.size() == 0x100);

struct Decoded {
    char32_t cp;
    unsigned width;
};

Decoded decode(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) return {c, 1};
    const unsigned n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
    if (n == 1 || i + n > s.size()) return {0xFFFD, 1};
    char32_t cp = c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
    for (unsigned k = 1; k < n; ++k) {
        const auto d = static_cast<unsigned char>(s[i + k]);
        if ((d & 0xC0) != 0x80) return {0xFFFD, 1};
        cp = (cp << 6) | (d & 0x3F);
    }
    return {cp, n};
}

// What a code point is to a word.
enum class CharClass : std::uint8_t { boundary, letter, mark };  // mark: in a word, folded away

CharClass classify(char32_t cp) {
    if (cp < 0x80) return is_ascii_alnum(static_cast<char>(cp)) ? CharClass::letter : CharClass::boundary;
    if (cp < 0xC0) return CharClass::boundary;                     // Latin-1 punctuation and symbols
    if (cp == 0xD7 || cp == 0xF7) return CharClass::boundary;      // × ÷
    if (cp >= 0x2BB && cp <= 0x2BF) return CharClass::mark;        // ʻ ʼ ʽ ʾ ʿ (ayn and hamza)
    if (cp >= 0x300 && cp <= 0x36F) return CharClass::mark;        // combining accents
    if (cp >= 0x2000 && cp <= 0x2BFF) return CharClass::boundary;  // punctuation, symbols, arrows
    if (cp >= 0x3000 && cp <= 0x303F) return CharClass::boundary;
    if (cp == 0xFEFF || cp == 0xFFFD) return CharClass::boundary;
    return CharClass::letter;
}

// The folded form of a letter appended to out; returns +1 for an upper-case letter, -1 for a
// lower-case one, 0 for one without case (digits, other scripts).
// (Folding never lengthens a text: out needs at most as many bytes as the letter has.)
int fold_letter(std::string_view s, std::size_t i, Decoded d, char*& out) {
    if (d.cp < 0x80) {
        const char c = static_cast<char>(d.cp);
        *out++ = ascii_lower(c);
        return is_ascii_upper(c) ? 1 : is_ascii_lower(c) ? -1 : 0;
    }
    char base = '.';
    if (d.cp >= 0xC0 && d.cp < 0x250) base = latin_00c0[d.cp - 0xC0];
    if (d.cp >= 0x1E00 && d.cp < 0x1F00) base = latin_1e00[d.cp - 0x1E00];
    if (base != '.') {
        *out++ = ascii_lower(base);
        return is_ascii_upper(base) ? 1 : -1;
    }
    for (unsigned k = 0; k < d.width; ++k) *out++ = s[i + k];
    return 0;
}

bool is_apostrophe(char32_t cp) { return cp == '\'' || cp == 0x2019 || cp == 0x2018; }

constexpr std::uint64_t fnv_basis = 1469598103934665603ULL;
constexpr std::uint64_t fnv_prime = 1099511628211ULL;

constexpr std::uint64_t fnv(std::uint64_t h, std::string_view s) {
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * fnv_prime;
    return h;
}
constexpr std::uint64_t hash_of(std::string_view s) { return fnv(fnv_basis, s); }

// ------------------------------------------------------------------------------- tokens

enum TokenFlag : std::uint16_t {
    capitalised = 1,        // first letter upper case
    lower_case = 2,         // first letter lower case
    all_caps = 4,           // two or more letters, all upper case
    possessive = 8,         // "Syria's": the "'s" is not part of the word
    sentence_initial = 16,  // first word of a sentence, line or quotation
    headline_line = 32,     // on a line in capitals or title case
    title_segment = 64,     // in the title (not in the text)
    first_paragraph = 128,  // in the first paragraph of the text
};

enum class Gap : std::uint8_t { other, space, hyphen, dot_space };

struct Token {
    std::uint32_t start = 0;  // byte offsets into the segment
    std::uint32_t end = 0;
    std::uint32_t fstart = 0;  // folded form: [fstart, fend) of Scan::folded
    std::uint32_t fend = 0;
    std::uint64_t hash = 0;  // of the folded form
    std::uint16_t flags = 0;
    Gap gap = Gap::other;  // separator to the next token of the segment
    bool last_of_segment = false;
    bool newline_after = false;  // a line ends between this token and the next
};

struct Scan {
    std::string folded;
    std::vector<Token> tokens;
    std::string_view folded_of(const Token& t) const {
        return std::string_view(folded).substr(t.fstart, t.fend - t.fstart);
    }
};

bool sentence_break_before(std::string_view s, std::size_t at) {
    while (at > 0) {
        const auto c = static_cast<unsigned char>(s[at - 1]);
        if (c == ' ' || c == '\t') {
            --at;
            continue;
        }
        if (c == '\n' || c == '\r' || c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == '"' ||
            c == '(' || c == '[' || c == '-' || c == '|' || c == '\'') {
            return true;
        }
        // Typographic quotes, dashes and bullets (U+2010..U+2027) end a sentence's lead-in too.
        if (c >= 0x80 && at >= 3 && static_cast<unsigned char>(s[at - 3]) == 0xE2 &&
            static_cast<unsigned char>(s[at - 2]) == 0x80) {
            return true;
        }
        return false;
    }
    return true;
}

// Splits a segment into words, folding each; words keep inner dots ("U.S") and apostrophes
// ("Côte d'Ivoire"), a hyphen separates words like a space.
void tokenize(std::string_view s, std::uint16_t segment_flags, Scan& scan) {
    const std::size_t first_token = scan.tokens.size();
    // Folded words are written straight into a buffer as long as the text: folding never
    // lengthens it.
    const std::size_t folded_start = scan.folded.size();
    scan.folded.resize(folded_start + s.size());
    char* const base = scan.folded.data();
    char* out = base + folded_start;
    std::size_t i = 0;
    while (i < s.size()) {
        // Most bytes between words are ASCII spaces and punctuation.
        if (static_cast<unsigned char>(s[i]) < 0x80 && !is_ascii_alnum(s[i])) {
            ++i;
            continue;
        }
        Decoded d = decode(s, i);
        CharClass cls = classify(d.cp);
        if (cls != CharClass::letter) {
            i += d.width;
            continue;
        }
        Token t;
        t.start = static_cast<std::uint32_t>(i);
        t.fstart = static_cast<std::uint32_t>(out - base);
        int first_case = 2;
        unsigned uppers = 0;
        unsigned lowers = 0;
        for (;;) {
            if (d.cp < 0x80 && cls == CharClass::letter) {
                // The ASCII run of the word at once.
                while (i < s.size() && is_ascii_alnum(s[i])) {
                    const char c = s[i++];
                    *out++ = ascii_lower(c);
                    const int k = is_ascii_upper(c) ? 1 : is_ascii_lower(c) ? -1 : 0;
                    if (first_case == 2) first_case = k;
                    uppers += k > 0;
                    lowers += k < 0;
                }
            } else if (cls == CharClass::letter) {
                const int c = fold_letter(s, i, d, out);
                if (first_case == 2) first_case = c;
                uppers += c > 0;
                lowers += c < 0;
                i += d.width;
            } else if (cls == CharClass::mark) {
                i += d.width;
            } else {
                break;
            }
            if (i >= s.size()) break;
            d = decode(s, i);
            cls = classify(d.cp);
            if (cls != CharClass::boundary) continue;
            // Joiners: a full stop or an apostrophe between letters.
            if (d.cp == '.' || is_apostrophe(d.cp)) {
                const std::size_t after = i + d.width;
                if (after < s.size()) {
                    const Decoded n = decode(s, after);
                    if (classify(n.cp) == CharClass::letter) {
                        if (is_apostrophe(d.cp) && (n.cp == 's' || n.cp == 'S') &&
                            (after + 1 >= s.size() || classify(decode(s, after + 1).cp) == CharClass::boundary)) {
                            t.flags |= possessive;  // "Syria's": the word ends before the apostrophe
                            break;
                        }
                        if (d.cp == '.') *out++ = '.';
                        i = after;
                        d = n;
                        cls = CharClass::letter;
                        continue;
                    }
                }
            }
            break;
        }
        t.end = static_cast<std::uint32_t>(i);
        if (t.flags & possessive) i += (s[i] == '\'' ? 1 : 3) + 1;
        t.fend = static_cast<std::uint32_t>(out - base);
        t.hash = hash_of(std::string_view(base + t.fstart, t.fend - t.fstart));
        if (first_case == 1) t.flags |= capitalised;
        if (first_case == -1) t.flags |= lower_case;
        if (uppers >= 2 && lowers == 0) t.flags |= all_caps;
        if ((t.flags & (capitalised | lower_case)) == capitalised && sentence_break_before(s, t.start)) {
            t.flags |= sentence_initial;
        }
        t.flags |= segment_flags;
        scan.tokens.push_back(t);
    }
    scan.folded.resize(static_cast<std::size_t>(out - base));
    // Gaps, lines in capitals or title case, the first paragraph.
    auto& tokens = scan.tokens;
    bool first_paragraph_open = (segment_flags & title_segment) == 0;
    for (std::size_t k = first_token; k < tokens.size(); ++k) {
        Token& t = tokens[k];
        if (first_paragraph_open) t.flags |= first_paragraph;
        if (k + 1 == tokens.size()) {
            t.last_of_segment = true;
            break;
        }
        const std::string_view between = s.substr(t.end, tokens[k + 1].start - t.end);
        if (between.size() == 1 ? between[0] == '\n' : between.find('\n') != std::string_view::npos) {
            t.newline_after = true;
        }
        if (t.flags & possessive) {
            t.gap = Gap::other;
        } else if (between == " ") {
            t.gap = Gap::space;
        } else if (between == "-") {
            t.gap = Gap::hyphen;
        } else if (between == ". ") {
            t.gap = Gap::dot_space;
        }
        if (first_paragraph_open && t.newline_after) {
            // A blank line, which may hold spaces: "\n  \n".
            const std::size_t nl = between.find('\n');
            const std::size_t nl2 = between.find('\n', nl + 1);
            if (nl2 != std::string_view::npos && trim(between.substr(nl, nl2 - nl)).empty())
                first_paragraph_open = false;
        }
    }
    std::size_t line_start = first_token;
    for (std::size_t k = first_token; k <= tokens.size(); ++k) {
        const bool line_ends = k == tokens.size() || (k > first_token && tokens[k - 1].newline_after);
        if (!line_ends || k == line_start) continue;
        unsigned words = 0;
        unsigned caps = 0;
        unsigned titled = 0;
        for (std::size_t m = line_start; m < k; ++m) {
            const Token& t = tokens[m];
            if (t.fend - t.fstart < 4 && !(t.flags & all_caps)) continue;  // small words ("of", "in")
            ++words;
            caps += (t.flags & all_caps) != 0;
            titled += (t.flags & capitalised) != 0;
        }
        // A line in title case is a headline, not a short sentence ("Fords are built in Cologne
        // and Antwerp."): headlines end without a full stop.
        const std::size_t last_end = tokens[k - 1].end;
        const bool full_stop = last_end < s.size() && (s[last_end] == '.' || s[last_end] == '!');
        const bool headline =
            words >= 2 && (caps * 10 >= words * 6 || (k - line_start <= 30 && !full_stop && titled * 10 >= words * 7));
        if (headline) {
            for (std::size_t m = line_start; m < k; ++m) tokens[m].flags |= headline_line;
        }
        line_start = k;
    }
}

// ------------------------------------------------------------------------------- word lists

struct WordSet {
    std::unordered_set<std::uint64_t> hashes;
    explicit WordSet(std::initializer_list<std::string_view> words) {
        for (std::string_view w : words) hashes.insert(hash_of(w));
    }
    [[nodiscard]] bool has(std::uint64_t h) const { return hashes.count(h) != 0; }
};

// Capitalised words that may stand before a place without making it part of a longer name.
const WordSet& lead_words() {
    static const WordSet s{"in",        "at",        "from",       "to",           "and",
                           "but",       "the",       "for",        "with",         "by",
                           "on",        "of",        "as",         "near",         "outside",
                           "inside",    "across",    "throughout", "while",        "when",
                           "after",     "before",    "since",      "like",         "unlike",
                           "both",      "neither",   "nor",        "or",           "yet",
                           "so",        "if",        "although",   "though",       "only",
                           "even",      "also",      "then",       "now",          "here",
                           "there",     "this",      "that",       "these",        "those",
                           "why",       "how",       "what",       "where",        "who",
                           "including", "between",   "against",    "into",         "via",
                           "over",      "under",     "beyond",     "within",       "without",
                           "among",     "amid",      "during",     "toward",       "towards",
                           "despite",   "meanwhile", "however",    "still",        "northern",
                           "southern",  "eastern",   "western",    "central",      "north",
                           "south",     "east",      "west",       "northeast",    "northwest",
                           "southeast", "southwest", "greater",    "upper",        "lower",
                           "mainland",  "rural",     "downtown",   "metropolitan", "old",
                           "ancient",   "occupied",  "coastal",    "imperial",     "nazi",
                           "communist", "postwar",   "prewar",     "wartime",      "around",
                           "about",     "whereas",   "unless",     "until",        "once",
                           "because",   "all",       "every",      "each",         "some",
                           "many",      "most",      "more",       "other",        "another",
                           "said",      "says",      "visit",      "visiting",     "via",
                           "welcome",   "dear",      "all",        "not",          "no",
                           "than",      "through",   "beside",     "besides",      "per",
                           "a",         "an",        "our",        "your",         "their",
                           "his",       "her",       "its",        "my",           "we",
                           "they",      "he",        "she",        "it",           "i",
                           "you",       "both",      "either"};
    return s;
}

// Words after a place that do not make it part of a longer proper name.
const WordSet& continuers() {
    static const WordSet s{"monday",      "tuesday",
                           "wednesday",   "thursday",
                           "friday",      "saturday",
                           "sunday",      "january",
                           "february",    "march",
                           "april",       "may",
                           "june",        "july",
                           "august",      "september",
                           "october",     "november",
                           "december",    "jan",
                           "feb",         "mar",
                           "apr",         "jun",
                           "jul",         "aug",
                           "sep",         "sept",
                           "oct",         "nov",
                           "dec",         "province",
                           "provinces",   "state",
                           "county",      "governorate",
                           "region",      "district",
                           "valley",      "river",
                           "bay",         "island",
                           "islands",     "airport",
                           "mountains",   "city",
                           "prefecture",  "oblast",
                           "department",  "territory",
                           "peninsula",   "coast",
                           "basin",       "sea",
                           "gulf",        "rep",
                           "sen",         "gov",
                           "mayor",       "governor",
                           "senator",     "representative",
                           "congressman", "congresswoman",
                           "secretary",   "minister",
                           "ministry",    "premier",
                           "president",   "prime",
                           "police",      "chief",
                           "officials",   "envoy",
                           "ambassador",  "and",
                           "or",          "time",
                           "local",       "but",
                           "the",         "in",
                           "on",          "at",
                           "after",       "as",
                           "for",         "with",
                           "i",           "ii",
                           "iii",         "a",
                           "an",          "is",
                           "was",         "said",
                           "reuters",     "ap",
                           "afp",         "cnn",
                           "bbc",         "upi",
                           "dpa",         "xinhua",
                           "tass",        "itar",
                           "ria",         "kyodo",
                           "efe",         "ansa",
                           "bernama",     "pti",
                           "ians",        "yonhap",
                           "interfax",    "sana"};
    return s;
}

// The last words of organisation names: "Texas Instruments", "Washington Post", "Paris Club".
const WordSet& org_tails() {
    static const WordSet s{"inc",
                           "corp",
                           "corporation",
                           "co",
                           "cos",
                           "ltd",
                           "plc",
                           "llc",
                           "ag",
                           "nv",
                           "bv",
                           "gmbh",
                           "spa",
                           "group",
                           "holdings",
                           "holding",
                           "airlines",
                           "airways",
                           "air",
                           "bancorp",
                           "bancorporation",
                           "bank",
                           "banks",
                           "bancshares",
                           "times",
                           "post",
                           "daily",
                           "herald",
                           "journal",
                           "tribune",
                           "telegraph",
                           "gazette",
                           "chronicle",
                           "globe",
                           "insurance",
                           "electric",
                           "power",
                           "gas",
                           "steel",
                           "motors",
                           "railway",
                           "railways",
                           "railroad",
                           "telecom",
                           "telephone",
                           "petroleum",
                           "instruments",
                           "industries",
                           "university",
                           "college",
                           "institute",
                           "exchange",
                           "trust",
                           "savings",
                           "resources",
                           "utilities",
                           "mining",
                           "chemical",
                           "chemicals",
                           "communications",
                           "partners",
                           "securities",
                           "investments",
                           "financial",
                           "foods",
                           "stores",
                           "edison",
                           "lighting",
                           "mutual",
                           "futures",
                           "club",
                           "symphony",
                           "orchestra",
                           "philharmonic",
                           "ballet",
                           "opera",
                           "museum",
                           "zoo",
                           "hospital",
                           "clinic",
                           "school",
                           "academy",
                           "seminary",
                           "federal",
                           "fed",
                           "reserve",
                           "mercantile",
                           "board",
                           "commodity",
                           "cotton",
                           "grain",
                           "stock",
                           "options",
                           "bourse",
                           "marathon",
                           "conference",
                           "convention",
                           "agreement",
                           "accord",
                           "accords",
                           "protocol",
                           "treaty",
                           "declaration",
                           "summit",
                           "talks",
                           "process",
                           "round",
                           "consensus",
                           "yankees",
                           "mets",
                           "giants",
                           "jets",
                           "knicks",
                           "nets",
                           "rangers",
                           "islanders",
                           "lakers",
                           "dodgers",
                           "cubs",
                           "bulls",
                           "bears",
                           "celtics",
                           "patriots",
                           "cowboys",
                           "saint",
                           "fc",
                           "united",
                           "rovers",
                           "wanderers",
                           "athletic",
                           "magazine",
                           "review",
                           "press",
                           "broadcasting",
                           "television",
                           "tv",
                           "radio",
                           "records",
                           "pictures",
                           "studios",
                           "hotel",
                           "hotels",
                           "gas",
                           "light",
                           "water",
                           "oil",
                           "energy",
                           "life",
                           "general",
                           "national",
                           "international",
                           "capital",
                           "fund",
                           "funds",
                           "realty",
                           "limited",
                           "partnership",
                           "lp",
                           "ventures",
                           "enterprises",
                           "systems",
                           "technologies",
                           "properties",
                           "company",
                           "companies",
                           "association",
                           "society",
                           "council",
                           "commission",
                           "committee",
                           "authority",
                           "agency",
                           "port",
                           "transit",
                           "metro"};
    return s;
}

// Heads of organisation names that end in "of PLACE": "Bank of England", "University of Texas".
const WordSet& org_heads() {
    static const WordSet s{"bank",        "university",   "univ",       "college",     "institute",   "museum",
                           "school",      "academy",      "church",     "diocese",     "archdiocese", "society",
                           "association", "orchestra",    "club",       "corporation", "corp",        "company",
                           "co",          "duke",         "duchess",    "earl",        "marquess",    "bishop",
                           "archbishop",  "prince",       "princess",   "count",       "countess",    "baron",
                           "lord",        "lady",         "council",    "chamber",     "board",       "port",
                           "authority",   "government",   "times",      "republic",    "kingdom",     "federation",
                           "league",      "conservatory", "hospital",   "foundation",  "trust",       "fund",
                           "dean",        "mayor",        "governor",   "sheriff",     "attorney",    "commonwealth",
                           "court",       "tribunal",     "parliament", "assembly"};
    return s;
}

// Words before a place that, lower case, say it is a place: "in Homs", "near Aleppo".
const WordSet& locatives() {
    static const WordSet s{"in",        "at",        "near",      "from",      "to",      "outside",  "into",
                           "across",    "around",    "toward",    "towards",   "via",     "of",       "between",
                           "through",   "inside",    "and",       "visit",     "visited", "visiting", "reached",
                           "entered",   "left",      "fled",      "north",     "south",   "east",     "west",
                           "northeast", "northwest", "southeast", "southwest", "downtown"};
    return s;
}

// Verbs after a capital that make it stand for its government: "Washington said".
const WordSet& government_verbs() {
    static const WordSet s{
        "said",       "says",       "say",        "announced",  "announces", "wants",      "wanted",     "warned",
        "warns",      "urged",      "urges",      "accused",    "accuses",   "insisted",   "insists",    "agreed",
        "agrees",     "rejected",   "rejects",    "denied",     "denies",    "demanded",   "demands",    "threatened",
        "threatens",  "hopes",      "hoped",      "believes",   "believed",  "refused",    "refuses",    "responded",
        "responds",   "plans",      "planned",    "signalled",  "signaled",  "pledged",    "pledges",    "vowed",
        "vows",       "condemned",  "condemns",   "welcomed",   "welcomes",  "criticised", "criticized", "imposed",
        "imposes",    "sanctioned", "recognised", "recognized", "backed",    "backs",      "supports",   "supported",
        "opposes",    "opposed",    "sought",     "seeks",      "expelled",  "recalled",   "retaliated", "considers",
        "considered", "decided",    "insisted",   "argued",     "argues",    "claimed",    "claims",     "acknowledged",
        "confirmed",  "confirms",   "told"};
    return s;
}
const WordSet& auxiliaries() {
    static const WordSet s{"has",   "had",   "have",    "will",       "would",      "could",      "should",
                           "may",   "might", "must",    "is",         "was",        "also",       "again",
                           "still", "then",  "now",     "quickly",    "publicly",   "officially", "only",
                           "not",   "never", "already", "reportedly", "repeatedly", "been"};
    return s;
}
// Nouns after a capital's possessive that make it stand for its government: "Washington's policy".
const WordSet& government_nouns() {
    static const WordSet s{"policy",     "policies",  "position",   "stance",     "decision",  "decisions", "support",
                           "response",   "relations", "ally",       "allies",     "demands",   "approach",  "strategy",
                           "role",       "interests", "intentions", "objections", "concerns",  "efforts",   "plan",
                           "plans",      "proposal",  "offer",      "pressure",   "sanctions", "backing",   "view",
                           "views",      "line",      "reaction",   "attitude",   "move",      "moves",     "claims",
                           "insistence", "refusal",   "request"};
    return s;
}
const WordSet& calendar_words() {
    static const WordSet s{"monday",  "tuesday",   "wednesday", "thursday", "friday",   "saturday", "sunday",
                           "january", "february",  "march",     "april",    "may",      "june",     "july",
                           "august",  "september", "october",   "november", "december", "sept"};
    return s;
}
const WordSet& region_words() {
    static const WordSet s{"province", "state",     "region",     "governorate", "county", "oblast", "prefecture",
                           "district", "provinces", "department", "territory",   "canton", "emirate"};
    return s;
}
const WordSet& connectors() {
    static const WordSet s{"of",  "and",  "de",  "del",  "la",  "le",  "el",  "al",  "ad",  "as",  "ar",  "an",  "at",
                           "az",  "ash",  "da",  "do",   "dos", "das", "di",  "du",  "des", "y",   "e",   "i",   "am",
                           "im",  "upon", "on",  "sur",  "the", "en",  "bin", "ibn", "les", "los", "las", "van", "von",
                           "der", "den",  "sul", "sous", "aan", "ez",  "es",  "ed",  "en",  "ul",  "us",  "ur",  "et"};
    return s;
}

// ------------------------------------------------------------------------------- the table

enum CandidateFlag : std::uint8_t {
    exact_case = 1,  // "US", "UK": only as written
    postfix = 2,     // "Ill.": only after "Place, "
    demonym = 4,     // "Syrian": evidence for a country, no place
};

struct Candidate {
    std::uint32_t place = 0;
    std::uint8_t flags = 0;
    std::uint32_t written = 0;  // index into Data::written, for exact_case
};

enum SlotFlag : std::uint8_t { is_key = 1, is_prefix = 2, common_word = 4, given_name = 8 };

struct Slot {
    std::uint64_t hash = 0;  // 0: empty
    std::uint32_t first = 0;
    std::uint16_t count = 0;
    std::uint8_t flags = 0;
};

constexpr std::size_t max_name_words = 8;

}  // namespace

struct Gazetteer::Data {
    std::vector<GazetteerEntry> entries;
    std::vector<std::string> written;
    std::vector<Candidate> candidates;
    std::vector<Slot> slots;                                       // open addressing on the folded key's 64-bit hash
    std::unordered_map<std::string, std::uint32_t> country_entry;  // ISO alpha-2 -> its country
    std::uint64_t mask = 0;

    [[nodiscard]] const Slot* find(std::uint64_t h) const {
        if (h == 0) h = 1;
        for (std::uint64_t at = h & mask;; at = (at + 1) & mask) {
            const Slot& s = slots[at];
            if (s.hash == h) return &s;
            if (s.hash == 0) return nullptr;
        }
    }
    Slot& insert(std::uint64_t h) {
        if (h == 0) h = 1;
        for (std::uint64_t at = h & mask;; at = (at + 1) & mask) {
            Slot& s = slots[at];
            if (s.hash == h) return s;
            if (s.hash == 0) {
                s.hash = h;
                return s;
            }
        }
    }
    [[nodiscard]] std::pair<const Candidate*, const Candidate*> candidates_of(const Slot& s) const {
        return {candidates.data() + s.first, candidates.data() + s.first + s.count};
    }
    // A place's standing without context: countries first, then capitals, then population.
    [[nodiscard]] double prior(std::size_t place) const {
        const GazetteerEntry& e = entries[place];
        switch (e.kind) {
            case PlaceKind::country:
                return 7.5;
            case PlaceKind::other:
                return 7.0;
            case PlaceKind::region:
                // By the people of its towns (the gazetteer's population of a region), between
                // a town's standing and a country's: Montana, US over Montana, Bulgaria.
                return e.population == 0 ? 4.5 : std::min(7.0, std::log10(static_cast<double>(e.population)) + 0.3);
            case PlaceKind::city:
                break;
        }
        return std::log10(static_cast<double>(e.population) + 1.0) + (e.capital ? 1.5 : 0.0) +
               (e.admin_seat ? 0.3 : 0.0);
    }
};

namespace {

std::string fold_name(std::string_view name) {
    // One scratch scan per thread: folding the gazetteer's 50,000 names allocates nothing.
    thread_local Scan scan;
    scan.folded.clear();
    scan.tokens.clear();
    tokenize(name, 0, scan);
    std::string key;
    for (const Token& t : scan.tokens) {
        if (!key.empty()) key += ' ';
        key += scan.folded_of(t);
    }
    return key;
}

PlaceKind parse_kind(std::string_view kind, std::size_t line) {
    if (kind == "country") return PlaceKind::country;
    if (kind == "region") return PlaceKind::region;
    if (kind == "city") return PlaceKind::city;
    if (kind == "other") return PlaceKind::other;
    throw Error("gazetteer, line " + std::to_string(line) + ": unknown kind '" + std::string(kind) + "'");
}

bool all_capitals(std::string_view s) {
    bool any = false;
    for (char c : s) {
        if (is_ascii_lower(c)) return false;
        any = any || is_ascii_upper(c);
    }
    return any;
}

struct PendingAlias {
    std::uint64_t hash;
    Candidate candidate;
};

std::shared_ptr<const Gazetteer::Data> build(std::string_view tsv) {
    auto data = std::make_shared<Gazetteer::Data>();
    std::vector<PendingAlias> aliases;
    std::vector<std::uint64_t> prefixes;
    std::vector<std::pair<std::uint64_t, std::uint8_t>> name_flags;
    std::vector<std::pair<std::size_t, std::string_view>> parents;
    aliases.reserve(64 * 1024);

    auto add_alias = [&](std::string_view alias, std::uint32_t place, std::uint8_t flags) {
        alias = trim(alias);
        if (alias.empty()) return;
        std::string written(alias);
        const bool abbreviation = written.ends_with('.') && written.size() <= 7 && (flags & demonym) == 0 &&
                                  data->entries[place].kind == PlaceKind::region;
        while (written.ends_with('.')) written.pop_back();
        const std::string key = fold_name(alias);
        if (key.empty()) return;
        Candidate c{place, flags, 0};
        if (abbreviation) c.flags |= postfix;
        if (all_capitals(written) && written.size() <= 5) {
            c.flags |= exact_case;
            c.written = static_cast<std::uint32_t>(data->written.size());
            data->written.push_back(std::move(written));
        }
        aliases.push_back({hash_of(key), c});
        std::size_t words = 1;
        for (std::size_t at = key.find(' '); at != std::string::npos && words < max_name_words;
             at = key.find(' ', at + 1), ++words) {
            prefixes.push_back(hash_of(std::string_view(key).substr(0, at)));
        }
    };

    std::size_t line_number = 0;
    for (std::string_view line : split_lines(tsv)) {
        ++line_number;
        if (line.empty() || line.front() == '#') continue;
        const auto cols = split_on(line, '\t');
        const std::string_view tag = cols[0];
        auto bad = [&](const std::string& why) {
            return Error("gazetteer, line " + std::to_string(line_number) + ": " + why);
        };
        if (tag == "P") {
            if (cols.size() != 9) throw bad("want 9 columns, got " + std::to_string(cols.size()));
            GazetteerEntry e;
            e.id = std::string(cols[1]);
            e.kind = parse_kind(cols[2], line_number);
            e.country = cols[3] == "-" ? "" : std::string(cols[3]);
            std::uint32_t population = 0;
            std::from_chars(cols[4].data(), cols[4].data() + cols[4].size(), population);
            e.population = population;
            e.capital = cols[6].find('C') != std::string_view::npos;
            e.admin_seat = cols[6].find('A') != std::string_view::npos;
            e.name = std::string(cols[7]);
            const auto index = static_cast<std::uint32_t>(data->entries.size());
            if (!cols[5].empty()) parents.emplace_back(index, cols[5]);
            data->entries.push_back(std::move(e));
            add_alias(cols[7], index, 0);
            if (!cols[8].empty()) {
                for (std::string_view alias : split_on(cols[8], '|')) add_alias(alias, index, 0);
            }
        } else if (tag == "D" || tag == "W" || tag == "G") {
            if (cols.size() != (tag == "D" ? 3u : 2u)) throw bad("wrong number of columns");
            if (tag == "D") {
                // Resolved once all places are known: the country by its id.
                parents.emplace_back(static_cast<std::size_t>(-1), line);
                continue;
            }
            const std::uint8_t flag = tag == "W" ? common_word : given_name;
            for (std::string_view name : split_on(cols[1], '|')) {
                if (!name.empty()) name_flags.emplace_back(hash_of(fold_name(name)), flag);
            }
        } else {
            throw bad("unknown record '" + std::string(tag) + "'");
        }
    }
    std::unordered_map<std::string_view, std::size_t> by_id;
    by_id.reserve(data->entries.size());
    std::unordered_map<std::string_view, std::size_t> by_country;
    for (std::size_t i = 0; i < data->entries.size(); ++i) {
        const GazetteerEntry& e = data->entries[i];
        by_id.emplace(e.id, i);
        if (e.kind == PlaceKind::country && !e.country.empty() && (e.id == e.country || !by_country.count(e.country))) {
            by_country[e.country] = i;
            data->country_entry[e.country] = static_cast<std::uint32_t>(i);
        }
    }
    for (const auto& [index, ref] : parents) {
        if (index == static_cast<std::size_t>(-1)) {
            const auto cols = split_on(ref, '\t');
            auto it = by_country.find(cols[1]);
            if (it == by_country.end())
                throw Error("gazetteer: demonyms of unknown country '" + std::string(cols[1]) + "'");
            for (std::string_view d : split_on(cols[2], '|'))
                add_alias(d, static_cast<std::uint32_t>(it->second), demonym);
            continue;
        }
        auto it = by_id.find(ref);
        if (it == by_id.end()) {
            throw Error("gazetteer: unknown parent '" + std::string(ref) + "' of '" + data->entries[index].name + "'");
        }
        data->entries[index].parent = it->second;
    }

    std::stable_sort(aliases.begin(), aliases.end(),
                     [](const PendingAlias& a, const PendingAlias& b) { return a.hash < b.hash; });
    std::size_t capacity = 1024;
    while (capacity < 2 * (aliases.size() + prefixes.size() + name_flags.size())) capacity *= 2;
    data->slots.assign(capacity, Slot{});
    data->mask = capacity - 1;
    data->candidates.reserve(aliases.size());
    for (std::size_t i = 0; i < aliases.size();) {
        std::size_t j = i;
        Slot& slot = data->insert(aliases[i].hash);
        slot.first = static_cast<std::uint32_t>(data->candidates.size());
        for (; j < aliases.size() && aliases[j].hash == aliases[i].hash; ++j) {
            const Candidate& c = aliases[j].candidate;
            const bool duplicate =
                std::any_of(data->candidates.begin() + slot.first, data->candidates.end(), [&](const Candidate& o) {
                    return o.place == c.place && o.flags == c.flags &&
                           (!(c.flags & exact_case) || data->written[o.written] == data->written[c.written]);
                });
            if (!duplicate) data->candidates.push_back(c);
        }
        slot.count = static_cast<std::uint16_t>(std::min<std::size_t>(data->candidates.size() - slot.first, 0xFFFF));
        slot.flags |= is_key;
        i = j;
    }
    for (std::uint64_t h : prefixes) data->insert(h).flags |= is_prefix;
    for (const auto& [h, flag] : name_flags) {
        if (Slot* s = const_cast<Slot*>(data->find(h))) s->flags |= flag;
    }
    return data;
}

// ------------------------------------------------------------------------------- analysis

enum class Role : std::uint8_t { rejected, evidence, mention };

struct Match {
    std::size_t first = 0;  // tokens [first, last]
    std::size_t last = 0;
    const Slot* slot = nullptr;
    std::vector<std::uint32_t> places;  // place candidates left after the case checks
    std::uint32_t demonym_of = UINT32_MAX;
    Role role = Role::rejected;
    std::uint32_t chosen = 0;
    bool dateline = false;
    bool exact = false;  // matched an alias that must be written as it is ("US")
    int link_next = -1;  // "Paris, Texas": index of the match after the comma
    int link_prev = -1;
    bool needs_context = false;      // a place only if the article speaks of its country
    bool in_name = false;            // inside an organisation's or a person's name here
    bool placed = false;             // "in Homs", "Homs, Syria": the text makes it a place
    bool region_word_after = false;  // "Homs province", "Washington state"
    bool city_word_after = false;
};

struct Segment {
    std::string_view text;
    std::size_t first_token = 0;
    std::size_t end_token = 0;
};

class Analysis {
  public:
    Analysis(const Gazetteer::Data& data, std::string_view title, std::string_view text)
        : m_data(data), m_scan(scratch()) {
        m_scan.folded.clear();
        m_scan.tokens.clear();
        tokenize(title, title_segment, m_scan);
        m_title = {title, 0, m_scan.tokens.size()};
        tokenize(text, 0, m_scan);
        m_text = {text, m_title.end_token, m_scan.tokens.size()};
        match(m_title);
        match(m_text);
        link();
        find_dateline();
        for (Match& m : m_matches) decide(m);
        one_sense_per_article();
        resolve();
    }

    [[nodiscard]] const std::vector<Match>& matches() const { return m_matches; }
    [[nodiscard]] const Token& token(std::size_t i) const { return m_scan.tokens[i]; }
    [[nodiscard]] bool in_title(const Match& m) const { return m.first < m_title.end_token; }
    // Where the name ends in its segment: an abbreviation keeps its last full stop ("U.S.").
    [[nodiscard]] std::size_t end_of(const Match& m) const {
        const Token& t = token(m.last);
        const std::string_view text = segment_of(m.last).text;
        const bool abbreviation = m_scan.folded_of(t).find('.') != std::string_view::npos;
        return abbreviation && t.end < text.size() && text[t.end] == '.' ? t.end + 1 : t.end;
    }

  private:
    [[nodiscard]] const Segment& segment_of(std::size_t token) const {
        return token < m_title.end_token ? m_title : m_text;
    }
    [[nodiscard]] std::string_view span(std::size_t first, std::size_t last) const {
        const Segment& seg = segment_of(first);
        return seg.text.substr(token(first).start, token(last).end - token(first).start);
    }
    [[nodiscard]] bool has(std::size_t t, std::uint16_t flag) const { return (token(t).flags & flag) != 0; }
    [[nodiscard]] bool same_segment(std::size_t a, std::size_t b) const {
        return (a < m_title.end_token) == (b < m_title.end_token) && b < m_scan.tokens.size();
    }

    void match(const Segment& seg) {
        const auto& tokens = m_scan.tokens;
        for (std::size_t i = seg.first_token; i < seg.end_token; ++i) {
            const Token& t = tokens[i];
            if (!(t.flags & (capitalised | all_caps))) continue;
            std::uint64_t h = t.hash;
            const Slot* slot = m_data.find(h);
            if (slot == nullptr) continue;
            std::size_t best_last = 0;
            const Slot* best = nullptr;
            std::vector<std::uint32_t> best_places;
            std::uint32_t best_demonym = UINT32_MAX;
            bool best_exact = false;
            for (std::size_t j = i;;) {
                if (slot->flags & is_key) {
                    std::vector<std::uint32_t> places;
                    std::uint32_t demonym_of = UINT32_MAX;
                    bool exact = false;
                    const std::string_view written = span(i, j);
                    auto [c, end] = m_data.candidates_of(*slot);
                    for (; c != end; ++c) {
                        if ((c->flags & exact_case) && written != m_data.written[c->written]) continue;
                        if (c->flags & demonym) {
                            if (demonym_of == UINT32_MAX) demonym_of = c->place;
                        } else if (!(c->flags & postfix) || postfix_ok(i, j)) {
                            places.push_back(c->place);
                            exact = exact || (c->flags & exact_case) != 0;
                        }
                    }
                    if (!places.empty() || demonym_of != UINT32_MAX) {
                        best = slot;
                        best_last = j;
                        best_places = std::move(places);
                        best_demonym = demonym_of;
                        best_exact = exact;
                    }
                }
                if (!(slot->flags & is_prefix) || j + 1 >= seg.end_token || j + 1 - i >= max_name_words) break;
                const Token& cur = tokens[j];
                const Token& next = tokens[j + 1];
                if (cur.gap == Gap::other) break;
                if (cur.gap == Gap::dot_space && cur.fend - cur.fstart > 3) break;  // "St. Louis", not "Paris. New"
                if (!(next.flags & (capitalised | all_caps)) && !connectors().has(next.hash) && !elided(next)) break;
                h = fnv(fnv(h, " "), m_scan.folded_of(next));
                slot = m_data.find(h);
                if (slot == nullptr) break;
                ++j;
            }
            if (best == nullptr) continue;
            Match m;
            m.first = i;
            m.last = best_last;
            m.slot = best;
            m.places = std::move(best_places);
            m.demonym_of = best_demonym;
            m.exact = best_exact;
            m_matches.push_back(std::move(m));
            i = best_last;
        }
    }

    // "d'Ivoire", "l'Aquila": an elided article joins a name.
    [[nodiscard]] bool elided(const Token& t) const {
        const std::string_view text = segment_of(static_cast<std::size_t>(&t - m_scan.tokens.data())).text;
        return t.end - t.start > 2 && (text[t.start + 1] == '\'' || text.compare(t.start + 1, 3, "\xE2\x80\x99") == 0);
    }

    // "Peoria, Ill.": a postal abbreviation needs a full stop after it and "Place, " before.
    [[nodiscard]] bool postfix_ok(std::size_t first, std::size_t last) const {
        const Segment& seg = segment_of(first);
        const Token& t = token(last);
        if (t.end >= seg.text.size() || (seg.text[t.end] != '.' && seg.text[t.end] != ',')) {
            // "D.C" folds its last dot away; "DC" may stand without one.
            if (!all_capitals(span(first, last))) return false;
        }
        if (first == seg.first_token) return false;
        const Token& before = token(first - 1);
        // After a place, or after a town too small for the gazetteer ("NORTH PALM BEACH, Fla.").
        const bool after_place = !m_matches.empty() && m_matches.back().last + 1 == first;
        if (!after_place && !(before.flags & (capitalised | all_caps))) return false;
        return seg.text.substr(before.end, token(first).start - before.end) == ", ";
    }

    void link() {
        for (std::size_t k = 0; k + 1 < m_matches.size(); ++k) {
            Match& a = m_matches[k];
            Match& b = m_matches[k + 1];
            if (b.first != a.last + 1 || !same_segment(a.last, b.first)) continue;
            const Segment& seg = segment_of(a.first);
            const std::string_view between =
                seg.text.substr(token(a.last).end, token(b.first).start - token(a.last).end);
            if (between == ", " || between == " (" || between == ",") {
                a.link_next = static_cast<int>(k + 1);
                b.link_prev = static_cast<int>(k);
            }
        }
        for (Match& m : m_matches) {
            const std::size_t n = m.last + 1;
            if (!same_segment(m.last, n) || token(m.last).gap != Gap::space || has(m.last, possessive)) continue;
            m.region_word_after = region_words().has(token(n).hash);
            m.city_word_after = token(n).hash == hash_of("city");
        }
    }

    void find_dateline() {
        // The dateline opens one of the first paragraphs (a photo caption may come first).
        const std::string_view text = m_text.text;
        std::optional<Dateline> dl;
        std::size_t at = 0;
        for (int paragraphs = 0; paragraphs < 3 && at < text.size() && !dl; ++paragraphs) {
            while (at < text.size() && is_ascii_space(text[at])) ++at;
            const std::size_t nl = text.find('\n', at);
            dl = parse_dateline(text.substr(at, nl == std::string_view::npos ? std::string_view::npos : nl - at));
            if (nl == std::string_view::npos) break;
            at = nl + 1;
        }
        if (!dl || dl->place.empty()) return;
        const std::size_t from = static_cast<std::size_t>(dl->place.data() - text.data());
        const std::size_t to = from + dl->place.size();
        for (Match& m : m_matches) {
            if (m.first < m_text.first_token) continue;
            if (token(m.first).start >= to) break;
            if (token(m.first).start >= from && !m.places.empty()) {
                // The whole place, not a word of it ("NORTH PALM BEACH" is not "North", "ST. PAUL"
                // not "Paul").
                const std::size_t end = token(m.last).end;
                const bool whole_end = end == to || (end < to && trim(text.substr(end, to - end)).empty());
                if (token(m.first).start == from && whole_end) m.dateline = true;
                break;
            }
        }
    }

    [[nodiscard]] bool any_kind(const Match& m, PlaceKind kind) const {
        return std::any_of(m.places.begin(), m.places.end(),
                           [&](std::uint32_t p) { return m_data.entries[p].kind == kind; });
    }
    [[nodiscard]] std::uint32_t by_prior(const Match& m) const {
        return *std::max_element(m.places.begin(), m.places.end(),
                                 [&](std::uint32_t a, std::uint32_t b) { return m_data.prior(a) < m_data.prior(b); });
    }
    void evidence(Match& m) {
        m.role = Role::evidence;
        if (!m.places.empty()) m.chosen = by_prior(m);
    }

    // Is the match a place at all, evidence for a country, or neither?
    void decide(Match& m) {
        const std::size_t i = m.first;
        const std::size_t j = m.last;
        const Token& head = token(i);
        const bool headline = (head.flags & headline_line) != 0;
        if (m.dateline) {
            m.role = Role::mention;
            return;
        }
        if (m.places.empty()) {
            m.role = Role::evidence;  // a demonym
            m.chosen = m.demonym_of;
            return;
        }
        const bool linked = m.link_prev >= 0 || m.link_next >= 0;
        const bool exact = m.exact;
        // An acronym in running text ("LIMA" in "the LIMA index") names no place; "US" does.
        if ((head.flags & all_caps) && !headline && !exact && !linked) return;
        // Names of one or two letters ("Ba", "Of") are too easily something else; "La Paz" is not one.
        const std::size_t key_length = i == j ? m_scan.folded_of(head).size() : 3;
        if (i == j && calendar_words().has(head.hash)) return;  // "in March", "May"
        const bool common = (m.slot->flags & common_word) != 0;
        const bool given = (m.slot->flags & given_name) != 0;
        const bool country = any_kind(m, PlaceKind::country) || any_kind(m, PlaceKind::other);

        // Organisation names: "Bank of England", "University of Texas", "Texas Instruments".
        if (i >= 2 && same_segment(i - 2, i) && token(i - 1).hash == hash_of("of") && token(i - 1).gap == Gap::space &&
            token(i - 2).gap == Gap::space && org_heads().has(token(i - 2).hash) &&
            (has(i - 2, capitalised) || has(i - 2, all_caps))) {
            m.in_name = true;
            return evidence(m);
        }
        for (std::size_t n = j + 1, k = 0; k < 4 && same_segment(j, n) && token(n - 1).gap == Gap::space &&
                                           !has(n - 1, possessive) && (has(n, capitalised) || has(n, all_caps));
             ++n, ++k) {
            if (org_tails().has(token(n).hash)) {
                m.in_name = true;
                return evidence(m);
            }
        }
        const bool next_cap = same_segment(j, j + 1) && token(j).gap == Gap::space && !has(j, possessive) &&
                              (has(j + 1, capitalised) || (has(j + 1, all_caps) && !headline)) &&
                              !continuers().has(token(j + 1).hash) && !starts_match(j + 1);
        const bool prev_cap = i > 0 && same_segment(i - 1, i) && token(i - 1).gap == Gap::space &&
                              !has(i - 1, possessive) && (has(i - 1, capitalised) || has(i - 1, all_caps)) &&
                              !lead_words().has(token(i - 1).hash) && !ends_match(i - 1);
        if (!headline) {
            // Part of a longer proper name: "Michael Jordan", "Paris Hilton", "Boston Edison".
            if (prev_cap || (next_cap && (!country || given))) {
                m.in_name = true;
                return;
            }
        }
        if (country) {
            m.role = Role::mention;
            return;
        }
        if (key_length <= 2 && !exact) return;
        const bool locative =
            i > 0 && same_segment(i - 1, i) && has(i - 1, lower_case) && locatives().has(token(i - 1).hash);
        m.placed = locative || linked;
        // A hyphenated proper name ("Bristol-Myers", "Freeport-McMoRan", "Flexi-Van") is no town.
        if (!linked && ((same_segment(j, j + 1) && token(j).gap == Gap::hyphen &&
                         (has(j + 1, capitalised) || has(j + 1, all_caps)) && !starts_match(j + 1)) ||
                        (i > 0 && same_segment(i - 1, i) && token(i - 1).gap == Gap::hyphen &&
                         (has(i - 1, capitalised) || has(i - 1, all_caps)) && !ends_match(i - 1)))) {
            m.in_name = true;
            return;
        }
        if (!headline) {
            // A capital standing for its government: "Washington said", "Moscow's policy".
            const bool capital = std::any_of(m.places.begin(), m.places.end(), [&](std::uint32_t p) {
                return m_data.entries[p].capital && m_data.prior(p) >= m_data.prior(by_prior(m));
            });
            if (capital && !locative && same_segment(j, j + 1)) {
                std::size_t n = j + 1;
                if (has(j, possessive)) {
                    if (government_nouns().has(token(n).hash)) return evidence(m);
                } else if (token(j).gap == Gap::space || token(j).gap == Gap::other) {
                    while (n + 1 < m_text.end_token && auxiliaries().has(token(n).hash) && same_segment(j, n + 1)) ++n;
                    if (government_verbs().has(token(n).hash) && has(n, lower_case) &&
                        segment_of(j)
                                .text.substr(token(j).end, token(j + 1).start - token(j).end)
                                .find_first_of(",.;:") == std::string_view::npos) {
                        return evidence(m);
                    }
                }
            }
            // Places do not speak, people do: "Lau said", "Florence told".
            if (!locative && same_segment(j, j + 1) && token(j).gap == Gap::space && !has(j, possessive) &&
                (token(j + 1).hash == hash_of("said") || token(j + 1).hash == hash_of("says") ||
                 token(j + 1).hash == hash_of("told") || (given && government_verbs().has(token(j + 1).hash)))) {
                return;
            }
            // A name that is also a common word ("Reading", "Mobile", "Split") is a place after
            // "in", "near"... when the article speaks of its country, or as "Reading, England".
            if (common && !linked) {
                if (!locative || has(i, sentence_initial) || next_word_capitalised(j)) return;
                // "in Cologne" is the city of a million; "in Reading" needs England nearby.
                const bool large = std::any_of(m.places.begin(), m.places.end(),
                                               [&](std::uint32_t p) { return m_data.entries[p].population >= 250000; });
                if (!large) m.needs_context = true;
            }
        } else {
            // Headlines: only names that are neither words nor given names, and cities of note.
            if ((common || given) && !linked) return;
            const bool notable = std::any_of(m.places.begin(), m.places.end(), [&](std::uint32_t p) {
                const GazetteerEntry& e = m_data.entries[p];
                return e.kind != PlaceKind::city || e.population >= 100000 || e.capital || e.admin_seat;
            });
            if (!notable) return;
        }
        // A small town where people's names stand ("Obama met...", "said Obama"; Obama is a
        // town in Japan) is a place of the article only with its country in it.
        const bool small = std::all_of(m.places.begin(), m.places.end(), [&](std::uint32_t p) {
            const GazetteerEntry& e = m_data.entries[p];
            return e.kind == PlaceKind::city && e.population < 100000 && !e.capital;
        });
        // A town that is also a given name ("Howard", "Florence", "Chester") needs the text to
        // put it somewhere; a city of a million ("Sydney", "Houston") does not.
        const bool minor = std::all_of(m.places.begin(), m.places.end(), [&](std::uint32_t p) {
            const GazetteerEntry& e = m_data.entries[p];
            return e.kind == PlaceKind::city && e.population < 1000000 && !e.capital;
        });
        if (given && minor && !linked && !locative) return;
        // A small town named bare, with nothing placing it ("Dome", "Puma", "Obama met"), is
        // more often a company or a person: a place only if the article speaks of its country.
        if (small && !linked && !locative) m.needs_context = true;
        m.role = Role::mention;
    }

    // A name an article uses inside an organisation's or a person's name ("Piedmont Aviation
    // Inc", "Sonora Gold Corp") means the same when it stands alone ("Piedmont's board"),
    // unless the text puts it somewhere ("in Piedmont"). Countries and great cities are exempt.
    void one_sense_per_article() {
        std::unordered_set<const Slot*> names;
        for (const Match& m : m_matches) {
            if (m.in_name) names.insert(m.slot);
        }
        if (names.empty()) return;
        for (Match& m : m_matches) {
            if (m.role != Role::mention || m.dateline || m.placed || !names.count(m.slot)) continue;
            const bool minor = std::all_of(m.places.begin(), m.places.end(), [&](std::uint32_t p) {
                const GazetteerEntry& e = m_data.entries[p];
                return e.kind == PlaceKind::region ||
                       (e.kind == PlaceKind::city && e.population < 1000000 && !e.capital);
            });
            if (minor) m.role = Role::rejected;
        }
    }

    [[nodiscard]] bool next_word_capitalised(std::size_t j) const {
        return same_segment(j, j + 1) && token(j).gap == Gap::space &&
               (has(j + 1, capitalised) || has(j + 1, all_caps));
    }

    [[nodiscard]] bool starts_match(std::size_t t) const {
        auto it = std::lower_bound(m_matches.begin(), m_matches.end(), t,
                                   [](const Match& m, std::size_t v) { return m.first < v; });
        return it != m_matches.end() && it->first == t && !it->places.empty() && !(it->slot->flags & common_word);
    }
    [[nodiscard]] bool ends_match(std::size_t t) const {
        auto it = std::lower_bound(m_matches.begin(), m_matches.end(), t,
                                   [](const Match& m, std::size_t v) { return m.last < v; });
        return it != m_matches.end() && it->last == t;
    }

    [[nodiscard]] bool is_ancestor(std::uint32_t ancestor, std::uint32_t place) const {
        std::optional<std::size_t> p = m_data.entries[place].parent;
        for (int guard = 0; p && guard < 8; ++guard) {
            if (*p == ancestor) return true;
            p = m_data.entries[*p].parent;
        }
        return false;
    }

    // Which same-named place: prior standing, the article's countries and regions, "City, Region".
    void resolve() {
        // "Taft, Calif.": a town none of whose namesakes lies in the place after the comma is a
        // town the gazetteer does not hold; the container stays.
        for (Match& m : m_matches) {
            if (m.role != Role::mention || m.link_next < 0 || any_kind(m, PlaceKind::country)) continue;
            const Match& n = m_matches[static_cast<std::size_t>(m.link_next)];
            if (n.role != Role::mention || n.places.empty()) continue;
            const bool container = std::any_of(n.places.begin(), n.places.end(), [&](std::uint32_t c) {
                const PlaceKind k = m_data.entries[c].kind;
                return k == PlaceKind::region || k == PlaceKind::country;
            });
            const bool inside = std::any_of(m.places.begin(), m.places.end(), [&](std::uint32_t p) {
                return std::any_of(n.places.begin(), n.places.end(), [&](std::uint32_t c) {
                    return m_data.entries[c].kind != PlaceKind::city && is_ancestor(c, p);
                });
            });
            if (container && !inside) m.role = Role::rejected;
        }
        std::unordered_map<std::string_view, double> countries;
        std::unordered_map<std::uint32_t, double> named;  // regions named (1) or holding a place named (0.3)
        auto note = [&](std::uint32_t place, double weight, bool regions) {
            const GazetteerEntry& e = m_data.entries[place];
            if (!e.country.empty()) countries[e.country] += weight;
            if (!regions) return;  // an organisation's "England" places nothing in England
            double w = 1.0;
            for (std::optional<std::size_t> p = place; p; p = m_data.entries[*p].parent, w = 0.3) {
                double& n = named[static_cast<std::uint32_t>(*p)];
                n = std::max(n, w);
            }
        };
        for (Match& m : m_matches) {
            if (m.role == Role::rejected) continue;
            if (m.places.size() == 1) m.chosen = m.places.front();
            if (m.needs_context) continue;  // no evidence for itself
            if (m.role == Role::evidence) {
                if (m.places.empty() || m.places.size() == 1) note(m.chosen, 0.5, false);
            } else if (m.places.size() == 1) {
                note(m.chosen, m.dateline ? 2.0 : 1.0, true);
            }
        }
        // Ambiguous names whose readings share one country still tell that country.
        for (Match& m : m_matches) {
            if (m.role != Role::mention || m.places.size() < 2) continue;
            const std::uint32_t top = by_prior(m);
            if (m_data.prior(top) >= 5.0 && std::all_of(m.places.begin(), m.places.end(), [&](std::uint32_t p) {
                    return m_data.entries[p].country == m_data.entries[top].country;
                })) {
                countries[m_data.entries[top].country] += 0.5;
            }
        }
        for (Match& m : m_matches) {
            if (!m.needs_context || m.role != Role::mention) continue;
            const bool spoken_of = std::any_of(m.places.begin(), m.places.end(), [&](std::uint32_t p) {
                return countries.count(m_data.entries[p].country) != 0;
            });
            if (!spoken_of) m.role = Role::rejected;
        }
        for (std::size_t k = 0; k < m_matches.size(); ++k) {
            Match& m = m_matches[k];
            if (m.role != Role::mention || m.places.size() < 2) continue;
            double best_score = -1e9;
            for (std::uint32_t p : m.places) {
                const GazetteerEntry& e = m_data.entries[p];
                double score = m_data.prior(p);
                // The article's countries tip the balance between places of like standing, not
                // against a far larger namesake (Boston, Massachusetts over Boston, England).
                if (auto it = countries.find(e.country); it != countries.end())
                    score += 0.8 + std::min(it->second, 4.0) * 0.1;
                for (std::optional<std::size_t> a = e.parent; a; a = m_data.entries[*a].parent) {
                    if (m_data.entries[*a].kind == PlaceKind::country) continue;
                    if (auto it = named.find(static_cast<std::uint32_t>(*a)); it != named.end()) {
                        score += 3.0 * it->second;
                        break;
                    }
                }
                if (m.link_next >= 0) {
                    const Match& n = m_matches[static_cast<std::size_t>(m.link_next)];
                    if (std::any_of(n.places.begin(), n.places.end(),
                                    [&](std::uint32_t a) { return is_ancestor(a, p); }))
                        score += 20;
                }
                if (m.link_prev >= 0) {
                    const Match& b = m_matches[static_cast<std::size_t>(m.link_prev)];
                    if (b.role == Role::mention && is_ancestor(p, b.chosen)) score += 20;
                }
                // A region named after its seat ("Hama", "Idlib", "Geneva") is the city unless the
                // text says "province": the city takes the region's standing, just above it.
                for (std::uint32_t q : m.places) {
                    const GazetteerEntry& r = m_data.entries[q];
                    if (e.kind == PlaceKind::city && r.kind == PlaceKind::region && r.country == e.country) {
                        score = std::max(score, score - m_data.prior(p) + m_data.prior(q) + 0.1);
                    }
                }
                if (m.region_word_after && e.kind == PlaceKind::region) score += 5;
                if (m.city_word_after && e.kind == PlaceKind::city) score += 5;
                if (m.dateline && e.kind == PlaceKind::city) score += 2;
                if (score > best_score) {
                    best_score = score;
                    m.chosen = p;
                }
            }
        }
    }

    // The token buffers of the thread's last article: an article costs no allocation for them.
    static Scan& scratch() {
        thread_local Scan scan;
        return scan;
    }

    const Gazetteer::Data& m_data;
    Scan& m_scan;
    Segment m_title;
    Segment m_text;
    std::vector<Match> m_matches;
};

}  // namespace

std::string place_key(std::string_view name) { return fold_name(name); }

Gazetteer::Gazetteer() {
    // Parsed once per process: the tables are immutable and every copy shares them.
    static const std::shared_ptr<const Data> builtin =
        build(std::string_view(newsindex_gazetteer_places,
                               static_cast<std::size_t>(newsindex_gazetteer_places_end - newsindex_gazetteer_places)));
    m_data = builtin;
}

Gazetteer::Gazetteer(std::string_view tsv) : m_data(build(tsv)) {}

const std::vector<GazetteerEntry>& Gazetteer::entries() const noexcept { return m_data->entries; }

std::optional<std::size_t> Gazetteer::lookup(std::string_view name) const {
    const Data& d = *m_data;
    const Slot* s = d.find(hash_of(fold_name(name)));
    if (s == nullptr || !(s->flags & is_key)) return std::nullopt;
    std::optional<std::size_t> best;
    auto [c, end] = d.candidates_of(*s);
    for (; c != end; ++c) {
        if (c->flags & demonym) continue;
        if (!best || d.prior(c->place) > d.prior(*best)) best = c->place;
    }
    return best;
}

std::vector<std::string> Gazetteer::ancestors(std::size_t place) const {
    std::vector<std::string> out;
    const auto& entries = m_data->entries;
    std::optional<std::size_t> p = entries.at(place).parent;
    for (std::size_t guard = 0; p && guard < 8; ++guard) {
        out.push_back(entries[*p].name);
        p = entries[*p].parent;
    }
    return out;
}

std::vector<PlaceMatch> Gazetteer::find(std::string_view text) const {
    const Analysis a(*m_data, {}, text);
    std::vector<PlaceMatch> out;
    for (const Match& m : a.matches()) {
        if (m.role == Role::mention) out.push_back({a.token(m.first).start, a.end_of(m), m.chosen});
    }
    return out;
}

std::vector<Place> collect_places(const Gazetteer& gazetteer, std::string_view title, std::string_view text,
                                  std::vector<Mention>* mentions) {
    struct Tally {
        std::uint32_t place = 0;
        unsigned count = 0;
        std::size_t first = 0;
        double salience = 0;
        bool dateline = false;
        bool title = false;
        bool lead = false;
    };
    const auto& entries = gazetteer.entries();
    const Analysis a(gazetteer.data(), title, text);
    std::vector<Tally> tallies;
    std::unordered_map<std::uint32_t, std::size_t> index;
    for (const Match& m : a.matches()) {
        if (m.role != Role::mention) continue;
        const bool in_title = a.in_title(m);
        const std::size_t position = in_title ? a.token(m.first).start : title.size() + 1 + a.token(m.first).start;
        auto [it, fresh] = index.emplace(m.chosen, tallies.size());
        if (fresh) tallies.push_back(Tally{m.chosen, 0, position});
        Tally& t = tallies[it->second];
        ++t.count;
        t.dateline = t.dateline || m.dateline;
        t.title = t.title || in_title;
        t.lead = t.lead || (a.token(m.first).flags & first_paragraph) != 0;
        if (!in_title && mentions != nullptr) {
            const std::size_t start = a.token(m.first).start;
            const std::size_t end = a.end_of(m);
            mentions->push_back(Mention{start, end, MentionType::location, std::string(text.substr(start, end - start)),
                                        entries[m.chosen].name});
        }
    }
    // A country the article names only through demonyms or its capital's government ("French",
    // "Paris said"), yet with a place named inside it, is a place of the article; its count is
    // that evidence. (An organisation's name, "Bank of New England", says less.)
    std::unordered_map<std::uint32_t, unsigned> evidence;
    for (const Match& m : a.matches()) {
        if (m.role != Role::evidence || m.in_name) continue;
        const GazetteerEntry& e = entries[m.chosen];
        auto it = gazetteer.data().country_entry.find(e.country);
        if (it != gazetteer.data().country_entry.end()) ++evidence[it->second];
    }
    const std::size_t named = tallies.size();
    for (const auto& [country, count] : evidence) {
        if (index.count(country)) continue;
        const std::string& code = entries[country].country;
        const auto inside = std::find_if(tallies.begin(), tallies.begin() + static_cast<std::ptrdiff_t>(named),
                                         [&](const Tally& t) { return entries[t.place].country == code; });
        if (inside == tallies.begin() + static_cast<std::ptrdiff_t>(named)) continue;
        tallies.push_back(Tally{country, count, inside->first});
    }
    for (Tally& t : tallies) {
        t.salience = t.count + (t.dateline ? 3.0 : 0.0) + (t.title ? 2.0 : 0.0) + (t.lead ? 1.0 : 0.0);
    }
    std::stable_sort(tallies.begin(), tallies.end(), [](const Tally& x, const Tally& y) {
        if (x.salience != y.salience) return x.salience > y.salience;
        return x.first < y.first;
    });
    std::vector<Place> places;
    places.reserve(tallies.size());
    for (const Tally& t : tallies) {
        const GazetteerEntry& e = entries[t.place];
        places.push_back(Place{e.name, e.kind, e.country, gazetteer.ancestors(t.place), t.count});
    }
    return places;
}

}  // namespace newsindex::detail
