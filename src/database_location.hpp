#pragma once

// Where a searcher's databases are: the forms a --db location takes, and what a database
// says of its own layout. Shared by the searcher and the query benchmark.

#include <xapian.h>

#include <string>

namespace newsindex::detail {

/// Whether a location names a database served by xapian-tcpsrv (tcp://HOST:PORT).
[[nodiscard]] bool is_remote(const std::string& location);

/// Opens a location for reading: tcp://HOST:PORT, the folder of a sharded archive (through
/// its shards.stub), or a database folder. Throws IndexError for a malformed tcp://
/// location; Xapian's errors otherwise.
[[nodiscard]] Xapian::Database open_database(const std::string& location);

/// Whether a database has the packed facet slots (index format 3 or later). Throws
/// std::invalid_argument on a corrupt format value.
[[nodiscard]] bool has_packed_facets(const Xapian::Database& db);

}  // namespace newsindex::detail
