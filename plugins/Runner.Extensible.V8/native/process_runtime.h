#pragma once

namespace node {
class MultiIsolatePlatform;
}

namespace rx {
// The process-wide platform; null until rx_runtime_init succeeded.
node::MultiIsolatePlatform* Platform();
}  // namespace rx
