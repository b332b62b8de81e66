// Vectorscan (Hyperscan's portable fork) from Debian's libvectorscan-dev.
// pkg-config `libhs` adds -I/usr/include/hs, so the umbrella header is reachable as <hs.h>.
#ifndef ANSHIN_CVECTORSCAN_SHIM_H
#define ANSHIN_CVECTORSCAN_SHIM_H
#include <hs.h>
#endif
