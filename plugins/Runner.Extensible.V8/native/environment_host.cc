// One Node environment on one thread: isolate, context, event loop, a uv_async_t for posted work,
// execution slices for the time limit, and teardown in the order Node requires.
#include <atomic>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>

#include <node.h>
#include <uv.h>
#include <v8.h>

#include "host_api.h"
#include "process_runtime.h"

namespace node {
// Exported by libnode but absent from its public headers. Node 18's CommonEnvironmentSetup takes
// no ResourceConstraints, so this is the only way to give one environment its own heap limit
// while keeping Node's own isolate set-up (SetIsolateCreateParamsForNode, SetIsolateUpForNode).
v8::Isolate* NewIsolate(v8::Isolate::CreateParams* params, uv_loop_t* event_loop,
                        MultiIsolatePlatform* platform, bool has_snapshot_data);
}  // namespace node

struct rx_env {
  rx_env_options options{};
  std::string binding_name;
  std::string bootstrap;

  uv_loop_t loop{};
  uv_async_t async{};
  uv_prepare_t prepare{};
  uv_check_t check{};
  bool handles_open = false;

  std::shared_ptr<node::ArrayBufferAllocator> allocator;
  v8::Isolate* isolate = nullptr;
  node::IsolateData* isolate_data = nullptr;
  node::Environment* env = nullptr;
  v8::Global<v8::Context> context;
  v8::Global<v8::Object> callback_resource;
  bool stopping = false;

  // Guards uv_async_send: it must never touch a closed handle.
  std::mutex wake_mutex;
  bool accepting = false;
  bool dead = false;
  std::atomic<bool> stop_requested{false};

  // Execution slices (see host_api.h).
  std::mutex slice_mutex;
  uint64_t slice_id = 0;
  int64_t slice_started_ns = 0;  // 0: idle
  bool slice_is_loop = false;
  bool slices_closed = false;  // set before the isolate goes away; the watchdog then does nothing
  std::atomic<int32_t> requested_reason{RX_TERMINATION_NONE};

  std::atomic<int32_t> last_exit_code{-1};
};

