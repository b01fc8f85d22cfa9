#ifndef TRAININGD_CLIBPQ_SHIM_H
#define TRAININGD_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
