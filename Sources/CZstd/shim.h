#include <zstd.h>

/// ZSTD_getFrameContentSize's "unknown" and "error" results, which are macros Swift cannot import.
static inline int tsearch_zstd_size_is_known(unsigned long long size) {
    return size != ZSTD_CONTENTSIZE_UNKNOWN && size != ZSTD_CONTENTSIZE_ERROR;
}