namespace {

// The environment whose bootstrap is running on this thread; the Node-API init callback of a
// linked binding receives no user data, so this is how it finds its environment.
thread_local rx_env* t_current_env = nullptr;

void WriteError(char* error, int32_t size, const std::string& message) {
  if (error == nullptr || size <= 0) return;
  std::snprintf(error, static_cast<size_t>(size), "%s", message.c_str());
}

int64_t NowNs() { return static_cast<int64_t>(uv_hrtime()); }

void RequestTermination(rx_env* e, int32_t reason) {
  int32_t expected = RX_TERMINATION_NONE;
  e->requested_reason.compare_exchange_strong(expected, reason);
  e->isolate->TerminateExecution();
}

void BeginSlice(rx_env* e, bool from_loop) {
  std::lock_guard<std::mutex> lock(e->slice_mutex);
  if (e->slices_closed) return;
  // A request that arrived after the previous slice ended must not hit this one.
  if (e->requested_reason.exchange(RX_TERMINATION_NONE) != RX_TERMINATION_NONE)
    e->isolate->CancelTerminateExecution();
  e->slice_id++;
  e->slice_started_ns = NowNs();
  e->slice_is_loop = from_loop;
}

int32_t EndSlice(rx_env* e) {
  std::lock_guard<std::mutex> lock(e->slice_mutex);
  e->slice_started_ns = 0;
  int32_t reason = e->requested_reason.exchange(RX_TERMINATION_NONE);
  // The JavaScript stack has unwound here; cancelling keeps the isolate usable and also clears
  // a termination that was requested but not yet noticed by V8.
  if (reason != RX_TERMINATION_NONE) e->isolate->CancelTerminateExecution();
  return reason;
}

void EndLoopSlice(rx_env* e) {
  bool loop_slice;
  {
    std::lock_guard<std::mutex> lock(e->slice_mutex);
    loop_slice = e->slice_started_ns != 0 && e->slice_is_loop;
  }
  if (!loop_slice) return;
  int32_t reason = EndSlice(e);
  if (reason == RX_TERMINATION_NONE || e->stopping || e->options.on_loop_terminated == nullptr)
    return;
  v8::HandleScope handle_scope(e->isolate);
  v8::Context::Scope context_scope(e->context.Get(e->isolate));
  e->options.on_loop_terminated(e->options.user, reason);
}

napi_value InitBinding(napi_env env, napi_value exports) {
  rx_env* e = t_current_env;
  if (e == nullptr || e->options.on_binding == nullptr) return exports;
  return e->options.on_binding(e->options.user, env, exports);
}

void OnAsync(uv_async_t* handle) {
  rx_env* e = static_cast<rx_env*>(handle->data);
  if (e->stop_requested.load()) {
    if (!e->stopping) {
      e->stopping = true;
      node::Stop(e->env);
    }
    return;
  }
  v8::Isolate* isolate = e->isolate;
  v8::HandleScope handle_scope(isolate);
  v8::Context::Scope context_scope(e->context.Get(isolate));
  {
    // Without a CallbackScope, promise reactions and process.nextTick callbacks queued by the
    // posted work would run late or never; its destructor runs them.
    node::CallbackScope callback_scope(e->env, e->callback_resource.Get(isolate), {0, 0});
    e->options.on_drain(e->options.user);
    BeginSlice(e, true);
  }
  EndLoopSlice(e);
}

// Timers, immediates and the reactions they trigger run between the check phase and the next
// prepare phase; that span is one slice.
void OnCheck(uv_check_t* handle) { BeginSlice(static_cast<rx_env*>(handle->data), true); }
void OnPrepare(uv_prepare_t* handle) { EndLoopSlice(static_cast<rx_env*>(handle->data)); }

size_t OnNearHeapLimit(void* data, size_t current_limit, size_t initial_limit) {
  rx_env* e = static_cast<rx_env*>(data);
  // Terminating instead of letting V8 abort the process; the headroom lets the terminated code
  // unwind. AutomaticallyRestoreInitialHeapLimit brings the limit back once memory is freed.
  RequestTermination(e, RX_TERMINATION_HEAP_LIMIT);
  size_t headroom = current_limit / 4;
  if (headroom < 16u * 1024 * 1024) headroom = 16u * 1024 * 1024;
  return current_limit + headroom;
}

void OnProcessExit(rx_env* e, int code) {
  // process.exit() ends only the JavaScript that called it; the environment and the .NET
  // process carry on.
  e->last_exit_code.store(code);
  RequestTermination(e, RX_TERMINATION_PROCESS_EXIT);
}

void CloseHandle(uv_handle_t* handle) {
  if (!uv_is_closing(handle)) uv_close(handle, nullptr);
}

void CloseLoop(uv_loop_t* loop) {
  if (uv_loop_close(loop) == 0) return;
  // Something left a handle open; close everything so the loop's memory can be released.
  uv_walk(loop, [](uv_handle_t* handle, void*) { CloseHandle(handle); }, nullptr);
  uv_run(loop, UV_RUN_DEFAULT);
  uv_loop_close(loop);
}

int32_t RunEnvironment(rx_env* e, node::MultiIsolatePlatform* platform, char* error,
                       int32_t error_size) {
  int32_t rc = 0;
  v8::Isolate* isolate = e->isolate;
  {
    v8::Locker locker(isolate);
    v8::Isolate::Scope isolate_scope(isolate);
    e->isolate_data = node::CreateIsolateData(isolate, &e->loop, platform, e->allocator.get());
    v8::HandleScope handle_scope(isolate);
    v8::Local<v8::Context> context = node::NewContext(isolate);
    if (context.IsEmpty()) {
      WriteError(error, error_size, "Failed to create the V8 context");
      node::FreeIsolateData(e->isolate_data);
      return 1;
    }
    e->context.Reset(isolate, context);
    v8::Context::Scope context_scope(context);

    // Not owning process state keeps chdir/umask/title of the host untouched; no inspector;
    // raw fds opened by fs.open are closed with the environment.
    auto flags = static_cast<node::EnvironmentFlags::Flags>(
        node::EnvironmentFlags::kNoCreateInspector | node::EnvironmentFlags::kTrackUnmanagedFds |
        node::EnvironmentFlags::kNoGlobalSearchPaths);
    e->env = node::CreateEnvironment(e->isolate_data, context, {"node"}, {}, flags);
    if (e->env == nullptr) {
      WriteError(error, error_size, "Failed to create the Node environment");
      e->context.Reset();
      node::FreeIsolateData(e->isolate_data);
      return 1;
    }
    node::SetProcessExitHandler(e->env,
                                [e](node::Environment*, int code) { OnProcessExit(e, code); });
    node::AddLinkedBinding(e->env, e->binding_name.c_str(), InitBinding, NAPI_VERSION);
    e->callback_resource.Reset(isolate, v8::Object::New(isolate));

    uv_async_init(&e->loop, &e->async, OnAsync);
    e->async.data = e;
    uv_prepare_init(&e->loop, &e->prepare);
    e->prepare.data = e;
    uv_prepare_start(&e->prepare, OnPrepare);
    uv_unref(reinterpret_cast<uv_handle_t*>(&e->prepare));
    uv_check_init(&e->loop, &e->check);
    e->check.data = e;
    uv_check_start(&e->check, OnCheck);
    uv_unref(reinterpret_cast<uv_handle_t*>(&e->check));
    e->handles_open = true;
    {
      std::lock_guard<std::mutex> lock(e->wake_mutex);
      e->accepting = true;
    }

    t_current_env = e;
    if (!e->stop_requested.load()) {
      v8::MaybeLocal<v8::Value> loaded = node::LoadEnvironment(e->env, e->bootstrap.c_str());
      if (loaded.IsEmpty()) {
        WriteError(error, error_size, "The environment's bootstrap script failed");
        rc = 1;
      } else {
        // Returns once OnAsync called node::Stop after rx_env_request_stop.
        node::SpinEventLoop(e->env);
      }
    }

    // Teardown, in the order Node needs: no more wake-ups, stop, close our handles and let
    // their close callbacks run while still holding the locker, then free the environment.
    {
      std::lock_guard<std::mutex> lock(e->wake_mutex);
      e->dead = true;
    }
    {
      std::lock_guard<std::mutex> lock(e->slice_mutex);
      e->slices_closed = true;
      e->slice_started_ns = 0;
    }
    if (!e->stopping) {
      e->stopping = true;
      node::Stop(e->env);
    }
    CloseHandle(reinterpret_cast<uv_handle_t*>(&e->async));
    CloseHandle(reinterpret_cast<uv_handle_t*>(&e->prepare));
    CloseHandle(reinterpret_cast<uv_handle_t*>(&e->check));
    uv_run(&e->loop, UV_RUN_NOWAIT);
    node::FreeEnvironment(e->env);
    e->env = nullptr;
    node::FreeIsolateData(e->isolate_data);
    e->isolate_data = nullptr;
    e->callback_resource.Reset();
    e->context.Reset();
    t_current_env = nullptr;
  }
  return rc;
}

}  // namespace

