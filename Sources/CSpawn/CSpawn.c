#define _GNU_SOURCE
#include "CSpawn.h"

int iter8_spawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions, int from) {
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
}

int iter8_spawn_file_actions_addchdir(posix_spawn_file_actions_t *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np(actions, path);
}

pid_t iter8_siginfo_pid(const siginfo_t *info) {
    return info->si_pid;
}
