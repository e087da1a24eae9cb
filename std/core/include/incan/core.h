// Umbrella header of std/core: everything generated code needs for values,
// formatting, arithmetic and panics. Dependency-free (standard library only).
#pragma once

#include "incan/core/arith.h"
#include "incan/core/assert.h"
#include "incan/core/box.h"
#include "incan/core/dict.h"
#include "incan/core/format.h"
#include "incan/core/hash.h"
#include "incan/core/io.h"
#include "incan/core/iter.h"
#include "incan/core/list.h"
#include "incan/core/option.h"
#include "incan/core/range.h"
#include "incan/core/panic.h"
#include "incan/core/result.h"
#include "incan/core/set.h"
#include "incan/core/str.h"
#include "incan/core/unit.h"
#include "incan/core/validation.h"
#include "incan/core/bench.h"
