#pragma once
/// @file error.hpp
/// The one exception hierarchy of libnewsindex. Every error the library reports derives
/// from newsindex::Error (itself a std::runtime_error); Xapian's own exceptions never
/// cross the library boundary.

#include <stdexcept>
#include <string>

namespace newsindex {

/// Base of every exception thrown by libnewsindex.
class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// An input (file, record) could not be read or understood.
class InputError : public Error {
  public:
    using Error::Error;
};

/// The index could not be opened, created, locked, read or written.
class IndexError : public Error {
  public:
    using Error::Error;
};

/// A search request is malformed (bad query syntax, bad date, bad facet name).
class QueryError : public Error {
  public:
    using Error::Error;
};

}  // namespace newsindex
