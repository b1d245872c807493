// SIGCHLD shared between the host and libuv, once per process.
//
// The host (.NET's System.Native) learns that the children it started exited through its SIGCHLD
// handler; libuv learns it for Node's children through its own. libuv installs its handler when
// its first SIGCHLD watcher starts (a child is spawned) without saving the host's, and sets SIGCHLD
// to SIG_DFL when its last watcher stops (the last child is gone). Either way the host stops
// hearing about its children: Process.WaitForExit hangs and exit codes are lost.
//
// libuv touches the disposition only when the number of SIGCHLD watchers in the process goes from
// 0 to 1 or from 1 to 0 (its watcher tree is process-wide, across loops). So one watcher is started
// here and never stopped, on a loop of its own: libuv installs its handler exactly once, now, and
// never resets it. That handler is then replaced by a chain that calls both libuv's handler and the
// one libuv displaced. Both reap only their own children (waitpid on each pid they started), so
// neither takes the other's exit status. The exception is .NET running as PID 1 (or started with
// SIGCHLD ignored): it then reaps every child with waitpid(-1), Node's included (see the README).
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <cstdio>
#include <mutex>
#include <string>

#include <uv.h>

#include "host_api.h"

namespace {

std::mutex g_mutex;
int32_t g_state = RX_CHILD_SIGNALS_NOT_SHARED;
std::string g_error;

// Written once before the chain is installed and never again: the signal handler reads them
// without synchronisation (sigaction is the publication point).
struct sigaction g_host_action;
void (*g_libuv_handler)(int) = nullptr;

uv_loop_t g_keeper_loop;
uv_signal_t g_keeper;

bool IsDefaultOrIgnore(const struct sigaction& action) {
  // sa_handler and sa_sigaction share storage on Linux; SIG_DFL and SIG_IGN read the same in both.
  return action.sa_handler == SIG_DFL || action.sa_handler == SIG_IGN;
}

// Async-signal-safe: two calls through function pointers, errno preserved.
void ChainHandler(int signum, siginfo_t* info, void* context) {
  int saved_errno = errno;
  g_libuv_handler(signum);
  if (!IsDefaultOrIgnore(g_host_action)) {
    if (g_host_action.sa_flags & SA_SIGINFO)
      g_host_action.sa_sigaction(signum, info, context);
    else
      g_host_action.sa_handler(signum);
  }
  errno = saved_errno;
}

bool IsInLibuv(const void* address) {
  Dl_info target{};
  Dl_info libuv{};
  if (dladdr(address, &target) == 0) return false;
  if (dladdr(reinterpret_cast<const void*>(&uv_signal_start), &libuv) == 0) return false;
  return target.dli_fbase == libuv.dli_fbase;
}

void* RunKeeper(void*) {
  uv_run(&g_keeper_loop, UV_RUN_DEFAULT);
  return nullptr;
}

// Starts the loop's thread with every signal blocked: it only has to drain libuv's pipe.
bool StartKeeperThread() {
  sigset_t all;
  sigset_t previous;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &previous);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t thread;
  int rc = pthread_create(&thread, &attr, RunKeeper, nullptr);
  pthread_attr_destroy(&attr);
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  if (rc == 0) pthread_setname_np(thread, "rx-sigchld");
  return rc == 0;
}

int32_t Fail(int32_t state, const std::string& message) {
  g_state = state;
  g_error = message;
  return state;
}

int32_t Share() {
  struct sigaction host {};
  if (sigaction(SIGCHLD, nullptr, &host) != 0)
    return Fail(RX_CHILD_SIGNALS_FAILED, std::string("sigaction: ") + strerror(errno));
  if (!IsDefaultOrIgnore(host) && IsInLibuv(reinterpret_cast<const void*>(host.sa_handler)))
    return Fail(RX_CHILD_SIGNALS_FAILED,
                "libuv already handles SIGCHLD (a child process was started before the engine was "
                "initialised); the handler it displaced is unknown");

  int rc = uv_loop_init(&g_keeper_loop);
  if (rc != 0) return Fail(RX_CHILD_SIGNALS_FAILED, std::string("uv_loop_init: ") + uv_strerror(rc));
  uv_signal_init(&g_keeper_loop, &g_keeper);
  rc = uv_signal_start(&g_keeper, [](uv_signal_t*, int) {}, SIGCHLD);
  if (rc != 0) return Fail(RX_CHILD_SIGNALS_FAILED, std::string("uv_signal_start: ") + uv_strerror(rc));

  // From here on a failure gives the host its handler back: the engine will not start, and the
  // host must not pay for it.
  struct sigaction libuv {};
  sigaction(SIGCHLD, nullptr, &libuv);
  if (IsDefaultOrIgnore(libuv) || (libuv.sa_flags & SA_SIGINFO) ||
      !IsInLibuv(reinterpret_cast<const void*>(libuv.sa_handler))) {
    sigaction(SIGCHLD, &host, nullptr);
    return Fail(RX_CHILD_SIGNALS_FAILED,
                "libuv did not install its SIGCHLD handler as expected (or another handler replaced "
                "it meanwhile)");
  }

  g_host_action = host;
  g_libuv_handler = libuv.sa_handler;
  struct sigaction chain {};
  // Like libuv's: every signal blocked while it runs (its handler takes a lock a nested signal
  // on the same thread could deadlock on). SA_SIGINFO because the host's handler may want it.
  sigfillset(&chain.sa_mask);
  chain.sa_flags = SA_SIGINFO | SA_RESTART;
  chain.sa_sigaction = ChainHandler;
  if (sigaction(SIGCHLD, &chain, nullptr) != 0) {
    std::string message = std::string("sigaction: ") + strerror(errno);
    sigaction(SIGCHLD, &host, nullptr);
    return Fail(RX_CHILD_SIGNALS_FAILED, message);
  }
  if (!StartKeeperThread()) {
    sigaction(SIGCHLD, &host, nullptr);
    return Fail(RX_CHILD_SIGNALS_FAILED, "could not start the SIGCHLD keeper thread");
  }

  // Between libuv's sigaction and the chain's the host's handler was not installed; a child of
  // the host that exited in that window is found when the host re-checks its children.
  kill(getpid(), SIGCHLD);
  g_state = RX_CHILD_SIGNALS_SHARED;
  return g_state;
}

}  // namespace

extern "C" int32_t rx_child_signals_share(char* error, int32_t error_size) {
  std::lock_guard<std::mutex> lock(g_mutex);
  if (g_state == RX_CHILD_SIGNALS_NOT_SHARED) Share();
  if (g_state != RX_CHILD_SIGNALS_SHARED && error != nullptr && error_size > 0)
    std::snprintf(error, static_cast<size_t>(error_size), "%s", g_error.c_str());
  return g_state;
}

extern "C" int32_t rx_child_signals_state(void) {
  std::lock_guard<std::mutex> lock(g_mutex);
  return g_state;
}

extern "C" int32_t rx_child_signals_chain_installed(void) {
  struct sigaction current {};
  if (sigaction(SIGCHLD, nullptr, &current) != 0) return 0;
  return (current.sa_flags & SA_SIGINFO) && current.sa_sigaction == ChainHandler ? 1 : 0;
}
