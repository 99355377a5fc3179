#define _GNU_SOURCE
#include "CSpawn.h"

#include <errno.h>
#include <sys/wait.h>

int iter8_spawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions, int from) {
#if defined(__GLIBC__)
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
#else
    (void)actions;
    (void)from;
    return 0;
#endif
}

int iter8_spawn_file_actions_addchdir(posix_spawn_file_actions_t *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np(actions, path);
}

int iter8_siginfo_end(const siginfo_t *info, int *status) {
    if (info->si_pid == 0) return 0;
    *status = info->si_status;
    return info->si_code == CLD_EXITED ? 1 : 2;
}