extern "C" rx_env* rx_env_new(const rx_env_options* options) {
  if (options == nullptr || options->on_drain == nullptr) return nullptr;
  rx_env* e = new rx_env();
  e->options = *options;
  e->binding_name = options->binding_name != nullptr ? options->binding_name : "runner_host";
  e->bootstrap = options->bootstrap != nullptr ? options->bootstrap : "";
  e->options.binding_name = nullptr;
  e->options.bootstrap = nullptr;
  return e;
}

extern "C" int32_t rx_env_run(rx_env* e, char* error, int32_t error_size) {
  node::MultiIsolatePlatform* platform = rx::Platform();
  if (platform == nullptr) {
    WriteError(error, error_size, "rx_runtime_init has not succeeded");
    return 1;
  }
  int uv_rc = uv_loop_init(&e->loop);
  if (uv_rc != 0) {
    WriteError(error, error_size, std::string("uv_loop_init failed: ") + uv_err_name(uv_rc));
    return 1;
  }

  e->allocator = node::ArrayBufferAllocator::Create();
  v8::Isolate::CreateParams params;
  params.array_buffer_allocator_shared = e->allocator;
  if (e->options.heap_limit_bytes > 0)
    params.constraints.ConfigureDefaultsFromHeapSize(0, e->options.heap_limit_bytes);
  e->isolate = node::NewIsolate(&params, &e->loop, platform, false);
  if (e->isolate == nullptr) {
    WriteError(error, error_size, "Failed to create the V8 isolate");
    CloseLoop(&e->loop);
    return 1;
  }
  e->isolate->AddNearHeapLimitCallback(OnNearHeapLimit, e);
  e->isolate->AutomaticallyRestoreInitialHeapLimit(0.5);

  int32_t rc = RunEnvironment(e, platform, error, error_size);

  bool platform_finished = false;
  platform->AddIsolateFinishedCallback(
      e->isolate, [](void* data) { *static_cast<bool*>(data) = true; }, &platform_finished);
  platform->UnregisterIsolate(e->isolate);
  e->isolate->Dispose();
  while (!platform_finished) uv_run(&e->loop, UV_RUN_ONCE);
  e->isolate = nullptr;
  CloseLoop(&e->loop);
  return rc;
}

