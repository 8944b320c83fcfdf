#pragma once
/// @file newsindex.hpp
/// The whole public API of libnewsindex.

#include <newsindex/error.hpp>
#include <newsindex/extract.hpp>
#include <newsindex/index_writer.hpp>
#include <newsindex/json.hpp>
#include <newsindex/search.hpp>
#include <newsindex/types.hpp>
#include <newsindex/version.hpp>
