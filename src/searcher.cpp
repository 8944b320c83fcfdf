#include "actors.hpp"
#include "database_location.hpp"
#include "document.hpp"
#include "places.hpp"
#include "schema.hpp"
#include "snippet.hpp"
#include "text_util.hpp"

#include <newsindex/error.hpp>
#include <newsindex/search.hpp>

#include <xapian.h>

#include <algorithm>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

namespace newsindex {

namespace {

using detail::schema::facet_slots_max;

std::string compact(const Date& d) {
    std::string s = d.to_string();
    s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
    return s;
}

std::optional<Date> from_compact(std::string_view ymd) {
    if (ymd.size() != 8) return std::nullopt;
    return Date::parse(std::string(ymd.substr(0, 4)) + "-" + std::string(ymd.substr(4, 2)) + "-" +
                       std::string(ymd.substr(6, 2)));
}

unsigned days_in_month(int year, unsigned month) {
    unsigned d = 31;
    while (!Date::valid(year, month, d)) --d;
    return d;
}

// A publication-date range as an OR of the fewest year, month and day terms that cover it:
// boolean terms are cheaper to match than a value range scan (see the search issue).
Xapian::Query date_range_query(Date first, Date last) {
    std::vector<Xapian::Query> terms;
    Date cur = first;
    while (cur <= last) {
        if (cur.month == 1 && cur.day == 1 && Date{cur.year, 12, 31} <= last) {
            terms.emplace_back(std::string(detail::schema::year) + compact(cur).substr(0, 4));
            cur = Date{cur.year + 1, 1, 1};
        } else if (cur.day == 1 && Date{cur.year, cur.month, days_in_month(cur.year, cur.month)} <= last) {
            terms.emplace_back(std::string(detail::schema::month) + compact(cur).substr(0, 6));
            cur = cur.month == 12 ? Date{cur.year + 1, 1, 1} : Date{cur.year, cur.month + 1, 1};
        } else {
            terms.emplace_back(std::string(detail::schema::day) + compact(cur));
            cur = Date::from_days(cur.to_days() + 1);
        }
    }
    if (terms.empty()) return Xapian::Query::MatchNothing;
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

struct DateBounds {
    std::optional<Date> lowest;
    std::optional<Date> highest;
};

Xapian::Query bounded_date_query(std::optional<Date> from, std::optional<Date> to, const DateBounds& bounds) {
    if (!from) from = bounds.lowest;
    if (!to) to = bounds.highest;
    if (!from || !to || *to < *from) return Xapian::Query::MatchNothing;
    // Clip to the dates the archive holds so an open or wide range stays a few terms.
    if (bounds.lowest && *from < *bounds.lowest) from = bounds.lowest;
    if (bounds.highest && *bounds.highest < *to) to = bounds.highest;
    if (*to < *from) return Xapian::Query::MatchNothing;
    return date_range_query(*from, *to);
}

std::optional<Date> parse_query_date(std::string_view s, const char* what) {
    if (s.empty()) return std::nullopt;
    auto d = Date::parse(s);
    if (!d) throw QueryError(std::string("bad ") + what + " date '" + std::string(s) + "': want YYYY-MM-DD");
    return d;
}

// A day in a query field: YYYY-MM-DD (or YYYYMMDD), or nullopt.
std::optional<Date> parse_day(const std::string& text) {
    std::string iso = text;
    if (iso.size() == 8 && std::all_of(iso.begin(), iso.end(), detail::is_ascii_digit)) {
        iso = iso.substr(0, 4) + "-" + iso.substr(4, 2) + "-" + iso.substr(6, 2);
    }
    return Date::parse(iso);
}

class DateRangeProcessor final : public Xapian::RangeProcessor {
  public:
    explicit DateRangeProcessor(DateBounds bounds) : Xapian::RangeProcessor(Xapian::BAD_VALUENO, "date:"), m_bounds(bounds) {}

    Xapian::Query operator()(const std::string& begin, const std::string& end) override {
        std::optional<Date> from, to;
        try {
            from = parse_query_date(begin, "start");
            to = parse_query_date(end, "end");
        } catch (const QueryError& e) {
            throw Xapian::QueryParserError(e.what());
        }
        return bounded_date_query(from, to, m_bounds);
    }

  private:
    DateBounds m_bounds;
};

class NameFieldProcessor final : public Xapian::FieldProcessor {
  public:
    using Resolver = std::function<std::string(const std::string&)>;
    NameFieldProcessor(std::string prefix, Resolver resolve) : m_prefix(std::move(prefix)), m_resolve(std::move(resolve)) {}
    Xapian::Query operator()(const std::string& value) override { return Xapian::Query(m_prefix + m_resolve(value)); }

  private:
    std::string m_prefix;
    Resolver m_resolve;
};

class QueryFieldProcessor final : public Xapian::FieldProcessor {
  public:
    using Resolver = std::function<Xapian::Query(const std::string&)>;
    explicit QueryFieldProcessor(Resolver resolve) : m_resolve(std::move(resolve)) {}
    Xapian::Query operator()(const std::string& value) override { return m_resolve(value); }

  private:
    Resolver m_resolve;
};

// The articles of an actor named by a searcher: a well-known alias means its canonical actor
// ("ISIS" -> Islamic State); any other name matches the actor of that name or, word by word,
// every actor whose name holds its words ("Putin" and "President Putin" find Vladimir Putin).
Xapian::Query actor_query(std::string_view asked) {
    std::string name(detail::trim(asked));
    if (const auto entry = detail::AliasTable::builtin().lookup_query(name)) {
        return Xapian::Query(std::string(detail::schema::actor) +
                             detail::name_key(detail::AliasTable::builtin().entries()[*entry].name));
    }
    std::vector<std::string> words = detail::name_words(name);
    // Titles are not part of actors' names: "President Putin" and "Prime Minister Netanyahu"
    // mean Putin and Netanyahu ("Foreign Ministry" keeps its words: no title in it).
    const detail::Lexicon& lexicon = detail::Lexicon::builtin();
    std::size_t titles = 0;
    bool has_title = false;
    while (titles + 1 < words.size()) {
        const std::uint8_t classes = lexicon.classes(words[titles]);
        if ((classes & (detail::Lexicon::title | detail::Lexicon::title_modifier)) == 0) break;
        has_title = has_title || (classes & detail::Lexicon::title) != 0;
        ++titles;
    }
    if (has_title) words.erase(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(titles));
    const Xapian::Query exact(std::string(detail::schema::actor) + detail::name_key(name));
    if (words.empty()) return exact;
    std::vector<Xapian::Query> parts;
    for (const std::string& word : words) parts.emplace_back(std::string(detail::schema::actor_word) + word);
    return Xapian::Query(Xapian::Query::OP_OR, exact, Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end()));
}

// "Did you mean": each plain word of the query whose stem the index lacks is replaced by the
// closest word of the spelling data (title words). Xapian's own FLAG_SPELLING_CORRECTION
// checks unstemmed terms, which a STEM_ALL_Z index never holds, so it would "correct" every
// word. Field terms (place:..., date:...) and operators are left as they are.
// A query word is unknown if the match saw no document holding it: its frequency comes
// with the match (MSet::get_termfreq), so a remote shard is not asked again per word; only
// an unknown word costs a spelling lookup.
std::optional<std::string> suggest_spelling(const Xapian::Database& db, const Xapian::MSet& mset, const Xapian::Stem& stemmer,
                                            const std::string& query) {
    std::string out;
    bool changed = false;
    std::size_t i = 0;
    while (i < query.size()) {
        if (!detail::is_ascii_alpha(query[i])) {
            out += query[i++];
            continue;
        }
        std::size_t j = i;
        while (j < query.size() && (detail::is_ascii_alnum(query[j]) || query[j] == '\'')) ++j;
        const std::string word = query.substr(i, j - i);
        const bool field = j < query.size() && query[j] == ':';
        const bool operator_word = word == "AND" || word == "OR" || word == "NOT" || word == "XOR" || word == "NEAR";
        if (!field && !operator_word && word.size() > 2) {
            const std::string lower = detail::ascii_lowercase(word);
            std::string stemmed_term = "Z";
            stemmed_term += stemmer(lower);
            if (mset.get_termfreq(stemmed_term) == 0) {
                const std::string suggestion = db.get_spelling_suggestion(lower);
                if (!suggestion.empty() && suggestion != lower) {
                    out += suggestion;
                    changed = true;
                    i = j;
                    continue;
                }
            }
        }
        // A field's value runs to the next space: "place:Saudi" is not a word to correct.
        if (field) {
            while (j < query.size() && query[j] != ' ') ++j;
        }
        out += query.substr(i, j - i);
        i = j;
    }
    if (!changed) return std::nullopt;
    return out;
}

}  // namespace

struct Searcher::Impl {
    Xapian::Database db;
    Xapian::Stem stemmer{"english"};
    detail::Gazetteer gazetteer;
    // Facet slots in use per family (schema::facet_families): the most any database reports.
    std::vector<unsigned> facet_slots = std::vector<unsigned>(std::size(detail::schema::facet_families), 0);
    DateBounds date_bounds;
    bool remote = false;  // some database is served by xapian-tcpsrv
    // Facets from the packed slots: every database has them and none is remote (there the
    // sets of values would cross the network instead of counts).
    bool packed_facets = false;