extern "C" int32_t rx_env_wake(rx_env* e) {
  std::lock_guard<std::mutex> lock(e->wake_mutex);
  if (e->dead || e->stop_requested.load()) return -1;
  if (!e->accepting) return -2;
  uv_async_send(&e->async);
  return 0;
}

extern "C" void rx_env_request_stop(rx_env* e) {
  std::lock_guard<std::mutex> lock(e->wake_mutex);
  e->stop_requested.store(true);
  if (e->accepting && !e->dead) uv_async_send(&e->async);
}

extern "C" void rx_env_free(rx_env* e) { delete e; }

extern "C" void rx_env_slice_begin(rx_env* e) { BeginSlice(e, false); }

extern "C" int32_t rx_env_slice_end(rx_env* e) { return EndSlice(e); }

extern "C" int32_t rx_env_current_slice(rx_env* e, uint64_t* slice, int64_t* started_ns) {
  std::lock_guard<std::mutex> lock(e->slice_mutex);
  *slice = e->slice_id;
  *started_ns = e->slice_started_ns;
  return e->slice_started_ns != 0 ? 1 : 0;
}

extern "C" int32_t rx_env_terminate(rx_env* e, uint64_t slice, int32_t reason) {
  std::lock_guard<std::mutex> lock(e->slice_mutex);
  if (e->slices_closed || e->slice_started_ns == 0 || e->slice_id != slice) return 0;
  RequestTermination(e, reason);
  return 1;
}

extern "C" int32_t rx_env_is_terminating(rx_env* e) {
  int32_t reason = e->requested_reason.load();
  if (reason != RX_TERMINATION_NONE) return reason;
  return e->isolate != nullptr && e->isolate->IsExecutionTerminating() ? RX_TERMINATION_REQUESTED
                                                                       : RX_TERMINATION_NONE;
}

extern "C" int32_t rx_env_last_exit_code(rx_env* e) { return e->last_exit_code.load(); }

extern "C" int64_t rx_monotonic_ns(void) { return NowNs(); }
