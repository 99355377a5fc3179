#if canImport(Glibc)
    import Glibc
#endif

/// The service's hold on memory it no longer uses. A pass over a thousand experiments allocates and frees a lot
/// (listings, status documents, report text) on several threads; glibc keeps freed memory in per-thread arenas, so
/// without these the resident size follows the busiest moment of any pass, not what the service holds.
///
/// glibc's `mallopt` and `malloc_trim` (declared in `malloc.h`, which Swift's Glibc module does not import) are
/// looked up at run time; with another C library both are no-ops.
public enum HeapTrim {
    /// `M_ARENA_MAX` of glibc's `malloc.h`.
    static let arenaMaxOption: Int32 = -8

    /// Caps glibc's malloc arenas (one per thread by default, up to 8 per core); call once, early.
    public static func limitArenas(to count: Int32 = 2) {
        #if canImport(Glibc)
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
            let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
            _ = mallopt(arenaMaxOption, count)
        #endif
    }

    /// Returns the free memory of every arena to the system; called after each pass.
    public static func release() {
        #if canImport(Glibc)
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
            let trim = unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
            _ = trim(0)
        #endif
    }
}
