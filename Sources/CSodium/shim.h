#ifndef PATVAULT_CSODIUM_SHIM_H
#define PATVAULT_CSODIUM_SHIM_H
#include <sodium.h>
#endif
