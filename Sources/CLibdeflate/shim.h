// libdeflate from Debian's libdeflate-dev: whole-buffer inflating, about twice as fast as zlib
// on the objects of a pack, whose inflated sizes the pack gives.
#ifndef ANSHIN_CLIBDEFLATE_SHIM_H
#define ANSHIN_CLIBDEFLATE_SHIM_H
#include <libdeflate.h>
#endif
