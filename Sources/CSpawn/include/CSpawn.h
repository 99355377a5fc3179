#ifndef ITER8_CSPAWN_H
#define ITER8_CSPAWN_H

#include <spawn.h>
#include <signal.h>

/// posix_spawn_file_actions_addclosefrom_np (glibc 2.34): the child closes every descriptor from `from` up.
/// Declared by <spawn.h> only under _GNU_SOURCE, which Swift's Glibc module is not built with.
int iter8_spawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions, int from);

/// posix_spawn_file_actions_addchdir_np (glibc 2.29): the child changes to `path` before exec.
int iter8_spawn_file_actions_addchdir(posix_spawn_file_actions_t *actions, const char *path);

/// The `si_pid` of a siginfo_t that waitid filled in (a union member Swift does not see).
pid_t iter8_siginfo_pid(const siginfo_t *info);

#endif
