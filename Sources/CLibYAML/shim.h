#ifndef ITER8_CLIBYAML_SHIM_H
#define ITER8_CLIBYAML_SHIM_H
#include <yaml.h>
#endif
