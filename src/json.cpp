#include <newsindex/json.hpp>

#include <nlohmann/json.hpp>

namespace newsindex {

namespace {

using nlohmann::json;

json optional_string(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }
json optional_date(const std::optional<Date>& d) { return d ? json(d->to_string()) : json(nullptr); }

// Invalid UTF-8 cannot reach here from the pipeline, but an embedder may pass anything:
// replace rather than throw.
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json highlights(const SearchHit& hit) {
    json spans = json::array();
    for (const auto& [start, end] : hit.highlights) spans.push_back({start, end});
    return spans;
}

}  // namespace

namespace {

json record_json(const Article& article, bool with_mentions) {
    json actors = json::array();
    for (const Actor& a : article.actors) {
        actors.push_back({{"name", a.name}, {"kind", to_string(a.kind)}, {"count", a.count}});
    }
    json places = json::array();
    for (const Place& p : article.places) {
        places.push_back({{"name", p.name},
                          {"kind", to_string(p.kind)},
                          {"country", p.country.empty() ? json(nullptr) : json(p.country)},
                          {"count", p.count}});
    }
    json dates = json::array();
    for (const Date& d : article.dates) dates.push_back(d.to_string());
    json record = {{"id", article.id},
                   {"source", article.source},
                   {"url", optional_string(article.url)},
                   {"title", article.title},
                   {"published", optional_date(article.published)},
                   {"text", article.text},
                   {"removed", article.removed},
                   {"actors", std::move(actors)},
                   {"places", std::move(places)},
                   {"dates", std::move(dates)}};
    if (with_mentions) {
        json mentions = json::array();
        for (const Mention& m : article.mentions) {
            mentions.push_back({{"start", m.start},
                                {"end", m.end},
                                {"type", to_string(m.type)},
                                {"text", m.text},
                                {"norm", m.norm}});
        }
        record["mentions"] = std::move(mentions);
    }
    return record;
}

}  // namespace

std::string to_json(const Article& article, bool with_mentions) { return dump(record_json(article, with_mentions)); }

std::string to_json(const IndexedArticle& indexed) {
    json record = record_json(indexed.article, false);
    record["story"] = indexed.story.empty() ? json(nullptr) : json(indexed.story);
    return dump(record);
}

std::string to_json(const SearchResults& results) {
    json hits = json::array();
    for (const SearchHit& h : results.hits) {
        hits.push_back({{"id", h.id},
                        {"title", h.title},
                        {"published", optional_date(h.published)},
                        {"source", h.source},
                        {"url", optional_string(h.url)},
                        {"score", h.score},
                        {"snippet", h.snippet},
                        {"highlights", highlights(h)},
                        {"actors", h.actors},
                        {"places", h.places},
                        {"story", h.story},
                        {"similar", h.similar}});
    }
    json facets = json::object();
    for (const Facet& f : results.facets) {
        json values = json::array();
        for (const FacetValue& v : f.values) values.push_back({{"value", v.value}, {"count", v.count}});
        facets[f.field] = std::move(values);
    }
    json out = {{"total", results.total}, {"total_exact", true}, {"results", std::move(hits)}, {"facets", std::move(facets)}};
    out["suggestion"] = results.suggestion ? json(*results.suggestion) : json(nullptr);
    out["stories"] = results.stories ? json(*results.stories) : json(nullptr);
    return dump(out);
}

}  // namespace newsindex
