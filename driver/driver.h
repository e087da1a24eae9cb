// The `incan` command: shared pieces of the subcommands (argument parsing,
// running the compiler stages, printing diagnostics).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "codegen/codegen.h"
#include "driver/cxx_build.h"
#include "frontend/ast/ast.h"
#include "frontend/diag/diagnostic.h"
#include "frontend/lex/token.h"
#include "frontend/source/source_manager.h"
#include "typecheck/program.h"

namespace incan::driver {

inline constexpr const char* kVersion = "0.1.0";

enum class DiagFormat { Text, Json };

// Options shared by the subcommands (each uses the ones that apply).
struct CommandLine {
  std::string subcommand;
  std::string input;
  std::string output;
  DiagFormat format = DiagFormat::Text;
  std::string stage = "cpp";     // `emit --stage=tokens|ast|cpp`
  bool line_directives = true;   // `emit --no-line`
  BuildOptions build;
  std::vector<std::string> program_args;  // after `--` for `run`
};

// Everything the front half produces for one file. Later stages refer into it.
struct Compilation {
  SourceManager sources;
  DiagnosticEmitter diags;
  FileId file;
  lex::TokenBuffer tokens;
  ast::Module module;
  std::optional<sema::Program> program;  // set when parsing succeeded
};

// Reads and lexes, parses and checks `path`. Returns nullptr only if the file
// cannot be read (after printing that diagnostic).
std::unique_ptr<Compilation> compile_file(const std::string& path, DiagFormat format, bool stop_after_lex = false);

// Prints all diagnostics (text to stderr, or JSON to stdout). Returns true if
// there were errors.
bool report(const Compilation& c, DiagFormat format);

// Adds the "no `main`" error when a program must be runnable.
void require_main(Compilation& c);

int build_subcommand(const CommandLine& cmd);
int run_subcommand(const CommandLine& cmd);
int check_subcommand(const CommandLine& cmd);
int emit_subcommand(const CommandLine& cmd);
// `incan clean`: empties the build cache; prints what it removed.
int clean_subcommand();

// Generates C++ for a checked program and builds it; prints errors. Returns the
// binary path, or nothing after printing why.
std::optional<std::string> build_program(const CommandLine& cmd);

}  // namespace incan::driver
