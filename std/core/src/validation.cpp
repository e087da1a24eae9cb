// ValidationError text and the validated-newtype panics. Part of std/core.
#include "incan/core/validation.h"

#include "incan/core/format.h"
#include "incan/core/panic.h"

namespace incan {

void fmt_display(std::string& out, const validation_error& e) {
  if (!e.code.empty()) {
    out += e.code;
    out += ": ";
  }
  out += e.message;
}

void fmt_debug(std::string& out, const validation_error& e) {
  out += "ValidationError { message: ";
  fmt_debug(out, std::string_view(e.message));
  out += ", code: ";
  if (e.code.empty()) {
    out += "None";
  } else {
    out += "Some(";
    fmt_debug(out, std::string_view(e.code));
    out += ')';
  }
  out += " }";
}

void newtype_validation_failed(std::string_view type_name, const validation_error& e) {
  std::string message = "ValidationError: validated newtype construction failed for ";
  message += type_name;
  message += "::from_underlying: ";
  fmt_display(message, e);
  panic(message);
}

void newtype_constraint_failed(std::string_view type_name, std::string_view key, std::string_view value) {
  std::string message = "ValidationError: validated newtype construction failed for ";
  message += type_name;
  message += ": constraint ";
  message += key;
  message += '=';
  message += value;
  message += " failed";
  panic(message);
}

}  // namespace incan