    [[nodiscard]] std::string place_term(const std::string& name) const {
        const auto found = gazetteer.lookup(name);
        return detail::name_key(found ? gazetteer.entries()[*found].name : name);
    }

    // What the searcher learns from the databases' metadata and values: the facet slots in
    // use and the span of publication dates. Read at opening and after every reopen.
    void read_layout() {
        std::fill(facet_slots.begin(), facet_slots.end(), 0);
        packed_facets = !remote;
        for (const Xapian::Database& part : parts) {
            if (!detail::has_packed_facets(part)) packed_facets = false;
            for (std::size_t f = 0; f < facet_slots.size(); ++f) {
                const std::string v = part.get_metadata(std::string(detail::schema::facet_families[f].slots_key));
                const unsigned n = v.empty() ? 0u : std::min<unsigned>(static_cast<unsigned>(std::stoul(v)), facet_slots_max);
                facet_slots[f] = std::max(facet_slots[f], n);
            }
        }
        date_bounds.lowest = from_compact(db.get_value_lower_bound(detail::schema::published));
        date_bounds.highest = from_compact(db.get_value_upper_bound(detail::schema::published));
        parser.reset();
    }

    // The query parser, set up once and again after a reopen, whose date bounds its range
    // processor holds.
    Xapian::QueryParser& query_parser() {
        if (parser) return *parser;
        Xapian::QueryParser& qp = parser.emplace();
        qp.set_database(db);
        qp.set_stemmer(stemmer);
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
        qp.set_default_op(Xapian::Query::OP_AND);
        qp.add_prefix("title", std::string(detail::schema::title));
        // An article has many actors and places: "actor:putin actor:isis" asks for both, as
        // repeated --actor flags do (Xapian's default would OR filters of one field).
        constexpr bool each_must_hold = false;
        qp.add_boolean_prefix("actor", (new QueryFieldProcessor([](const std::string& n) { return actor_query(n); }))->release(),
                              each_must_hold);
        qp.add_boolean_prefix(
            "place", (new NameFieldProcessor(std::string(detail::schema::place),
                                             [this](const std::string& n) { return place_term(n); }))
                         ->release(),
            each_must_hold);
        // Xapian 1.4's parser leaks when a field processor throws: a bad value is noted in
        // field_error, answered with a term that matches nothing, and reported after parsing.
        qp.add_boolean_prefix("mentioned", (new NameFieldProcessor(std::string(detail::schema::mentioned),
                                                                   [this](const std::string& day) {
                                                                       if (const auto d = parse_day(day)) return compact(*d);
                                                                       if (field_error.empty()) {
                                                                           field_error = "mentioned: '" + day +
                                                                                         "' is not a day YYYY-MM-DD";
                                                                       }
                                                                       return std::string("!invalid");
                                                                   }))
                                               ->release());
        qp.add_rangeprocessor((new DateRangeProcessor(date_bounds))->release());
        return qp;
    }

