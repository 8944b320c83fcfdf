#include "document.hpp"
#include "schema.hpp"

#include <newsindex/error.hpp>
#include <newsindex/index_writer.hpp>

#include <xapian.h>

#include <algorithm>
#include <filesystem>

namespace newsindex {

namespace {

unsigned read_count(const Xapian::Database& db, std::string_view key) {
    const std::string value = db.get_metadata(std::string(key));
    return value.empty() ? 0u : static_cast<unsigned>(std::stoul(value));
}

}  // namespace

struct IndexWriter::Impl {
    std::string path;
    Xapian::WritableDatabase db;
    Xapian::TermGenerator term_generator;
    // Facet slots in use per family (schema::facet_families), written to metadata at commit.
    std::vector<unsigned> facet_slots = std::vector<unsigned>(std::size(detail::schema::facet_families), 0);
};

IndexWriter::IndexWriter(const std::string& path) : m_impl(std::make_unique<Impl>()) {
    m_impl->path = path;
    try {
        std::error_code ec;
        std::filesystem::create_directories(path, ec);
        m_impl->db = Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN);
        m_impl->term_generator.set_stemmer(Xapian::Stem("english"));
        m_impl->term_generator.set_database(m_impl->db);  // spelling data for "did you mean"
        m_impl->term_generator.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
        for (std::size_t f = 0; f < m_impl->facet_slots.size(); ++f) {
            m_impl->facet_slots[f] = read_count(m_impl->db, detail::schema::facet_families[f].slots_key);
        }
        if (m_impl->db.get_metadata(std::string(detail::schema::format_key)).empty()) {
            m_impl->db.set_metadata(std::string(detail::schema::format_key), std::string(detail::schema::format_version));
        }
    } catch (const Xapian::DatabaseLockError& e) {
        throw IndexError("index " + path + " is locked by another writer (" + e.get_msg() + ")");
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot open index " + path + ": " + e.get_description());
    } catch (const std::invalid_argument&) {
        throw IndexError("index " + path + " has corrupt newsindex metadata");
    }
}

IndexWriter::IndexWriter(IndexWriter&&) noexcept = default;
IndexWriter& IndexWriter::operator=(IndexWriter&&) noexcept = default;

IndexWriter::~IndexWriter() {
    if (!m_impl) return;
    try {
        commit();
    } catch (...) {  // NOLINT(bugprone-empty-catch): destructors never throw; commit() reports
    }
}

void IndexWriter::add(const Article& article) {
    if (article.id.empty()) throw IndexError("article from " + article.source + " has no id");
    try {
        Xapian::Document doc = detail::make_document(article, m_impl->term_generator);
        for (std::size_t f = 0; f < m_impl->facet_slots.size(); ++f) {
            const std::size_t used = std::min<std::size_t>(
                detail::facet_values(article, detail::schema::facet_families[f]).size(), detail::schema::facet_slots_max);
            m_impl->facet_slots[f] = std::max(m_impl->facet_slots[f], static_cast<unsigned>(used));
        }
        m_impl->db.replace_document(detail::id_term(article.id), doc);
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot add " + article.source + " to " + m_impl->path + ": " + e.get_description());
    }
}

bool IndexWriter::remove(const std::string& id) {
    try {
        const std::string term = detail::id_term(id);
        if (!m_impl->db.term_exists(term)) return false;
        m_impl->db.delete_document(term);
        return true;
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot delete " + id + " from " + m_impl->path + ": " + e.get_description());
    }
}

void IndexWriter::commit() {
    try {
        auto store = [&](std::string_view key, unsigned count) {
            const std::string k(key);
            const std::string v = std::to_string(count);
            if (m_impl->db.get_metadata(k) != v) m_impl->db.set_metadata(k, v);
        };
        for (std::size_t f = 0; f < m_impl->facet_slots.size(); ++f) {
            store(detail::schema::facet_families[f].slots_key, m_impl->facet_slots[f]);
        }
        m_impl->db.commit();
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot commit " + m_impl->path + ": " + e.get_description());
    }
}

std::size_t IndexWriter::size() const {
    try {
        return m_impl->db.get_doccount();
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot read " + m_impl->path + ": " + e.get_description());
    }
}

}  // namespace newsindex
