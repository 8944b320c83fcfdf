#include "document.hpp"
#include "task_thread.hpp"
#include "schema.hpp"
#include "text_util.hpp"

#include <newsindex/error.hpp>
#include <newsindex/index_writer.hpp>

#include <xapian.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>

namespace newsindex {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view stub_name = "shards.stub";
// The process id of the writer holding the index, for the message another writer gets. Only
// read while the lock is held, and rewritten by every holder, so it is never stale then.
constexpr std::string_view writer_pid_name = "writer.pid";

unsigned read_count(const Xapian::Database& db, std::string_view key) {
    const std::string value = db.get_metadata(std::string(key));
    return value.empty() ? 0u : static_cast<unsigned>(std::stoul(value));
}

// The shards a stub file names ("auto shard-0" per line), or 0 if there is no stub.
unsigned shards_in_stub(const fs::path& folder) {
    std::ifstream stub(folder / stub_name);
    if (!stub) return 0;
    unsigned shards = 0;
    for (std::string line; std::getline(stub, line);) {
        if (!line.empty() && line.front() != '#') ++shards;
    }
    return shards;
}

// A database whose creation was killed before its first commit: Xapian's tables are there
// but not the version file that every committed glass database has. It holds nothing
// committed, and Xapian would refuse to open it ("Failed to open glass revision file").
bool interrupted_creation(const fs::path& folder) {
    std::error_code ec;
    return !fs::exists(folder / "iamglass", ec) && !fs::exists(folder / "iamchert", ec) &&
           (fs::exists(folder / "postlist.glass", ec) || fs::exists(folder / "record.glass", ec) ||
            fs::exists(folder / "termlist.glass", ec));
}

// Where writing the index is refused: the folder, a shard folder or a file in them that this
// process may not write, and why ("... : Permission denied"), or empty. Xapian reports such an
// index as locked ("Couldn't open lockfile") or as a database it cannot open.
std::string unwritable_part(const fs::path& folder) {
    auto refused = [](const fs::path& p) {
        return faccessat(AT_FDCWD, p.c_str(), W_OK, AT_EACCESS) != 0 &&
               (errno == EACCES || errno == EROFS || errno == EPERM);
    };
    if (refused(folder)) return folder.string() + ": " + std::strerror(errno);
    std::error_code ec;
    for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        if (refused(it->path())) return it->path().string() + ": " + std::strerror(errno);
    }
    return {};
}

[[noreturn]] void throw_unwritable(const std::string& path, const std::string& part) {
    throw IndexError("index folder " + path + " is not writable (" + part + ")");
}

}  // namespace

struct IndexWriter::Impl {
    std::string path;
    // One database, or the shards of DIR/shard-0 ... DIR/shard-(N-1); an article lives in
    // the shard a stable hash of its id picks, so replacing it finds it again.
    std::vector<Xapian::WritableDatabase> shards;
    std::vector<Xapian::TermGenerator> term_generators;  // one per shard: spelling data goes there
    std::size_t flush_bytes = 0;           // per shard; 0: Xapian's threshold only
    std::vector<std::size_t> unflushed;    // text bytes per shard since it last wrote out
    // Facet slots in use per family (schema::facet_families), written to every shard at commit
    // so that any shard's metadata tells a searcher how many slots to count.
    std::vector<unsigned> facet_slots = std::vector<unsigned>(std::size(detail::schema::facet_families), 0);
    // With several shards, one thread per shard writes it (adds, file records); every other
    // operation waits for them to finish first (drain). Each has its own slot counts.
    // Declared last: the threads end before anything they use goes.
    std::vector<std::vector<unsigned>> worker_facet_slots;
    std::vector<std::unique_ptr<detail::TaskThread>> workers;

    [[nodiscard]] std::size_t shard_of(const std::string& id) const {
        return shards.size() == 1 ? 0 : static_cast<std::size_t>(detail::stable_hash(id) % shards.size());
    }

    void open_shard(const std::string& shard_path) {
        Xapian::WritableDatabase db(shard_path, interrupted_creation(shard_path) ? Xapian::DB_CREATE_OR_OVERWRITE
                                                                                 : Xapian::DB_CREATE_OR_OPEN);
        for (std::size_t f = 0; f < facet_slots.size(); ++f) {
            facet_slots[f] = std::max(facet_slots[f], read_count(db, detail::schema::facet_families[f].slots_key));
        }
        if (db.get_metadata(std::string(detail::schema::format_key)).empty()) {
            db.set_metadata(std::string(detail::schema::format_key), std::string(detail::schema::format_version));
        }
        Xapian::TermGenerator tg;
        tg.set_stemmer(Xapian::Stem("english"));
        tg.set_database(db);  // spelling data for "did you mean"
        tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
        shards.push_back(db);
        term_generators.push_back(tg);
    }