    std::optional<Xapian::QueryParser> parser;
    std::string field_error;  // what the "mentioned" field processor found wrong in this search

    std::vector<Xapian::Database> parts;  // the databases of db, for their own metadata
};

Searcher::Searcher(const std::vector<std::string>& databases) : m_impl(std::make_unique<Impl>()) {
    if (databases.empty()) throw IndexError("no database to search");
    for (const std::string& location : databases) {
        try {
            Xapian::Database one = detail::open_database(location);
            if (detail::is_remote(location)) m_impl->remote = true;
            m_impl->db.add_database(one);
            m_impl->parts.push_back(one);
        } catch (const Xapian::DatabaseOpeningError& e) {
            throw IndexError("cannot open index " + location + ": " + e.get_msg());
        } catch (const Xapian::Error& e) {
            throw IndexError("cannot open index " + location + ": " + e.get_description());
        }
    }
    try {
        m_impl->read_layout();
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot read index: " + e.get_description());
    } catch (const std::exception&) {  // std::stoul of a bad value
        throw IndexError("index has corrupt newsindex metadata");
    }
}

Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;
Searcher::~Searcher() = default;

std::size_t Searcher::size() const {
    try {
        return m_impl->db.get_doccount();
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot read index: " + e.get_description());
    }
}

namespace {

struct FacetPlan {
    std::string field;
    enum class Kind { date, multi, packed } kind;
    std::size_t first_spy = 0;  // index into the spies vector
    std::size_t spies = 0;
};

std::string date_label(const std::string& ymd, std::string_view field) {
    if (field == "date:year") return ymd.substr(0, 4);
    if (field == "date:month") return ymd.substr(0, 4) + "-" + ymd.substr(4, 2);
    return ymd.substr(0, 4) + "-" + ymd.substr(4, 2) + "-" + ymd.substr(6, 2);
}

// The `limit` values with the highest counts, ties in the order of the values: only those
// are sorted and copied (a facet over thousands of matches has thousands of actors).
template <typename Counts>
std::vector<FacetValue> most_frequent(const Counts& counts, std::size_t limit) {
    std::vector<std::pair<std::size_t, std::string_view>> ranked;
    ranked.reserve(counts.size());
    for (const auto& [value, count] : counts) ranked.emplace_back(count, value);
    const auto first = [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; };
    const auto end = ranked.begin() + static_cast<std::ptrdiff_t>(std::min(limit, ranked.size()));
    std::partial_sort(ranked.begin(), end, ranked.end(), first);
    std::vector<FacetValue> values;
    values.reserve(static_cast<std::size_t>(end - ranked.begin()));
    for (auto it = ranked.begin(); it != end; ++it) values.push_back(FacetValue{std::string(it->second), it->first});
    return values;
}

// Facets by story from the spy on schema::story_facets_slot: each distinct value there is a
// story with the values of some of its matching members; a story counts once per value.
// Articles of indexes older than stories have no such value and are not counted.
std::vector<Facet> story_facets(const Xapian::ValueCountMatchSpy& spy, const std::vector<FacetPlan>& plans,
                                std::size_t limit) {
    constexpr std::size_t date_part = std::size(detail::schema::facet_families);
    std::vector<Facet> facets;
    for (const FacetPlan& plan : plans) {
        std::size_t part = date_part;
        for (std::size_t f = 0; f < std::size(detail::schema::facet_families); ++f) {
            if (detail::schema::facet_families[f].field == plan.field) part = f;
        }
        std::set<std::pair<std::string, std::string>> seen;  // (value, story)
        std::map<std::string, std::size_t> counts;
        for (auto v = spy.values_begin(); v != spy.values_end(); ++v) {
            const std::string entry = *v;  // split_on's views must not outlive it
            const std::vector<std::string_view> parts = detail::split_on(entry, detail::schema::story_separator);
            if (parts.size() <= date_part + 1) continue;
            const std::string story(parts[0]);
            auto count = [&](std::string label) {
                if (seen.emplace(label, story).second) ++counts[std::move(label)];
            };
            const std::string_view field = parts[part + 1];
            if (part == date_part) {
                count(field.empty() ? std::string("no date") : date_label(std::string(field), plan.field));
            } else if (!field.empty()) {
                for (const std::string_view value : detail::split_on(field, detail::schema::packed_separator)) {
                    count(std::string(value));
                }
            }
        }
        facets.push_back(Facet{plan.field, most_frequent(counts, limit)});
    }
    return facets;
}

}  // namespace

namespace {

// The articles of the story of the article with this id (SearchRequest::similar_to).
Xapian::Query story_query(const Xapian::Database& db, const std::string& id) {
    const std::string id_term = detail::id_term(id);
    Xapian::Enquire find(db);
    find.set_query(Xapian::Query(id_term));
    find.set_weighting_scheme(Xapian::BoolWeight());
    const Xapian::MSet found = find.get_mset(0, 1);
    if (found.empty()) throw QueryError("no article with id '" + id + "' in the index");
    const std::string story = found.begin().get_document().get_value(detail::schema::story_slot);
    // An index older than stories: the article is its own story.
    if (story.empty()) return Xapian::Query(id_term);
    return Xapian::Query(detail::story_term(story));
}

}  // namespace

void Searcher::reopen() { reopen(*m_impl); }

void Searcher::reopen(Impl& impl) {
    try {
        impl.db.reopen();
        impl.read_layout();
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot reopen index: " + e.get_description());
    } catch (const std::exception&) {
        throw IndexError("index has corrupt newsindex metadata");
    }
}

namespace {

// A writer's commits let Xapian recycle the blocks of the revision a searcher reads; it
// then throws DatabaseModifiedError. The read runs again on the newest revision, a few
// times at most; failure prefixes the message of the last attempt.
template <class Read, class Reopen>
auto reading_the_newest(Read read, Reopen reopen, const std::string& failure) {
    constexpr int attempts = 5;
    for (int attempt = 1;; ++attempt) {
        try {
            return read();
        } catch (const Xapian::DatabaseModifiedError& e) {
            if (attempt == attempts) throw IndexError(failure + " (" + e.get_msg() + ")");
            reopen();
        }
    }
}

}  // namespace

std::optional<IndexedArticle> Searcher::article(const std::string& id) const {
    return reading_the_newest(
        [&]() -> std::optional<IndexedArticle> {
            try {
                Xapian::Enquire find(m_impl->db);
                find.set_query(Xapian::Query(detail::id_term(id)));
                find.set_weighting_scheme(Xapian::BoolWeight());
                const Xapian::MSet found = find.get_mset(0, 1);
                if (found.empty()) return std::nullopt;
                const Xapian::Document doc = found.begin().get_document();
                std::optional<IndexedArticle> indexed = detail::read_record(doc.get_data());
                if (!indexed) throw IndexError("the stored record of article '" + id + "' is corrupt");
                // Records written before they held the story: its value slot.
                if (indexed->story.empty()) indexed->story = doc.get_value(detail::schema::story_slot);
                return indexed;
            } catch (const Xapian::DatabaseModifiedError&) {
                throw;
            } catch (const Xapian::Error& e) {
                throw IndexError("cannot read index: " + e.get_description());
            }
        },
        [this] { reopen(*m_impl); }, "the index kept changing under a read");
}

SearchResults Searcher::search(const SearchRequest& request) const {
    return reading_the_newest([&] { return search_once(*m_impl, request); }, [this] { reopen(*m_impl); },
                              "search failed: the index kept changing under it");
}

SearchResults Searcher::search_once(Impl& impl, const SearchRequest& request) {
    try {
        Xapian::QueryParser& qp = impl.query_parser();
        impl.field_error.clear();
        // Not Xapian::Query::MatchAll: that is one object shared by the process, and copying
        // it bumps a reference count that is not atomic, a data race between searchers of
        // different threads (ThreadSanitizer found it). The empty term is what it holds.
        Xapian::Query query{std::string()};
        if (!detail::trim(request.query).empty()) {
            const unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                                   Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_PURE_NOT;
            query = qp.parse_query(request.query, flags);
            if (!impl.field_error.empty()) throw QueryError("bad query '" + request.query + "': " + impl.field_error);
            if (query.empty()) query = Xapian::Query(std::string());  // only stop-words or punctuation: all
        }
        std::vector<Xapian::Query> filters;
        for (const std::string& actor : request.actors) {
            filters.push_back(actor_query(actor));
        }
        for (const std::string& place : request.places) {
            filters.emplace_back(std::string(detail::schema::place) + impl.place_term(place));
        }
        if (request.from || request.to) filters.push_back(bounded_date_query(request.from, request.to, impl.date_bounds));
        for (const Date& day : request.mentioned) filters.emplace_back(std::string(detail::schema::mentioned) + compact(day));
        if (request.similar_to) filters.push_back(story_query(impl.db, *request.similar_to));
        const Xapian::Query text_query = query;  // its words are what snippets mark
        for (const Xapian::Query& f : filters) query = Xapian::Query(Xapian::Query::OP_FILTER, query, f);

        Xapian::Enquire enquire(impl.db);
        enquire.set_query(query);
        // Stories: Xapian's collapse keeps the best member of each; a spy on the same slot
        // sees every match first (spies run before collapsing), so it counts the stories and
        // the articles exactly. Both are stock: they run on remote shards too.
        std::optional<Xapian::ValueCountMatchSpy> story_spy;
        if (request.collapse) {
            enquire.set_collapse_key(detail::schema::story_slot);
            story_spy.emplace(detail::schema::story_slot);
            enquire.add_matchspy(&*story_spy);
        }
        if (request.sort == SortOrder::date) {
            enquire.set_sort_by_value_then_relevance(detail::schema::published, true);
        }

        std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
        std::vector<FacetPlan> plans;
        std::optional<std::size_t> date_spy;
        for (const std::string& field : request.facets) {
            FacetPlan plan{field, FacetPlan::Kind::date};
            if (field == "date" || field == "date:month" || field == "date:year") {
                // One day-count spy serves every date granularity: months and years are sums.
                if (!date_spy) {
                    date_spy = spies.size();
                    spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(detail::schema::published));
                }
                plan.first_spy = *date_spy;
                plan.spies = 1;
            } else if (const auto* family = std::find_if(std::begin(detail::schema::facet_families),
                                                        std::end(detail::schema::facet_families),
                                                        [&](const auto& f) { return f.field == field; });
                       family != std::end(detail::schema::facet_families)) {
                plan.first_spy = spies.size();
                if (impl.packed_facets) {
                    plan.kind = FacetPlan::Kind::packed;
                    plan.spies = 1;
                    spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(family->packed));
                } else {
                    plan.kind = FacetPlan::Kind::multi;
                    const unsigned slots = impl.facet_slots[static_cast<std::size_t>(family - std::begin(detail::schema::facet_families))];
                    plan.spies = slots;
                    for (unsigned i = 0; i < slots; ++i) {
                        spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(family->first + i));
                    }
                }
            } else {
                throw QueryError("unknown facet '" + field + "': want actor, place, place:country, date, date:month or date:year");
            }
            plans.push_back(plan);
        }
        // By story: one spy on the slot that holds each article's story with its values.
        const bool by_story = request.facet_unit == FacetUnit::story && !plans.empty();
        std::optional<Xapian::ValueCountMatchSpy> story_facet_spy;
        if (by_story) {
            story_facet_spy.emplace(detail::schema::story_facets_slot);
            enquire.add_matchspy(&*story_facet_spy);
        } else {
            for (auto& spy : spies) enquire.add_matchspy(spy.get());
        }

        const Xapian::doccount everything = impl.db.get_doccount();
        // Exact totals and facets need every match seen, so no early termination.
        const Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                                   static_cast<Xapian::doccount>(request.limit), everything);

        // Asks for every hit's document at once: a remote shard then sends them in one
        // exchange instead of one round trip per hit. Not for local databases, where it is
        // a read-ahead hint per document that cost more than it saved. (Not fetch(): in
        // Xapian 1.4.22 it reads past the hits of a page that does not start at the first match.)
        if (impl.remote && !mset.empty()) mset.fetch(mset.begin(), mset.end());

        SearchResults results;
        results.total = mset.get_matches_estimated();
        std::map<std::string, std::size_t> story_sizes;  // matches per story, of the stories shown
        if (story_spy) {
            // Without collapsing, the estimate is exact (every match is seen); with it, the
            // spy has the exact counts: every match, the distinct stories among them, and
            // the members of each. (Xapian's own collapse counts are exact locally but only
            // lower bounds over remote shards.)
            for (auto it = mset.begin(); it != mset.end(); ++it) story_sizes.emplace(it.get_collapse_key(), 0);
            results.total = story_spy->get_total();
            std::size_t stories = 0, in_stories = 0;
            for (auto v = story_spy->values_begin(); v != story_spy->values_end(); ++v) {
                ++stories;
                in_stories += v.get_termfreq();
                if (auto shown = story_sizes.find(*v); shown != story_sizes.end()) shown->second = v.get_termfreq();
            }
            results.stories = stories + (results.total - in_stories);
        }
        results.suggestion = suggest_spelling(impl.db, mset, impl.stemmer, request.query);
        std::vector<std::pair<std::string, double>> wanted;
        if (!mset.empty()) {
            for (std::string& stem : detail::SnippetMaker::stems_of(text_query)) {
                double weight = 0;
                try {
                    weight = mset.get_termweight("Z" + stem);
                } catch (const Xapian::InvalidArgumentError&) {
                    // Only in the title ("ZS" + stem): it still marks its words.
                }
                wanted.emplace_back(std::move(stem), weight);
            }
        }
        const detail::SnippetMaker snippets(std::move(wanted), impl.stemmer);
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            detail::StoredArticle stored = detail::read_stored(it.get_document().get_data());
            SearchHit hit;
            hit.id = std::move(stored.id);
            hit.title = std::move(stored.title);
            hit.published = stored.published;
            hit.source = std::move(stored.source);
            hit.url = std::move(stored.url);
            hit.score = it.get_percent() / 100.0;
            detail::Snippet snippet = snippets.make(stored.text, 240);
            hit.snippet = std::move(snippet.text);
            hit.highlights = std::move(snippet.highlights);
            hit.actors = std::move(stored.actors);
            hit.places = std::move(stored.places);
            // Records written before they held the story: its value slot, a second read.
            hit.story = stored.story ? std::move(*stored.story) : it.get_document().get_value(detail::schema::story_slot);
            if (const auto size = story_sizes.find(hit.story); size != story_sizes.end() && size->second > 0) {
                hit.similar = size->second - 1;
            }
            results.hits.push_back(std::move(hit));
        }

        if (by_story) {
            results.facets = story_facets(*story_facet_spy, plans, request.facet_limit);
            return results;
        }
        for (const FacetPlan& plan : plans) {
            // Counted by views into the spies' strings, kept here (a deque does not move
            // them), so that a value seen in thousands of sets is copied once, if shown.
            std::deque<std::string> held;
            std::unordered_map<std::string_view, std::size_t> counts;
            std::size_t dated = 0;
            for (std::size_t s = plan.first_spy; s < plan.first_spy + plan.spies; ++s) {
                for (auto v = spies[s]->values_begin(); v != spies[s]->values_end(); ++v) {
                    const Xapian::doccount articles = v.get_termfreq();
                    if (plan.kind == FacetPlan::Kind::packed) {
                        // A set of values, counted once per article that has exactly it.
                        detail::for_each_field(held.emplace_back(*v), detail::schema::packed_separator,
                                               [&](std::string_view value) { counts[value] += articles; });
                        continue;
                    }
                    counts[held.emplace_back(plan.kind == FacetPlan::Kind::date ? date_label(*v, plan.field) : *v)] += articles;
                    dated += articles;
                }
            }
            if (plan.kind == FacetPlan::Kind::date && dated < results.total) counts["no date"] += results.total - dated;
            results.facets.push_back(Facet{plan.field, most_frequent(counts, request.facet_limit)});
        }
        return results;
    } catch (const Xapian::QueryParserError& e) {
        throw QueryError("bad query '" + request.query + "': " + e.get_msg());
    } catch (const Xapian::DatabaseModifiedError&) {
        throw;  // search() reopens and runs it again
    } catch (const Xapian::Error& e) {
        throw IndexError("search failed: " + e.get_description());
    }
}

}  // namespace newsindex
