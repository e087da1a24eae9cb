// Deterministic C++ names for Incan identifiers.
//
// Rules (documented in codegen/README.md):
// - an identifier that is a C++ keyword or a reserved name (`std`, `incan`, `main`,
//   common libc macros) gets a trailing `_`: `class` -> `class_`;
// - an all-capitals identifier (a possible C macro) gets a trailing `_`:
//   `INT_MAX` -> `INT_MAX_`;
// - an identifier that ends in `_` followed by any number of `u`s gets one more
//   `u`: `x_` -> `x_u`, `x_u` -> `x_uu`; so user names never end in `_` after
//   mangling unless they were keywords or capitals, and the map stays one-to-one;
// - compiler temporaries are `tmp_N_`, shadowed locals `name_N_` (N >= 2) and
//   module-level consts `const_name_0_`: all end in `_` after a digit, which no
//   mangled user name does.
#pragma once

#include <string>
#include <string_view>

namespace incan::cg {

std::string mangle(std::string_view incan_name);

}  // namespace incan::cg