    void start_workers() {
        if (shards.size() < 2) return;
        worker_facet_slots.assign(shards.size(), facet_slots);
        for (std::size_t i = 0; i < shards.size(); ++i) workers.push_back(std::make_unique<detail::TaskThread>());
    }

    // Every posted task has run; then the slot counts of the workers are merged (not before:
    // a commit task of another shard may still read them). Rethrows the first failure.
    void drain() {
        std::exception_ptr error;
        for (const auto& worker : workers) {
            try {
                worker->drain();
            } catch (...) {
                if (!error) error = std::current_exception();
            }
        }
        for (const std::vector<unsigned>& slots : worker_facet_slots) {
            for (std::size_t f = 0; f < facet_slots.size(); ++f) facet_slots[f] = std::max(facet_slots[f], slots[f]);
        }
        if (error) std::rethrow_exception(error);
    }

    // Makes the document and writes it; on a shard's worker thread when there are workers.
    void write(std::size_t shard, const Article& article, std::vector<unsigned>& slots) {
        try {
            std::array<std::size_t, std::size(detail::schema::facet_families)> used{};
            Xapian::Document doc = detail::make_document(article, term_generators[shard], &used);
            for (std::size_t f = 0; f < used.size(); ++f) slots[f] = std::max(slots[f], static_cast<unsigned>(used[f]));
            shards[shard].replace_document(detail::id_term(article.id), doc);
            // Xapian's threshold counts documents, whatever their length: ten thousand news
            // articles buffered half a gigabyte, per shard. Bytes of text bound it.
            unflushed[shard] += article.title.size() + article.text.size();
            if (flush_bytes > 0 && unflushed[shard] >= flush_bytes) {
                shards[shard].commit();
                unflushed[shard] = 0;
            }
        } catch (const Xapian::Error& e) {
            throw IndexError("cannot add " + article.source + " to " + path + ": " + e.get_description());
        }
    }
};

