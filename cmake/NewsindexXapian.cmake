# Debian's Xapian 1.4 CMake config sets variables, not a target: wrap them in one imported
# target so that the rest of the build (and find_package(newsindex) users) link Xapian::Xapian.
if(NOT TARGET Xapian::Xapian)
  find_package(Xapian 1.4 CONFIG REQUIRED)
  add_library(Xapian::Xapian UNKNOWN IMPORTED)
  set_target_properties(Xapian::Xapian PROPERTIES
    IMPORTED_LOCATION "${XAPIAN_LIBRARIES}"
    INTERFACE_INCLUDE_DIRECTORIES "${XAPIAN_INCLUDE_DIR}")
endif()
