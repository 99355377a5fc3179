#ifndef ITER8_CLIBGIT2_SHIM_H
#define ITER8_CLIBGIT2_SHIM_H
#include <git2.h>

/* git_libgit2_opts is variadic and cannot be imported into Swift; these are typed wrappers. */
static inline int iter8_git_set_ssl_cert_locations(const char *file, const char *path) {
    return git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, path);
}
static inline int iter8_git_set_timeout_connect(int millis) {
/* An enum value, not a macro, so test the version: the option exists from libgit2 1.7. */
#if LIBGIT2_VER_MAJOR > 1 || (LIBGIT2_VER_MAJOR == 1 && LIBGIT2_VER_MINOR >= 7)
    return git_libgit2_opts(GIT_OPT_SET_SERVER_CONNECT_TIMEOUT, millis);
#else
    (void)millis; return -1;
#endif
}
static inline int iter8_git_disable_owner_validation(void) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
}
static inline int iter8_git_set_search_path(int level, const char *path) {
    return git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, path);
}
#endif