IndexWriter::IndexWriter(const std::string& path, const WriterOptions& options) : m_impl(std::make_unique<Impl>()) {
    m_impl->path = path;
    try {
        std::error_code ec;
        fs::create_directories(path, ec);
        if (ec) throw IndexError("cannot create index folder " + path + ": " + ec.message());
        const unsigned existing = shards_in_stub(path);
        const bool single_exists = fs::exists(fs::path(path) / "iamglass") || fs::exists(fs::path(path) / "iamchert");
        if (options.shards > 1 && single_exists) {
            throw IndexError("index " + path + " is a single database; it cannot take --shards " +
                             std::to_string(options.shards));
        }
        if (existing > 0 && options.shards > 0 && options.shards != existing) {
            throw IndexError("index " + path + " has " + std::to_string(existing) + " shards, not " +
                             std::to_string(options.shards));
        }
        const unsigned shards = existing > 0 ? existing : std::max(1u, options.shards);
        if (shards == 1) {
            m_impl->open_shard(path);
        } else {
            std::string stub = "# Xapian stub database: the shards of this newsindex archive.\n";
            for (unsigned i = 0; i < shards; ++i) {
                const std::string name = "shard-" + std::to_string(i);
                m_impl->open_shard((fs::path(path) / name).string());
                stub += "auto " + name + "\n";
            }
            if (existing == 0) std::ofstream(fs::path(path) / stub_name) << stub;
        }
        m_impl->unflushed.assign(m_impl->shards.size(), 0);
        m_impl->flush_bytes = options.flush_bytes / m_impl->shards.size();
        if (options.flush_bytes > 0) m_impl->flush_bytes = std::max<std::size_t>(m_impl->flush_bytes, 1);
        m_impl->start_workers();
        // Xapian's lock (an open file description lock) does not tell who holds it.
        std::ofstream(fs::path(path) / writer_pid_name) << getpid() << '\n';
    } catch (const Xapian::DatabaseLockError& e) {
        if (const std::string part = unwritable_part(path); !part.empty()) throw_unwritable(path, part);
        std::ifstream holder(fs::path(path) / writer_pid_name);
        long pid = 0;
        if (holder >> pid && pid > 0) {
            throw IndexError("index " + path + " is locked by another writer, process " + std::to_string(pid) +
                             " (one writer at a time; searching goes on meanwhile)");
        }
        throw IndexError("index " + path + " is locked by another writer (" + e.get_msg() + ")");
    } catch (const Xapian::Error& e) {
        if (const std::string part = unwritable_part(path); !part.empty()) throw_unwritable(path, part);
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
    std::error_code ec;
    fs::remove(fs::path(m_impl->path) / writer_pid_name, ec);
}

void IndexWriter::add(const Article& article) {
    if (article.id.empty()) throw IndexError("article from " + article.source + " has no id");
    if (m_impl->workers.empty()) {
        m_impl->write(m_impl->shard_of(article.id), article, m_impl->facet_slots);
    } else {
        add(Article(article));
    }
}

void IndexWriter::add(Article&& article) {
    if (article.id.empty()) throw IndexError("article from " + article.source + " has no id");
    Impl& impl = *m_impl;
    const std::size_t shard = impl.shard_of(article.id);
    if (impl.workers.empty()) {
        impl.write(shard, article, impl.facet_slots);
        return;
    }
    // A shared_ptr: std::function needs a copyable task.
    auto owned = std::make_shared<Article>(std::move(article));
    impl.workers[shard]->post([&impl, shard, owned] { impl.write(shard, *owned, impl.worker_facet_slots[shard]); });
}

bool IndexWriter::remove(const std::string& id) {
    m_impl->drain();
    try {
        const std::string term = detail::id_term(id);
        Xapian::WritableDatabase& db = m_impl->shards[m_impl->shard_of(id)];
        if (!db.term_exists(term)) return false;
        db.delete_document(term);
        return true;
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot delete " + id + " from " + m_impl->path + ": " + e.get_description());
    }
}

void IndexWriter::commit() {
    Impl& impl = *m_impl;
    impl.drain();
    std::fill(impl.unflushed.begin(), impl.unflushed.end(), 0);
    auto commit_shard = [&impl](Xapian::WritableDatabase& db) {
        try {
            for (std::size_t f = 0; f < impl.facet_slots.size(); ++f) {
                const std::string key(detail::schema::facet_families[f].slots_key);
                const std::string value = std::to_string(impl.facet_slots[f]);
                if (db.get_metadata(key) != value) db.set_metadata(key, value);
            }
            db.commit();
        } catch (const Xapian::Error& e) {
            throw IndexError("cannot commit " + impl.path + ": " + e.get_description());
        }
    };
    if (impl.workers.empty()) {
        for (Xapian::WritableDatabase& db : impl.shards) commit_shard(db);
        return;
    }
    // Shards flush their buffered postings in parallel too.
    for (std::size_t i = 0; i < impl.shards.size(); ++i) {
        impl.workers[i]->post([&commit_shard, &db = impl.shards[i]] { commit_shard(db); });
    }
    impl.drain();
}

std::size_t IndexWriter::size() const {
    m_impl->drain();
    try {
        std::size_t total = 0;
        for (const Xapian::WritableDatabase& db : m_impl->shards) total += db.get_doccount();
        return total;
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot read " + m_impl->path + ": " + e.get_description());
    }
}

std::size_t IndexWriter::shards() const noexcept { return m_impl->shards.size(); }

namespace {

std::string file_state(const InputFileInfo& file) {
    return std::to_string(file.size) + " " + std::to_string(file.mtime_ns);
}

}  // namespace

bool IndexWriter::is_current(const InputFileInfo& file) const {
    m_impl->drain();
    try {
        const std::string key = std::string(detail::schema::file_key_prefix) + file.path;
        return key.size() <= 240 && m_impl->shards.front().get_metadata(key) == file_state(file);
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot read " + m_impl->path + ": " + e.get_description());
    }
}

std::size_t IndexWriter::remove_origin(const std::string& path) {
    m_impl->drain();
    try {
        const std::string term = detail::origin_term(path);
        std::size_t removed = 0;
        for (Xapian::WritableDatabase& db : m_impl->shards) {
            const Xapian::doccount before = db.get_termfreq(term);
            if (before > 0) db.delete_document(term);
            removed += before;
        }
        return removed;
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot delete the articles of " + path + ": " + e.get_description());
    }
}

void IndexWriter::record_file(const InputFileInfo& file) {
    // Metadata keys are bounded like terms; a longer path is simply never skipped.
    const std::string key = std::string(detail::schema::file_key_prefix) + file.path;
    if (key.size() > 240) return;
    auto record = [&impl = *m_impl, key, file] {
        try {
            impl.shards.front().set_metadata(key, file_state(file));
        } catch (const Xapian::Error& e) {
            throw IndexError("cannot record " + file.path + " in " + impl.path + ": " + e.get_description());
        }
    };
    // In order with the file's articles, without waiting for them: shard 0's thread writes
    // the record once the articles posted before it are written.
    if (m_impl->workers.empty()) {
        record();
    } else {
        m_impl->workers.front()->post(record);
    }
}

std::size_t IndexWriter::prune() {
    m_impl->drain();
    try {
        Xapian::WritableDatabase& db = m_impl->shards.front();
        const std::string prefix(detail::schema::file_key_prefix);
        std::vector<std::string> gone;
        for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it) {
            const std::string path = (*it).substr(prefix.size());
            std::error_code ec;
            if (!std::filesystem::exists(path, ec) && !ec) gone.push_back(path);
        }
        for (const std::string& path : gone) {
            remove_origin(path);
            db.set_metadata(prefix + path, "");  // an empty value deletes the key
        }
        return gone.size();
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot prune " + m_impl->path + ": " + e.get_description());
    }
}

}  // namespace newsindex
