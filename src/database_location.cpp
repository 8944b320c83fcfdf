#include "database_location.hpp"

#include "schema.hpp"

#include <newsindex/error.hpp>

#include <filesystem>

namespace newsindex::detail {

bool is_remote(const std::string& location) { return location.starts_with("tcp://"); }

Xapian::Database open_database(const std::string& location) {
    if (is_remote(location)) {
        const std::string rest = location.substr(6);
        const std::size_t colon = rest.rfind(':');
        if (colon == std::string::npos || colon == 0) {
            throw IndexError("bad remote database '" + location + "': want tcp://HOST:PORT");
        }
        unsigned port = 0;
        try {
            port = static_cast<unsigned>(std::stoul(rest.substr(colon + 1)));
        } catch (const std::exception&) {
            throw IndexError("bad port in '" + location + "'");
        }
        return Xapian::Remote::open(rest.substr(0, colon), port);
    }
    // A sharded archive is a folder with a stub file naming its shards.
    std::error_code ec;
    const std::filesystem::path stub = std::filesystem::path(location) / "shards.stub";
    if (std::filesystem::is_regular_file(stub, ec)) return Xapian::Database(stub.string());
    return Xapian::Database(location);
}

bool has_packed_facets(const Xapian::Database& db) {
    const std::string format = db.get_metadata(std::string(schema::format_key));
    return !format.empty() && std::stoi(format) >= schema::packed_facets_format;
}

}  // namespace newsindex::detail
