#ifndef ITER8_CCURL_SHIM_H
#define ITER8_CCURL_SHIM_H
#include <curl/curl.h>

/* curl_easy_setopt and curl_easy_getinfo are variadic; Swift needs typed wrappers. */
static inline CURLcode iter8_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode iter8_curl_setopt_str(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode iter8_curl_setopt_ptr(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode iter8_curl_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode iter8_curl_setopt_blob(CURL *h, CURLoption o, struct curl_blob *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode iter8_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
typedef size_t (*iter8_curl_data_cb)(char *, size_t, size_t, void *);
static inline CURLcode iter8_curl_setopt_writefn(CURL *h, iter8_curl_data_cb f) { return curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, f); }
static inline CURLcode iter8_curl_setopt_headerfn(CURL *h, iter8_curl_data_cb f) { return curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, f); }
static inline CURLcode iter8_curl_setopt_readfn(CURL *h, iter8_curl_data_cb f) { return curl_easy_setopt(h, CURLOPT_READFUNCTION, f); }
static inline CURLcode iter8_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode iter8_curl_getinfo_double(CURL *h, CURLINFO i, double *v) { return curl_easy_getinfo(h, i, v); }
/* Progress callback, used to abort a transfer when its Swift task is cancelled. */
typedef int (*iter8_curl_xferinfo_cb)(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t);
static inline CURLcode iter8_curl_setopt_xferinfofn(CURL *h, iter8_curl_xferinfo_cb f) { return curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, f); }
/* Error buffer of CURL_ERROR_SIZE bytes, filled with a detailed message when a call fails. */
static inline CURLcode iter8_curl_setopt_errorbuffer(CURL *h, char *buffer) { return curl_easy_setopt(h, CURLOPT_ERRORBUFFER, buffer); }
static inline long iter8_curl_error_size(void) { return CURL_ERROR_SIZE; }
/* curl_share_setopt is variadic too. */
typedef void (*iter8_curl_lock_cb)(CURL *, curl_lock_data, curl_lock_access, void *);
typedef void (*iter8_curl_unlock_cb)(CURL *, curl_lock_data, void *);
static inline CURLSHcode iter8_curl_share_setopt_data(CURLSH *s, CURLSHoption o, curl_lock_data v) { return curl_share_setopt(s, o, v); }
static inline CURLSHcode iter8_curl_share_setopt_ptr(CURLSH *s, CURLSHoption o, void *v) { return curl_share_setopt(s, o, v); }
static inline CURLSHcode iter8_curl_share_setopt_lockfn(CURLSH *s, iter8_curl_lock_cb f) { return curl_share_setopt(s, CURLSHOPT_LOCKFUNC, f); }
static inline CURLSHcode iter8_curl_share_setopt_unlockfn(CURLSH *s, iter8_curl_unlock_cb f) { return curl_share_setopt(s, CURLSHOPT_UNLOCKFUNC, f); }
static inline long iter8_curl_lock_data_last(void) { return CURL_LOCK_DATA_LAST; }
#endif
