// Runs the compiler stages on one file and reports diagnostics.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <filesystem>

#include "driver/driver.h"
#include "frontend/diag/render.h"
#include "frontend/lex/lexer.h"
#include "frontend/parse/parser.h"
#include "typecheck/checker.h"

namespace incan::driver {

namespace {
bool read_file(const std::string& path, std::string& out, std::string& reason) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    reason = std::strerror(errno);
    return false;
  }
  // One allocation of the file's size, then plain reads (a stream copy grows the
  // string step by step, which costs more than the read for large files).
  std::error_code ec;
  std::uintmax_t size = std::filesystem::file_size(path, ec);
  out.clear();
  if (!ec && size < UINT32_MAX) out.reserve(static_cast<std::size_t>(size));
  char chunk[1 << 16];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) out.append(chunk, static_cast<std::size_t>(in.gcount()));
  if (in.bad()) {
    reason = "read error";
    return false;
  }
  return true;
}
}  // namespace

std::unique_ptr<Compilation> compile_file(const std::string& path, DiagFormat format, bool stop_after_lex) {
  auto c = std::make_unique<Compilation>();
  std::string text, reason;
  if (!read_file(path, text, reason)) {
    if (format == DiagFormat::Json) {
      std::printf("{\"diagnostics\": [{\"severity\": \"error\", \"code\": \"E0900\", \"kind\": \"CannotReadFile\", "
                  "\"message\": \"cannot read `%s`: %s\", \"file\": \"%s\", \"line\": 1, \"column\": 1, "
                  "\"end_line\": 1, \"end_column\": 1, \"labels\": [], \"notes\": [], \"hint\": \"\"}]}\n",
                  path.c_str(), reason.c_str(), path.c_str());
    } else {
      std::fprintf(stderr, "error[E0900]: cannot read `%s`: %s [CannotReadFile]\n", path.c_str(), reason.c_str());
    }
    return nullptr;
  }
  if (text.size() > UINT32_MAX / 2) text.resize(UINT32_MAX / 2);  // offsets are 32-bit
  c->file = c->sources.add_file(path, std::move(text));
  c->tokens = lex::lex(c->sources, c->file, c->diags);
  if (stop_after_lex) return c;
  c->module = parse::parse(c->sources, c->tokens, c->diags);
  // One mistake, one diagnostic: the checker runs only on a well-formed module.
  if (!c->diags.has_errors()) c->program.emplace(sema::check(c->module, c->diags));
  return c;
}

bool report(const Compilation& c, DiagFormat format) {
  std::vector<Diagnostic> diags = c.diags.sorted(c.sources);
  if (format == DiagFormat::Json) {
    std::string json = render_json(diags, c.sources);
    std::fwrite(json.data(), 1, json.size(), stdout);
  } else if (!diags.empty()) {
    bool color = isatty(STDERR_FILENO) && std::getenv("NO_COLOR") == nullptr;
    std::string text = render_text(diags, c.sources, color);
    std::fwrite(text.data(), 1, text.size(), stderr);
  }
  return c.diags.has_errors();
}

void require_main(Compilation& c) {
  if (c.diags.has_errors() || !c.program) return;
  if (!c.program->main.is_valid()) {
    c.diags.emit(DiagKind::InvalidMain, Span{c.file, 0, 0}, "program has no `main` function")
        .hint = "add `def main() -> None:` (or `async def main() -> None:`) as the entry point";
  }
}

std::optional<std::string> build_program(const CommandLine& cmd) {
  std::unique_ptr<Compilation> c = compile_file(cmd.input, DiagFormat::Text);
  if (!c) return std::nullopt;
  require_main(*c);
  if (report(*c, DiagFormat::Text)) return std::nullopt;
  cg::EmitOptions emit;
  emit.source_name = cmd.input;
  emit.line_directives = cmd.line_directives;
  std::string cpp = cg::emit_cpp(*c->program, c->sources, emit);
  ErrorOr<BuildResult> result = build_executable(cpp, cmd.build);
  if (!result.ok()) {
    std::fprintf(stderr, "%s\n", result.error().message.c_str());
    return std::nullopt;
  }
  if (cmd.build.keep_cpp) std::fprintf(stderr, "generated C++ kept at %s\n", result->cpp_path.c_str());
  return result->binary_path.empty() ? cmd.build.output_path : result->binary_path;
}

}  // namespace incan::driver
