// C++ name mangling for Incan identifiers.
#include "codegen/names.h"

#include <unordered_set>

namespace incan::cg {

std::string mangle(std::string_view name) {
  static const std::unordered_set<std::string_view> kReserved = {
      "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch",
      "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept", "const", "consteval", "constexpr",
      "constinit", "const_cast", "continue", "co_await", "co_return", "co_yield", "decltype", "default", "delete",
      "do", "double", "dynamic_cast", "else", "enum", "explicit", "export", "extern", "false", "float", "for",
      "friend", "goto", "if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
      "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "register", "reinterpret_cast",
      "requires", "return", "short", "signed", "sizeof", "static", "static_assert", "static_cast", "struct",
      "switch", "template", "this", "thread_local", "throw", "true", "try", "typedef", "typeid", "typename",
      "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq", "final",
      "override", "import", "module",
      // names the generated code or the C library claim
      "std", "incan", "incan_user", "main", "NULL", "EOF", "assert", "errno", "stdin", "stdout", "stderr",
      "INT64_C", "INT64_MAX", "INT64_MIN", "unix", "linux", "BUFSIZ", "FILE", "offsetof", "setjmp", "va_arg",
  };
  if (kReserved.count(name)) return std::string(name) + "_";
  // All-capital names may be C or POSIX macros (`INT_MAX`, `EOF`, `SIGINT`).
  bool has_upper = false, all_caps = true;
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') has_upper = true;
    else if (!(c >= '0' && c <= '9') && c != '_') all_caps = false;
  }
  if (has_upper && all_caps && name.back() != '_') return std::string(name) + "_";
  // Names ending in `_` (then any `u`s) get one more `u`, keeping the map one-to-one.
  std::size_t end = name.size();
  while (end > 0 && name[end - 1] == 'u') --end;
  if (end > 0 && name[end - 1] == '_') return std::string(name) + "u";
  return std::string(name);
}

}  // namespace incan::cg
