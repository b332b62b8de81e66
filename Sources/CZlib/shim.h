// zlib from Debian's zlib1g-dev: git compresses every object it stores with it.
#ifndef ANSHIN_CZLIB_SHIM_H
#define ANSHIN_CZLIB_SHIM_H
#include <zlib.h>
#endif
