// Parsing of conformance file tests (see test_file.h).
#include "test_file.h"

#include <cstdlib>
#include <regex>

namespace incan::testing {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

// `# key: value` on a header line; returns false when the line has another shape.
bool header_entry(std::string_view line, std::string_view key, std::string_view* value) {
  line = trim(line);
  if (line.empty() || line.front() != '#') return false;
  line = trim(line.substr(1));
  if (line.size() <= key.size() || line.substr(0, key.size()) != key ||
      line[key.size()] != ':') {
    return false;
  }
  *value = trim(line.substr(key.size() + 1));
  return true;
}

bool parse_int(std::string_view s, int* out) {
  if (s.empty()) return false;
  std::string copy(s);
  char* end = nullptr;
  long v = std::strtol(copy.c_str(), &end, 10);
  if (*end != '\0' || v < -1000000 || v > 1000000) return false;
  *out = static_cast<int>(v);
  return true;
}

}  // namespace

std::string_view to_string(Directive d) {
  switch (d) {
    case Directive::Run: return "run";
    case Directive::ErrorCheck: return "errorcheck";
    case Directive::Compile: return "compile";
  }
  return "?";
}

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "?";
}

std::optional<Severity> parse_severity(std::string_view s) {
  if (s == "error") return Severity::Error;
  if (s == "warning") return Severity::Warning;
  if (s == "note") return Severity::Note;
  return std::nullopt;
}

bool TestFile::expects_errors() const {
  for (const auto& e : expectations) {
    if (e.severity == Severity::Error) return true;
  }
  return false;
}

std::optional<TestFile> parse_test_file(std::string_view text, bool directive_optional,
                                        std::string* error) {
  auto fail = [&](int line, const std::string& message) -> std::optional<TestFile> {
    *error = (line > 0 ? "line " + std::to_string(line) + ": " : std::string()) + message;
    return std::nullopt;
  };
  TestFile file;
  std::vector<std::string_view> lines = split_lines(text);

  // The directive: first line.
  std::string_view value;
  if (!lines.empty() && header_entry(lines[0], "test", &value)) {
    // Only the first word counts, so the line may carry more (e.g. an expectation).
    std::string_view word = value.substr(0, value.find_first_of(" \t#"));
    if (word == "run") {
      file.directive = Directive::Run;
    } else if (word == "errorcheck") {
      file.directive = Directive::ErrorCheck;
    } else if (word == "compile") {
      file.directive = Directive::Compile;
    } else {
      return fail(1, "unknown directive `" + std::string(word) +
                         "` (expected run, errorcheck or compile)");
    }
  } else if (!directive_optional) {
    return fail(1, "the first line must be a directive: `# test: run|errorcheck|compile`");
  }

  // Directive lines: the comment lines at the top of the file.
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = trim(lines[i]);
    if (line.empty() || line.front() != '#') break;
    int n = static_cast<int>(i) + 1;
    if (header_entry(line, "exit", &value)) {
      if (!parse_int(value, &file.exit_code) || file.exit_code < 0 || file.exit_code > 255) {
        return fail(n, "`# exit:` needs an exit code 0-255");
      }
    } else if (header_entry(line, "args", &value)) {
      std::size_t pos = 0;
      while (pos < value.size()) {
        std::size_t sp = value.find_first_of(" \t", pos);
        if (sp == std::string_view::npos) sp = value.size();
        if (sp > pos) file.args.emplace_back(value.substr(pos, sp - pos));
        pos = sp + 1;
      }
    } else if (header_entry(line, "sanitize", &value)) {
      if (value != "skip") return fail(n, "`# sanitize:` only accepts `skip`");
      file.sanitize_skip = true;
    } else if (header_entry(line, "timeout", &value)) {
      std::string copy(value);
      char* end = nullptr;
      file.timeout_seconds = std::strtod(copy.c_str(), &end);
      if (copy.empty() || *end != '\0' || !(file.timeout_seconds > 0)) {
        return fail(n, "`# timeout:` needs a positive number of seconds");
      }
    }
  }

  // Inline expectations, anywhere in the file.
  static const std::regex kExpectation(R"(#\s*(error|warning|note)(@([+-])([0-9]+))?:(.*)$)");
  static const std::regex kKindAndPattern(R"(^\s*\[([A-Za-z0-9_]+)\]\s?(.*)$)");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string line(lines[i]);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::smatch m;
    if (!std::regex_search(line, m, kExpectation)) continue;
    int n = static_cast<int>(i) + 1;
    Expectation e;
    e.severity = *parse_severity(m[1].str());
    e.comment_line = n;
    e.line = n;
    if (m[2].matched) {
      int offset = std::atoi(m[4].str().c_str());
      e.line = m[3].str() == "+" ? n + offset : n - offset;
    }
    if (e.line < 1 || e.line > static_cast<int>(lines.size())) {
      return fail(n, "expectation points at line " + std::to_string(e.line) +
                         ", outside the file");
    }
    std::string rest = m[5].str();
    std::smatch km;
    if (!std::regex_search(rest, km, kKindAndPattern)) {
      return fail(n, "expectation needs a kind: `# " + m[1].str() + ": [Kind] <regex>`");
    }
    e.kind = km[1].str();
    e.pattern = std::string(trim(km[2].str()));
    try {
      std::regex check(e.pattern, std::regex::ECMAScript);
    } catch (const std::regex_error& ex) {
      return fail(n, "invalid regex `" + e.pattern + "`: " + ex.what());
    }
    file.expectations.push_back(std::move(e));
  }
  return file;
}

std::string test_name_for(const std::filesystem::path& relative) {
  std::string s = relative.generic_string();
  if (s.size() > 5 && s.substr(s.size() - 5) == ".incn") s.resize(s.size() - 5);
  for (char& c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_';
    if (!ok) c = '_';
  }
  return s;
}

}  // namespace incan::testing
