// Once-per-process initialisation of Node and V8. It cannot be undone and redone: V8 refuses a
// second initialisation, so the platform stays up until the process ends.
#include "process_runtime.h"

#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <node.h>
#include <v8.h>

#include "host_api.h"

namespace rx {
namespace {

std::mutex g_init_mutex;
bool g_initialized = false;
std::unique_ptr<node::MultiIsolatePlatform> g_platform;

void WriteError(char* error, int32_t size, const std::string& message) {
  if (error == nullptr || size <= 0) return;
  std::snprintf(error, static_cast<size_t>(size), "%s", message.c_str());
}

}  // namespace

node::MultiIsolatePlatform* Platform() { return g_platform.get(); }

}  // namespace rx

extern "C" int32_t rx_runtime_init(int32_t argc, const char** argv, char* error,
                                   int32_t error_size) {
  std::lock_guard<std::mutex> lock(rx::g_init_mutex);
  if (rx::g_initialized) return 0;

  std::vector<std::string> args;
  for (int32_t i = 0; i < argc; i++) args.emplace_back(argv[i]);
  if (args.empty()) args.emplace_back("node");

  using namespace node::ProcessInitializationFlags;
  // kNoDefaultSignalHandling is essential: Node's own SIGSEGV handler would turn the first
  // NullReferenceException in .NET into a crash.
  auto flags = static_cast<node::ProcessInitializationFlags::Flags>(
      kNoStdioInitialization | kNoDefaultSignalHandling | kDisableNodeOptionsEnv |
      kNoUseLargePages | kNoPrintHelpOrVersionOutput | kNoAdjustResourceLimits |
      kNoInitializeV8 | kNoInitializeNodeV8Platform);
  std::unique_ptr<node::InitializationResult> result = node::InitializeOncePerProcess(args, flags);

  std::string messages;
  for (const std::string& e : result->errors()) messages += e + "\n";
  if (result->early_return() || result->exit_code() != 0) {
    rx::WriteError(error, error_size,
                   "Node initialisation failed (exit code " +
                       std::to_string(result->exit_code()) + "): " + messages);
    return 1;
  }

  rx::g_platform = node::MultiIsolatePlatform::Create(4);
  v8::V8::InitializePlatform(rx::g_platform.get());
  v8::V8::Initialize();
  rx::g_initialized = true;
  return 0;
}

extern "C" int32_t rx_runtime_is_initialized(void) {
  std::lock_guard<std::mutex> lock(rx::g_init_mutex);
  return rx::g_initialized ? 1 : 0;
}
