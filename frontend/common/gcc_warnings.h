// INCAN_GCC_NO_RESTRICT_BEGIN / _END: silence -Wrestrict for the statement between
// them, on g++ only (clang has no such warning and would flag the unknown option).
//
// Only for GCC's known false positive, GCC PR 105329: g++ 12 at -O2/-O3 inlines
// `"lit" + std::string(...)` (operator+ -> insert -> _M_replace) and reports a
// memcpy of ~2^63 bytes that "may overlap". Wrap the one statement, nothing more, so
// the warning keeps catching real overlapping copies everywhere else.
#pragma once

#if defined(__GNUC__) && !defined(__clang__)
#define INCAN_GCC_NO_RESTRICT_BEGIN \
  _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wrestrict\"")
#define INCAN_GCC_NO_RESTRICT_END _Pragma("GCC diagnostic pop")
#else
#define INCAN_GCC_NO_RESTRICT_BEGIN
#define INCAN_GCC_NO_RESTRICT_END
#endif
