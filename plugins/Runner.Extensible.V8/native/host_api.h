// C ABI of the native shim. Node's embedder API is C++, so the few steps it forces (process
// initialisation, creating an environment on a thread, the event loop, teardown, terminating
// runaway code) live here; everything else is done from C# through Node-API (napi_*).
#pragma once

#include <node_api.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RX_API __attribute__((visibility("default")))

// Why JavaScript execution was terminated.
enum rx_termination_reason {
  RX_TERMINATION_NONE = 0,
  RX_TERMINATION_TIME_LIMIT = 1,
  RX_TERMINATION_HEAP_LIMIT = 2,
  RX_TERMINATION_PROCESS_EXIT = 3,
  RX_TERMINATION_REQUESTED = 4,
};

typedef struct rx_env rx_env;

// Called on the environment's thread while the bootstrap runs `process._linkedBinding(...)`.
typedef napi_value (*rx_binding_cb)(void* user, napi_env env, napi_value exports);
// Called on the environment's thread to run posted work; a HandleScope, the context and a
// node::CallbackScope are active.
typedef void (*rx_drain_cb)(void* user);
// Called on the environment's thread when code that was not run by a posted work item (timers,
// promise reactions) was terminated; a HandleScope and the context are active.
typedef void (*rx_terminated_cb)(void* user, int32_t reason);

typedef struct rx_env_options {
  void* user;
  rx_binding_cb on_binding;
  rx_drain_cb on_drain;
  rx_terminated_cb on_loop_terminated;
  const char* binding_name;  // name the bootstrap passes to process._linkedBinding
  const char* bootstrap;     // UTF-8 source run by LoadEnvironment (process, require in scope)
  uint64_t heap_limit_bytes; // 0: V8's default for this machine
} rx_env_options;

// Initialises Node and V8 once per process. argv[0] is the program name; the rest are Node/V8
// flags. Returns 0 on success; on failure writes a message into error (NUL-terminated).
RX_API int32_t rx_runtime_init(int32_t argc, const char** argv, char* error, int32_t error_size);
RX_API int32_t rx_runtime_is_initialized(void);

RX_API rx_env* rx_env_new(const rx_env_options* options);
// Runs the environment on the calling thread until rx_env_request_stop; tears it down before
// returning. Returns 0 after a clean run, otherwise non-zero with a message in error.
RX_API int32_t rx_env_run(rx_env* env, char* error, int32_t error_size);
// Wakes the environment's thread so it runs on_drain. Thread-safe. Returns 0, or -1 once the
// environment is stopping or gone.
RX_API int32_t rx_env_wake(rx_env* env);
// Asks the environment's thread to stop. Thread-safe and idempotent.
RX_API void rx_env_request_stop(rx_env* env);
// Frees the handle after rx_env_run returned (or if it was never called).
RX_API void rx_env_free(rx_env* env);

// Execution slices: the time limit applies to one slice at a time. Called on the environment's
// thread around each posted work item. End returns the termination reason seen in the slice
// (RX_TERMINATION_NONE if none) and has already cancelled the termination.
RX_API void rx_env_slice_begin(rx_env* env);
RX_API int32_t rx_env_slice_end(rx_env* env);
// For the watchdog (any thread): the running slice and when it started (monotonic ns).
// Returns 1 when a slice is running, 0 when idle.
RX_API int32_t rx_env_current_slice(rx_env* env, uint64_t* slice, int64_t* started_ns);
// Terminates the given slice if it is still running (any thread). Returns 1 when requested.
RX_API int32_t rx_env_terminate(rx_env* env, uint64_t slice, int32_t reason);
// True while a termination is unwinding the JavaScript stack (environment's thread).
RX_API int32_t rx_env_is_terminating(rx_env* env);
// The code passed to the last process.exit(), or -1.
RX_API int32_t rx_env_last_exit_code(rx_env* env);

RX_API int64_t rx_monotonic_ns(void);

// SIGCHLD shared between the host and Node's libuv (child_signals.cc).
enum rx_child_signals_state {
  RX_CHILD_SIGNALS_NOT_SHARED = 0,
  RX_CHILD_SIGNALS_SHARED = 1,
  RX_CHILD_SIGNALS_FAILED = 2,
};

// Once per process, before any environment starts and after the host installed its own SIGCHLD
// handler: makes libuv install its handler for good and chains it with the host's. Idempotent;
// returns the state, with a message in error when it failed.
RX_API int32_t rx_child_signals_share(char* error, int32_t error_size);
RX_API int32_t rx_child_signals_state(void);
// 1 when the process's SIGCHLD handler is the chain itself (not one installed over it later).
RX_API int32_t rx_child_signals_chain_installed(void);

#ifdef __cplusplus
}
#endif
