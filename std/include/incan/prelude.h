// The single header every generated program includes (and the one the driver
// precompiles): the std/core value library and the thin runtime header.
#pragma once

#include "incan/core.h"
#include "incan/rt.hpp"
