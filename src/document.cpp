#include "document.hpp"

#include "places.hpp"
#include "schema.hpp"
#include "text_util.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace newsindex::detail {

namespace {

// Xapian rejects terms longer than 245 bytes; a longer key is cut and made unique by a hash.
std::string bounded_term(std::string_view prefix, std::string_view key) {
    constexpr std::size_t max_term = 240;
    std::string term(prefix);
    if (prefix.size() + key.size() <= max_term) {
        term.append(key);
    } else {
        term.append(key.substr(0, max_term - prefix.size() - 17));
        term += '#';
        term += to_hex(stable_hash(key));
    }
    return term;
}

std::string compact(const Date& d) {
    std::string s = d.to_string();
    s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
    return s;
}

}  // namespace

std::string name_key(std::string_view name) { return place_key(name); }

std::string id_term(std::string_view id) { return bounded_term(schema::id, id); }

Xapian::Document make_document(const Article& article, Xapian::TermGenerator& tg) {
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text(article.title, schema::title_weight);
    tg.index_text(article.title, 1, std::string(schema::title));
    tg.increase_termpos();
    tg.index_text(article.text);

    doc.add_boolean_term(id_term(article.id));
    doc.add_boolean_term(bounded_term(schema::source, article.source));
    if (article.published) {
        const std::string ymd = compact(*article.published);
        doc.add_boolean_term(std::string(schema::day) + ymd);
        doc.add_boolean_term(std::string(schema::month) + ymd.substr(0, 6));
        doc.add_boolean_term(std::string(schema::year) + ymd.substr(0, 4));
        doc.add_value(schema::published, ymd);
    } else {
        doc.add_boolean_term(std::string(schema::no_date));
    }
    for (const Date& d : article.dates) doc.add_boolean_term(std::string(schema::mentioned) + compact(d));

    const auto actor_slots = std::min<std::size_t>(article.actors.size(), schema::facet_slots_max);
    for (std::size_t i = 0; i < article.actors.size(); ++i) {
        doc.add_boolean_term(bounded_term(schema::actor, name_key(article.actors[i].name)));
        if (i < actor_slots) doc.add_value(schema::actor_first + static_cast<Xapian::valueno>(i), article.actors[i].name);
    }
    const auto place_slots = std::min<std::size_t>(article.places.size(), schema::facet_slots_max);
    for (std::size_t i = 0; i < article.places.size(); ++i) {
        const Place& p = article.places[i];
        doc.add_boolean_term(bounded_term(schema::place, name_key(p.name)));
        for (const std::string& ancestor : p.ancestors) doc.add_boolean_term(bounded_term(schema::place, name_key(ancestor)));
        if (i < place_slots) doc.add_value(schema::place_first + static_cast<Xapian::valueno>(i), p.name);
    }

    nlohmann::json data = {{"id", article.id},       {"title", article.title}, {"source", article.source},
                           {"text", article.text}};
    if (article.url) data["url"] = *article.url;
    if (article.published) data["published"] = article.published->to_string();
    auto names = [](const auto& items) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& item : items) list.push_back(item.name);
        return list;
    };
    data["actors"] = names(article.actors);
    data["places"] = names(article.places);
    doc.set_data(data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return doc;
}

StoredArticle read_stored(const std::string& data) {
    StoredArticle out;
    const nlohmann::json j = nlohmann::json::parse(data, nullptr, false);
    if (!j.is_object()) return out;
    out.id = j.value("id", "");
    out.title = j.value("title", "");
    out.source = j.value("source", "");
    out.text = j.value("text", "");
    if (j.contains("url") && j["url"].is_string()) out.url = j["url"].get<std::string>();
    if (j.contains("published") && j["published"].is_string()) out.published = Date::parse(j["published"].get<std::string>());
    for (const auto& a : j.value("actors", nlohmann::json::array())) {
        if (a.is_string()) out.actors.push_back(a.get<std::string>());
    }
    for (const auto& p : j.value("places", nlohmann::json::array())) {
        if (p.is_string()) out.places.push_back(p.get<std::string>());
    }
    return out;
}

}  // namespace newsindex::detail
