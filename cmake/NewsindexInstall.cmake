# Installs libnewsindex, its public headers, a CMake package (find_package(newsindex)) and a
# pkg-config file.
include(CMakePackageConfigHelpers)

set(NEWSINDEX_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/newsindex)

install(TARGETS newsindex EXPORT newsindexTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/src/include/newsindex DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.hpp")
install(FILES ${PROJECT_BINARY_DIR}/include/newsindex/version.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/newsindex)
install(EXPORT newsindexTargets NAMESPACE newsindex:: DESTINATION ${NEWSINDEX_CMAKE_DIR})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/newsindexConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/newsindexConfig.cmake
                              INSTALL_DESTINATION ${NEWSINDEX_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/newsindexConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/newsindexConfig.cmake
              ${PROJECT_BINARY_DIR}/newsindexConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/NewsindexXapian.cmake
        DESTINATION ${NEWSINDEX_CMAKE_DIR})

# The prefix is found relative to the .pc file, so `cmake --install --prefix P` needs no
# reconfigure: pkg-config sets ${pcfiledir} to the folder the file is read from.
file(RELATIVE_PATH NEWSINDEX_PC_TO_PREFIX "/root/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/root")
configure_file(${PROJECT_SOURCE_DIR}/cmake/newsindex.pc.in ${PROJECT_BINARY_DIR}/newsindex.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/newsindex.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
