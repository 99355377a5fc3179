#ifndef ITER8_CSPAWN_H
#define ITER8_CSPAWN_H

#include <spawn.h>
#include <signal.h>
#include <sys/types.h>

/// posix_spawn_file_actions_addclosefrom_np (glibc 2.34): the child closes every descriptor from `from` up.
/// Declared by <spawn.h> only under _GNU_SOURCE, which Swift's Glibc module is not built with. Elsewhere 0 and
/// nothing done (Darwin's POSIX_SPAWN_CLOEXEC_DEFAULT does it there).
int iter8_spawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions, int from);

/// posix_spawn_file_actions_addchdir_np (glibc 2.29, Darwin 10.15): the child changes to `path` before exec.
int iter8_spawn_file_actions_addchdir(posix_spawn_file_actions_t *actions, const char *path);

/// What waitid left in `info` (a union Swift does not see): 0 when no child had ended (si_pid is 0 after WNOHANG),
/// 1 when it exited (`*status` its exit status), 2 when a signal ended it (`*status` the signal).
int iter8_siginfo_end(const siginfo_t *info, int *status);

#endif
